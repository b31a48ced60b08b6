/* hsx_mbx_state.h: the state of the mailbox runtime, defined in hsx_mbx_state.c,
 * and its limits.
 *
 * The service is single-instance: every record is one static object, sized by
 * hsx_mbx_config.h. The concept files (hsx_mbx_ring.c, hsx_mbx_desc.c, ...) work
 * on these objects; none of them keeps state of its own, so this header and
 * hsx_mbx_state.c list all of it (the loader fuzzer compares it byte for byte).
 */
#ifndef HSX_MBX_STATE_H
#define HSX_MBX_STATE_H

#include "hsx_mbx_internal.h"

/* ---------------------------------------------------------------- limits */

#if HSX_MBX_CFG_RUNTIME_LIMITS
/* The host library: limits and features are the profile given to init. */
extern hsx_mbx_limits_t hsx_mbx__lim;
#define L_MAXD   hsx_mbx__lim.max_descriptors
#define L_MAXT   hsx_mbx__lim.max_tasks
#define L_HLIM   hsx_mbx__lim.handle_limit_per_pid
#define L_DEFCAP hsx_mbx__lim.default_capacity
#define L_ARENA  hsx_mbx__lim.arena_bytes
#define L_RATE   hsx_mbx__lim.tap_rate_limit
#define L_RING   hsx_mbx__lim.event_ring_size
#define L_NAMES  hsx_mbx__lim.name_pool_bytes
#define L_TAPS   hsx_mbx__lim.max_taps
#define L_TASKMBX hsx_mbx__lim.task_mailboxes
#define L_FIRSTSEQ hsx_mbx__lim.first_seq
#define L_EVMASK hsx_mbx__lim.event_mask
#define L_FEAT(bit) ((hsx_mbx__lim.features & (bit)) != 0u)
#else
/* Narrow types on targets: 16-bit int arithmetic on AVR instead of 32-bit. */
#define L_MAXD   ((unsigned)HSX_MBX_CFG_MAX_DESCRIPTORS)
#define L_MAXT   ((unsigned)HSX_MBX_CFG_MAX_TASKS)
#define L_HLIM   ((unsigned)HSX_MBX_CFG_HANDLE_LIMIT)
#define L_DEFCAP ((uint16_t)HSX_MBX_CFG_DEFAULT_CAPACITY)
#define L_ARENA  ((hsx_mbx_aoff_t)HSX_MBX_CFG_ARENA_BYTES)
#define L_RATE   ((uint16_t)HSX_MBX_CFG_TAP_RATE_LIMIT)
#define L_RING   ((unsigned)HSX_MBX_CFG_EVENT_RING_SIZE)
#define L_NAMES  ((hsx_mbx_noff_t)HSX_MBX_CFG_NAME_POOL_BYTES)
#define L_TAPS   ((unsigned)HSX_MBX_CFG_MAX_TAPS)
#define L_TASKMBX (HSX_MBX_CFG_TASK_MAILBOXES)
#define L_FIRSTSEQ ((uint32_t)HSX_MBX_CFG_FIRST_SEQ)
#define L_EVMASK ((uint16_t)HSX_MBX_CFG_EVENT_MASK)
#define L_FEAT(bit) 1
#endif

/* Features: a literal on targets, so `if (HAS_x)` removes dead code; on the host
 * a run-time profile flag. */
#define HAS_FANOUT   (HSX_MBX_CFG_FANOUT && L_FEAT(HSX_MBX_FEAT_FANOUT))
#define HAS_TAPS     (HSX_MBX_CFG_TAPS && L_FEAT(HSX_MBX_FEAT_TAPS))
#define HAS_EVENTS   (HSX_MBX_CFG_EVENTS && L_FEAT(HSX_MBX_FEAT_EVENTS))
#define HAS_TIMEOUTS (HSX_MBX_CFG_TIMEOUTS && L_FEAT(HSX_MBX_FEAT_TIMEOUTS))
#define HAS_STDIO    (HSX_MBX_CFG_STDIO && L_FEAT(HSX_MBX_FEAT_STDIO))
#define HAS_INTROSPECTION (HSX_MBX_CFG_INTROSPECTION && L_FEAT(HSX_MBX_FEAT_INTROSPECTION))
#define HAS_SVC      (HSX_MBX_CFG_SVC && L_FEAT(HSX_MBX_FEAT_SVC))
#define HAS_LOADER_JSON (HSX_MBX_CFG_LOADER_JSON && L_FEAT(HSX_MBX_FEAT_LOADER_JSON))

/* ---------------------------------------------------------------- storage */

extern hsx_mbx_desc_t hsx_mbx__desc[HSX_MBX_CFG_MAX_DESCRIPTORS];
extern hsx_mbx_task_t hsx_mbx__task[HSX_MBX_NTASK_SLOTS];
extern hsx_mbx_handle_t hsx_mbx__handle[HSX_MBX_NTASK_SLOTS][HSX_MBX_CFG_HANDLE_LIMIT];
/* The message arena and the name pool: one byte when the profile has none. */
extern uint8_t hsx_mbx__arena[HSX_MBX_ARENA_SIZE];
extern char hsx_mbx__names[HSX_MBX_NAMES_SIZE];
#if HSX_MBX_CFG_TAPS
extern hsx_mbx_tap_t hsx_mbx__tap[HSX_MBX_NTAP_SLOTS];
extern hsx_mbx_stamp_t hsx_mbx__open_stamp; /* handles' open order: taps get copies in it */
#endif
#if HSX_MBX_CFG_EVENTS
extern hsx_mbx_evring_t hsx_mbx__ev;
#endif
#if HSX_MBX_CFG_FANOUT
extern hsx_mbx_fan_t hsx_mbx__fan[HSX_MBX_CFG_MAX_DESCRIPTORS];
#endif

extern hsx_mbx_aoff_t hsx_mbx__arena_used;
extern hsx_mbx_noff_t hsx_mbx__names_used;
extern uint32_t hsx_mbx__now;
extern hsx_mbx_worder_t hsx_mbx__wait_counter; /* begin order of the next wait */
extern hsx_mbx_did_t hsx_mbx__active;
extern hsx_mbx_did_t hsx_mbx__peak_desc;
extern uint32_t hsx_mbx__pool_exhausted;
extern uint16_t hsx_mbx__ntasks; /* live tasks, pid 0 not counted */

/* Scratch, static to stay off the deepest stack paths (the service is not
 * re-entrant): the header of settle() and send (send does not use it after
 * settle()), and the resolved target of bind/open/preload. */
extern msg_hdr_t hsx_mbx__hdr;
extern hsx_mbx_key_t hsx_mbx__key;

/* Sets every record to its start state (init), with the limits of the run. */
void hsx_mbx__state_reset(const hsx_mbx_limits_t *limits);

#endif /* HSX_MBX_STATE_H */

/* hsx_mbx_state.c: every record of the mailbox runtime (hsx_mbx_state.h).
 *
 * Memory: everything is static and sized by hsx_mbx_config.h. Message rings and
 * tap buffers are regions of one arena kept packed from offset 0 (hsx_mbx_arena.c);
 * names live in a name pool compacted the same way (hsx_mbx_desc.c). The fan-out
 * counts need no start value: a descriptor's are marked unknown when it is created.
 */
#include "hsx_mbx_state.h"

/* Each object in a section of its own (.bss.<name>), also where the compiler puts
 * uninitialised globals in COMMON by default (GCC before 10: avr-gcc 5.4): so that
 * --gc-sections and the size reports (which subtract the arena's section) see it. */
#if defined(__GNUC__) && !defined(__clang__)
#define STATE __attribute__((nocommon))
#else
#define STATE
#endif

#if HSX_MBX_CFG_RUNTIME_LIMITS
STATE hsx_mbx_limits_t hsx_mbx__lim;
#endif

STATE hsx_mbx_desc_t hsx_mbx__desc[HSX_MBX_CFG_MAX_DESCRIPTORS];
STATE hsx_mbx_task_t hsx_mbx__task[HSX_MBX_NTASK_SLOTS];
STATE hsx_mbx_handle_t hsx_mbx__handle[HSX_MBX_NTASK_SLOTS][HSX_MBX_CFG_HANDLE_LIMIT];
STATE uint8_t hsx_mbx__arena[HSX_MBX_ARENA_SIZE];
STATE char hsx_mbx__names[HSX_MBX_NAMES_SIZE];
#if HSX_MBX_CFG_TAPS
STATE hsx_mbx_tap_t hsx_mbx__tap[HSX_MBX_NTAP_SLOTS];
STATE hsx_mbx_stamp_t hsx_mbx__open_stamp;
STATE msg_hdr_t hsx_mbx__tap_hdr;
#endif
#if HSX_MBX_CFG_EVENTS
STATE hsx_mbx_evring_t hsx_mbx__ev;
#endif
#if HSX_MBX_CFG_FANOUT
STATE hsx_mbx_fan_t hsx_mbx__fan[HSX_MBX_CFG_MAX_DESCRIPTORS];
#endif

STATE hsx_mbx_aoff_t hsx_mbx__arena_used;
STATE hsx_mbx_noff_t hsx_mbx__names_used;
STATE uint32_t hsx_mbx__now;
STATE hsx_mbx_worder_t hsx_mbx__wait_counter;
STATE hsx_mbx_did_t hsx_mbx__active;
STATE hsx_mbx_did_t hsx_mbx__peak_desc;
STATE uint32_t hsx_mbx__pool_exhausted;
STATE uint16_t hsx_mbx__ntasks;

#if HSX_MBX_HAS_HOOKS
STATE uint8_t hsx_mbx__in_hook;
#endif

STATE msg_hdr_t hsx_mbx__hdr;
STATE hsx_mbx_key_t hsx_mbx__key;

void hsx_mbx__state_reset(const hsx_mbx_limits_t *limits)
{
#if HSX_MBX_CFG_RUNTIME_LIMITS
    hsx_mbx__lim = *limits;
#else
    (void)limits;
#endif
    memset(hsx_mbx__desc, 0, sizeof(hsx_mbx__desc));
    memset(hsx_mbx__task, 0, sizeof(hsx_mbx__task));
    memset(hsx_mbx__handle, 0, sizeof(hsx_mbx__handle));
#if HSX_MBX_CFG_TAPS
    memset(hsx_mbx__tap, 0, sizeof(hsx_mbx__tap));
    hsx_mbx__open_stamp = 0;
#endif
#if HSX_MBX_CFG_EVENTS
    hsx_mbx__ev.head = 0;
    hsx_mbx__ev.count = 0;
    hsx_mbx__ev.seq = 0;
    hsx_mbx__ev.mask = L_EVMASK;
#endif
    hsx_mbx__arena_used = 0;
    hsx_mbx__names_used = 0;
    hsx_mbx__now = 0;
    hsx_mbx__wait_counter = 0;
    hsx_mbx__active = 0;
    hsx_mbx__peak_desc = 0;
    hsx_mbx__pool_exhausted = 0;
    hsx_mbx__ntasks = 0;
    hsx_mbx__task[0].state = HSX_MBX_TS_READY; /* pid 0 always exists */
}

/* hsx_mbx.h: the HSX mailbox service (module 0x05), C runtime API.
 *
 * One global service instance in static storage. Every call is synchronous and
 * returns a status (HSX_MBX_STATUS_* from the generated hsx_mbx_constants.h) or
 * HSX_MBX_BLOCKED when the calling task entered WAIT_MBX: its result arrives later
 * as a completion (HSX_MBX_ON_COMPLETE hook, see hsx_mbx_config_template.h).
 * Behaviour is defined by the Java reference model (org.hsxmbx.model.MailboxService);
 * see docs/c-runtime.md.
 */
#ifndef HSX_MBX_H
#define HSX_MBX_H

#include <stddef.h>
#include <stdint.h>

#include "hsx_mbx_config.h"
#include "hsx_mbx_constants.h"

#ifdef __cplusplus
extern "C" {
#endif

#if !defined(HSX_MBX_CONFIG_VERSION) || HSX_MBX_CONFIG_VERSION != 1
#error "hsx_mbx_config.h: HSX_MBX_CONFIG_VERSION must be 1 (see hsx_mbx_config_template.h)"
#endif

/* Features added after the first configurations (hsx_mbx_config_template.h): a
 * config that does not say keeps them, as profiles without the key do. The SVC
 * dispatcher is off unless HSX_MBX_CFG_SVC says 1. */
#ifndef HSX_MBX_CFG_INTROSPECTION
#define HSX_MBX_CFG_INTROSPECTION 1
#endif
#ifndef HSX_MBX_CFG_LOADER_JSON
#define HSX_MBX_CFG_LOADER_JSON HSX_MBX_CFG_LOADER
#endif
#ifndef HSX_MBX_CFG_SVC
#define HSX_MBX_CFG_SVC 0
#endif
#if HSX_MBX_CFG_LOADER_JSON && !HSX_MBX_CFG_LOADER
#error "HSX_MBX_CFG_LOADER_JSON 1 needs HSX_MBX_CFG_LOADER 1 (the JSON encoding is a form of the .mailbox loader)"
#endif

typedef uint8_t hsx_mbx_status_t;

/* HSX_MBX_BLOCKED (not an ABI status: the call put the task in WAIT_MBX, result via
 * completion) and the HSX_MBX_FEAT_* bits of hsx_mbx_limits_t.features come from the
 * generated hsx_mbx_constants.h (org.hsxmbx.model.Mbx and Features). */

/* Task states (contract section 5). */
#define HSX_MBX_TASK_READY    0u
#define HSX_MBX_TASK_WAIT_MBX 1u

/* Completion kinds (org.hsxmbx.model.Completion.Kind). */
#define HSX_MBX_KIND_SEND 0u
#define HSX_MBX_KIND_RECV 1u

/* The profile (org.hsxmbx.model.Profile) as run-time values. */
typedef struct hsx_mbx_limits {
    uint32_t max_descriptors;
    uint32_t max_tasks;
    uint32_t handle_limit_per_pid;
    uint32_t default_capacity;
    uint32_t arena_bytes;
    uint32_t tap_rate_limit;
    uint32_t event_ring_size;
    uint32_t name_pool_bytes;
    uint32_t max_taps;
    uint8_t task_mailboxes;
    uint16_t features; /* HSX_MBX_FEAT_* */
    uint32_t first_seq;  /* next_seq of every new descriptor (profile first_seq; 0 normally) */
    uint16_t event_mask; /* event types emitted at start: HSX_MBX_EVMASK_* (ALL normally; 0 = none) */
} hsx_mbx_limits_t;

/* Message fields returned by recv (and carried by completions). */
typedef struct hsx_mbx_msg_info {
    uint16_t length;  /* bytes copied (max_len when truncated) */
    uint16_t flags;   /* message flags | OVERRUN | TRUNCATED */
    uint16_t channel;
    uint16_t src_pid;
} hsx_mbx_msg_info_t;

/* A blocked call that finished during another call (org.hsxmbx.model.Completion). */
typedef struct hsx_mbx_completion {
    uint16_t pid;
    uint16_t handle;
    uint8_t kind;    /* HSX_MBX_KIND_* */
    uint8_t status;  /* OK, TIMEOUT or INVALID_HANDLE */
    hsx_mbx_msg_info_t msg; /* send: bytes sent + the message's fields; zeros unless OK */
    uint8_t *buf;    /* recv: the caller's buffer, already filled; send: NULL */
} hsx_mbx_completion_t;

typedef struct hsx_mbx_peek {
    uint16_t depth;
    uint16_t bytes_used;
    uint16_t next_len;
    uint16_t capacity;
    uint32_t head_seq;
    uint32_t next_seq;
    uint8_t mode;
} hsx_mbx_peek_t;

/* One event (contract section 7, org.hsxmbx.model.EventSchema). The fields of a
 * type are mapped onto generic slots; see docs/c-runtime.md "Event entries":
 *   type        pid  desc  code     a          b              c         d            w
 *   SEND/RECV   pid  desc  -        handle     length         flags     channel      src_pid
 *   WAIT        pid  desc  -        handle     timeout        -         -            deadline
 *   WAKE/TIMEOUT pid desc  status   handle     length         flags     channel      src_pid
 *   OVERRUN     pid  desc  reason   queue_depth dropped_length dropped_flags channel dropped_seq
 *   EXHAUSTED   pid  desc  reason   -          -              -         -            requested
 *   BACKPRESSURE pid desc  policy   capacity   bytes_used     -         -            requested
 *   ERROR       pid  -     fn       status     -              -         -            -        */
typedef struct hsx_mbx_event {
    uint32_t seq;     /* filled when read; the ring stores no seq */
    uint32_t time_ms;
    uint32_t w;
    uint16_t pid;
    uint16_t desc;
    uint16_t a, b, c, d;
    uint8_t type;     /* HSX_MBX_EV_* */
    uint8_t code;     /* status / reason / policy / fn, per type */
} hsx_mbx_event_t;

typedef struct hsx_mbx_stats {
    uint32_t max_descriptors;
    uint32_t active_descriptors;
    uint32_t free_descriptors;
    uint32_t arena_bytes;
    uint32_t arena_used;
    uint32_t bytes_used;
    uint32_t queue_depth;
    uint32_t handles_total;
    uint32_t tap_count;
    uint32_t tap_queue_depth;
    uint32_t waiter_count;
    uint32_t fanout_descriptors;
    uint32_t descriptor_pool_exhausted;
    uint32_t peak_descriptors;
    uint32_t events_dropped;
    uint32_t name_pool_used;
} hsx_mbx_stats_t;

/* handles_per_pid and the task list: iterate with hsx_mbx_task_info. */
typedef struct hsx_mbx_task_info {
    uint16_t pid;
    uint8_t state;    /* HSX_MBX_TASK_* */
    uint16_t handles; /* handles held (stale ones included) */
    uint32_t mailbox_step;
    uint32_t mailbox_wake;
    uint32_t mailbox_timeout;
} hsx_mbx_task_info_t;

typedef struct hsx_mbx_desc_snapshot {
    uint16_t id;
    uint8_t ns;
    uint8_t mode;
    int32_t owner;       /* -1: ownerless */
    uint16_t capacity;
    uint16_t bytes_used;
    uint16_t peak_bytes_used;
    uint16_t depth;
    uint32_t head_seq;
    uint32_t next_seq;
    uint16_t waiters;
    uint16_t taps;
    uint8_t name_len;
    char name[HSX_MBX_MAX_NAME_BYTES + 1]; /* NUL-terminated; "pid:N" for PID */
} hsx_mbx_desc_snapshot_t;

typedef struct hsx_mbx_tap_snapshot {
    uint16_t pid;
    uint16_t handle;
    uint16_t backlog; /* messages */
    uint16_t bytes;   /* message cost held */
} hsx_mbx_tap_snapshot_t;

/* Lifecycle. limits NULL = the compile-time profile (targets). */
hsx_mbx_status_t hsx_mbx_init(const hsx_mbx_limits_t *limits);
hsx_mbx_status_t hsx_mbx_task_start(uint16_t pid);
hsx_mbx_status_t hsx_mbx_task_exit(uint16_t pid);
hsx_mbx_status_t hsx_mbx_tick(uint32_t now_ms);

/* Operations. target: bytes (need not be NUL-terminated), target_len 1..32. */
hsx_mbx_status_t hsx_mbx_bind(uint16_t pid, const char *target, size_t target_len, uint32_t capacity,
                              uint32_t mode, uint16_t *descriptor);
hsx_mbx_status_t hsx_mbx_open(uint16_t pid, const char *target, size_t target_len, uint32_t flags,
                              uint16_t *handle);
/* payload must stay valid until the completion when HSX_MBX_BLOCKED is returned. */
hsx_mbx_status_t hsx_mbx_send(uint16_t pid, uint16_t handle, const uint8_t *payload, uint32_t len,
                              uint32_t flags, uint32_t channel, uint32_t timeout, uint16_t *sent);
/* buf (max_len bytes) must stay valid until the completion when HSX_MBX_BLOCKED. */
hsx_mbx_status_t hsx_mbx_recv(uint16_t pid, uint16_t handle, uint8_t *buf, uint32_t max_len,
                              uint32_t timeout, hsx_mbx_msg_info_t *info);

/* Send and receive have one entry point each, hsx_mbx__send_fast and
 * hsx_mbx__recv_fast (every case, the same behaviour): it finds the caller's
 * task and handle once, finishes the usual call (a single-reader mailbox
 * without waiters or taps, valid arguments, a message before the end of the
 * ring) inline and goes on into the general path otherwise, with the same task
 * and handle (docs/c-runtime.md, "The send and receive fast path"). The names
 * hsx_mbx_send/hsx_mbx_recv are inline wrappers that call it; the functions of
 * those names take the 32-bit arguments, for callers that take the symbol or
 * write `(hsx_mbx_send)(...)` (the SVC dispatcher).
 *
 * On 8-bit targets (HSX_MBX_NARROW_CALLS, default: where pointers have 16 bits) the
 * entry points take 16-bit length, flags, channel and timeout: 32-bit ones cost the
 * call site and the callee twice the registers (send's do not all fit in argument
 * registers on AVR). The wrapper calls them when the values fit (constants: decided
 * at compile time) and the 32-bit function otherwise, which rejects what exceeds 16
 * bits as before. */
#ifndef HSX_MBX_NARROW_CALLS
#if UINTPTR_MAX <= 0xFFFFu
#define HSX_MBX_NARROW_CALLS 1
#else
#define HSX_MBX_NARROW_CALLS 0
#endif
#endif
#if HSX_MBX_NARROW_CALLS
typedef uint16_t hsx_mbx_fast_arg_t;
#define HSX_MBX__FITS(v) ((v) <= 0xFFFFu)
/* The last argument of the 16-bit entry points: 0 from the wrappers; 1 from the
 * 32-bit functions for a value beyond 16 bits (rejected as the model does). */
#define HSX_MBX__WIDE_P , uint8_t wide
#define HSX_MBX__WIDE_A(w) , (uint8_t)(w)
#else
typedef uint32_t hsx_mbx_fast_arg_t;
#define HSX_MBX__FITS(v) 1
#define HSX_MBX__WIDE_P
#define HSX_MBX__WIDE_A(w)
#endif

hsx_mbx_status_t hsx_mbx__send_fast(uint16_t pid, uint16_t handle, const uint8_t *payload, hsx_mbx_fast_arg_t len,
                                    hsx_mbx_fast_arg_t flags, hsx_mbx_fast_arg_t channel, hsx_mbx_fast_arg_t timeout,
                                    uint16_t *sent HSX_MBX__WIDE_P);
hsx_mbx_status_t hsx_mbx__recv_fast(uint16_t pid, uint16_t handle, uint8_t *buf, hsx_mbx_fast_arg_t max_len,
                                    hsx_mbx_fast_arg_t timeout, hsx_mbx_msg_info_t *info HSX_MBX__WIDE_P);

#if defined(__GNUC__)
#define HSX_MBX_WRAPPER static inline __attribute__((always_inline)) /* -Os would call it */
#else
#define HSX_MBX_WRAPPER static inline
#endif

HSX_MBX_WRAPPER hsx_mbx_status_t hsx_mbx__send(uint16_t pid, uint16_t handle, const uint8_t *payload, uint32_t len,
                                               uint32_t flags, uint32_t channel, uint32_t timeout, uint16_t *sent)
{
    if (HSX_MBX__FITS(len | flags | channel | timeout)) {
        return hsx_mbx__send_fast(pid, handle, payload, (hsx_mbx_fast_arg_t)len, (hsx_mbx_fast_arg_t)flags,
                                  (hsx_mbx_fast_arg_t)channel, (hsx_mbx_fast_arg_t)timeout, sent HSX_MBX__WIDE_A(0));
    }
    return (hsx_mbx_send)(pid, handle, payload, len, flags, channel, timeout, sent);
}

HSX_MBX_WRAPPER hsx_mbx_status_t hsx_mbx__recv(uint16_t pid, uint16_t handle, uint8_t *buf, uint32_t max_len,
                                               uint32_t timeout, hsx_mbx_msg_info_t *info)
{
    if (HSX_MBX__FITS(max_len | timeout)) {
        return hsx_mbx__recv_fast(pid, handle, buf, (hsx_mbx_fast_arg_t)max_len, (hsx_mbx_fast_arg_t)timeout,
                                  info HSX_MBX__WIDE_A(0));
    }
    return (hsx_mbx_recv)(pid, handle, buf, max_len, timeout, info);
}

#define hsx_mbx_send(pid, handle, payload, len, flags, channel, timeout, sent) \
    hsx_mbx__send(pid, handle, payload, len, flags, channel, timeout, sent)
#define hsx_mbx_recv(pid, handle, buf, max_len, timeout, info) hsx_mbx__recv(pid, handle, buf, max_len, timeout, info)

hsx_mbx_status_t hsx_mbx_peek(uint16_t pid, uint16_t handle, hsx_mbx_peek_t *out);
hsx_mbx_status_t hsx_mbx_tap(uint16_t pid, uint16_t handle, uint8_t enable);
hsx_mbx_status_t hsx_mbx_close(uint16_t pid, uint16_t handle);

/* Introspection (the introspection feature). Without it (HSX_MBX_CFG_INTROSPECTION 0,
 * or its bit clear in the run-time limits) each call is rejected as the model's
 * INVALID_ARGUMENT: out is not written, the int calls return 0, no event. */
void hsx_mbx_stats(hsx_mbx_stats_t *out);
/* Live tasks in slot order (pid 0 first); index 0..; returns 0 past the end. */
int hsx_mbx_task_info(uint16_t index, hsx_mbx_task_info_t *out);
/* Descriptor snapshot by id (1..max); returns 0 if the id is not in use. */
int hsx_mbx_desc_snapshot(uint16_t id, hsx_mbx_desc_snapshot_t *out);
/* The index-th tap (handle order: pid slot, then handle slot) on descriptor id. */
int hsx_mbx_tap_snapshot(uint16_t id, uint16_t index, hsx_mbx_tap_snapshot_t *out);

/* Events: reads the oldest kept event with seq >= *seq (serial order) into out and
 * sets *seq to its seq + 1. Returns 1, or 0 when there is none. Events older than
 * the ring were dropped (hsx_mbx_stats events_dropped). */
int hsx_mbx_event_next(uint32_t *seq, hsx_mbx_event_t *out);
/* seq of the next event to be emitted. */
uint32_t hsx_mbx_event_seq(void);
/* Selects the event types emitted from now on (contract section 4): mask of
 * HSX_MBX_EVMASK_* bits (bit code - 1 per type). pid 0 only, else
 * PERMISSION_DENIED; other bits, or the events feature off: INVALID_ARGUMENT.
 * Masked types cost nothing: not recorded, not counted as dropped, no hook. */
hsx_mbx_status_t hsx_mbx_event_mask(uint16_t pid, uint32_t mask);

/* SVC dispatch for module 0x05 (hsx_mbx_svc.c); see docs/c-runtime.md. Without the
 * svc feature (HSX_MBX_CFG_SVC 0, or its bit clear in the run-time limits) every
 * call is rejected as an unknown function is: R0 = INVALID_ARGUMENT, no event. */
hsx_mbx_status_t hsx_mbx_svc(uint16_t pid, uint8_t fn, uint32_t regs[6], uint8_t *mem, uint32_t mem_size);
/* Finishes a blocked SVC RECV when its completion arrives: regs are the task's
 * saved registers of the blocked call (R5 = info_ptr), mem its memory image.
 * Without the svc feature no SVC blocks, and it does nothing. */
void hsx_mbx_svc_complete(const hsx_mbx_completion_t *c, uint32_t regs[6], uint8_t *mem, uint32_t mem_size);

#if HSX_MBX_CFG_LOADER
/* Field codes of a rejected .mailbox entry (the model's DeclarationException field). */
#define HSX_MBX_LOADER_F_NONE           0u
#define HSX_MBX_LOADER_F_TARGET         1u
#define HSX_MBX_LOADER_F_CAPACITY       2u
#define HSX_MBX_LOADER_F_MODE           3u
#define HSX_MBX_LOADER_F_OWNER_PID      4u
#define HSX_MBX_LOADER_F_BINDING_PID    5u
#define HSX_MBX_LOADER_F_BINDING_FLAGS  6u
#define HSX_MBX_LOADER_F_PID            7u  /* the image's pid does not exist */
#define HSX_MBX_LOADER_F_SYNTAX         8u  /* not valid JSON ("json") */
#define HSX_MBX_LOADER_F_MODE_MASK      9u
#define HSX_MBX_LOADER_F_NAME_OFFSET    10u /* binary: outside the string table, unterminated */
#define HSX_MBX_LOADER_F_ENTRY_COUNT    11u /* metadata entry_count: too big, or not the JSON count */
#define HSX_MBX_LOADER_F_UNKNOWN        12u /* an unknown field (top level, entry or binding) */
#define HSX_MBX_LOADER_F_ENTRY          13u /* an entry that is not an object */
#define HSX_MBX_LOADER_F_BINDINGS       14u /* "bindings" is not an array */
#define HSX_MBX_LOADER_F_BINDING        15u /* "bindings[j]" is not an object */
#define HSX_MBX_LOADER_F_VERSION        16u /* top-level "version" missing or not 1 */
#define HSX_MBX_LOADER_F_MAILBOXES      17u /* top-level "mailboxes" missing or not an array */
/* .mailbox section loader (hsx_mbx_loader.c): pre-creates an image's mailboxes for
 * task pid (hxe-mailbox-section.md). entry_count is the metadata table's count (the
 * binary record count; JSON must declare that many entries). Everything is validated
 * first, with the Java model's rules and order: on error the status is
 * INVALID_ARGUMENT (or NO_DESCRIPTOR for resources), *bad_entry / *bad_field name
 * what is wrong (bad_entry 0xFFFF: the section as a whole; 0xFFFE: entry 0xFFFE or
 * later), and the service is exactly as it was. Linear in the section size. The
 * section is validated outside the critical section and only the service checks and
 * the creation run inside it: the caller keeps the section unchanged until the call
 * returns and makes one load at a time (static scratch). */
hsx_mbx_status_t hsx_mbx_load_section(uint16_t pid, const uint8_t *section, uint32_t size, uint32_t entry_count,
                                      uint16_t *bad_entry, uint8_t *bad_field);
#endif

#ifdef __cplusplus
}
#endif

#endif /* HSX_MBX_H */

/* hsx_mbx_internal.h: the storage types of the mailbox runtime, shared by all its
 * files (docs/c-runtime.md, "Source files"). Not part of the API. The storage
 * itself is in hsx_mbx_state.c (declared in hsx_mbx_state.h).
 *
 * Index and offset types are chosen from the compile-time maxima so that the AVR
 * embedded profile gets 1-byte descriptor ids and 2-byte arena offsets while the
 * host library (large maxima) gets wider ones, from the same source. */
#ifndef HSX_MBX_INTERNAL_H
#define HSX_MBX_INTERNAL_H

#include <stddef.h>
#include <string.h>

#include "hsx_mbx.h"

#if HSX_MBX_CFG_MAX_DESCRIPTORS < 1 || HSX_MBX_CFG_MAX_DESCRIPTORS > 65280
#error "HSX_MBX_CFG_MAX_DESCRIPTORS must be 1..65280"
#endif
#if HSX_MBX_CFG_HANDLE_LIMIT < 1 || HSX_MBX_CFG_HANDLE_LIMIT > 65535
#error "HSX_MBX_CFG_HANDLE_LIMIT must be 1..65535"
#endif
#if HSX_MBX_CFG_EVENT_RING_SIZE < 1 || HSX_MBX_CFG_EVENT_RING_SIZE > 65535
#error "HSX_MBX_CFG_EVENT_RING_SIZE must be 1..65535"
#endif
#if HSX_MBX_CFG_ARENA_BYTES > 16777216UL
#error "HSX_MBX_CFG_ARENA_BYTES must be 0..16777216"
#endif

/* Optional profile fields (hsx_mbx_config_template.h): the next_seq of a new
 * descriptor, and the event types emitted at start. */
#ifndef HSX_MBX_CFG_FIRST_SEQ
#define HSX_MBX_CFG_FIRST_SEQ 0UL
#endif
#ifndef HSX_MBX_CFG_EVENT_MASK
#define HSX_MBX_CFG_EVENT_MASK HSX_MBX_EVMASK_ALL
#endif
#if (HSX_MBX_CFG_EVENT_MASK) & ~HSX_MBX_EVMASK_ALL
#error "HSX_MBX_CFG_EVENT_MASK has bits that are no event type (HSX_MBX_EVMASK_*)"
#endif

/* The instance's index, offset and counter types (hsx_mbx_did_t, hsx_mbx_aoff_t,
 * ...), its storage counts and the open-order stamp: chosen from the maxima by
 * the code generator (org.hsxmbx.codegen.InstanceTypes), which also predicts the
 * records' sizes from them, and written next to hsx_mbx_config.h. */
#include "hsx_mbx_instance.h"

/* Declared mailboxes, pre-initialised (hsx_mbx_declared.h beside the instance header,
 * written by the generator with the firmware's --mailboxes): how many descriptors,
 * tasks and handles init creates from its tables. None unless the instance says so. */
#ifndef HSX_MBX_DECLARED_DESCS
#define HSX_MBX_DECLARED_DESCS 0
#endif
#if HSX_MBX_DECLARED_DESCS && HSX_MBX_CFG_RUNTIME_LIMITS
#error "declared mailboxes are computed for the compiled profile: they need constant limits (no HSX_MBX_CFG_RUNTIME_LIMITS)"
#endif

/* Constant tables and strings of the runtime. AVR is a Harvard machine: the
 * start-up code copies .rodata from flash into SRAM, so every constant would
 * cost its size twice; there the tables stay in program memory (avr-libc
 * PROGMEM) and are read with the _P functions. Elsewhere they are ordinary
 * const data and the macros are the plain C library calls. */
#if defined(__AVR__)
#include <avr/pgmspace.h>
#define HSX_ROM PROGMEM
#define HSX_ROM_BYTE(p) pgm_read_byte(p)
#define HSX_ROM_MEMCPY(dst, rom, n) memcpy_P((dst), (rom), (n))
#define HSX_ROM_MEMCMP(ram, rom, n) memcmp_P((ram), (rom), (n))
#else
#define HSX_ROM
#define HSX_ROM_BYTE(p) (*(const uint8_t *)(p))
#define HSX_ROM_MEMCPY(dst, rom, n) memcpy((dst), (rom), (n))
#define HSX_ROM_MEMCMP(ram, rom, n) memcmp((ram), (rom), (n))
#endif

/* Critical sections of the port (hsx_mbx_config_template.h). There is no silent
 * default: a config defines both macros (interrupt handlers or other threads call
 * the service), or says HSX_MBX_SINGLE_CONTEXT 1 (only one context ever calls it,
 * so the sections are empty). A config that forgets both must not build, since
 * empty sections on a port with interrupts corrupt the service without a trace. */
#if defined(HSX_MBX_ENTER_CRITICAL) != defined(HSX_MBX_EXIT_CRITICAL)
#error "hsx_mbx_config.h defines only one of HSX_MBX_ENTER_CRITICAL() and HSX_MBX_EXIT_CRITICAL(): define both"
#elif defined(HSX_MBX_ENTER_CRITICAL)
#if defined(HSX_MBX_SINGLE_CONTEXT) && HSX_MBX_SINGLE_CONTEXT
#error "hsx_mbx_config.h defines HSX_MBX_SINGLE_CONTEXT 1 and critical-section macros: choose one"
#endif
#elif defined(HSX_MBX_SINGLE_CONTEXT) && HSX_MBX_SINGLE_CONTEXT
#define HSX_MBX_ENTER_CRITICAL() do { } while (0)
#define HSX_MBX_EXIT_CRITICAL() do { } while (0)
#else
#error "hsx_mbx_config.h: define HSX_MBX_ENTER_CRITICAL()/HSX_MBX_EXIT_CRITICAL() (interrupts or threads call the service), or HSX_MBX_SINGLE_CONTEXT 1 (one context only)"
#endif

/* Re-entry from a port hook. HSX_MBX_ON_COMPLETE and HSX_MBX_ON_EVENT run in the
 * middle of a call, with the service's static scratch records (msg_hdr_t g_hdr,
 * the resolved key, the SVC and loader records) in use and its state half
 * updated: a call back into the service from there would corrupt them. The hook
 * call sites set hsx_mbx__in_hook; every call that changes state (or uses scratch)
 * tests it right after HSX_MBX_ENTER_CRITICAL() and, when set, returns
 * HSX_MBX_STATUS_INTERNAL_ERROR at once: no event, no output written, nothing
 * changed. The flag is written and read inside the critical section only, so a
 * thread or handler waiting to enter never sees another context's flag. Without
 * hooks nothing can re-enter and the test compiles away. The introspection calls
 * (stats, task_info, snapshots, event_next, event_seq) only read and stay allowed
 * from a hook; they see the state as it is at that point of the call. */
#if defined(HSX_MBX_ON_COMPLETE) || defined(HSX_MBX_ON_EVENT)
#define HSX_MBX_HAS_HOOKS 1
extern uint8_t hsx_mbx__in_hook;
#define HSX_MBX_IN_HOOK() (hsx_mbx__in_hook != 0u)
#else
#define HSX_MBX_HAS_HOOKS 0
#define HSX_MBX_IN_HOOK() 0
#endif
/* The first statement after HSX_MBX_ENTER_CRITICAL() of a guarded public call. */
#define HSX_MBX_REFUSE_IN_HOOK()                   \
    do {                                           \
        if (HSX_MBX_IN_HOOK()) {                   \
            HSX_MBX_EXIT_CRITICAL();               \
            return HSX_MBX_STATUS_INTERNAL_ERROR;  \
        }                                          \
    } while (0)

/* A port hook runs with hsx_mbx__in_hook set: a call it makes back into the
 * service is refused. No hook, no flag. */
#if HSX_MBX_HAS_HOOKS
#define HSX_MBX_HOOK(call)      \
    do {                        \
        hsx_mbx__in_hook = 1u;  \
        call;                   \
        hsx_mbx__in_hook = 0u;  \
    } while (0)
#else
#define HSX_MBX_HOOK(call) call
#endif
#ifndef HSX_MBX_ON_COMPLETE
#define HSX_MBX_ON_COMPLETE(c) ((void)(c))
#endif

/* Out of line, where inlining would add a callee's locals to a frame on the
 * deepest stack path. */
#if defined(__GNUC__)
#define HSX_NOINLINE __attribute__((noinline))
#else
#define HSX_NOINLINE
#endif

/* The instance header and the config come from one profile: generate both again
 * when one changed. */
#if HSX_MBX_NTASK_SLOTS != HSX_MBX_CFG_MAX_TASKS + 1 || \
    HSX_MBX_NTAP_SLOTS != (HSX_MBX_CFG_MAX_TAPS > 0 ? HSX_MBX_CFG_MAX_TAPS : 1) || \
    HSX_MBX_ARENA_SIZE != (HSX_MBX_CFG_ARENA_BYTES > 0 ? HSX_MBX_CFG_ARENA_BYTES : 1) || \
    HSX_MBX_NAMES_SIZE != (HSX_MBX_CFG_NAME_POOL_BYTES > 0 ? HSX_MBX_CFG_NAME_POOL_BYTES : 1)
#error "hsx_mbx_instance.h was generated for another profile than hsx_mbx_config.h: generate both again"
#endif

/* A circular byte buffer inside the arena: `used` bytes of 8-byte headers and
 * payloads starting at `head`, wrapping at `cap`. Used by descriptors and taps. */
typedef struct {
    hsx_mbx_aoff_t base;
    uint16_t cap;
    uint16_t head;
    uint16_t used;
    uint16_t depth;
} hsx_mbx_ring_t;

/* desc.info bits */
#define HSX_MBX_DI_NS_MASK  0x03u
#define HSX_MBX_DI_USED     0x04u
#define HSX_MBX_DI_OWNED    0x08u
#define HSX_MBX_DI_MARK     0x10u /* task_exit: an ownerless descriptor lost a handle */
#define HSX_MBX_DI_WAIT     0x20u /* a task may wait on it: set when one blocks, cleared by
                                   * settle() once a scan finds none (clear = nobody waits) */
#define HSX_MBX_DI_TAPS     0x40u /* it may have taps: set by tap_enable, cleared when a
                                   * send finds none (clear = no taps) */
#define HSX_MBX_DI_ROMNAME  0x80u /* declared at build time: name_off indexes the declared
                                   * names in flash (hsx_mbx_declared.h), not the name pool */

typedef struct {
    hsx_mbx_ring_t r;
    uint16_t peak;
    uint16_t owner;
    uint32_t next_seq;
    hsx_mbx_noff_t name_off;
    uint8_t name_len;
    uint8_t mode;
    uint8_t info;
} hsx_mbx_desc_t;

/* handle.flags bits */
#define HSX_MBX_HF_ACCESS   0x03u /* RDONLY / WRONLY / RDWR */
#define HSX_MBX_HF_USED     0x04u
#define HSX_MBX_HF_SENDER   0x08u
#define HSX_MBX_HF_TAP      0x10u
#define HSX_MBX_HF_OVERRUN  0x20u
#define HSX_MBX_HF_STALE    0x40u

/* Open-order stamp of a handle (hsx_mbx_instance.h): taps receive copies in handle
 * open order, as the model iterates a descriptor's handles. The compact 8-bit form
 * is renumbered 0..n-1 over the open handles before the counter passes
 * HSX_MBX_STAMP_MAX (stamps_compact), so stamps never wrap and the order is exact.
 * Tests force it with -DHSX_MBX_STAMP_COMPACT=1 and a low HSX_MBX_STAMP_MAX. */
#if HSX_MBX_STAMP_COMPACT
#ifndef HSX_MBX_STAMP_MAX
#define HSX_MBX_STAMP_MAX 0xFFu
#endif
#if HSX_MBX_STAMP_MAX < HSX_MBX_NTASK_SLOTS * HSX_MBX_CFG_HANDLE_LIMIT || HSX_MBX_STAMP_MAX > 0xFF
#error "HSX_MBX_STAMP_MAX must be the number of handle slots .. 255"
#endif
#endif

typedef struct {
#if HSX_MBX_CFG_FANOUT
    uint16_t cursor; /* fan-out: low 16 bits of the seq of the last message read */
#endif
    uint16_t id;
#if HSX_MBX_CFG_TAPS
    hsx_mbx_stamp_t stamp;
#endif
    hsx_mbx_did_t desc;
    uint8_t flags;
} hsx_mbx_handle_t;

/* tap.flags bits */
#define HSX_MBX_TF_USED     0x01u
#define HSX_MBX_TF_OVERRUN  0x02u
#define HSX_MBX_TF_WINDOW   0x04u

typedef struct {
    uint32_t win_start; /* first: no padding after the ring on 32-bit targets */
    hsx_mbx_ring_t r;
    hsx_mbx_wcount_t win_count;
    hsx_mbx_tslot_t task;
    hsx_mbx_hslot_t hslot;
    uint8_t flags;
} hsx_mbx_tap_t;

/* task.state */
#define HSX_MBX_TS_FREE      0u
#define HSX_MBX_TS_READY     1u
#define HSX_MBX_TS_WAIT_SEND 2u
#define HSX_MBX_TS_WAIT_RECV 3u

/* Wait-begin order of a waiting task (FIFO): a counter (hsx_mbx_worder_t of
 * hsx_mbx_instance.h, up to HSX_MBX_WORDER_TOP) that the runtime renumbers 0..n-1
 * over the waiting tasks before it would pass its maximum (worder_compact), so it
 * never wraps and only needs to tell the waiters apart. */
/* The counter value that triggers the renumbering; tests lower it (-D) to
 * renumber often. It must leave room for the waiters (at most slots - 1). */
#ifndef HSX_MBX_WORDER_MAX
#define HSX_MBX_WORDER_MAX HSX_MBX_WORDER_TOP
#endif
#if HSX_MBX_WORDER_MAX < HSX_MBX_NTASK_SLOTS || HSX_MBX_WORDER_MAX > HSX_MBX_WORDER_TOP
#error "HSX_MBX_WORDER_MAX must be max_tasks + 1 .. the counter type's maximum"
#endif

typedef struct {
    void *wbuf;          /* blocked send: payload; blocked recv: buffer */
    uint32_t wdeadline;
    uint32_t step, wake, timeouts;
    uint16_t pid;
    uint16_t next_handle;
    uint16_t whandle;
    uint16_t wlen;       /* send length / recv max_len (clamped to 65535) */
    uint16_t wflags;
    uint16_t wchan;
    hsx_mbx_worder_t worder; /* wait-begin order: FIFO */
    hsx_mbx_did_t wdesc;
    uint8_t state;
    uint8_t wdl;         /* wait has a deadline */
} hsx_mbx_task_t;

/* Not inlined nor cloned with other arguments (IPA-SRA would pass the ring's
 * fields one by one: more than 4 arguments, some on the stack on ARM). */
#if defined(__GNUC__)
#define HSX_NOCLONE __attribute__((noinline, noclone))
#else
#define HSX_NOCLONE
#endif

/* Inlined into its callers where a call level would deepen the worst stack path. */
#if defined(__GNUC__)
#define HSX_INLINE static inline __attribute__((always_inline))
#else
#define HSX_INLINE static inline
#endif

#define HSX_MBX_FANOUT_BITS (HSX_MBX_MODE_FANOUT | HSX_MBX_MODE_FANOUT_DROP | HSX_MBX_MODE_FANOUT_BLOCK)
#define HSX_MBX_NO_DEADLINE 0xFFFFFFFFUL
#define HDR HSX_MBX_MSG_HEADER_BYTES

/* Sequence numbers and times are 32-bit serial numbers (contract sections 4 and
 * 5): the clock wraps every 49.7 days and nothing may notice. */
static inline int hsx_mbx__seq_before(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }

/* Whether time `when` has come at `now`. */
static inline int hsx_mbx__time_reached(uint32_t now, uint32_t when) { return (int32_t)(now - when) >= 0; }

/* A message header as stored in a ring (native byte order); the same layout as
 * hsx_mbx_msg_info_t, so recv and completions copy it in one piece. */
typedef struct {
    uint16_t len, flags, chan, src;
} msg_hdr_t;
typedef char hsx_mbx_hdr_layout_check[(sizeof(msg_hdr_t) == sizeof(hsx_mbx_msg_info_t) &&
                                       offsetof(hsx_mbx_msg_info_t, channel) == offsetof(msg_hdr_t, chan) &&
                                       offsetof(hsx_mbx_msg_info_t, src_pid) == offsetof(msg_hdr_t, src))
                                          ? 1
                                          : -1];

/* A resolved target (hsx_mbx_target.c): namespace, owner and name. */
typedef struct {
    const char *name;
    uint16_t owner;
    uint8_t name_len;
    uint8_t ns;
    uint8_t owned;
    uint8_t at;     /* explicit @N or pid:N */
} hsx_mbx_key_t;

/* Event ring entry: the public event without seq (seq = first_seq + position),
 * with type and code in one byte: type (1..9) in the high nibble, code in the
 * low one (reasons <= 9, policies <= 2, fn codes <= 10, statuses <= 9 or 0xFF,
 * kept as 0xF). 20 B on AVR and Cortex-M (was 21 / 24). */
typedef struct {
    uint32_t time_ms;
    uint32_t w;
    uint16_t pid;
    uint16_t a, b, c, d;
    hsx_mbx_did_t desc;
    uint8_t tc;
} hsx_mbx_evrec_t;

/* The event ring and its state in one record (one base address for the emitter
 * on Cortex-M). The ring only ever loses its oldest entry to a new one, so
 * events_dropped = seq - count (mod 2^32, like the counter it replaces), and
 * head stays 0 until the ring is full. */
typedef struct {
    hsx_mbx_evrec_t rec[HSX_MBX_CFG_EVENT_RING_SIZE];
    uint32_t seq;          /* seq of the next event */
    hsx_mbx_evidx_t head;  /* oldest kept */
    hsx_mbx_evidx_t count; /* kept: grows to the ring size, then stays */
    uint16_t mask;         /* types emitted: bit type - 1 (hsx_mbx_event_mask) */
} hsx_mbx_evring_t;

/* Fan-out reader counts per descriptor (hsx_mbx_fanout.c, reclaim): `behind`
 * readers have not read the head message (all readers when the ring is empty),
 * `readers` is how many readers there are. HSX_MBX_FAN_UNKNOWN in `readers`:
 * both must be counted again (hsx_mbx_fcnt_t of hsx_mbx_instance.h holds one
 * more than the handle slots, so the all-ones value is never a count). */
#define HSX_MBX_FAN_UNKNOWN ((hsx_mbx_fcnt_t)-1)
typedef struct {
    hsx_mbx_fcnt_t behind;
    hsx_mbx_fcnt_t readers;
} hsx_mbx_fan_t;

#endif /* HSX_MBX_INTERNAL_H */

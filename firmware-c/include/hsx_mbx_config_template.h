/* hsx_mbx_config_template.h: the configuration interface of the HSX mailbox runtime.
 *
 * The runtime includes "hsx_mbx_config.h" and "hsx_mbx_instance.h" (found through
 * the include path). The code generator writes both from a profile: for a board
 * (./hsxmbx generate), and for the repository's host, test and cross builds
 * (./hsxmbx configs, firmware-c/config and firmware-c/test). This template lists
 * every macro of the first: the ones marked REQUIRED must be defined, the others
 * have defaults (given here). A hand-written copy needs the instance header of the
 * same profile next to it; generate one rather than writing the numbers twice.
 *
 * All storage is defined by the runtime (hsx_mbx.c) from these macros: the config
 * file defines no variables. hsx_mbx_instance.h holds the index/offset types the
 * generator chose from the maxima (uint8_t descriptor ids when
 * HSX_MBX_CFG_MAX_DESCRIPTORS <= 255, uint16_t arena offsets when
 * HSX_MBX_CFG_ARENA_BYTES <= 65535, ...), so smaller profiles get smaller records.
 *
 * Two ways of configuring, chosen by HSX_MBX_CFG_RUNTIME_LIMITS:
 *   0 (targets): the values below ARE the profile. hsx_mbx_init(NULL) uses them and
 *     every limit is a compile-time constant that the compiler folds; a feature set
 *     to 0 removes its code (plain C `if (0)`) and its storage (#if).
 *   1 (host library): the values below are MAXIMA that size the storage; the profile
 *     actually used is the hsx_mbx_limits_t given to hsx_mbx_init(), checked against
 *     these maxima (a larger value makes init fail with INVALID_ARGUMENT). A feature
 *     compiled in can be switched off per profile at run time.
 */
#ifndef HSX_MBX_CONFIG_H
#define HSX_MBX_CONFIG_H

/* REQUIRED. Version of this interface; the runtime checks it with #error. */
#define HSX_MBX_CONFIG_VERSION 1

/* REQUIRED: sizes, from the profile (contract section 8, org.hsxmbx.model.Profile). */
#define HSX_MBX_CFG_MAX_DESCRIPTORS   16    /* descriptor ids 1..N; 1..65280               */
#define HSX_MBX_CFG_MAX_TASKS         4     /* live tasks, pid 0 not counted               */
#define HSX_MBX_CFG_HANDLE_LIMIT      8     /* handle_limit_per_pid (pid 0 included)       */
#define HSX_MBX_CFG_DEFAULT_CAPACITY  64    /* capacity of a bind with capacity 0          */
#define HSX_MBX_CFG_ARENA_BYTES       4096  /* all rings and tap buffers                   */
#define HSX_MBX_CFG_NAME_POOL_BYTES   128   /* descriptor names, no NUL, PID ones none     */
#define HSX_MBX_CFG_MAX_TAPS          4     /* tap handles at once                         */
#define HSX_MBX_CFG_EVENT_RING_SIZE   16    /* events kept before the oldest is dropped    */
#define HSX_MBX_CFG_TAP_RATE_LIMIT    20    /* copies per tap per 1000 ms, 0 = unlimited   */
#define HSX_MBX_CFG_TASK_MAILBOXES    1     /* task_start binds stdio + pid: mailboxes     */

/* Optional profile fields (defaults given). */
#define HSX_MBX_CFG_FIRST_SEQ         0     /* next_seq of a new descriptor (tests: near 2^32) */
#define HSX_MBX_CFG_EVENT_MASK        HSX_MBX_EVMASK_ALL /* event types emitted at start    */

/* REQUIRED: features (org.hsxmbx.model.Features), 0 or 1. */
#define HSX_MBX_CFG_FANOUT            1     /* fan-out descriptors (FANOUT* mode bits)     */
#define HSX_MBX_CFG_TAPS              1     /* tap handles                                 */
#define HSX_MBX_CFG_EVENTS            1     /* the event ring (hsx_mbx_event_next)         */
#define HSX_MBX_CFG_TIMEOUTS          1     /* timeouts other than POLL (blocking calls)   */
#define HSX_MBX_CFG_STDIO             1     /* task_start's stdio/pid: mailboxes           */
#define HSX_MBX_CFG_LOADER            1     /* hsx_mbx_loader.c (.mailbox section)         */

/* Optional features (default: introspection 1, loader_json = LOADER, svc 0). Each
 * one off removes its code; its public calls stay and reject (docs/c-runtime.md,
 * "Feature switches"). */
#define HSX_MBX_CFG_LOADER_JSON       1     /* the JSON encoding of .mailbox; needs LOADER */
#define HSX_MBX_CFG_INTROSPECTION     1     /* stats, task info, snapshots                 */
#define HSX_MBX_CFG_SVC               1     /* the SVC dispatcher hsx_mbx_svc.c (module 0x05) */


/* Optional: 1 = the values above are maxima and hsx_mbx_init takes the profile at
 * run time (host library, JNA harness). Default 0. */
#define HSX_MBX_CFG_RUNTIME_LIMITS    0

/* REQUIRED, one of the two: critical sections, or HSX_MBX_SINGLE_CONTEXT 1.
 *
 * (a) Interrupt handlers or other threads call the service (or run while it is
 * called and call it themselves): define both macros. They wrap every public
 * call. A Cortex-M port might use
 *   #define HSX_MBX_ENTER_CRITICAL() uint32_t hsx_pm__ = __get_PRIMASK(); __disable_irq()
 *   #define HSX_MBX_EXIT_CRITICAL()  do { __asm__ volatile("" ::: "memory"); __set_PRIMASK(hsx_pm__); } while (0)
 * and an AVR port
 *   #define HSX_MBX_ENTER_CRITICAL() uint8_t hsx_sreg__ = SREG; cli()
 *   #define HSX_MBX_EXIT_CRITICAL()  do { __asm__ volatile("" ::: "memory"); SREG = hsx_sreg__; } while (0)
 * ENTER is used once at the top of a function body (it may declare a variable);
 * EXIT is used before every return of that function. The pair must nest: the SVC
 * dispatcher holds one critical section around a public call that takes its own,
 * so EXIT must restore the state ENTER found (as both examples do), not simply
 * enable interrupts. Both must be compiler memory barriers (cli() and the CMSIS
 * __disable_irq() are; a plain `SREG = x` store is not: the compiler may move the
 * section's stores past it, after interrupts are enabled again).
 *
 * (b) Only one context ever calls the service (a cooperative executive that never
 * calls it from an interrupt handler; the host library):
 *   #define HSX_MBX_SINGLE_CONTEXT 1
 * and no critical-section macros: they are then empty.
 *
 * A config with neither (or both) does not compile (#error in hsx_mbx_internal.h):
 * empty sections are a choice, never a default. */
/* #define HSX_MBX_SINGLE_CONTEXT        1 */

/* Optional port hooks. Each is a statement-like macro called inside the critical
 * section; keep them short (queue a wake-up). A hook must not call back into the
 * service: such a call (init, task_start/exit, tick, bind, open, send, recv, peek,
 * tap, close, svc, load_section) is refused with HSX_MBX_STATUS_INTERNAL_ERROR and
 * does nothing (no event, outputs untouched). The introspection calls (stats,
 * task_info, desc/tap_snapshot, event_next, event_seq) and hsx_mbx_svc_complete
 * are allowed; they see the state at the hook's point in the call.
 *
 * HSX_MBX_ON_COMPLETE(c): a blocked call finished during another call (woken,
 *   timed out or cancelled); c is `const hsx_mbx_completion_t *`. For a receive the
 *   message is already copied into the buffer the blocked recv passed. The
 *   executive uses it to make the task READY and to write its result registers.
 *   Default: nothing (the executive then polls hsx_mbx_task_info()).
 *
 * HSX_MBX_ON_EVENT(e): every event as it is emitted (e is `const hsx_mbx_event_t *`,
 *   seq already set), in addition to the ring. Default: nothing. */
/* #define HSX_MBX_ON_COMPLETE(c)  my_exec_on_complete(c) */
/* #define HSX_MBX_ON_EVENT(e)     my_trace_event(e) */

#endif /* HSX_MBX_CONFIG_H */

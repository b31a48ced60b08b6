/* hsx_mbx_config_template.h: the configuration interface of the HSX mailbox runtime.
 *
 * The runtime includes "hsx_mbx_config.h" (found through the include path). For a
 * board the code generator writes that file from a board + profile; the host build
 * uses firmware-c/config/host/hsx_mbx_config.h (hand-written). This template lists
 * every macro: the ones marked REQUIRED must be defined, the others have defaults
 * (given here). Copy it, rename it to hsx_mbx_config.h and fill in the numbers.
 *
 * All storage is defined by the runtime (hsx_mbx.c) from these macros: the config
 * file defines no variables. The runtime derives its index/offset types from the
 * maxima (uint8_t descriptor ids when HSX_MBX_CFG_MAX_DESCRIPTORS <= 255, uint16_t
 * arena offsets when HSX_MBX_CFG_ARENA_BYTES <= 65535, ...), so smaller profiles
 * get smaller records automatically.
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
#define HSX_MBX_CFG_FIRST_SEQ         0     /* next_seq of a new descriptor                */
#define HSX_MBX_CFG_EVENT_MASK        511   /* event types emitted at start (all)          */

/* REQUIRED: features (org.hsxmbx.model.Features), 0 or 1. */
#define HSX_MBX_CFG_FANOUT            0     /* fan-out descriptors (FANOUT* mode bits)     */
#define HSX_MBX_CFG_TAPS              0     /* tap handles                                 */
#define HSX_MBX_CFG_EVENTS            0     /* the event ring (hsx_mbx_event_next)         */
#define HSX_MBX_CFG_TIMEOUTS          1     /* timeouts other than POLL (blocking calls)   */
#define HSX_MBX_CFG_STDIO             1     /* task_start's stdio/pid: mailboxes           */
#define HSX_MBX_CFG_LOADER            0     /* hsx_mbx_loader.c (.mailbox section)         */
#define HSX_MBX_CFG_LOADER_JSON       0     /* the JSON encoding of .mailbox; needs LOADER */
#define HSX_MBX_CFG_INTROSPECTION     0     /* stats, task info, snapshots                 */

/* Optional: the SVC dispatcher hsx_mbx_svc.c (module 0x05 register convention). */
#define HSX_MBX_CFG_SVC               0


/* Optional: 1 = the values above are maxima and hsx_mbx_init takes the profile at
 * run time (host library, JNA harness). Default 0. */
#define HSX_MBX_CFG_RUNTIME_LIMITS    0

/* Critical sections: none, one context calls the service (the cross checks compile
 * the runtime; the size tools measure it without a port's sections). Generated
 * board configs define HSX_MBX_ENTER_CRITICAL/EXIT_CRITICAL instead. */
#define HSX_MBX_SINGLE_CONTEXT        1

/* Optional port hooks. Each is a statement-like macro called inside the critical
 * section; keep them short (queue a wake-up). A call back into the service from a
 * hook is refused (HSX_MBX_STATUS_INTERNAL_ERROR, nothing done).
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

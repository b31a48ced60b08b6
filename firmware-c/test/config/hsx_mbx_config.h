/* Config of the unit tests: the host maxima, completions captured by tkit.c. */
#ifndef HSX_MBX_CONFIG_H
#define HSX_MBX_CONFIG_H
#define HSX_MBX_CONFIG_VERSION 1
#define HSX_MBX_CFG_MAX_DESCRIPTORS   300
#define HSX_MBX_CFG_MAX_TASKS         70
#define HSX_MBX_CFG_HANDLE_LIMIT      70
#define HSX_MBX_CFG_DEFAULT_CAPACITY  64
#define HSX_MBX_CFG_ARENA_BYTES       (300UL * 1024UL)
#define HSX_MBX_CFG_NAME_POOL_BYTES   9000
#define HSX_MBX_CFG_MAX_TAPS          70
#define HSX_MBX_CFG_EVENT_RING_SIZE   2048
#define HSX_MBX_CFG_TAP_RATE_LIMIT    0
#define HSX_MBX_CFG_TASK_MAILBOXES    1
#define HSX_MBX_CFG_FANOUT            1
#define HSX_MBX_CFG_TAPS              1
#define HSX_MBX_CFG_EVENTS            1
#define HSX_MBX_CFG_TIMEOUTS          1
#define HSX_MBX_CFG_STDIO             1
#define HSX_MBX_CFG_LOADER            1
#define HSX_MBX_CFG_SVC               1
#define HSX_MBX_CFG_RUNTIME_LIMITS    1
#define HSX_MBX_SINGLE_CONTEXT        1
/* Both hooks go to tkit.c, which can also run a test's re-entry function
 * (tk_reenter, test_reentry.c) from inside them. */
struct hsx_mbx_completion;
struct hsx_mbx_event;
void tkit_on_complete(const struct hsx_mbx_completion *c);
void tkit_on_event(const struct hsx_mbx_event *e);
#define HSX_MBX_ON_COMPLETE(c) tkit_on_complete(c)
#define HSX_MBX_ON_EVENT(e) tkit_on_event(e)
#endif

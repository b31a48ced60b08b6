/* hsx_mbx_config.h for the host library (hand-written). The values are MAXIMA
 * (HSX_MBX_CFG_RUNTIME_LIMITS 1): the profile comes from hsx_mbx_init(), so one
 * shared library runs every vector's profile, built-in or custom. */
#ifndef HSX_MBX_CONFIG_H
#define HSX_MBX_CONFIG_H

#define HSX_MBX_CONFIG_VERSION 1

#define HSX_MBX_CFG_MAX_DESCRIPTORS   1024
#define HSX_MBX_CFG_MAX_TASKS         256
#define HSX_MBX_CFG_HANDLE_LIMIT      256
#define HSX_MBX_CFG_DEFAULT_CAPACITY  64
#define HSX_MBX_CFG_ARENA_BYTES       (1024UL * 1024UL)
#define HSX_MBX_CFG_NAME_POOL_BYTES   65536
#define HSX_MBX_CFG_MAX_TAPS          1024
#define HSX_MBX_CFG_EVENT_RING_SIZE   65535
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

/* One context: the JNA harness calls the library from one thread at a time
 * (CBackend is not thread-safe), so the critical sections are empty. */
#define HSX_MBX_SINGLE_CONTEXT        1

/* The host library (hsx_mbx_host.c) collects completions and events per call. */
struct hsx_mbx_completion;
void hsx_host_on_complete(const struct hsx_mbx_completion *c);
#define HSX_MBX_ON_COMPLETE(c) hsx_host_on_complete(c)

#endif /* HSX_MBX_CONFIG_H */

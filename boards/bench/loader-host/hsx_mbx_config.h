/* hsx_mbx_config.h of the host loader benchmark (boards/bench/bench_loader.c,
 * scripts/bench-loader.sh): fixed limits (as on a target), all features, and enough
 * descriptors, arena and name pool that a 4096-entry section loads in full
 * ("app:mNNNN": 5 name bytes, default capacity 64 per mailbox). */
#ifndef HSX_MBX_CONFIG_H
#define HSX_MBX_CONFIG_H
#define HSX_MBX_CONFIG_VERSION 1
#define HSX_MBX_CFG_MAX_DESCRIPTORS   4160
#define HSX_MBX_CFG_MAX_TASKS         4
#define HSX_MBX_CFG_HANDLE_LIMIT      8
#define HSX_MBX_CFG_DEFAULT_CAPACITY  64
#define HSX_MBX_CFG_ARENA_BYTES       (4160UL * 64UL)
#define HSX_MBX_CFG_NAME_POOL_BYTES   (4160UL * 8UL)
#define HSX_MBX_CFG_MAX_TAPS          4
#define HSX_MBX_CFG_EVENT_RING_SIZE   16
#define HSX_MBX_CFG_TAP_RATE_LIMIT    0
#define HSX_MBX_CFG_TASK_MAILBOXES    1
#define HSX_MBX_CFG_FANOUT            1
#define HSX_MBX_CFG_TAPS              1
#define HSX_MBX_CFG_EVENTS            1
#define HSX_MBX_CFG_TIMEOUTS          1
#define HSX_MBX_CFG_STDIO             1
#define HSX_MBX_CFG_LOADER            1
#define HSX_MBX_CFG_SVC               0
#define HSX_MBX_CFG_RUNTIME_LIMITS    0
#endif /* HSX_MBX_CONFIG_H */

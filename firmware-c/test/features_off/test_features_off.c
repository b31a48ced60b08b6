/* Features compiled out (hsx_mbx_config.h here: introspection, svc and
 * loader_json 0, constant limits): their public calls still link and reject as
 * the Java model does when the profile leaves the feature out (INVALID_ARGUMENT,
 * outputs untouched, no event), init accepts only the profile without them, and
 * the rest of the service works. test/test_features.c: the same at run time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hsx_mbx.h"

#define INV HSX_MBX_STATUS_INVALID_ARGUMENT

static void start(void **state)
{
    (void)state;
    assert_int_equal(hsx_mbx_init(NULL), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_task_start(1), HSX_MBX_STATUS_OK);
}

static void introspection_compiled_out(void **state)
{
    uint8_t a5[128];
    hsx_mbx_stats_t s;
    hsx_mbx_task_info_t ti;
    hsx_mbx_desc_snapshot_t ds;
    hsx_mbx_tap_snapshot_t ts;
    uint32_t mark;
    start(state);
    mark = hsx_mbx_event_seq();
    memset(a5, 0xA5, sizeof(a5));
    memcpy(&s, a5, sizeof(s));
    memcpy(&ti, a5, sizeof(ti));
    memcpy(&ds, a5, sizeof(ds));
    memcpy(&ts, a5, sizeof(ts));
    hsx_mbx_stats(&s);
    assert_int_equal(hsx_mbx_task_info(0, &ti), 0);
    assert_int_equal(hsx_mbx_desc_snapshot(1, &ds), 0); /* task 1's stdio.in exists */
    assert_int_equal(hsx_mbx_tap_snapshot(1, 0, &ts), 0);
    assert_memory_equal(&s, a5, sizeof(s));
    assert_memory_equal(&ti, a5, sizeof(ti));
    assert_memory_equal(&ds, a5, sizeof(ds));
    assert_memory_equal(&ts, a5, sizeof(ts));
    assert_int_equal(hsx_mbx_event_seq(), mark);
}

static void svc_compiled_out(void **state)
{
    static uint8_t mem[32];
    uint32_t r[6] = {0, 7, 8, 9, 10, 11};
    uint32_t mark;
    uint16_t h;
    start(state);
    memcpy(mem, "app:vm\0", 7);
    mark = hsx_mbx_event_seq();
    assert_int_equal(hsx_mbx_svc(1, HSX_MBX_FN_OPEN, r, mem, sizeof(mem)), INV);
    assert_int_equal(r[0], INV);
    assert_int_equal(r[1], 7);
    assert_int_equal(r[5], 11);
    assert_int_equal(hsx_mbx_event_seq(), mark);
    /* nothing was opened: the first handle of pid 1 after its three stdio ones is 4 */
    assert_int_equal(hsx_mbx_open(1, "app:vm", 6, 0, &h), HSX_MBX_STATUS_OK);
    assert_int_equal(h, 4);
}

static void loader_json_compiled_out(void **state)
{
    static const char json[] = "[{\"target\":\"app:log\"}]";
    static const uint8_t bin[] = {0, 0, 0, 0x10, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                  'a', 'p', 'p', ':', 'l', 'o', 'g', 0};
    uint16_t e = 7, h;
    uint8_t f = 7;
    start(state);
    assert_int_equal(hsx_mbx_load_section(1, (const uint8_t *)json, sizeof(json) - 1u, 1, &e, &f), INV);
    assert_int_equal(e, 0);
    assert_int_equal(f, HSX_MBX_LOADER_F_NAME_OFFSET);
    assert_int_equal(hsx_mbx_open(1, "app:log", 7, 0, &h), HSX_MBX_STATUS_OK); /* a new one: capacity 64 */
    assert_int_equal(hsx_mbx_close(1, h), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_load_section(1, bin, sizeof(bin), 1, &e, &f), HSX_MBX_STATUS_OK);
}

/* A profile that has the compiled-out features is not this build's: init refuses it. */
static void init_refuses_other_features(void **state)
{
    hsx_mbx_limits_t l;
    (void)state;
    memset(&l, 0, sizeof(l));
    l.max_descriptors = HSX_MBX_CFG_MAX_DESCRIPTORS;
    l.max_tasks = HSX_MBX_CFG_MAX_TASKS;
    l.handle_limit_per_pid = HSX_MBX_CFG_HANDLE_LIMIT;
    l.default_capacity = HSX_MBX_CFG_DEFAULT_CAPACITY;
    l.arena_bytes = HSX_MBX_CFG_ARENA_BYTES;
    l.tap_rate_limit = HSX_MBX_CFG_TAP_RATE_LIMIT;
    l.event_ring_size = HSX_MBX_CFG_EVENT_RING_SIZE;
    l.name_pool_bytes = HSX_MBX_CFG_NAME_POOL_BYTES;
    l.max_taps = HSX_MBX_CFG_MAX_TAPS;
    l.task_mailboxes = 1;
    l.first_seq = HSX_MBX_CFG_FIRST_SEQ;
    l.event_mask = HSX_MBX_CFG_EVENT_MASK;
    l.features = HSX_MBX_FEAT_FANOUT | HSX_MBX_FEAT_TAPS | HSX_MBX_FEAT_EVENTS | HSX_MBX_FEAT_TIMEOUTS |
                 HSX_MBX_FEAT_STDIO | HSX_MBX_FEAT_LOADER;
    assert_int_equal(hsx_mbx_init(&l), HSX_MBX_STATUS_OK);
    l.features |= HSX_MBX_FEAT_INTROSPECTION;
    assert_int_equal(hsx_mbx_init(&l), INV);
    l.features = (uint16_t)((l.features & ~HSX_MBX_FEAT_INTROSPECTION) | HSX_MBX_FEAT_SVC);
    assert_int_equal(hsx_mbx_init(&l), INV);
    l.features = (uint16_t)((l.features & ~HSX_MBX_FEAT_SVC) | HSX_MBX_FEAT_LOADER_JSON);
    assert_int_equal(hsx_mbx_init(&l), INV);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(introspection_compiled_out), cmocka_unit_test(svc_compiled_out),
                                       cmocka_unit_test(loader_json_compiled_out),
                                       cmocka_unit_test(init_refuses_other_features)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Features off at run time (the run-time-limits host library, its profile's
 * feature bits clear): introspection, svc and loader_json are rejected as the
 * Java model rejects them (INVALID_ARGUMENT, outputs untouched, state unchanged,
 * no event), and the rest of the service keeps working. The same rejections with
 * the features compiled out: test/features_off. */
#include "tkit.h"

#define INV HSX_MBX_STATUS_INVALID_ARGUMENT

static void init_without(uint16_t bits)
{
    hsx_mbx_limits_t l = tk_limits("embedded");
    l.features = (uint16_t)(l.features & ~bits);
    l.task_mailboxes = 0;
    tk_init_limits(&l);
}

static void introspection_off(void **state)
{
    hsx_mbx_stats_t s;
    hsx_mbx_task_info_t ti;
    hsx_mbx_desc_snapshot_t ds;
    hsx_mbx_tap_snapshot_t ts;
    uint32_t mark = hsx_mbx_event_seq();
    uint16_t h;
    (void)state;
    init_without(HSX_MBX_FEAT_INTROSPECTION);
    h = tk_open(0, "app:q", HSX_MBX_MODE_RDWR, HSX_MBX_STATUS_OK);
    (void)tk_open(0, "app:q", HSX_MBX_MODE_RDONLY | HSX_MBX_MODE_TAP, HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, h, "abc", HSX_MBX_TIMEOUT_POLL), HSX_MBX_STATUS_OK);
    mark = hsx_mbx_event_seq();
    memset(&s, 0xA5, sizeof(s));
    memset(&ti, 0xA5, sizeof(ti));
    memset(&ds, 0xA5, sizeof(ds));
    memset(&ts, 0xA5, sizeof(ts));
    hsx_mbx_stats(&s);
    assert_int_equal(hsx_mbx_task_info(0, &ti), 0);
    assert_int_equal(hsx_mbx_desc_snapshot(1, &ds), 0);
    assert_int_equal(hsx_mbx_tap_snapshot(1, 0, &ts), 0);
    {
        uint8_t a5[128];
        memset(a5, 0xA5, sizeof(a5));
        assert_memory_equal(&s, a5, sizeof(s));
        assert_memory_equal(&ti, a5, sizeof(ti));
        assert_memory_equal(&ds, a5, sizeof(ds));
        assert_memory_equal(&ts, a5, sizeof(ts));
    }
    assert_int_equal(hsx_mbx_event_seq(), mark); /* no event */
    /* the service itself is unaffected: the message is still there */
    {
        char buf[8];
        assert_int_equal(tk_recv(0, h, buf, sizeof(buf), HSX_MBX_TIMEOUT_POLL, NULL), HSX_MBX_STATUS_OK);
        assert_memory_equal(buf, "abc", 3);
    }
}

static void svc_off(void **state)
{
    static uint8_t mem[64];
    uint32_t r[6];
    uint32_t mark;
    uint8_t fn;
    hsx_mbx_peek_t p;
    uint16_t h;
    (void)state;
    init_without(HSX_MBX_FEAT_SVC);
    h = tk_open(0, "app:q", HSX_MBX_MODE_RDWR, HSX_MBX_STATUS_OK);
    memcpy(mem, "app:vm\0", 7);
    mark = hsx_mbx_event_seq();
    for (fn = 0; fn < 40u; fn++) {
        uint32_t i;
        for (i = 0; i < 6u; i++) {
            r[i] = 100u + i;
        }
        r[1] = h;
        assert_int_equal(hsx_mbx_svc(0, fn, r, mem, sizeof(mem)), INV);
        assert_int_equal(r[0], INV);
        assert_int_equal(r[1], h); /* the other registers untouched */
        for (i = 2; i < 6u; i++) {
            assert_int_equal(r[i], 100u + i);
        }
    }
    assert_int_equal(hsx_mbx_event_seq(), mark);
    assert_int_equal(hsx_mbx_peek(0, h, &p), HSX_MBX_STATUS_OK); /* nothing opened by the SVCs */
    assert_int_equal(p.depth, 0);
    assert_int_equal(hsx_mbx_open(0, "app:vm", 6, 0, &h), HSX_MBX_STATUS_OK);
    assert_int_equal(h, 2);
}

static void loader_json_off(void **state)
{
    static const char json[] = "{\"version\":1,\"mailboxes\":[{\"target\":\"app:log\",\"capacity\":32,\"mode_mask\":0}]}";
    /* the same declaration as the binary table: name_offset 16, capacity 32, mode 0 */
    static const uint8_t bin[] = {0, 0, 0, 0x10, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                  'a', 'p', 'p', ':', 'l', 'o', 'g', 0};
    hsx_mbx_stats_t s;
    uint16_t e = 7;
    uint8_t f = 7;
    uint32_t mark;
    (void)state;
    init_without(HSX_MBX_FEAT_LOADER_JSON);
    assert_int_equal(hsx_mbx_task_start(1), HSX_MBX_STATUS_OK);
    mark = hsx_mbx_event_seq();
    /* read as the binary table: entry 0's name_offset ("{\"ve") is outside the section */
    assert_int_equal(hsx_mbx_load_section(1, (const uint8_t *)json, sizeof(json) - 1u, 1, &e, &f), INV);
    assert_int_equal(e, 0);
    assert_int_equal(f, HSX_MBX_LOADER_F_NAME_OFFSET);
    assert_int_equal(hsx_mbx_event_seq(), mark);
    hsx_mbx_stats(&s);
    assert_int_equal(s.active_descriptors, 0);
    assert_int_equal(hsx_mbx_load_section(1, bin, sizeof(bin), 1, &e, &f), HSX_MBX_STATUS_OK);
    hsx_mbx_stats(&s);
    assert_int_equal(s.active_descriptors, 1);
    assert_int_equal(s.arena_used, 32);
}

/* With every bit set the same calls work (the rejections above are the bits). */
static void features_on(void **state)
{
    hsx_mbx_task_info_t ti;
    uint32_t r[6] = {0};
    static uint8_t mem[16];
    (void)state;
    init_without(0);
    assert_int_equal(hsx_mbx_task_info(0, &ti), 1);
    assert_int_equal(ti.pid, 0);
    memcpy(mem, "app:vm\0", 7);
    assert_int_equal(hsx_mbx_svc(0, HSX_MBX_FN_OPEN, r, mem, sizeof(mem)), HSX_MBX_STATUS_OK);
    assert_int_equal(r[1], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(introspection_off), cmocka_unit_test(svc_off),
                                       cmocka_unit_test(loader_json_off), cmocka_unit_test(features_on)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

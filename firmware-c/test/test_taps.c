/* Contract section 6: taps. */
#include "tkit.h"

static void copies_and_overrun(void **state)
{
    char buf[64];
    hsx_mbx_msg_info_t info;
    hsx_mbx_stats_t s;
    hsx_mbx_tap_snapshot_t ts;
    uint16_t h, t;
    (void)state;
    tk_init("desktop");
    h = tk_open(0, "app:q", 0, HSX_MBX_STATUS_OK);
    tk_bind(0, "app:q", 24, 0, HSX_MBX_STATUS_OK);
    t = tk_open(0, "app:q", HSX_MBX_MODE_TAP, HSX_MBX_STATUS_OK);
    assert_int_equal(tk_recv(0, t, buf, 64, 100, NULL), HSX_MBX_STATUS_NO_DATA); /* never blocks */
    assert_int_equal(tk_send(0, h, "aaaa", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_recv(0, h, buf, 64, 0, NULL), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, h, "bbbb", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_recv(0, h, buf, 64, 0, NULL), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, h, "cccc", 0), HSX_MBX_STATUS_OK); /* tap drops "aaaa" */
    hsx_mbx_stats(&s);
    assert_int_equal(s.tap_count, 1);
    assert_int_equal(s.tap_queue_depth, 2);
    assert_int_equal(s.arena_used, 48);
    assert_true(hsx_mbx_tap_snapshot(1, 0, &ts));
    assert_int_equal(ts.handle, t);
    assert_int_equal(ts.bytes, 24);
    assert_int_equal(tk_recv(0, t, buf, 64, 0, &info), HSX_MBX_STATUS_OK);
    assert_string_equal(buf, "bbbb");
    assert_int_equal(info.flags, HSX_MBX_MSG_OVERRUN);
    assert_int_equal(hsx_mbx_tap(0, t, 0), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_tap(0, t, 0), HSX_MBX_STATUS_OK);
    hsx_mbx_stats(&s);
    assert_int_equal(s.arena_used, 24);
}

static void rate_limit(void **state)
{
    hsx_mbx_limits_t l = tk_limits("desktop");
    hsx_mbx_event_t e;
    uint32_t seq;
    uint16_t h, t;
    int i, bp = 0;
    char buf[64];
    hsx_mbx_msg_info_t info;
    (void)state;
    l.tap_rate_limit = 2;
    tk_init_limits(&l);
    h = tk_open(0, "app:q", 0, HSX_MBX_STATUS_OK);
    t = tk_open(0, "app:q", HSX_MBX_MODE_TAP, HSX_MBX_STATUS_OK);
    seq = hsx_mbx_event_seq();
    for (i = 0; i < 3; i++) {
        assert_int_equal(tk_send(0, h, "x", 0), HSX_MBX_STATUS_OK);
        assert_int_equal(tk_recv(0, h, buf, 64, 0, NULL), HSX_MBX_STATUS_OK);
    }
    while (hsx_mbx_event_next(&seq, &e)) {
        if (e.type == HSX_MBX_EV_BACKPRESSURE) {
            assert_int_equal(e.code, HSX_MBX_POLICY_TAP_RATE_LIMIT);
            bp++;
        }
    }
    assert_int_equal(bp, 1);
    assert_int_equal(tk_recv(0, t, buf, 64, 0, &info), HSX_MBX_STATUS_OK);
    assert_int_equal(info.flags, HSX_MBX_MSG_OVERRUN);
    hsx_mbx_tick(1000);
    assert_int_equal(tk_send(0, h, "y", 0), HSX_MBX_STATUS_OK); /* new window */
}

/* A rate window across the clock wrap ends 1000 ms after it began (serial
 * arithmetic), and a tap idle for more than 2^31 ms does not find its old
 * window still running (every tick closes the windows that have ended). */
static void rate_window_across_wrap(void **state)
{
    hsx_mbx_limits_t l = tk_limits("desktop");
    hsx_mbx_event_t e;
    uint32_t seq;
    uint16_t h, t;
    int bp = 0;
    char buf[64];
    (void)state;
    l.tap_rate_limit = 1;
    tk_init_limits(&l);
    h = tk_open(0, "app:q", 0, HSX_MBX_STATUS_OK);
    t = tk_open(0, "app:q", HSX_MBX_MODE_TAP, HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_tick(0x7FFFFFFFu), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_tick(0xFFFFFE00u), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, h, "1", 0), HSX_MBX_STATUS_OK); /* window until 0x1E8 */
    assert_int_equal(hsx_mbx_tick(0x1E7), HSX_MBX_STATUS_OK);
    seq = hsx_mbx_event_seq();
    assert_int_equal(tk_send(0, h, "2", 0), HSX_MBX_STATUS_OK); /* rate-limited */
    assert_int_equal(hsx_mbx_tick(0x1E8), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, h, "3", 0), HSX_MBX_STATUS_OK); /* a new window */
    assert_int_equal(hsx_mbx_tick(0x1E8u + 0x7FFFFFFFu), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_tick(0x1E6u), HSX_MBX_STATUS_OK);  /* 0xFFFFFFFE ms later */
    assert_int_equal(tk_send(0, h, "4", 0), HSX_MBX_STATUS_OK); /* not rate-limited */
    while (hsx_mbx_event_next(&seq, &e)) {
        if (e.type == HSX_MBX_EV_BACKPRESSURE) {
            bp++;
        }
    }
    assert_int_equal(bp, 1);
    assert_int_equal(tk_recv(0, t, buf, 64, 0, NULL), HSX_MBX_STATUS_OK);
    assert_memory_equal(buf, "1", 1);
    assert_int_equal(tk_recv(0, t, buf, 64, 0, NULL), HSX_MBX_STATUS_OK);
    assert_memory_equal(buf, "3", 1);
    assert_int_equal(tk_recv(0, t, buf, 64, 0, NULL), HSX_MBX_STATUS_OK);
    assert_memory_equal(buf, "4", 1);
}

static void tap_needs_resources(void **state)
{
    hsx_mbx_limits_t l = tk_limits("desktop");
    uint16_t h;
    (void)state;
    l.max_taps = 1;
    tk_init_limits(&l);
    h = tk_open(0, "app:q", 0, HSX_MBX_STATUS_OK);
    tk_open(0, "app:q", HSX_MBX_MODE_TAP | HSX_MBX_MODE_WRONLY, HSX_MBX_STATUS_PERMISSION_DENIED);
    assert_int_equal(hsx_mbx_tap(0, h, 1), HSX_MBX_STATUS_OK);
    tk_open(0, "app:r", HSX_MBX_MODE_TAP, HSX_MBX_STATUS_NO_DESCRIPTOR); /* tap_pool, nothing created */
    tk_open(0, "app:r", 0, HSX_MBX_STATUS_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(copies_and_overrun), cmocka_unit_test(rate_limit), cmocka_unit_test(rate_window_across_wrap),
                                       cmocka_unit_test(tap_needs_resources)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

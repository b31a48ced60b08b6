/* Contract section 7: events, their fields and the bounded ring. */
#include "tkit.h"

static void order_and_fields(void **state)
{
    hsx_mbx_event_t e;
    uint32_t seq = 0;
    uint8_t types[16];
    uint16_t h;
    char buf[8];
    (void)state;
    tk_init("desktop");
    h = tk_open(0, "app:q", 0, HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, h, "abc", 0), HSX_MBX_STATUS_OK);
    assert_true(hsx_mbx_event_next(&seq, &e));
    assert_int_equal(e.seq, 0);
    assert_int_equal(e.type, HSX_MBX_EV_SEND);
    assert_int_equal(e.desc, 1);
    assert_int_equal(e.a, h);
    assert_int_equal(e.b, 3);
    assert_int_equal(tk_recv(0, h, buf, 8, 5, NULL), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_recv(0, h, buf, 8, 5, NULL), HSX_MBX_BLOCKED);
    hsx_mbx_tick(7);
    assert_int_equal(tk_events(&seq, types, 16), 3);
    assert_int_equal(types[0], HSX_MBX_EV_RECV);
    assert_int_equal(types[1], HSX_MBX_EV_WAIT);
    assert_int_equal(types[2], HSX_MBX_EV_TIMEOUT);
    seq = 2;
    assert_true(hsx_mbx_event_next(&seq, &e));
    assert_int_equal(e.b, 5);          /* timeout */
    assert_int_equal(e.w, 5);          /* deadline */
    assert_true(hsx_mbx_event_next(&seq, &e));
    assert_int_equal(e.time_ms, 7);
    assert_int_equal(e.code, HSX_MBX_STATUS_TIMEOUT);
    assert_int_equal(hsx_mbx_close(0, 99), HSX_MBX_STATUS_INVALID_HANDLE);
    assert_true(hsx_mbx_event_next(&seq, &e));
    assert_int_equal(e.type, HSX_MBX_EV_ERROR);
    assert_int_equal(e.code, HSX_MBX_FNCODE_CLOSE);
    assert_int_equal(e.a, HSX_MBX_STATUS_INVALID_HANDLE);
}

static void ring_drops_oldest(void **state)
{
    hsx_mbx_stats_t s;
    hsx_mbx_event_t e;
    uint32_t seq = 0;
    int i;
    (void)state;
    tk_init("embedded");
    for (i = 0; i < 20; i++) {
        hsx_mbx_close(0, 77);
    }
    hsx_mbx_stats(&s);
    assert_int_equal(s.events_dropped, 4);
    assert_true(hsx_mbx_event_next(&seq, &e));
    assert_int_equal(e.seq, 4);
}

static void events_off(void **state)
{
    hsx_mbx_limits_t l = tk_limits("desktop");
    uint32_t seq = 0;
    hsx_mbx_event_t e;
    (void)state;
    l.features = (uint16_t)(l.features & ~HSX_MBX_FEAT_EVENTS);
    tk_init_limits(&l);
    hsx_mbx_close(0, 77);
    assert_false(hsx_mbx_event_next(&seq, &e));
}

/* event_mask (contract sections 4, 7): masked types are not recorded, not
 * counted as dropped; pid 0 only; unknown bits rejected; the limits' mask is
 * the one at start. */
static void event_mask(void **state)
{
    hsx_mbx_limits_t l = tk_limits("embedded");
    hsx_mbx_stats_t st;
    hsx_mbx_event_t e;
    uint32_t seq;
    char buf[8];
    uint16_t h;
    int i;
    (void)state;
    l.task_mailboxes = 0;
    l.event_mask = HSX_MBX_EVMASK_ERROR; /* the ring holds 16 */
    tk_init_limits(&l);
    hsx_mbx_task_start(1);
    h = tk_open(0, "app:q", 0, HSX_MBX_STATUS_OK);
    for (i = 0; i < 20; i++) {
        assert_int_equal(tk_send(0, h, "x", 0), HSX_MBX_STATUS_OK);
        assert_int_equal(tk_recv(0, h, buf, 8, 0, NULL), HSX_MBX_STATUS_OK);
    }
    assert_int_equal(hsx_mbx_event_seq(), 0);
    hsx_mbx_stats(&st);
    assert_int_equal(st.events_dropped, 0);
    assert_int_equal(hsx_mbx_event_mask(1, HSX_MBX_EVMASK_ALL), HSX_MBX_STATUS_PERMISSION_DENIED);
    assert_int_equal(hsx_mbx_event_mask(9, 0), HSX_MBX_STATUS_INVALID_ARGUMENT);
    assert_int_equal(hsx_mbx_event_mask(0, 0x200u), HSX_MBX_STATUS_INVALID_ARGUMENT);
    seq = 0;
    assert_true(hsx_mbx_event_next(&seq, &e));
    assert_int_equal(e.type, HSX_MBX_EV_ERROR);
    assert_int_equal(e.code, HSX_MBX_FNCODE_EVENT_MASK);
    assert_int_equal(e.a, HSX_MBX_STATUS_PERMISSION_DENIED);
    assert_int_equal(hsx_mbx_event_seq(), 3);
    assert_int_equal(hsx_mbx_event_mask(0, HSX_MBX_EVMASK_SEND), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, h, "y", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_recv(0, h, buf, 8, 0, NULL), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_close(0, 99), HSX_MBX_STATUS_INVALID_HANDLE);
    assert_int_equal(hsx_mbx_event_seq(), 4); /* the send only */
    seq = 3;
    assert_true(hsx_mbx_event_next(&seq, &e));
    assert_int_equal(e.type, HSX_MBX_EV_SEND);
    l.event_mask = 0x200u;
    assert_int_equal(hsx_mbx_init(&l), HSX_MBX_STATUS_INVALID_ARGUMENT);
    l.features = (uint16_t)(l.features & ~HSX_MBX_FEAT_EVENTS);
    l.event_mask = HSX_MBX_EVMASK_ALL;
    tk_init_limits(&l);
    assert_int_equal(hsx_mbx_event_mask(0, HSX_MBX_EVMASK_ALL), HSX_MBX_STATUS_INVALID_ARGUMENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(order_and_fields), cmocka_unit_test(ring_drops_oldest),
                                       cmocka_unit_test(events_off), cmocka_unit_test(event_mask)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Contract section 8: profiles, exact arena accounting, stats. */
#include "tkit.h"

static void embedded_tasks_fill_descriptors(void **state)
{
    hsx_mbx_stats_t s;
    hsx_mbx_event_t e;
    uint32_t seq;
    int pid;
    (void)state;
    tk_init("embedded");
    for (pid = 1; pid <= 4; pid++) {
        assert_int_equal(hsx_mbx_task_start((uint16_t)pid), HSX_MBX_STATUS_OK);
    }
    hsx_mbx_stats(&s);
    assert_int_equal(s.active_descriptors, 16);
    assert_int_equal(s.arena_used, 1024);
    assert_int_equal(s.name_pool_used, 104);
    seq = hsx_mbx_event_seq();
    assert_int_equal(hsx_mbx_task_start(5), HSX_MBX_STATUS_NO_DESCRIPTOR);
    assert_true(hsx_mbx_event_next(&seq, &e));
    assert_int_equal(e.type, HSX_MBX_EV_EXHAUSTED);
    assert_int_equal(e.code, HSX_MBX_REASON_TASK_LIMIT);
    tk_bind(1, "app:x", 0, 0, HSX_MBX_STATUS_NO_DESCRIPTOR);
    hsx_mbx_stats(&s);
    assert_int_equal(s.descriptor_pool_exhausted, 1);
    assert_int_equal(hsx_mbx_task_exit(2), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_bind(1, "app:x", 0, 0, HSX_MBX_STATUS_OK), 5); /* lowest free id */
}

static void no_fragmentation_failures(void **state)
{
    hsx_mbx_limits_t l = tk_limits("desktop");
    hsx_mbx_stats_t s;
    uint16_t a, c;
    (void)state;
    l.arena_bytes = 300;
    tk_init_limits(&l);
    a = tk_open(0, "app:a", 0, HSX_MBX_STATUS_OK);
    tk_bind(0, "app:a", 100, 0, HSX_MBX_STATUS_OK);
    tk_bind(0, "app:b", 100, 0, HSX_MBX_STATUS_OK);
    c = tk_open(0, "app:c", 0, HSX_MBX_STATUS_OK);
    tk_bind(0, "app:c", 100, 0, HSX_MBX_STATUS_OK);
    tk_bind(0, "app:d", 8, 0, HSX_MBX_STATUS_NO_DESCRIPTOR);
    assert_int_equal(hsx_mbx_close(0, a), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_close(0, c), HSX_MBX_STATUS_OK);
    /* 200 free bytes in two holes before compaction: one 200-byte ring fits */
    tk_bind(0, "app:e", 200, 0, HSX_MBX_STATUS_OK);
    hsx_mbx_stats(&s);
    assert_int_equal(s.arena_used, 300);
    assert_int_equal(s.peak_descriptors, 3);
}

static void limits_checked(void **state)
{
    hsx_mbx_limits_t l = tk_limits("desktop");
    (void)state;
    l.max_descriptors = 100000;
    assert_int_equal(hsx_mbx_init(&l), HSX_MBX_STATUS_INVALID_ARGUMENT);
    l = tk_limits("desktop");
    l.features = HSX_MBX_FEAT_TIMEOUTS | HSX_MBX_FEAT_STDIO; /* minimal */
    tk_init_limits(&l);
    tk_bind(0, "app:f", 0, HSX_MBX_MODE_FANOUT, HSX_MBX_STATUS_INVALID_ARGUMENT);
    assert_int_equal(tk_bind(0, "shared:s", 0, 0, HSX_MBX_STATUS_OK), 1);
}

/* first_seq: every new descriptor (stdio ones included) starts there, and
 * head_seq/next_seq wrap modulo 2^32. */
static void first_seq(void **state)
{
    hsx_mbx_limits_t l = tk_limits("desktop");
    hsx_mbx_peek_t p;
    char buf[8];
    uint16_t h;
    (void)state;
    l.first_seq = 0xFFFFFFFFu;
    tk_init_limits(&l);
    hsx_mbx_task_start(1);
    assert_int_equal(hsx_mbx_peek(1, 1, &p), HSX_MBX_STATUS_OK);
    assert_int_equal(p.next_seq, 0xFFFFFFFFu);
    h = tk_open(1, "app:q", 0, HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(1, h, "a", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(1, h, "b", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_peek(1, h, &p), HSX_MBX_STATUS_OK);
    assert_int_equal(p.head_seq, 0xFFFFFFFFu);
    assert_int_equal(p.next_seq, 1);
    assert_int_equal(tk_recv(1, h, buf, 8, 0, NULL), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_peek(1, h, &p), HSX_MBX_STATUS_OK);
    assert_int_equal(p.head_seq, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(embedded_tasks_fill_descriptors),
                                       cmocka_unit_test(no_fragmentation_failures), cmocka_unit_test(limits_checked),
                                       cmocka_unit_test(first_seq)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Contract section 4, fan-out: the vectors.md example plus reclamation. */
#include "tkit.h"

static void spec_example(void **state)
{
    char buf[64];
    hsx_mbx_msg_info_t info;
    hsx_mbx_peek_t p;
    hsx_mbx_stats_t s;
    uint16_t h1, h2;
    (void)state;
    tk_init("embedded");
    hsx_mbx_task_start(1);
    hsx_mbx_task_start(2);
    assert_int_equal(tk_bind(1, "shared:fan", 32, 27, HSX_MBX_STATUS_OK), 9);
    h2 = tk_open(2, "shared:fan", 0, HSX_MBX_STATUS_OK);
    h1 = tk_open(1, "shared:fan", 0, HSX_MBX_STATUS_OK);
    assert_int_equal(h1, 4);
    assert_int_equal(h2, 4);
    assert_int_equal(tk_send(1, h1, "first", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_recv(2, h2, buf, 64, 100, &info), HSX_MBX_STATUS_OK);
    assert_string_equal(buf, "first");
    assert_int_equal(info.src_pid, 1);
    assert_int_equal(tk_recv(2, h2, buf, 64, 100, NULL), HSX_MBX_BLOCKED);
    tk_clear();
    hsx_mbx_tick(100);
    assert_int_equal(tk_ncomp, 1);
    assert_int_equal(tk_comp[0].status, HSX_MBX_STATUS_TIMEOUT);
    assert_int_equal(hsx_mbx_peek(2, h2, &p), HSX_MBX_STATUS_OK);
    assert_int_equal(p.depth, 0);
    hsx_mbx_stats(&s);
    assert_int_equal(s.active_descriptors, 9);
}

static void drop_marks_overrun(void **state)
{
    char buf[64];
    hsx_mbx_msg_info_t info;
    uint16_t w, r1, r2;
    (void)state;
    tk_init("desktop");
    tk_bind(0, "shared:f", 24, 0, HSX_MBX_STATUS_OK);
    w = tk_open(0, "shared:f", HSX_MBX_MODE_WRONLY, HSX_MBX_STATUS_OK);
    r1 = tk_open(0, "shared:f", HSX_MBX_MODE_RDONLY, HSX_MBX_STATUS_OK);
    r2 = tk_open(0, "shared:f", HSX_MBX_MODE_RDONLY, HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, w, "aaaa", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_recv(0, r1, buf, 64, 0, NULL), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, w, "bbbb", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, w, "cccc", 0), HSX_MBX_STATUS_OK); /* drops "aaaa" (r2 lagging) */
    assert_int_equal(tk_recv(0, r2, buf, 64, 0, &info), HSX_MBX_STATUS_OK);
    assert_string_equal(buf, "bbbb");
    assert_int_equal(info.flags & HSX_MBX_MSG_OVERRUN, HSX_MBX_MSG_OVERRUN);
    assert_int_equal(tk_recv(0, r1, buf, 64, 0, &info), HSX_MBX_STATUS_OK);
    assert_string_equal(buf, "bbbb");
    assert_int_equal(info.flags, 0);
}

static void no_reader_keeps_nothing(void **state)
{
    hsx_mbx_peek_t p;
    uint16_t w;
    (void)state;
    tk_init("desktop");
    w = tk_open(0, "shared:f", 0, HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, w, "x", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_peek(0, w, &p), HSX_MBX_STATUS_OK);
    assert_int_equal(p.depth, 0);
    assert_int_equal(p.next_seq, 1);
}

/* Cursors of handles that are not readers (a writer, a reader that sent) lag while
 * readers consume; the record keeps 16 bits of a cursor, so they must stay exact
 * past 65536 messages (reclaim clamps them at least every 4096 messages). */
static void lagging_cursors_past_16_bits(void **state)
{
    char buf[64];
    hsx_mbx_msg_info_t info;
    hsx_mbx_peek_t p;
    uint16_t w, r, x;
    uint32_t i;
    (void)state;
    tk_init("embedded");
    tk_bind(0, "shared:f", 64, 0, HSX_MBX_STATUS_OK);
    w = tk_open(0, "shared:f", HSX_MBX_MODE_WRONLY, HSX_MBX_STATUS_OK);
    r = tk_open(0, "shared:f", HSX_MBX_MODE_RDONLY, HSX_MBX_STATUS_OK);
    x = tk_open(0, "shared:f", HSX_MBX_MODE_RDWR, HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, x, "x", 0), HSX_MBX_STATUS_OK); /* x: a sender, not a reader */
    assert_int_equal(tk_recv(0, r, buf, 64, 0, NULL), HSX_MBX_STATUS_OK);
    for (i = 0; i < 65534u; i++) { /* "tail" gets seq 65535: a 16-bit cursor of -1 would alias */
        assert_int_equal(tk_send(0, w, "abc", 0), HSX_MBX_STATUS_OK);
        assert_int_equal(tk_recv(0, r, buf, 64, 0, NULL), HSX_MBX_STATUS_OK);
    }
    assert_int_equal(hsx_mbx_peek(0, w, &p), HSX_MBX_STATUS_OK);
    assert_int_equal(p.depth, 0);
    assert_int_equal(p.next_seq, 65535u);
    assert_int_equal(tk_send(0, w, "tail", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_peek(0, w, &p), HSX_MBX_STATUS_OK);
    assert_int_equal(p.depth, 1);
    assert_int_equal(p.next_len, 4);
    assert_int_equal(tk_recv(0, x, buf, 64, 0, &info), HSX_MBX_STATUS_OK);
    assert_string_equal(buf, "tail");
    assert_int_equal(info.flags, 0);
    assert_int_equal(hsx_mbx_peek(0, x, &p), HSX_MBX_STATUS_OK);
    assert_int_equal(p.next_len, 0);
    assert_int_equal(tk_recv(0, r, buf, 64, 0, &info), HSX_MBX_STATUS_OK);
    assert_string_equal(buf, "tail");
    assert_int_equal(hsx_mbx_peek(0, w, &p), HSX_MBX_STATUS_OK);
    assert_int_equal(p.depth, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(spec_example), cmocka_unit_test(drop_marks_overrun),
                                       cmocka_unit_test(no_reader_keeps_nothing),
                                       cmocka_unit_test(lagging_cursors_past_16_bits)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

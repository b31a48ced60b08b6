/* Contract section 4: bind, open, send, recv, peek, close, handle numbering. */
#include "tkit.h"

static void send_recv_peek(void **state)
{
    char buf[80];
    hsx_mbx_msg_info_t info;
    hsx_mbx_peek_t p;
    uint16_t h, sent = 0;
    (void)state;
    tk_init("desktop");
    assert_int_equal(hsx_mbx_task_start(1), HSX_MBX_STATUS_OK);
    h = tk_open(1, "app:q", 0, HSX_MBX_STATUS_OK);
    assert_int_equal(h, 4); /* stdio took 1..3 */
    assert_int_equal(tk_send(1, h, "hello", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_send(1, h, (const uint8_t *)"abc", 3, 0x1, 7, 0, &sent), HSX_MBX_STATUS_OK);
    assert_int_equal(sent, 3);
    assert_int_equal(hsx_mbx_peek(1, h, &p), HSX_MBX_STATUS_OK);
    assert_int_equal(p.depth, 2);
    assert_int_equal(p.bytes_used, 5 + 8 + 3 + 8);
    assert_int_equal(p.next_len, 5);
    assert_int_equal(p.head_seq, 0);
    assert_int_equal(p.next_seq, 2);
    assert_int_equal(tk_recv(1, h, buf, 80, 0, &info), HSX_MBX_STATUS_OK);
    assert_string_equal(buf, "hello");
    assert_int_equal(info.src_pid, 1);
    assert_int_equal(tk_recv(1, h, buf, 2, 0, &info), HSX_MBX_STATUS_OK); /* truncated, consumed */
    assert_int_equal(info.length, 2);
    assert_int_equal(info.flags, HSX_MBX_MSG_TRUNCATED | 0x1);
    assert_int_equal(info.channel, 7);
    assert_int_equal(tk_recv(1, h, buf, 80, 0, NULL), HSX_MBX_STATUS_NO_DATA);
    /* 57 + 8 = 65 > 64 */
    memset(buf, 'x', 57);
    assert_int_equal(hsx_mbx_send(1, h, (const uint8_t *)buf, 57, 0, 0, 0, &sent), HSX_MBX_STATUS_MSG_TOO_LARGE);
    assert_int_equal(hsx_mbx_send(1, h, (const uint8_t *)buf, 56, 0, 0, 0, &sent), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_send(1, h, (const uint8_t *)buf, 1, 0, 0, 0, &sent), HSX_MBX_STATUS_WOULDBLOCK);
    assert_int_equal(hsx_mbx_close(1, h), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_close(1, h), HSX_MBX_STATUS_INVALID_HANDLE);
    /* ownerless app:q was freed with its last handle; ids are not reused */
    assert_int_equal(tk_open(1, "app:q", 0, HSX_MBX_STATUS_OK), 5);
}

static void access_and_limits(void **state)
{
    hsx_mbx_stats_t s;
    uint16_t w, r;
    char buf[8];
    int i;
    (void)state;
    tk_init("embedded");
    assert_int_equal(hsx_mbx_task_start(1), HSX_MBX_STATUS_OK);
    w = tk_open(1, "app:a", HSX_MBX_MODE_WRONLY, HSX_MBX_STATUS_OK);
    r = tk_open(1, "app:a", HSX_MBX_MODE_RDONLY, HSX_MBX_STATUS_OK);
    assert_int_equal(tk_recv(1, w, buf, 8, 0, NULL), HSX_MBX_STATUS_PERMISSION_DENIED);
    assert_int_equal(tk_send(1, r, "x", 0), HSX_MBX_STATUS_PERMISSION_DENIED);
    tk_open(1, "app:a", 0x08, HSX_MBX_STATUS_INVALID_ARGUMENT);
    for (i = 0; i < 3; i++) {
        tk_open(1, "app:a", 0, HSX_MBX_STATUS_OK);
    }
    tk_open(1, "app:a", 0, HSX_MBX_STATUS_NO_DESCRIPTOR); /* 8 handles */
    tk_bind(1, "app:b", 7, 0, HSX_MBX_STATUS_INVALID_ARGUMENT);
    tk_bind(1, "app:b", 8, 0x30, HSX_MBX_STATUS_INVALID_ARGUMENT);
    tk_bind(1, "app:b", 4000, 0, HSX_MBX_STATUS_NO_DESCRIPTOR); /* arena: 4096 - 4*64 - 64 */
    hsx_mbx_stats(&s);
    assert_int_equal(s.arena_used, 5 * 64);
    assert_int_equal(s.active_descriptors, 5);
    assert_int_equal(s.handles_total, 8);
}

static void resize_and_compaction(void **state)
{
    hsx_mbx_stats_t s;
    hsx_mbx_peek_t p;
    uint16_t a, b, c;
    char buf[64];
    (void)state;
    tk_init("desktop");
    a = tk_open(0, "app:a", 0, HSX_MBX_STATUS_OK);
    b = tk_open(0, "app:b", 0, HSX_MBX_STATUS_OK);
    c = tk_open(0, "app:c", 0, HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, b, "one", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, c, "two", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_send(0, c, "three", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_close(0, a), HSX_MBX_STATUS_OK); /* frees the lowest region */
    tk_bind(0, "app:b", 200, 0, HSX_MBX_STATUS_OK);           /* grows in the middle */
    tk_bind(0, "app:c", 16, 0, HSX_MBX_STATUS_OK);            /* shrink drops "two" */
    assert_int_equal(tk_recv(0, b, buf, 64, 0, NULL), HSX_MBX_STATUS_OK);
    assert_string_equal(buf, "one");
    assert_int_equal(hsx_mbx_peek(0, c, &p), HSX_MBX_STATUS_OK);
    assert_int_equal(p.depth, 1);
    assert_int_equal(p.head_seq, 1);
    assert_int_equal(tk_recv(0, c, buf, 64, 0, NULL), HSX_MBX_STATUS_OK);
    assert_string_equal(buf, "three");
    hsx_mbx_stats(&s);
    assert_int_equal(s.arena_used, 216);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(send_recv_peek), cmocka_unit_test(access_and_limits),
                                       cmocka_unit_test(resize_and_compaction)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

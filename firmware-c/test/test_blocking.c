/* Contract section 5: blocking, wake order, timeouts. */
#include "tkit.h"

static void recv_wake_and_timeout(void **state)
{
    char b2[64], b3[64];
    uint16_t h1, h2, h3;
    hsx_mbx_task_info_t ti;
    (void)state;
    tk_init("desktop");
    hsx_mbx_task_start(1);
    hsx_mbx_task_start(2);
    hsx_mbx_task_start(3);
    h1 = tk_open(1, "app:q", 0, HSX_MBX_STATUS_OK);
    h2 = tk_open(2, "app:q", 0, HSX_MBX_STATUS_OK);
    h3 = tk_open(3, "app:q", 0, HSX_MBX_STATUS_OK);
    assert_int_equal(tk_recv(2, h2, b2, 64, 100, NULL), HSX_MBX_BLOCKED);
    assert_int_equal(tk_recv(3, h3, b3, 64, 50, NULL), HSX_MBX_BLOCKED);
    assert_int_equal(tk_recv(2, h2, b2, 64, 0, NULL), HSX_MBX_STATUS_INVALID_ARGUMENT); /* blocked */
    tk_clear();
    assert_int_equal(tk_send(1, h1, "hi", 0), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_ncomp, 1); /* oldest waiter first */
    assert_int_equal(tk_comp[0].pid, 2);
    assert_int_equal(tk_comp[0].kind, HSX_MBX_KIND_RECV);
    assert_int_equal(tk_comp[0].msg.length, 2);
    assert_memory_equal(b2, "hi", 2);
    tk_clear();
    assert_int_equal(hsx_mbx_tick(49), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_ncomp, 0);
    assert_int_equal(hsx_mbx_tick(50), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_ncomp, 1);
    assert_int_equal(tk_comp[0].status, HSX_MBX_STATUS_TIMEOUT);
    assert_int_equal(hsx_mbx_tick(10), HSX_MBX_STATUS_INVALID_ARGUMENT);
    assert_true(hsx_mbx_task_info(3, &ti));
    assert_int_equal(ti.pid, 3);
    assert_int_equal(ti.mailbox_timeout, 1);
    assert_int_equal(ti.mailbox_step, 1);
}

static void blocked_sender_fifo(void **state)
{
    uint8_t big[56];
    char buf[64];
    uint16_t h1, h2, h0, n;
    (void)state;
    tk_init("desktop");
    hsx_mbx_task_start(1);
    hsx_mbx_task_start(2);
    h0 = tk_open(0, "app:q", 0, HSX_MBX_STATUS_OK);
    h1 = tk_open(1, "app:q", 0, HSX_MBX_STATUS_OK);
    h2 = tk_open(2, "app:q", 0, HSX_MBX_STATUS_OK);
    memset(big, 'b', sizeof(big));
    assert_int_equal(hsx_mbx_send(0, h0, big, 40, 0, 0, 0, &n), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_send(1, h1, big, 20, 0, 0, HSX_MBX_TIMEOUT_INFINITE, &n), HSX_MBX_BLOCKED);
    /* fits by size but must not overtake the blocked sender */
    assert_int_equal(hsx_mbx_send(2, h2, big, 1, 0, 0, HSX_MBX_TIMEOUT_INFINITE, &n), HSX_MBX_BLOCKED);
    tk_clear();
    assert_int_equal(tk_recv(0, h0, buf, 64, 0, NULL), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_ncomp, 2);
    assert_int_equal(tk_comp[0].pid, 1);
    assert_int_equal(tk_comp[0].kind, HSX_MBX_KIND_SEND);
    assert_int_equal(tk_comp[0].msg.length, 20);
    assert_int_equal(tk_comp[1].pid, 2);
}

static void exit_cancels_and_stales(void **state)
{
    char buf[16];
    uint16_t h;
    (void)state;
    tk_init("desktop");
    hsx_mbx_task_start(1);
    hsx_mbx_task_start(2);
    h = tk_open(2, "svc:x@1", 0, HSX_MBX_STATUS_PERMISSION_DENIED);
    h = tk_open(0, "svc:x@1", 0, HSX_MBX_STATUS_OK);
    assert_int_equal(tk_recv(0, h, buf, 16, HSX_MBX_TIMEOUT_INFINITE, NULL), HSX_MBX_BLOCKED);
    tk_clear();
    assert_int_equal(hsx_mbx_task_exit(1), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_ncomp, 1);
    assert_int_equal(tk_comp[0].status, HSX_MBX_STATUS_INVALID_HANDLE);
    assert_int_equal(tk_send(0, h, "x", 0), HSX_MBX_STATUS_INVALID_HANDLE);
    assert_int_equal(hsx_mbx_close(0, h), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_task_exit(1), HSX_MBX_STATUS_INVALID_ARGUMENT);
}

/* The wait-begin order is a small counter renumbered over the waiting tasks
 * before it would wrap (worder_compact): FIFO and the deadline tie-break must
 * hold for waits begun before and after a renumbering. 70000 waits pass the
 * 16-bit counter of this configuration (71 task slots). */
static void wait_order_survives_renumbering(void **state)
{
    char b1[8], b3[8], b4[8], b5[8], b6[8], b2[8];
    uint16_t q0, q1, q3, q4, r0, r2, s5, t6;
    uint32_t i;
    (void)state;
    tk_init("desktop");
    for (i = 1; i <= 6; i++) {
        hsx_mbx_task_start((uint16_t)i);
    }
    q0 = tk_open(0, "app:q", 0, HSX_MBX_STATUS_OK);
    q1 = tk_open(1, "app:q", 0, HSX_MBX_STATUS_OK);
    q3 = tk_open(3, "app:q", 0, HSX_MBX_STATUS_OK);
    q4 = tk_open(4, "app:q", 0, HSX_MBX_STATUS_OK);
    r0 = tk_open(0, "app:r", 0, HSX_MBX_STATUS_OK);
    r2 = tk_open(2, "app:r", 0, HSX_MBX_STATUS_OK);
    s5 = tk_open(5, "app:s", 0, HSX_MBX_STATUS_OK);
    t6 = tk_open(6, "app:t", 0, HSX_MBX_STATUS_OK);
    assert_int_equal(tk_recv(1, q1, b1, 8, HSX_MBX_TIMEOUT_INFINITE, NULL), HSX_MBX_BLOCKED);
    assert_int_equal(tk_recv(5, s5, b5, 8, 1000, NULL), HSX_MBX_BLOCKED);
    for (i = 0; i < 70000u; i++) {
        if (i == 40000u) {
            assert_int_equal(tk_recv(3, q3, b3, 8, HSX_MBX_TIMEOUT_INFINITE, NULL), HSX_MBX_BLOCKED);
        }
        assert_int_equal(tk_recv(2, r2, b2, 8, HSX_MBX_TIMEOUT_INFINITE, NULL), HSX_MBX_BLOCKED);
        tk_clear();
        assert_int_equal(tk_send(0, r0, "w", 0), HSX_MBX_STATUS_OK);
        assert_int_equal(tk_ncomp, 1);
    }
    assert_int_equal(tk_recv(4, q4, b4, 8, HSX_MBX_TIMEOUT_INFINITE, NULL), HSX_MBX_BLOCKED);
    assert_int_equal(tk_recv(6, t6, b6, 8, 1000, NULL), HSX_MBX_BLOCKED);
    tk_clear();
    for (i = 0; i < 3; i++) {
        assert_int_equal(tk_send(0, q0, "m", 0), HSX_MBX_STATUS_OK);
    }
    assert_int_equal(tk_ncomp, 3);
    assert_int_equal(tk_comp[0].pid, 1);
    assert_int_equal(tk_comp[1].pid, 3);
    assert_int_equal(tk_comp[2].pid, 4);
    tk_clear();
    assert_int_equal(hsx_mbx_tick(1000), HSX_MBX_STATUS_OK); /* equal deadlines: begin order */
    assert_int_equal(tk_ncomp, 2);
    assert_int_equal(tk_comp[0].pid, 5);
    assert_int_equal(tk_comp[1].pid, 6);
}

/* The clock is a 32-bit serial number (contract sections 4-5): a wait that
 * straddles the wrap lasts its whole timeout, ticks after the wrap are accepted,
 * a tick behind the previous one (serially) is rejected, and expired waits
 * complete in serial deadline order, ties by wait order, on both sides. */
static void clock_wrap(void **state)
{
    char b[6][8];
    uint16_t h[6];
    uint32_t i;
    (void)state;
    tk_init("desktop");
    for (i = 1; i <= 5; i++) {
        hsx_mbx_task_start((uint16_t)i);
        h[i] = tk_open((uint16_t)i, "app:q", 0, HSX_MBX_STATUS_OK);
    }
    assert_int_equal(hsx_mbx_tick(0x7FFFFFFFu), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_tick(0xFFFFFF00u), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_recv(1, h[1], b[1], 8, 1000, NULL), HSX_MBX_BLOCKED); /* deadline 0x2E8 */
    tk_clear();
    assert_int_equal(hsx_mbx_tick(0xFFFFFFFFu), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_ncomp, 0); /* was: saturated deadline, 745 ms early */
    assert_int_equal(hsx_mbx_tick(0), HSX_MBX_STATUS_OK); /* was: INVALID_ARGUMENT */
    assert_int_equal(hsx_mbx_tick(0x2E7), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_ncomp, 0);
    assert_int_equal(hsx_mbx_tick(0x2E8), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_ncomp, 1);
    assert_int_equal(tk_comp[0].pid, 1);
    assert_int_equal(tk_comp[0].status, HSX_MBX_STATUS_TIMEOUT);
    /* behind, serially: numerically larger, or exactly half the clock ahead */
    assert_int_equal(hsx_mbx_tick(0xFFFFFFF0u), HSX_MBX_STATUS_INVALID_ARGUMENT);
    assert_int_equal(hsx_mbx_tick(0x2E8u + 0x80000000u), HSX_MBX_STATUS_INVALID_ARGUMENT);
    assert_int_equal(hsx_mbx_tick(0x2E8u + 0x7FFFFFFFu), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_tick(0xFFFFFFF0u), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_recv(1, h[1], b[1], 8, 10, NULL), HSX_MBX_BLOCKED); /* 0xFFFFFFFA */
    assert_int_equal(tk_recv(2, h[2], b[2], 8, 30, NULL), HSX_MBX_BLOCKED); /* 14 */
    assert_int_equal(hsx_mbx_tick(0xFFFFFFF5u), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_recv(3, h[3], b[3], 8, 5, NULL), HSX_MBX_BLOCKED);  /* 0xFFFFFFFA */
    assert_int_equal(tk_recv(4, h[4], b[4], 8, 25, NULL), HSX_MBX_BLOCKED); /* 14 */
    assert_int_equal(tk_recv(5, h[5], b[5], 8, 20, NULL), HSX_MBX_BLOCKED); /* 9 */
    tk_clear();
    assert_int_equal(hsx_mbx_tick(20), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_ncomp, 5);
    assert_int_equal(tk_comp[0].pid, 1);
    assert_int_equal(tk_comp[1].pid, 3);
    assert_int_equal(tk_comp[2].pid, 5);
    assert_int_equal(tk_comp[3].pid, 2);
    assert_int_equal(tk_comp[4].pid, 4);
}

/* A shrink below a blocked sender's message completes it with MSG_TOO_LARGE
 * (FIFO over every sender that can no longer fit); the others stay blocked and
 * the mailbox is not wedged (contract section 4, bind). */
static void shrink_fails_senders_too_large(void **state)
{
    uint8_t big[56];
    char buf[64];
    uint16_t h0, h1, h2, h3, n;
    (void)state;
    tk_init("desktop");
    hsx_mbx_task_start(1);
    hsx_mbx_task_start(2);
    hsx_mbx_task_start(3);
    h0 = tk_open(0, "app:q", 0, HSX_MBX_STATUS_OK);
    h1 = tk_open(1, "app:q", 0, HSX_MBX_STATUS_OK);
    h2 = tk_open(2, "app:q", 0, HSX_MBX_STATUS_OK);
    h3 = tk_open(3, "app:q", 0, HSX_MBX_STATUS_OK);
    memset(big, 'b', sizeof(big));
    assert_int_equal(hsx_mbx_send(0, h0, big, 30, 0, 0, 0, &n), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_send(1, h1, big, 20, 0, 0, HSX_MBX_TIMEOUT_INFINITE, &n), HSX_MBX_BLOCKED);
    assert_int_equal(hsx_mbx_send(2, h2, big, 50, 0, 0, 100, &n), HSX_MBX_BLOCKED);
    assert_int_equal(hsx_mbx_send(3, h3, big, 36, 0, 0, HSX_MBX_TIMEOUT_INFINITE, &n), HSX_MBX_BLOCKED);
    tk_clear();
    (void)tk_bind(0, "app:q", 40, 0, HSX_MBX_STATUS_OK);
    assert_int_equal(tk_ncomp, 2);
    assert_int_equal(tk_comp[0].pid, 2);
    assert_int_equal(tk_comp[0].kind, HSX_MBX_KIND_SEND);
    assert_int_equal(tk_comp[0].status, HSX_MBX_STATUS_MSG_TOO_LARGE);
    assert_int_equal(tk_comp[0].msg.length, 0);
    assert_int_equal(tk_comp[1].pid, 3);
    assert_int_equal(tk_comp[1].status, HSX_MBX_STATUS_MSG_TOO_LARGE);
    tk_clear();
    assert_int_equal(hsx_mbx_tick(100), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_ncomp, 0);
    assert_int_equal(tk_recv(0, h0, buf, 64, 0, NULL), HSX_MBX_STATUS_OK);
    assert_int_equal(tk_ncomp, 1);
    assert_int_equal(tk_comp[0].pid, 1);
    assert_int_equal(tk_comp[0].status, HSX_MBX_STATUS_OK);
    /* shrink below the one left: it fails, and a later send is not held back */
    assert_int_equal(tk_recv(0, h0, buf, 64, 0, NULL), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_send(0, h0, big, 20, 0, 0, 0, &n), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_send(2, h2, big, 10, 0, 0, HSX_MBX_TIMEOUT_INFINITE, &n), HSX_MBX_BLOCKED);
    tk_clear();
    (void)tk_bind(0, "app:q", 16, 0, HSX_MBX_STATUS_OK);
    assert_int_equal(tk_ncomp, 1);
    assert_int_equal(tk_comp[0].status, HSX_MBX_STATUS_MSG_TOO_LARGE);
    assert_int_equal(hsx_mbx_send(3, h3, big, 4, 0, 0, 0, &n), HSX_MBX_STATUS_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(recv_wake_and_timeout), cmocka_unit_test(blocked_sender_fifo),
                                       cmocka_unit_test(exit_cancels_and_stales),
                                       cmocka_unit_test(wait_order_survives_renumbering),
                                       cmocka_unit_test(clock_wrap),
                                       cmocka_unit_test(shrink_fails_senders_too_large)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Contract section 3: targets and namespaces. */
#include "tkit.h"

static void names_and_keys(void **state)
{
    hsx_mbx_desc_snapshot_t s;
    uint16_t d;
    (void)state;
    tk_init("desktop");
    assert_int_equal(hsx_mbx_task_start(1), HSX_MBX_STATUS_OK);
    /* task 1 got stdio 1..3 and pid:1 = 4 */
    assert_true(hsx_mbx_desc_snapshot(4, &s));
    assert_string_equal(s.name, "pid:1");
    assert_int_equal(s.ns, HSX_MBX_NS_PID);
    d = tk_bind(1, "svc:x", 0, 0, HSX_MBX_STATUS_OK);
    assert_int_equal(d, 5);
    assert_int_equal(tk_bind(1, "x", 0, 0, HSX_MBX_STATUS_OK), 5);      /* bare = svc, owner caller */
    assert_int_equal(tk_bind(0, "svc:x@1", 0, 0, HSX_MBX_STATUS_OK), 5); /* pid 0 may name it */
    assert_int_equal(tk_bind(1, "pid:001", 0, 0, HSX_MBX_STATUS_OK), 4); /* normalised */
    assert_int_equal(tk_bind(1, "app:y", 0, 0, HSX_MBX_STATUS_OK), 6);
    assert_true(hsx_mbx_desc_snapshot(6, &s));
    assert_int_equal(s.owner, -1);
    assert_string_equal(s.name, "y");
    assert_int_equal(tk_bind(1, "shared:z@1", 0, 0, HSX_MBX_STATUS_OK), 7);
    assert_true(hsx_mbx_desc_snapshot(7, &s));
    assert_int_equal(s.mode, 0x1B); /* RDWR|FANOUT|FANOUT_DROP */
    assert_int_equal(tk_bind(1, "foo:bar", 0, 0, HSX_MBX_STATUS_OK), 8);
    assert_true(hsx_mbx_desc_snapshot(8, &s));
    assert_string_equal(s.name, "foo:bar");
}

static void rejected(void **state)
{
    static const char *bad[] = {"", "svc:", "svc:@1", "svc:x@", "pid:abc", "svc:x@65536", "app:x@123456",
                                "0123456789012345678901234567890123", "a\tb", "svc:x@9"};
    size_t i;
    (void)state;
    tk_init("desktop");
    assert_int_equal(hsx_mbx_task_start(1), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_task_start(2), HSX_MBX_STATUS_OK);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        tk_bind(1, bad[i], 0, 0, HSX_MBX_STATUS_INVALID_ARGUMENT);
    }
    tk_bind(1, "svc:x@2", 0, 0, HSX_MBX_STATUS_PERMISSION_DENIED);
    tk_open(1, "y@2", 0, HSX_MBX_STATUS_PERMISSION_DENIED);
    tk_bind(7, "svc:x", 0, 0, HSX_MBX_STATUS_INVALID_ARGUMENT); /* no such pid */
    /* anyone may open pid:N, only N or 0 may receive */
    {
        uint16_t h = tk_open(2, "pid:1", 0, HSX_MBX_STATUS_OK);
        char buf[8];
        assert_int_equal(tk_recv(2, h, buf, 8, 0, NULL), HSX_MBX_STATUS_PERMISSION_DENIED);
        assert_int_equal(tk_send(2, h, "hi", 0), HSX_MBX_STATUS_OK);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(names_and_keys), cmocka_unit_test(rejected)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SVC dispatch of module 0x05 (docs/c-runtime.md register convention). */
#include "tkit.h"

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

static void open_send_recv_peek(void **state)
{
    static uint8_t mem[256];
    uint32_t r[6] = {0};
    hsx_mbx_completion_t c;
    (void)state;
    tk_init("desktop");
    hsx_mbx_task_start(1);
    memcpy(mem, "app:vm\0", 7);
    memcpy(mem + 16, "ping", 4);
    r[1] = 0;
    r[2] = 0;
    assert_int_equal(hsx_mbx_svc(1, HSX_MBX_FN_OPEN, r, mem, sizeof(mem)), HSX_MBX_STATUS_OK);
    assert_int_equal(r[0], 0);
    assert_int_equal(r[1], 4);
    r[1] = 4; r[2] = 16; r[3] = 4; r[4] = 0x3 | (9u << 16);
    assert_int_equal(hsx_mbx_svc(1, HSX_MBX_FN_SEND, r, mem, sizeof(mem)), HSX_MBX_STATUS_OK);
    assert_int_equal(r[1], 4);
    r[1] = 4;
    assert_int_equal(hsx_mbx_svc(1, HSX_MBX_FN_PEEK, r, mem, sizeof(mem)), HSX_MBX_STATUS_OK);
    assert_int_equal(r[1], 1);
    assert_int_equal(r[2], 12);
    assert_int_equal(r[3], 4);
    r[1] = 4; r[2] = 64; r[3] = 32; r[4] = 0; r[5] = 128;
    assert_int_equal(hsx_mbx_svc(1, HSX_MBX_FN_RECV, r, mem, sizeof(mem)), HSX_MBX_STATUS_OK);
    assert_memory_equal(mem + 64, "ping", 4);
    assert_int_equal(rd32(mem + 128), 0);
    assert_int_equal(rd32(mem + 132), 4);
    assert_int_equal(rd32(mem + 136), 3);
    assert_int_equal(rd32(mem + 140), 9);
    assert_int_equal(rd32(mem + 144), 1);
    /* blocking recv completes later through hsx_mbx_svc_complete */
    r[1] = 4; r[2] = 64; r[3] = 32; r[4] = 100; r[5] = 128;
    assert_int_equal(hsx_mbx_svc(1, HSX_MBX_FN_RECV, r, mem, sizeof(mem)), HSX_MBX_BLOCKED);
    tk_clear();
    hsx_mbx_tick(100);
    assert_int_equal(tk_ncomp, 1);
    c = tk_comp[0];
    hsx_mbx_svc_complete(&c, r, mem, sizeof(mem));
    assert_int_equal(r[0], HSX_MBX_STATUS_TIMEOUT);
    assert_int_equal(rd32(mem + 128), HSX_MBX_STATUS_TIMEOUT);
    /* bad pointers and fns */
    r[1] = 4; r[2] = 250; r[3] = 10;
    assert_int_equal(hsx_mbx_svc(1, HSX_MBX_FN_SEND, r, mem, sizeof(mem)), HSX_MBX_STATUS_INVALID_ARGUMENT);
    assert_int_equal(hsx_mbx_svc(1, 0x42, r, mem, sizeof(mem)), HSX_MBX_STATUS_INVALID_ARGUMENT);
    r[1] = 4;
    assert_int_equal(hsx_mbx_svc(1, HSX_MBX_FN_CLOSE, r, mem, sizeof(mem)), HSX_MBX_STATUS_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(open_send_recv_peek)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

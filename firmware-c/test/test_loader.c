/* .mailbox loader (hxe-mailbox-section.md): both encodings, all-or-nothing. */
#include "tkit.h"

static hsx_mbx_status_t load(uint16_t pid, const char *json, uint16_t *e, uint8_t *f)
{
    return hsx_mbx_load_section(pid, (const uint8_t *)json, (uint32_t)strlen(json), 0, e, f);
}

static void json_object_and_bindings(void **state)
{
    hsx_mbx_desc_snapshot_t s;
    hsx_mbx_stats_t st;
    uint16_t e;
    uint8_t f;
    (void)state;
    tk_init("desktop");
    hsx_mbx_task_start(1);
    hsx_mbx_task_start(2);
    assert_int_equal(load(1, "{\"version\": 1, \"mailboxes\": [\n"
                            " {\"target\": \"app:telemetry\", \"capacity\": 96, \"mode\": \"RDWR|FANOUT\",\n"
                            "  \"bindings\": [{\"pid\": 2}, {\"pid\": 0, \"flags\": 5}], \"reserved\": {\"x\": [1, \"]\"]}},\n"
                            " {\"target\": \"cmd\", \"mode_mask\": 3}]}\n\0\0",
                          &e, &f),
                     HSX_MBX_STATUS_OK);
    assert_true(hsx_mbx_desc_snapshot(9, &s));
    assert_string_equal(s.name, "telemetry");
    assert_int_equal(s.capacity, 96);
    assert_int_equal(s.mode, 0x1B);
    assert_int_equal(s.taps, 1);
    assert_true(hsx_mbx_desc_snapshot(10, &s));
    assert_string_equal(s.name, "cmd");
    assert_int_equal(s.owner, 1);
    hsx_mbx_stats(&st);
    assert_int_equal(st.tap_count, 1);
    assert_int_equal(st.handles_total, 3 + 3 + 2);
}

static void all_or_nothing(void **state)
{
    hsx_mbx_stats_t before, after;
    uint16_t e;
    uint8_t f;
    (void)state;
    tk_init("desktop");
    hsx_mbx_task_start(1);
    hsx_mbx_stats(&before);
    assert_int_equal(load(1, "[{\"target\": \"app:a\"}, {\"target\": \"app:a\"}]", &e, &f),
                     HSX_MBX_STATUS_INVALID_ARGUMENT);
    assert_int_equal(e, 1);
    assert_int_equal(f, HSX_MBX_LOADER_F_TARGET);
    assert_int_equal(load(1, "[{\"target\": \"app:a\"}, {\"target\": \"app:b\", \"mode\": \"RDWR|BOGUS\"}]", &e, &f),
                     HSX_MBX_STATUS_INVALID_ARGUMENT);
    assert_int_equal(f, HSX_MBX_LOADER_F_MODE);
    assert_int_equal(load(1, "[{\"target\": \"app:a\", \"capacity\": -1}]", &e, &f), HSX_MBX_STATUS_INVALID_ARGUMENT);
    assert_int_equal(f, HSX_MBX_LOADER_F_CAPACITY);
    assert_int_equal(load(1, "[{\"target\": \"app:a\", \"bindings\": [{\"pid\": 9}]}]", &e, &f),
                     HSX_MBX_STATUS_INVALID_ARGUMENT);
    assert_int_equal(f, HSX_MBX_LOADER_F_BINDING_PID);
    assert_int_equal(load(1, "[{\"target\": \"app:a\"", &e, &f), HSX_MBX_STATUS_INVALID_ARGUMENT);
    assert_int_equal(f, HSX_MBX_LOADER_F_SYNTAX);
    assert_int_equal(load(1, "[{\"target\": \"app:a\", \"capacity\": 300000}]", &e, &f),
                     HSX_MBX_STATUS_INVALID_ARGUMENT);
    hsx_mbx_stats(&after);
    assert_memory_equal(&before, &after, sizeof(before));
}

static void legacy_binary(void **state)
{
    /* two records then the string table: "app:x\0" at 32, "svc:y\0" at 38 */
    uint8_t sec[64];
    hsx_mbx_desc_snapshot_t s;
    uint16_t e;
    uint8_t f;
    (void)state;
    memset(sec, 0, sizeof(sec));
    sec[0] = 32;
    sec[4] = 32;      /* capacity 32 */
    sec[6] = 0x13;    /* FANOUT_DROP|RDWR, no FANOUT bit (original examples) */
    sec[16] = 38;
    sec[22] = 0x03;
    memcpy(&sec[32], "app:x\0svc:y\0", 12);
    tk_init("desktop");
    hsx_mbx_task_start(1);
    assert_int_equal(hsx_mbx_load_section(1, sec, 44, 2, &e, &f), HSX_MBX_STATUS_OK);
    assert_true(hsx_mbx_desc_snapshot(5, &s));
    assert_int_equal(s.mode, 0x1B);
    assert_int_equal(s.capacity, 32);
    assert_true(hsx_mbx_desc_snapshot(6, &s));
    assert_string_equal(s.name, "y");
    assert_int_equal(s.capacity, 64);
    sec[16] = 60; /* offset outside */
    assert_int_equal(hsx_mbx_load_section(1, sec, 44, 2, &e, &f), HSX_MBX_STATUS_INVALID_ARGUMENT);
    assert_int_equal(e, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(json_object_and_bindings), cmocka_unit_test(all_or_nothing),
                                       cmocka_unit_test(legacy_binary)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* A build with constant limits (config/host-embedded: the embedded profile, as in
 * libhsxmbx_host_embedded.so; or config/host-minimal with FIXED_FEATURES the minimal
 * ones, as in libhsxmbx_host_minimal.so) runs only its own profile: hsx_mbx_init and the host
 * shim's hsxh_init refuse any other with INVALID_ARGUMENT instead of ignoring it
 * (the shim sized its per-task buffers from the build and used to index them with
 * the profile's max_tasks: a buffer overflow). Built with AddressSanitizer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hsx_mbx.h"
#include "hsx_mbx_host.h"

#define ALL_FEATURES 0x1FF
#define NFIELDS 13 /* hsxh_init's arguments */

/* The features of the build's profile: all (Profile.EMBEDDED) unless the build says otherwise
 * (CMakeLists.txt: Features.MINIMAL's bits for Profile.MINIMAL). */
#ifndef FIXED_FEATURES
#define FIXED_FEATURES ALL_FEATURES
#endif

/* The build's profile in hsxh_init argument order (org.hsxmbx.model.Profile.EMBEDDED, or
 * Profile.MINIMAL: the same sizes with other features). */
static const int32_t k_embedded[NFIELDS] = {16, 4, 8, 64, 4096, 20, 16, 128, 4, 1, FIXED_FEATURES, 0,
                                            HSX_MBX_EVMASK_ALL};

static int init_with(const int32_t p[NFIELDS])
{
    return hsxh_init(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], (uint32_t)p[11], p[12]);
}

static hsx_mbx_limits_t limits_of(const int32_t p[NFIELDS])
{
    hsx_mbx_limits_t l;
    memset(&l, 0, sizeof(l));
    l.max_descriptors = (uint32_t)p[0];
    l.max_tasks = (uint32_t)p[1];
    l.handle_limit_per_pid = (uint32_t)p[2];
    l.default_capacity = (uint32_t)p[3];
    l.arena_bytes = (uint32_t)p[4];
    l.tap_rate_limit = (uint32_t)p[5];
    l.event_ring_size = (uint32_t)p[6];
    l.name_pool_bytes = (uint32_t)p[7];
    l.max_taps = (uint32_t)p[8];
    l.task_mailboxes = (uint8_t)p[9];
    l.features = (uint16_t)p[10];
    l.first_seq = (uint32_t)p[11];
    l.event_mask = (uint16_t)p[12];
    return l;
}

static void the_build_reports_its_fixed_profile(void **state)
{
    int32_t out[NFIELDS];
    (void)state;
    assert_int_equal(hsxh_fixed_profile(out), 1);
    assert_memory_equal(out, k_embedded, sizeof(out));
}

static void the_desktop_profile_is_refused_without_touching_memory(void **state)
{
    /* desktop (Profile.DESKTOP): 64 tasks where the build holds 4 */
    static const int32_t desktop[NFIELDS] = {256, 64, 64, 64, 262144, 0, 1024, 8192, 64, 1, ALL_FEATURES, 0,
                                             HSX_MBX_EVMASK_ALL};
    (void)state;
    assert_int_equal(init_with(desktop), HSX_MBX_STATUS_INVALID_ARGUMENT);
    /* and a custom profile with 8 tasks, everything else the build's */
    {
        int32_t p[NFIELDS];
        memcpy(p, k_embedded, sizeof(p));
        p[1] = 8;
        assert_int_equal(init_with(p), HSX_MBX_STATUS_INVALID_ARGUMENT);
    }
    /* the build's own profile still runs, and its buffers work */
    assert_int_equal(init_with(k_embedded), HSX_MBX_STATUS_OK);
    assert_int_equal(hsxh_task_start(1), HSX_MBX_STATUS_OK);
    assert_int_equal(hsxh_task_start(2), HSX_MBX_STATUS_OK);
}

/* Any field other than the build's is refused, smaller ones too: the build would
 * run its own value, not the one asked for. */
static void every_field_must_be_the_builds(void **state)
{
    int i;
    (void)state;
    for (i = 0; i < NFIELDS; i++) {
        int32_t p[NFIELDS];
        hsx_mbx_limits_t l;
        memcpy(p, k_embedded, sizeof(p));
        p[i] = (i == 9) ? 0 : (i == 10) ? (int32_t)(FIXED_FEATURES ^ HSX_MBX_FEAT_TAPS) : p[i] - 1;
        l = limits_of(p);
        assert_int_equal(hsx_mbx_init(&l), HSX_MBX_STATUS_INVALID_ARGUMENT);
        p[i] = (i == 9 || i == 10) ? k_embedded[i] : k_embedded[i] + 1;
        if (i == 9 || i == 10) {
            continue;
        }
        l = limits_of(p);
        assert_int_equal(hsx_mbx_init(&l), HSX_MBX_STATUS_INVALID_ARGUMENT);
    }
    {
        hsx_mbx_limits_t l = limits_of(k_embedded);
        assert_int_equal(hsx_mbx_init(&l), HSX_MBX_STATUS_OK);
    }
    assert_int_equal(hsx_mbx_init(NULL), HSX_MBX_STATUS_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(the_build_reports_its_fixed_profile),
                                       cmocka_unit_test(the_desktop_profile_is_refused_without_touching_memory),
                                       cmocka_unit_test(every_field_must_be_the_builds)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

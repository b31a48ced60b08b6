/* bench_host.c: host benchmark of the mailbox C runtime (boards-and-budgets.md goal
 * "host C, ns per pair (x86-64, -O2, direct calls) <= 40 ns"). Built and run by
 * scripts/bench-host.sh; a benchmark, not a test.
 *
 * The same workload as the emulator bench (boards/bench/bench_main.c):
 *   pair:   one 16-byte send + one recv on a single-reader mailbox
 *           ("app:bench", pid 0, one RDWR handle, POLL, no waiters);
 *   fanout: one 16-byte send + 4 recvs on a FANOUT|FANOUT_DROP mailbox
 *           ("shared:bench", one WRONLY handle, 4 RDONLY handles, POLL).
 * Each batch sends message i from pay[i] and receives it into rx[i]; after the batch
 * every received byte is compared with what was sent and summed into a printed
 * checksum, statuses are OR-ed and checked, so no work can be optimised away.
 * Time: clock_gettime(CLOCK_MONOTONIC) around BENCH_ROUNDS batches; the best of
 * BENCH_TRIES runs is printed (least disturbed by the rest of the machine).
 *
 * With the host library configuration (HSX_MBX_CFG_RUNTIME_LIMITS 1) the runtime is
 * initialised with the embedded profile's limits, as the JNA harness does. */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hsx_mbx.h"

#define MSG_LEN 16u
#define FAN_READERS 4u
#define BATCH 64u
#ifndef BENCH_ROUNDS
#define BENCH_ROUNDS 20000u /* batches per timed run */
#endif
#ifndef BENCH_TRIES
#define BENCH_TRIES 5u
#endif

#if HSX_MBX_CFG_RUNTIME_LIMITS
/* The host library's completion hook (hsx_mbx_host.c); nothing blocks here. */
void hsx_host_on_complete(const struct hsx_mbx_completion *c) { (void)c; }
#endif

static uint8_t pay[BATCH][MSG_LEN];
static uint8_t rx[BATCH][FAN_READERS][MSG_LEN];
static uint32_t checksum;
static int failed;

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void fill(uint32_t round)
{
    for (uint32_t i = 0; i < BATCH; i++) {
        for (uint32_t k = 0; k < MSG_LEN; k++) {
            pay[i][k] = (uint8_t)(round * 31u + i * 7u + k * 13u + 1u);
        }
    }
}

/* Checks and sums n readers' copies of every message of the batch. */
static void check(unsigned n)
{
    for (uint32_t i = 0; i < BATCH; i++) {
        for (unsigned r = 0; r < n; r++) {
            if (memcmp(rx[i][r], pay[i], MSG_LEN) != 0) {
                failed = 1;
            }
            for (uint32_t k = 0; k < MSG_LEN; k++) {
                checksum = checksum * 31u + rx[i][r][k];
            }
        }
    }
}

/* ns per send + `n` receives: n = 1 on h (pair), else on the readers r. */
static double run(uint16_t w, const uint16_t *r, unsigned n)
{
    double best = 0;
    hsx_mbx_msg_info_t info;
    uint16_t sent;
    for (unsigned t = 0; t < BENCH_TRIES; t++) {
        double ns = 0;
        for (uint32_t b = 0; b < BENCH_ROUNDS; b++) {
            uint8_t st = 0;
            double t0;
            fill(b + t);
            t0 = now_ns();
            for (uint32_t i = 0; i < BATCH; i++) {
                st |= hsx_mbx_send(0, w, pay[i], MSG_LEN, 0, 0, HSX_MBX_TIMEOUT_POLL, &sent);
                for (unsigned k = 0; k < n; k++) {
                    st |= hsx_mbx_recv(0, r[k], rx[i][k], MSG_LEN, HSX_MBX_TIMEOUT_POLL, &info);
                }
            }
            ns += now_ns() - t0;
            if (st != HSX_MBX_STATUS_OK || sent != MSG_LEN || info.length != MSG_LEN || info.flags != 0u) {
                failed = 1;
            }
            check(n);
        }
        ns /= (double)BENCH_ROUNDS * BATCH;
        if (t == 0 || ns < best) {
            best = ns;
        }
    }
    return best;
}

int main(void)
{
    uint16_t h = 0, w = 0, d = 0, r[FAN_READERS];
    int st = 0;
#if HSX_MBX_CFG_RUNTIME_LIMITS
    /* the embedded profile (org.hsxmbx.model.Profile.EMBEDDED) */
    hsx_mbx_limits_t lim = {16, 4, 8, 64, 4096, 20, 16, 128, 4, 1, 0};
    lim.features = HSX_MBX_FEAT_FANOUT | HSX_MBX_FEAT_TAPS | HSX_MBX_FEAT_EVENTS | HSX_MBX_FEAT_TIMEOUTS |
                   HSX_MBX_FEAT_STDIO | HSX_MBX_FEAT_LOADER;
    st |= hsx_mbx_init(&lim);
#else
    st |= hsx_mbx_init(NULL);
#endif
    st |= hsx_mbx_open(0, "app:bench", 9, 0, &h);
    st |= hsx_mbx_bind(0, "shared:bench", 12, 0, HSX_MBX_MODE_RDWR | HSX_MBX_MODE_FANOUT | HSX_MBX_MODE_FANOUT_DROP,
                       &d);
    st |= hsx_mbx_open(0, "shared:bench", 12, HSX_MBX_MODE_WRONLY, &w);
    for (unsigned k = 0; k < FAN_READERS; k++) {
        st |= hsx_mbx_open(0, "shared:bench", 12, HSX_MBX_MODE_RDONLY, &r[k]);
    }
    if (st != 0) {
        printf("FAIL setup status %d\n", st);
        return 1;
    }
    double pair = run(h, &h, 1);
    double fan = run(w, r, FAN_READERS);
    printf("bench pair ns_per_op=%.1f\n", pair);
    printf("bench fanout4 ns_per_op=%.1f\n", fan);
    printf("bench checksum=%lu\n", (unsigned long)checksum);
    if (failed) {
        printf("FAIL received bytes, lengths or statuses differ\n");
        return 1;
    }
    return 0;
}

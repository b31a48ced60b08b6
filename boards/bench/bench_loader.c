/* bench_loader.c: benchmark of the `.mailbox` loader (hsx_mbx_load_section), time per
 * entry. Built and run by scripts/bench-loader.sh; a benchmark, not a test.
 *
 * Workload: a JSON section {"version":1,"mailboxes":[{"target":"app:mNNNN"},...]} of n
 * entries (23 bytes each, all distinct, default capacity), loaded for task pid 1 right
 * after hsx_mbx_init + hsx_mbx_task_start(1). Every load's status, bad entry and bad
 * field are checked, and after a successful one the number of active descriptors, so
 * the work cannot be skipped and a wrong result fails the run:
 *   n <= free descriptors: OK, n new mailboxes;
 *   n >  free descriptors: NO_DESCRIPTOR at the first entry that does not fit (field
 *       target), after the codec has checked all n entries.
 * A second line per size ("codec") loads the same section with the metadata entry
 * count n + 1: the codec checks all n entries and rejects the count (INVALID_ARGUMENT,
 * field entry_count, the section as a whole), so it times the validation of the
 * section alone, without the service's lookups and creation.
 *
 * Timers:
 *   host: clock_gettime(CLOCK_MONOTONIC) around one load; best of BENCH_TRIES loads
 *         (the host config, boards/bench/loader-host, has 4096 descriptors: every size
 *         loads in full).
 *   AVR:  Timer1 (16 bit) around one load, with the smallest prescaler (8, 64, 256,
 *         1024) at which it does not overflow (TOV1 clear); cycles = ticks * prescaler,
 *         so the resolution is the prescaler. Interrupts stay masked in the loader's
 *         critical sections, so overflows cannot be counted: a load above 67M cycles
 *         (65536 * 1024) is reported as too long.
 * Output (parsed by the script):
 *   bench <load|codec> n=<entries> status=<st> unit=<ns|cycles> total=<t> per_entry_x100=<t*100/n>
 */
#if !defined(__AVR__)
#define _POSIX_C_SOURCE 199309L
#endif
#include <stdint.h>
#include <string.h>

#include "hsx_mbx.h"

#if defined(__AVR__)
#include <avr/io.h>

#include "hsx_console.h"
#ifndef BENCH_SIZES
#define BENCH_SIZES 8, 16, 64, 256
#endif
#define SEC_MAX (32u + 23u * 256u)
#define UNIT "cycles"
static void out_s(const char *s) { hsx_console_puts(s); }
static void out_u(uint32_t v) { hsx_console_putu(v); }
static void out_end(int failed) { hsx_console_exit(failed); }
static void out_u64(uint64_t v) { hsx_console_putu((uint32_t)v); } /* AVR totals are < 2^27 */
#else
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifndef BENCH_TRIES
#define BENCH_TRIES 5u
#endif
#define SEC_MAX (32u + 23u * 4096u)
#define UNIT "ns"
static void out_s(const char *s) { fputs(s, stdout); }
static void out_u(uint32_t v) { printf("%lu", (unsigned long)v); }
static void out_end(int failed) { fflush(stdout); exit(failed); }
static void out_u64(uint64_t v) { printf("%llu", (unsigned long long)v); }
#endif

static uint8_t sec[SEC_MAX];
static uint8_t failed;

static uint32_t put(uint32_t at, const char *s)
{
    while (*s != '\0') {
        sec[at++] = (uint8_t)*s++;
    }
    return at;
}

/* The section of n entries; returns its size. */
static uint32_t make(uint32_t n)
{
    uint32_t at = put(0, "{\"version\":1,\"mailboxes\":[");
    for (uint32_t i = 0; i < n; i++) {
        at = put(at, i == 0u ? "{\"target\":\"app:m" : ",{\"target\":\"app:m");
        sec[at++] = (uint8_t)('0' + (i / 1000u) % 10u);
        sec[at++] = (uint8_t)('0' + (i / 100u) % 10u);
        sec[at++] = (uint8_t)('0' + (i / 10u) % 10u);
        sec[at++] = (uint8_t)('0' + i % 10u);
        at = put(at, "\"}");
    }
    return put(at, "]}");
}

static void fail(const char *what, uint32_t v)
{
    failed = 1;
    out_s("FAIL ");
    out_s(what);
    out_s(" ");
    out_u(v);
    out_s("\n");
}

/* Checks the outcome of the last load (of n entries, metadata count cnt) against what
 * it must give. */
static void check(uint32_t n, uint32_t cnt, hsx_mbx_status_t st, uint16_t be, uint8_t bf, uint32_t free_before)
{
    hsx_mbx_stats_t s;
    (void)hsx_mbx_stats(&s);
    if (cnt != n) {
        if (st != HSX_MBX_STATUS_INVALID_ARGUMENT || be != 0xFFFFu || bf != HSX_MBX_LOADER_F_ENTRY_COUNT ||
            s.free_descriptors != free_before) {
            fail("codec status (expected INVALID_ARGUMENT entry_count)", st);
        }
    } else if (n <= free_before) {
        if (st != HSX_MBX_STATUS_OK || s.free_descriptors != free_before - n) {
            fail("load status", st);
        }
    } else if (st != HSX_MBX_STATUS_NO_DESCRIPTOR || s.free_descriptors != free_before) {
        fail("load status (expected NO_DESCRIPTOR)", st);
    }
}

static uint32_t free_after_start(void)
{
    hsx_mbx_stats_t s;
    (void)hsx_mbx_init(NULL);
    (void)hsx_mbx_task_start(1);
    (void)hsx_mbx_stats(&s);
    return s.free_descriptors;
}

static void report(const char *what, uint32_t n, hsx_mbx_status_t st, uint64_t total)
{
    out_s("bench ");
    out_s(what);
    out_s(" n=");
    out_u(n);
    out_s(" status=");
    out_u(st);
    out_s(" unit=" UNIT " total=");
    out_u64(total);
    out_s(" per_entry_x100=");
    out_u64((total * 100u + n / 2u) / n);
    out_s("\n");
}

#if defined(__AVR__)
static const uint8_t k_cs[] = {_BV(CS11), _BV(CS11) | _BV(CS10), _BV(CS12), _BV(CS12) | _BV(CS10)};
static const uint16_t k_div[] = {8, 64, 256, 1024};

static void bench(uint32_t n, uint32_t cnt)
{
    uint32_t len = make(n), fr = free_after_start();
    for (uint8_t k = 0; k < sizeof(k_div) / sizeof(k_div[0]); k++) {
        hsx_mbx_status_t st;
        uint16_t t, be = 0;
        uint8_t bf = 0;
        (void)hsx_mbx_init(NULL);
        (void)hsx_mbx_task_start(1);
        {
            TCCR1A = 0;
            TCCR1B = 0;
            TIFR1 = _BV(TOV1);
            TCNT1 = 0;
            TCCR1B = k_cs[k];
            st = hsx_mbx_load_section(1, sec, len, cnt, &be, &bf);
            t = TCNT1;
            TCCR1B = 0;
        }
        if (TIFR1 & _BV(TOV1)) {
            continue; /* overflowed: a larger prescaler */
        }
        check(n, cnt, st, be, bf, fr);
        report(cnt == n ? "load" : "codec", n, st, (uint32_t)t * k_div[k]);
        return;
    }
    fail("load longer than 67M cycles, n", n);
}

int main(void)
{
    static const uint16_t sizes[] = {BENCH_SIZES};
    hsx_console_init();
    hsx_console_puts("hsxmbx loader bench: cycles per entry, JSON, pid 1\n");
    for (uint8_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        bench(sizes[i], sizes[i]);
        bench(sizes[i], sizes[i] + 1u);
    }
    out_end(failed ? 1 : 0);
    return 0;
}
#else
static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void bench(uint32_t n, uint32_t cnt)
{
    uint32_t len = make(n), fr = free_after_start();
    double best = 0;
    hsx_mbx_status_t st = HSX_MBX_STATUS_OK;
    for (unsigned t = 0; t < BENCH_TRIES; t++) {
        uint16_t be = 0;
        uint8_t bf = 0;
        double t0;
        (void)hsx_mbx_init(NULL);
        (void)hsx_mbx_task_start(1);
        t0 = now_ns();
        st = hsx_mbx_load_section(1, sec, len, cnt, &be, &bf);
        t0 = now_ns() - t0;
        check(n, cnt, st, be, bf, fr);
        if (t == 0 || t0 < best) {
            best = t0;
        }
    }
    report(cnt == n ? "load" : "codec", n, st, (uint64_t)(best + 0.5));
}

/* Sizes from the command line (default 16 256 4096). */
int main(int argc, char **argv)
{
    static const uint32_t dflt[] = {16, 256, 4096};
    for (int i = 0; argc < 2 && i < 3; i++) {
        bench(dflt[i], dflt[i]);
        bench(dflt[i], dflt[i] + 1u);
    }
    for (int i = 1; i < argc; i++) {
        uint32_t n = (uint32_t)strtoul(argv[i], NULL, 10);
        if (n < 1u || n > 4096u) {
            fail("size must be 1..4096, got", n);
            break;
        }
        bench(n, n);
        bench(n, n + 1u);
    }
    out_end(failed ? 1 : 0);
    return 0;
}
#endif

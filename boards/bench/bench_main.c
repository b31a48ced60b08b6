/* bench_main.c: emulator benchmark of the mailbox C runtime (docs/performance.md).
 * Built and run by `./hsxmbx bench` (harness BenchCommand) for the builds
 *   all:            all features, every send and recv recorded as an event;
 *   all-events-off: the same configuration, hsx_mbx_event_mask(0, 0) at start
 *                   (BENCH_EVENTS_OFF=1);
 *   minimal:        the minimal features (no fan-out: no fanout4 figure).
 *
 * Measures, in steady state, with the generated configuration of a profile:
 *   pair:   one 16-byte send + one recv on a single-reader mailbox
 *           ("app:bench", pid 0, one RDWR handle, POLL, no waiters);
 *   fanout: one 16-byte send + 4 recvs on a FANOUT|FANOUT_DROP mailbox
 *           ("shared:bench", one WRONLY handle, 4 RDONLY handles, POLL);
 *   open_close: pid 0 opens a second RDWR handle on the existing "app:bench" and closes it;
 *   wake:   pid 1 calls recv with HSX_MBX_TIMEOUT_INFINITE on "app:wake" (empty: it
 *           blocks, HSX_MBX_BLOCKED), then pid 0 sends one 16-byte message there, which
 *           completes that recv (copied into pid 1's buffer, HSX_MBX_ON_COMPLETE called):
 *           one operation = the blocking recv call + the waking send call.
 * Each timed batch sends BENCH_BATCH messages, message i from pay[i], and receives
 * them into rx[i] (rx[i][k] for fan-out reader k); afterwards every received byte,
 * length and status is checked and summed into a checksum, so the compiler cannot
 * drop the work and a wrong copy fails the run. The same loop with the calls
 * replaced by an empty asm statement using the same pointers is timed and subtracted.
 * Events are counted too (hsx_mbx_event_seq): with events on, a pair must emit 2
 * (SEND, RECV), a fan-out round 5, an open_close 0 and a wake 3 (WAIT, SEND, WAKE);
 * with events off (mask 0 or the feature compiled out) no bench may emit any.
 *
 * Timers:
 *   AVR:      Timer1, prescaler 1 (CPU cycles): TCNT1 = 0, run the batch, read TCNT1,
 *             TOV1 must still be clear (a batch must stay below 65536 cycles).
 *   Cortex-M: SysTick on the processor clock, counting down from 0xFFFFFF; under
 *             QEMU -icount shift=0 one instruction is 1 ns and the 25 MHz clock
 *             ticks every 40 ns, so instructions = ticks * BENCH_NS_PER_TICK.
 *             COUNTFLAG must stay clear (no wrap).
 * Output lines (parsed by BenchCommand; a FAIL line or no "hsx-exit 0" fails the bench):
 *   bench <name> n=<ops> total=<t> empty=<e> net=<t-e> <unit>_per_op_x100=<100*net/n>
 *   bench events <name> n=<ops> count=<events emitted during the bench, warm-up included>
 */
#include <stdint.h>
#include <string.h>

#include "hsx_console.h"
#include "bench_hooks.h"
#include "hsx_mbx.h"

#define MSG_LEN 16u
#define FAN_READERS 4u

/* scripts/bench-profile.sh builds with BENCH_PROFILE=1: the timer functions then stay calls,
 * so that its instruction trace sees where each timed batch starts and ends. The bench
 * proper (BENCH_PROFILE unset) lets the compiler inline them, as the anchors' copy does. */
#if defined(BENCH_PROFILE) && BENCH_PROFILE
#define BENCH_TIMER_FN __attribute__((noinline))
#else
#define BENCH_TIMER_FN
#endif

#if defined(__AVR__)
#include <avr/io.h>
#ifndef BENCH_BATCH
#define BENCH_BATCH 8u    /* pairs per timed batch: must stay below 65536 cycles */
#endif
#ifndef BENCH_FBATCH
#define BENCH_FBATCH 2u   /* fan-out rounds per batch: likewise */
#endif
#ifndef BENCH_OBATCH
#define BENCH_OBATCH 4u   /* open + close per batch: likewise */
#endif
#ifndef BENCH_WBATCH
#define BENCH_WBATCH 4u   /* blocked recv + waking send per batch: likewise */
#endif
#ifndef BENCH_REPEAT
#define BENCH_REPEAT 32u
#endif
#define BENCH_UNIT "cycles"
typedef uint16_t stamp_t;

static BENCH_TIMER_FN void timer_start(void)
{
    TCCR1A = 0;
    TCCR1B = 0;
    TIFR1 = _BV(TOV1);   /* clear a pending overflow */
    TCNT1 = 0;
    TCCR1B = _BV(CS10);  /* prescaler 1 */
}

/* Elapsed cycles; *bad set when the counter overflowed. */
static BENCH_TIMER_FN uint32_t timer_stop(uint8_t *bad)
{
    uint16_t t = TCNT1;
    TCCR1B = 0;
    if (TIFR1 & _BV(TOV1)) {
        *bad = 1;
    }
    return t;
}
#elif defined(__ARM_ARCH)
#ifndef BENCH_BATCH
#define BENCH_BATCH 64u
#endif
#ifndef BENCH_FBATCH
#define BENCH_FBATCH 32u
#endif
#ifndef BENCH_OBATCH
#define BENCH_OBATCH 32u
#endif
#ifndef BENCH_WBATCH
#define BENCH_WBATCH 32u
#endif
#ifndef BENCH_REPEAT
#define BENCH_REPEAT 8u
#endif
#define BENCH_UNIT "instructions"
#ifndef HSX_CLOCK_HZ
#error "HSX_CLOCK_HZ must be set by the board toolchain"
#endif
/* Nanoseconds per SysTick tick = instructions per tick under -icount shift=0. */
#define BENCH_NS_PER_TICK (1000000000UL / HSX_CLOCK_HZ)
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

static BENCH_TIMER_FN void timer_start(void)
{
    SYST_CSR = 0;
    SYST_RVR = 0x00FFFFFFu;
    SYST_CVR = 0;            /* any write clears it and COUNTFLAG */
    SYST_CSR = (1u << 2) | 1u; /* CLKSOURCE = processor clock, ENABLE, no interrupt */
    while (SYST_CVR == 0u) {
        /* the first tick loads RVR: start on a tick boundary */
    }
    (void)SYST_CSR; /* reading clears COUNTFLAG */
}

static BENCH_TIMER_FN uint32_t timer_stop(uint8_t *bad)
{
    uint32_t v = SYST_CVR;
    uint32_t csr = SYST_CSR;
    SYST_CSR = 0;
    if (csr & (1u << 16)) { /* COUNTFLAG: wrapped */
        *bad = 1;
    }
    return (0x00FFFFFFu - v) * BENCH_NS_PER_TICK;
}
#else
#error "bench_main.c: AVR or Cortex-M only"
#endif

#if BENCH_FBATCH > BENCH_BATCH
#error "BENCH_FBATCH must not exceed BENCH_BATCH (fan-out rounds send pay[i])"
#endif
#if BENCH_WBATCH > BENCH_BATCH || BENCH_OBATCH > BENCH_BATCH
#error "BENCH_WBATCH and BENCH_OBATCH must not exceed BENCH_BATCH"
#endif
#ifndef BENCH_EVENTS_OFF
#define BENCH_EVENTS_OFF 0
#endif
/* Events each send and each recv emits in this build. */
#define BENCH_EVENTS_ON (HSX_MBX_CFG_EVENTS && !BENCH_EVENTS_OFF)

static uint8_t pay[BENCH_BATCH][MSG_LEN];
static uint8_t rx[BENCH_BATCH][MSG_LEN];
#if HSX_MBX_CFG_FANOUT
static uint8_t frx[BENCH_FBATCH][FAN_READERS][MSG_LEN];
static hsx_mbx_msg_info_t infos[FAN_READERS];
#endif
static uint16_t oh[BENCH_OBATCH];

/* Completions of the wake bench, counted and checked by the hook (bench_hooks.h). */
static uint16_t woken;
static uint8_t wake_bad;
static uint16_t wake_handle;

static uint8_t failed;
static uint32_t checksum;

static void fail(const char *what, uint32_t v)
{
    failed = 1;
    hsx_console_puts("FAIL ");
    hsx_console_puts(what);
    hsx_console_puts(" ");
    hsx_console_putu(v);
    hsx_console_putc('\n');
}

/* Payloads differ per batch and per message. */
static void fill_payloads(uint16_t batch)
{
    for (uint16_t i = 0; i < BENCH_BATCH; i++) {
        for (uint8_t k = 0; k < MSG_LEN; k++) {
            pay[i][k] = (uint8_t)(batch * 31u + i * 7u + k * 13u + 1u);
        }
    }
    memset(rx, 0, sizeof rx);
#if HSX_MBX_CFG_FANOUT
    memset(frx, 0, sizeof frx);
#endif
}

static void check_rx(const uint8_t *got, const uint8_t *want, const char *what)
{
    if (memcmp(got, want, MSG_LEN) != 0) {
        fail(what, got[0]);
    }
    for (uint8_t k = 0; k < MSG_LEN; k++) {
        checksum = checksum * 31u + got[k];
    }
}

/* Prints "bench <name> n=<n> total=<t> empty=<e> net=<t-e> per_x100=<100*(t-e)/n>". */
static void report(const char *name, uint32_t n, uint32_t total, uint32_t empty)
{
    uint32_t net = total - empty;
    hsx_console_puts("bench ");
    hsx_console_puts(name);
    hsx_console_puts(" n=");
    hsx_console_putu(n);
    hsx_console_puts(" total=");
    hsx_console_putu(total);
    hsx_console_puts(" empty=");
    hsx_console_putu(empty);
    hsx_console_puts(" net=");
    hsx_console_putu(net);
    hsx_console_puts(" " BENCH_UNIT "_per_op_x100=");
    hsx_console_putu((net * 100u + n / 2u) / n); /* net < 40M: no overflow */
    hsx_console_putc('\n');
}

/* Prints "bench events <name> n=<ops> count=<emitted since seq0>"; fails unless the count
 * is want when events are on, 0 when they are off. */
static void events_since(const char *name, uint32_t ops, uint32_t seq0, uint32_t want)
{
    uint32_t count = hsx_mbx_event_seq() - seq0;
    hsx_console_puts("bench events ");
    hsx_console_puts(name);
    hsx_console_puts(" n=");
    hsx_console_putu(ops);
    hsx_console_puts(" count=");
    hsx_console_putu(count);
    hsx_console_putc('\n');
    if (!BENCH_EVENTS_ON) {
        want = 0;
    }
    if (count != want) {
        fail("event count", count);
    }
}

#define EMPTY_BODY(p, q) __asm__ volatile("" : : "r"(p), "r"(q) : "memory")

static void bench_pairs(uint16_t h)
{
    uint32_t total = 0, empty = 0;
    uint8_t ovf = 0;
    uint16_t sent = 0;
    hsx_mbx_msg_info_t info;
    uint32_t seq0 = hsx_mbx_event_seq();

    /* Warm-up: move the ring off its start and through a wrap. */
    fill_payloads(0);
    for (uint16_t i = 0; i < 8u; i++) {
        hsx_mbx_send(0, h, pay[i], MSG_LEN, 0, 0, HSX_MBX_TIMEOUT_POLL, &sent);
        hsx_mbx_recv(0, h, rx[i], MSG_LEN, HSX_MBX_TIMEOUT_POLL, &info);
    }

    for (uint16_t b = 0; b < BENCH_REPEAT; b++) {
        uint8_t st = 0;
        fill_payloads(b + 1u);
        timer_start();
        for (uint16_t i = 0; i < BENCH_BATCH; i++) {
            st |= hsx_mbx_send(0, h, pay[i], MSG_LEN, 0, 0, HSX_MBX_TIMEOUT_POLL, &sent);
            st |= hsx_mbx_recv(0, h, rx[i], MSG_LEN, HSX_MBX_TIMEOUT_POLL, &info);
        }
        total += timer_stop(&ovf);
        if (st != HSX_MBX_STATUS_OK) {
            fail("pair status", st);
        }
        if (sent != MSG_LEN || info.length != MSG_LEN) {
            fail("pair length", info.length);
        }
        for (uint16_t i = 0; i < BENCH_BATCH; i++) {
            check_rx(rx[i], pay[i], "pair payload");
        }

        timer_start();
        for (uint16_t i = 0; i < BENCH_BATCH; i++) {
            EMPTY_BODY(pay[i], rx[i]);
        }
        empty += timer_stop(&ovf);
    }
    if (ovf) {
        fail("pair timer overflow", 1);
    }
    report("pair", (uint32_t)BENCH_BATCH * BENCH_REPEAT, total, empty);
    /* every send and every recv is one event: 2 per pair, warm-up included */
    events_since("pair", (uint32_t)BENCH_BATCH * BENCH_REPEAT, seq0, 2u * (8u + BENCH_BATCH * BENCH_REPEAT));
}

#if HSX_MBX_CFG_FANOUT
static void bench_fanout(uint16_t w, const uint16_t r[FAN_READERS])
{
    uint32_t total = 0, empty = 0;
    uint8_t ovf = 0;
    uint16_t sent = 0;
    uint32_t seq0 = hsx_mbx_event_seq();

    fill_payloads(100);
    for (uint16_t i = 0; i < 8u; i++) {
        hsx_mbx_send(0, w, pay[i], MSG_LEN, 0, 0, HSX_MBX_TIMEOUT_POLL, &sent);
        for (uint8_t k = 0; k < FAN_READERS; k++) {
            hsx_mbx_recv(0, r[k], frx[0][k], MSG_LEN, HSX_MBX_TIMEOUT_POLL, &infos[k]);
        }
    }

    for (uint16_t b = 0; b < BENCH_REPEAT; b++) {
        uint8_t st = 0;
        fill_payloads(b + 200u);
        timer_start();
        for (uint16_t i = 0; i < BENCH_FBATCH; i++) {
            st |= hsx_mbx_send(0, w, pay[i], MSG_LEN, 0, 0, HSX_MBX_TIMEOUT_POLL, &sent);
            st |= hsx_mbx_recv(0, r[0], frx[i][0], MSG_LEN, HSX_MBX_TIMEOUT_POLL, &infos[0]);
            st |= hsx_mbx_recv(0, r[1], frx[i][1], MSG_LEN, HSX_MBX_TIMEOUT_POLL, &infos[1]);
            st |= hsx_mbx_recv(0, r[2], frx[i][2], MSG_LEN, HSX_MBX_TIMEOUT_POLL, &infos[2]);
            st |= hsx_mbx_recv(0, r[3], frx[i][3], MSG_LEN, HSX_MBX_TIMEOUT_POLL, &infos[3]);
        }
        total += timer_stop(&ovf);
        if (st != HSX_MBX_STATUS_OK) {
            fail("fanout status", st);
        }
        for (uint8_t k = 0; k < FAN_READERS; k++) {
            if (infos[k].length != MSG_LEN || infos[k].flags != 0) {
                fail("fanout length/flags", infos[k].flags);
            }
        }
        for (uint16_t i = 0; i < BENCH_FBATCH; i++) {
            for (uint8_t k = 0; k < FAN_READERS; k++) {
                check_rx(frx[i][k], pay[i], "fanout payload");
            }
        }

        timer_start();
        for (uint16_t i = 0; i < BENCH_FBATCH; i++) {
            EMPTY_BODY(pay[i], frx[i]);
        }
        empty += timer_stop(&ovf);
    }
    if (ovf) {
        fail("fanout timer overflow", 1);
    }
    report("fanout4", (uint32_t)BENCH_FBATCH * BENCH_REPEAT, total, empty);
    /* 1 send + 4 recvs: 5 events per round */
    events_since("fanout4", (uint32_t)BENCH_FBATCH * BENCH_REPEAT, seq0,
                 5u * (8u + BENCH_FBATCH * BENCH_REPEAT));
}
#endif

static void bench_open_close(uint16_t h)
{
    uint32_t total = 0, empty = 0;
    uint8_t ovf = 0;
    uint32_t seq0 = hsx_mbx_event_seq();
    static const char name[] = "app:bench";

    for (uint16_t i = 0; i < 8u; i++) {
        hsx_mbx_open(0, name, 9, 0, &oh[0]);
        hsx_mbx_close(0, oh[0]);
    }

    for (uint16_t b = 0; b < BENCH_REPEAT; b++) {
        uint8_t st = 0;
        memset(oh, 0, sizeof oh);
        timer_start();
        for (uint16_t i = 0; i < BENCH_OBATCH; i++) {
            st |= hsx_mbx_open(0, name, 9, 0, &oh[i]);
            st |= hsx_mbx_close(0, oh[i]);
        }
        total += timer_stop(&ovf);
        if (st != HSX_MBX_STATUS_OK) {
            fail("open_close status", st);
        }
        for (uint16_t i = 0; i < BENCH_OBATCH; i++) {
            /* a new id each time (ids are not reused before the 16-bit counter wraps) */
            if (oh[i] == 0u || oh[i] == h || (i > 0u && oh[i] == oh[i - 1u])) {
                fail("open_close handle", oh[i]);
            }
            checksum = checksum * 31u + oh[i];
        }

        timer_start();
        for (uint16_t i = 0; i < BENCH_OBATCH; i++) {
            EMPTY_BODY(name, &oh[i]);
        }
        empty += timer_stop(&ovf);
    }
    if (ovf) {
        fail("open_close timer overflow", 1);
    }
    report("open_close", (uint32_t)BENCH_OBATCH * BENCH_REPEAT, total, empty);
    /* open and close emit no event */
    events_since("open_close", (uint32_t)BENCH_OBATCH * BENCH_REPEAT, seq0, 0);
}

/* HSX_MBX_ON_COMPLETE (bench_hooks.h): the executive's side of a wake, here a count and
 * a check of what the runtime reports for pid 1's recv. */
void bench_on_complete(const hsx_mbx_completion_t *c)
{
    wake_bad |= (uint8_t)((c->pid != 1u) | (c->handle != wake_handle) | (c->kind != HSX_MBX_KIND_RECV) |
                          (c->status != HSX_MBX_STATUS_OK) | (c->msg.length != MSG_LEN) |
                          (c->msg.src_pid != 0u) | (c->buf != rx[woken]));
    woken++;
}

/* wr: pid 1's RDONLY handle on "app:wake", ww: pid 0's WRONLY handle on it. */
static void bench_wake(uint16_t wr, uint16_t ww)
{
    uint32_t total = 0, empty = 0;
    uint8_t ovf = 0;
    uint16_t sent = 0;
    hsx_mbx_msg_info_t info;
    uint32_t seq0 = hsx_mbx_event_seq();

    wake_handle = wr;
    fill_payloads(300);
    for (uint16_t i = 0; i < 8u; i++) {
        woken = 0;
        hsx_mbx_recv(1, wr, rx[0], MSG_LEN, HSX_MBX_TIMEOUT_INFINITE, &info);
        hsx_mbx_send(0, ww, pay[i], MSG_LEN, 0, 0, HSX_MBX_TIMEOUT_POLL, &sent);
    }

    for (uint16_t b = 0; b < BENCH_REPEAT; b++) {
        uint8_t blocked = 0, st = 0;
        fill_payloads(b + 400u);
        woken = 0;
        wake_bad = 0;
        timer_start();
        for (uint16_t i = 0; i < BENCH_WBATCH; i++) {
            blocked |= (uint8_t)(hsx_mbx_recv(1, wr, rx[i], MSG_LEN, HSX_MBX_TIMEOUT_INFINITE, &info) ^
                                 HSX_MBX_BLOCKED);
            st |= hsx_mbx_send(0, ww, pay[i], MSG_LEN, 0, 0, HSX_MBX_TIMEOUT_POLL, &sent);
        }
        total += timer_stop(&ovf);
        if (blocked != 0u) {
            fail("wake recv did not block", blocked);
        }
        if (st != HSX_MBX_STATUS_OK || sent != MSG_LEN) {
            fail("wake send status", st);
        }
        if (woken != BENCH_WBATCH || wake_bad) {
            fail("wake completions", woken);
        }
        for (uint16_t i = 0; i < BENCH_WBATCH; i++) {
            check_rx(rx[i], pay[i], "wake payload");
        }

        timer_start();
        for (uint16_t i = 0; i < BENCH_WBATCH; i++) {
            EMPTY_BODY(pay[i], rx[i]);
        }
        empty += timer_stop(&ovf);
    }
    if (ovf) {
        fail("wake timer overflow", 1);
    }
    report("wake", (uint32_t)BENCH_WBATCH * BENCH_REPEAT, total, empty);
    /* the blocking recv emits WAIT, the send SEND and the completion WAKE (no RECV) */
    events_since("wake", (uint32_t)BENCH_WBATCH * BENCH_REPEAT, seq0, 3u * (8u + BENCH_WBATCH * BENCH_REPEAT));
}

/* Calibration: a loop of known cost, 1000 iterations (AVR: sbiw + brne = 4 cycles;
 * Cortex-M: subs + bne = 2 instructions), so the timer itself is checked. */
static void calibrate(void)
{
    uint8_t ovf = 0;
    uint32_t t;
#if defined(__AVR__)
    uint16_t n = 1000;
    timer_start();
    __asm__ volatile("1: sbiw %0, 1\n\tbrne 1b" : "+w"(n));
    t = timer_stop(&ovf);
    report("calibrate_4x1000", 1, t, 0);
#else
    uint32_t n = 1000;
    timer_start();
    __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n) : : "cc");
    t = timer_stop(&ovf);
    report("calibrate_2x1000", 1, t, 0);
#endif
    if (ovf) {
        fail("calibrate timer overflow", 1);
    }
}

/* pid 1 and the "app:wake" mailbox, after the other benches so that they run with the
 * same tasks and descriptors as before the wake bench existed. */
static void setup_wake(uint16_t *wr, uint16_t *ww)
{
    hsx_mbx_status_t st = hsx_mbx_task_start(1);
    if (st != HSX_MBX_STATUS_OK) {
        fail("task_start 1", st);
    }
    st = hsx_mbx_open(1, "app:wake", 8, HSX_MBX_MODE_RDONLY, wr);
    if (st != HSX_MBX_STATUS_OK) {
        fail("open app:wake reader", st);
    }
    st = hsx_mbx_open(0, "app:wake", 8, HSX_MBX_MODE_WRONLY, ww);
    if (st != HSX_MBX_STATUS_OK) {
        fail("open app:wake writer", st);
    }
}

int main(void)
{
    hsx_mbx_status_t st;
    uint16_t h = 0, wr = 0, ww = 0;
#if HSX_MBX_CFG_FANOUT
    uint16_t w = 0, desc = 0;
    uint16_t r[FAN_READERS];
#endif

    hsx_console_init();
    hsx_console_puts("hsxmbx bench: " BENCH_UNIT ", 16-byte messages, POLL, pid 0\n");
    st = hsx_mbx_init(NULL);
    if (st != HSX_MBX_STATUS_OK) {
        fail("init", st);
    }
#if BENCH_EVENTS_OFF
    st = hsx_mbx_event_mask(0, 0);
    if (st != HSX_MBX_STATUS_OK) {
        fail("event_mask 0", st);
    }
#endif
    /* which firmware this is, checked by BenchCommand against the build it asked for */
    hsx_console_puts("bench build fanout=");
    hsx_console_putu(HSX_MBX_CFG_FANOUT);
    hsx_console_puts(" events=");
    hsx_console_putu(HSX_MBX_CFG_EVENTS);
    hsx_console_puts(" events_off=");
    hsx_console_putu(BENCH_EVENTS_OFF);
    hsx_console_putc('\n');
    st = hsx_mbx_open(0, "app:bench", 9, 0, &h);
    if (st != HSX_MBX_STATUS_OK) {
        fail("open app:bench", st);
    }
#if HSX_MBX_CFG_FANOUT
    st = hsx_mbx_bind(0, "shared:bench", 12, 0,
                      HSX_MBX_MODE_RDWR | HSX_MBX_MODE_FANOUT | HSX_MBX_MODE_FANOUT_DROP, &desc);
    if (st != HSX_MBX_STATUS_OK) {
        fail("bind shared:bench", st);
    }
    st = hsx_mbx_open(0, "shared:bench", 12, HSX_MBX_MODE_WRONLY, &w);
    if (st != HSX_MBX_STATUS_OK) {
        fail("open shared:bench writer", st);
    }
    for (uint8_t k = 0; k < FAN_READERS; k++) {
        st = hsx_mbx_open(0, "shared:bench", 12, HSX_MBX_MODE_RDONLY, &r[k]);
        if (st != HSX_MBX_STATUS_OK) {
            fail("open shared:bench reader", st);
        }
    }
#endif
    if (failed) {
        hsx_console_exit(1);
    }

    calibrate();
    bench_pairs(h);
#if HSX_MBX_CFG_FANOUT
    bench_fanout(w, r);
#endif
    bench_open_close(h);
    setup_wake(&wr, &ww);
    if (failed) {
        hsx_console_exit(1);
    }
    bench_wake(wr, ww);

    hsx_console_puts("bench checksum=");
    hsx_console_putu(checksum);
    hsx_console_putc('\n');
    hsx_console_exit(failed ? 1 : 0);
}

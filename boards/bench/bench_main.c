/* bench_main.c: emulator benchmark of the mailbox C runtime (docs/c-runtime.md,
 * "Speed on the emulators"). Built and run by scripts/bench-firmware.sh.
 *
 * Measures, in steady state, with the generated configuration of a profile:
 *   pair:   one 16-byte send + one recv on a single-reader mailbox
 *           ("app:bench", pid 0, one RDWR handle, POLL, no waiters);
 *   fanout: one 16-byte send + 4 recvs on a FANOUT|FANOUT_DROP mailbox
 *           ("shared:bench", one WRONLY handle, 4 RDONLY handles, POLL).
 * Each timed batch sends BENCH_BATCH messages, message i from pay[i], and receives
 * them into rx[i] (rx[i][k] for fan-out reader k); afterwards every received byte,
 * length and status is checked and summed into a checksum, so the compiler cannot
 * drop the work and a wrong copy fails the run. The same loop with the calls
 * replaced by an empty asm statement using the same pointers is timed and subtracted.
 *
 * Timers:
 *   AVR:      Timer1, prescaler 1 (CPU cycles): TCNT1 = 0, run the batch, read TCNT1,
 *             TOV1 must still be clear (a batch must stay below 65536 cycles).
 *   Cortex-M: SysTick on the processor clock, counting down from 0xFFFFFF; under
 *             QEMU -icount shift=0 one instruction is 1 ns and the 25 MHz clock
 *             ticks every 40 ns, so instructions = ticks * BENCH_NS_PER_TICK.
 *             COUNTFLAG must stay clear (no wrap).
 * Output lines (parsed by the script):
 *   bench <name> n=<messages> cycles=<total, net> per=<net per operation x100> ...
 */
#include <stdint.h>
#include <string.h>

#include "hsx_console.h"
#include "hsx_mbx.h"

#define MSG_LEN 16u
#define FAN_READERS 4u

#if defined(__AVR__)
#include <avr/io.h>
#ifndef BENCH_BATCH
#define BENCH_BATCH 8u    /* pairs per timed batch: must stay below 65536 cycles */
#endif
#ifndef BENCH_FBATCH
#define BENCH_FBATCH 2u   /* fan-out rounds per batch: likewise */
#endif
#ifndef BENCH_REPEAT
#define BENCH_REPEAT 32u
#endif
#define BENCH_UNIT "cycles"
typedef uint16_t stamp_t;

static void timer_start(void)
{
    TCCR1A = 0;
    TCCR1B = 0;
    TIFR1 = _BV(TOV1);   /* clear a pending overflow */
    TCNT1 = 0;
    TCCR1B = _BV(CS10);  /* prescaler 1 */
}

/* Elapsed cycles; *bad set when the counter overflowed. */
static uint32_t timer_stop(uint8_t *bad)
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

static void timer_start(void)
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

static uint32_t timer_stop(uint8_t *bad)
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

static uint8_t pay[BENCH_BATCH][MSG_LEN];
static uint8_t rx[BENCH_BATCH][MSG_LEN];
static uint8_t frx[BENCH_FBATCH][FAN_READERS][MSG_LEN];
static hsx_mbx_msg_info_t infos[FAN_READERS];

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
    memset(frx, 0, sizeof frx);
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

#define EMPTY_BODY(p, q) __asm__ volatile("" : : "r"(p), "r"(q) : "memory")

static void bench_pairs(uint16_t h)
{
    uint32_t total = 0, empty = 0;
    uint8_t ovf = 0;
    uint16_t sent = 0;
    hsx_mbx_msg_info_t info;

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
}

static void bench_fanout(uint16_t w, const uint16_t r[FAN_READERS])
{
    uint32_t total = 0, empty = 0;
    uint8_t ovf = 0;
    uint16_t sent = 0;

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

int main(void)
{
    hsx_mbx_status_t st;
    uint16_t h = 0, w = 0, desc = 0;
    uint16_t r[FAN_READERS];

    hsx_console_init();
    hsx_console_puts("hsxmbx bench: " BENCH_UNIT ", 16-byte messages, POLL, pid 0\n");
    st = hsx_mbx_init(NULL);
    if (st != HSX_MBX_STATUS_OK) {
        fail("init", st);
    }
    st = hsx_mbx_open(0, "app:bench", 9, 0, &h);
    if (st != HSX_MBX_STATUS_OK) {
        fail("open app:bench", st);
    }
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
    if (failed) {
        hsx_console_exit(1);
    }

    calibrate();
    bench_pairs(h);
    bench_fanout(w, r);

    hsx_console_puts("bench checksum=");
    hsx_console_putu(checksum);
    hsx_console_putc('\n');
    hsx_console_exit(failed ? 1 : 0);
}

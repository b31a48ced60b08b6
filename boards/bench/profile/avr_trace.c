/*
 * avr_trace: runs an AVR firmware in libsimavr (the library behind the simavr command the
 * bench uses, same version and core) and writes one binary record per executed instruction
 * to stdout: the instruction's byte address and the CPU cycles it took, both little-endian
 * uint32. scripts/bench_profile.py reads the stream and maps addresses to functions.
 *
 *   avr_trace MCU FREQ_HZ FIRMWARE.elf > trace.bin
 *
 * The firmware's UART lines go to stderr as simavr prints them. The exit status is 0 when
 * the firmware stopped (sleep with interrupts off, as hsx_console_exit does), 1 when it
 * crashed or could not be loaded.
 */
#include <simavr/sim_avr.h>
#include <simavr/sim_elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct record {
    uint32_t pc;
    uint32_t cycles;
};

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: avr_trace MCU FREQ_HZ FIRMWARE.elf\n");
        return 2;
    }
    /* libsimavr prints its own messages on stdout: the trace gets stdout's file, they get stderr */
    FILE *trace = fdopen(dup(1), "wb");
    if (trace == NULL || dup2(2, 1) < 0) {
        perror("avr_trace");
        return 1;
    }
    elf_firmware_t fw;
    memset(&fw, 0, sizeof fw);
    if (elf_read_firmware(argv[3], &fw) != 0) {
        fprintf(stderr, "avr_trace: cannot read %s\n", argv[3]);
        return 1;
    }
    avr_t *avr = avr_make_mcu_by_name(argv[1]);
    if (avr == NULL) {
        fprintf(stderr, "avr_trace: unknown MCU %s\n", argv[1]);
        return 1;
    }
    avr_init(avr);
    avr->frequency = (uint32_t)strtoul(argv[2], NULL, 10);
    avr->log = LOG_OUTPUT; /* the UART lines, as the simavr command shows them */
    avr_load_firmware(avr, &fw);

    /* Buffered: one fwrite per 4096 instructions keeps the tracer far cheaper than the reader. */
    static struct record buf[4096];
    size_t n = 0;
    int state = cpu_Running;
    while (state != cpu_Done && state != cpu_Crashed) {
        uint32_t pc = avr->pc;
        avr_cycle_count_t c0 = avr->cycle;
        state = avr_run(avr);
        if (avr->state == cpu_Sleeping && avr->pc == pc) {
            continue; /* sleeping: no instruction ran */
        }
        buf[n].pc = pc;
        buf[n].cycles = (uint32_t)(avr->cycle - c0);
        if (++n == sizeof buf / sizeof buf[0]) {
            fwrite(buf, sizeof buf[0], n, trace);
            n = 0;
        }
    }
    fwrite(buf, sizeof buf[0], n, trace);
    fclose(trace);
    return state == cpu_Done ? 0 : 1;
}

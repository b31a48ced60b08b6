/* semihosting.c: hsx_console over ARM semihosting (SYS_WRITE0, SYS_EXIT_EXTENDED).
 * QEMU needs -semihosting; on hardware a debugger must be attached
 * (openocd: "arm semihosting enable"), else the BKPT faults. Output is
 * line-buffered so each line costs one trap. */
#include <stdint.h>

#include "hsx_console.h"

#define SYS_WRITE0 0x04
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026U

static char line[81];
static uint8_t line_len;

static int semihost(int op, const void *arg)
{
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static void flush(void)
{
    if (line_len > 0U) {
        line[line_len] = '\0';
        (void)semihost(SYS_WRITE0, line);
        line_len = 0;
    }
}

void hsx_console_init(void)
{
    line_len = 0;
}

void hsx_console_putc(char c)
{
    line[line_len++] = c;
    if (c == '\n' || line_len == sizeof line - 1U) {
        flush();
    }
}

void hsx_console_exit(int status)
{
    static const uint32_t block_template[2] = {ADP_STOPPED_APPLICATION_EXIT, 0};
    uint32_t block[2] = {block_template[0], (uint32_t)status};

    hsx_console_puts("hsx-exit ");
    hsx_console_puti(status);
    hsx_console_putc('\n');
    flush();
    (void)semihost(SYS_EXIT_EXTENDED, block);
    for (;;) {
    }
}

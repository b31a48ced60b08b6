/* hsx_console.h: the console every board provides to firmware.
 *
 * AVR boards write to UART0 (simavr prints it); Cortex-M boards use ARM
 * semihosting (QEMU prints it on stderr, a debugger on real hardware).
 * hsx_console_exit() ends the run: on Cortex-M it is semihosting SYS_EXIT
 * with the status; on AVR it prints "hsx-exit N" and halts with cli + sleep,
 * which simavr treats as the end of the simulation.
 * See docs/boards.md. */
#ifndef HSX_CONSOLE_H
#define HSX_CONSOLE_H

#include <stdint.h>

void hsx_console_init(void);
void hsx_console_putc(char c);
void hsx_console_puts(const char *s);
/* Decimal, unsigned or signed. */
void hsx_console_putu(uint32_t v);
void hsx_console_puti(int32_t v);
/* Flushes pending output, prints "hsx-exit <status>" and stops the board. */
void hsx_console_exit(int status) __attribute__((noreturn));

#endif /* HSX_CONSOLE_H */

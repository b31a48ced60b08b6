/* hello.c: smallest firmware that proves a board end to end (compiler,
 * startup, console, emulator, clean exit). Expected console output:
 *   hello from <board>
 *   2 + 3 = 5
 *   hsx-exit 0 */
#include "hsx_console.h"

#ifndef HSX_BOARD_NAME
#error "HSX_BOARD_NAME must name the board"
#endif

int main(void)
{
    volatile int a = 2;
    volatile int b = 3;

    hsx_console_init();
    hsx_console_puts("hello from " HSX_BOARD_NAME "\n");
    hsx_console_puti(a);
    hsx_console_puts(" + ");
    hsx_console_puti(b);
    hsx_console_puts(" = ");
    hsx_console_puti(a + b);
    hsx_console_putc('\n');
    hsx_console_exit(0);
}

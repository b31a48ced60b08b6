/* hsx_console_fmt.c: number formatting shared by every board's console
 * (keeps printf and its flash cost out of the firmware). */
#include "hsx_console.h"

void hsx_console_puts(const char *s)
{
    while (*s != '\0') {
        hsx_console_putc(*s++);
    }
}

void hsx_console_putu(uint32_t v)
{
    char digits[10];
    uint8_t n = 0;

    do {
        digits[n++] = (char)('0' + (v % 10U));
        v /= 10U;
    } while (v != 0U);
    while (n > 0U) {
        hsx_console_putc(digits[--n]);
    }
}

void hsx_console_puti(int32_t v)
{
    if (v < 0) {
        hsx_console_putc('-');
        hsx_console_putu((uint32_t)0 - (uint32_t)v);
    } else {
        hsx_console_putu((uint32_t)v);
    }
}

/* console_uart0.c: hsx_console on the USART0 of classic AVR parts
 * (ATmega164/324/644/1284, ATmega328, ...), 38400 8N1, polled.
 * simavr prints each line it receives on stderr. */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>

#include "hsx_console.h"

#ifndef F_CPU
#error "F_CPU must be set by the board (board.json clock_hz)"
#endif
#define BAUD 38400
#include <util/setbaud.h>

void hsx_console_init(void)
{
    UBRR0H = UBRRH_VALUE;
    UBRR0L = UBRRL_VALUE;
#if USE_2X
    UCSR0A = _BV(U2X0);
#else
    UCSR0A = 0;
#endif
    UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
    UCSR0B = _BV(TXEN0);
}

void hsx_console_putc(char c)
{
    loop_until_bit_is_set(UCSR0A, UDRE0);
    UDR0 = (uint8_t)c;
}

void hsx_console_exit(int status)
{
    hsx_console_puts("hsx-exit ");
    hsx_console_puti(status);
    hsx_console_putc('\n');
    /* Wait until the last stop bit has left the shift register. */
    UCSR0A |= _BV(TXC0);
    loop_until_bit_is_set(UCSR0A, TXC0);
    cli();
    set_sleep_mode(SLEEP_MODE_PWR_DOWN);
    sleep_enable();
    for (;;) {
        sleep_cpu();
    }
}

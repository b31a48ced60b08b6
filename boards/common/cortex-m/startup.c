/* startup.c: Cortex-M vector table and reset handler for hsxmbx firmware.
 * Copies .data from flash, clears .bss, runs main() and hands its result to
 * hsx_console_exit(). Every fault ends the run with status 99 (after naming
 * the fault) so a crash in the emulator never hangs a test. Only the 16
 * architectural vectors are present: the firmware uses no interrupts. */
#include <stdint.h>

#include "hsx_console.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);

void Reset_Handler(void) __attribute__((noreturn));
static void fault(void) __attribute__((noreturn));

void Reset_Handler(void)
{
    const uint32_t *src = &_sidata;
    uint32_t *dst;

    for (dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    hsx_console_init();
    hsx_console_exit(main());
}

static void fault(void)
{
    hsx_console_puts("\nhsx: fault\n");
    hsx_console_exit(99);
}

typedef void (*vector_t)(void);

__attribute__((section(".isr_vector"), used))
static const vector_t vectors[16] = {
    (vector_t)(uintptr_t)&_estack, /* initial stack pointer */
    Reset_Handler,
    fault, /* NMI */
    fault, /* HardFault */
    fault, /* MemManage */
    fault, /* BusFault */
    fault, /* UsageFault */
    0, 0, 0, 0,
    fault, /* SVCall */
    fault, /* DebugMonitor */
    0,
    fault, /* PendSV */
    fault, /* SysTick */
};

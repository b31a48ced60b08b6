/* main.c: an example firmware on the hsxmbx mailbox runtime. The executive (pid 0) sends
 * three sensor readings to the declared mailbox app:sensor; task 1 receives them and the
 * console shows what arrived. Expected console output (then "hsx-exit 0"):
 *   example: board <board>
 *   declared mailboxes: 1
 *   sent 3 readings
 *   task 1 got 'temp=21' channel 0 from pid 0
 *   task 1 got 'temp=22' channel 1 from pid 0
 *   task 1 got 'temp=23' channel 2 from pid 0
 *   mailbox empty
 *   example: ok */
#include <stdint.h>
#include <string.h>

#include "hsx_console.h"
#include "hsx_fw_mailboxes.h"
#include "hsx_mbx.h"

#define SENSOR "app:sensor"

#ifndef EXAMPLE_BOARD /* the example's CMakeLists sets it from the toolchain's HSX_BOARD */
#define EXAMPLE_BOARD "this board"
#endif

static void fail(const char *what, hsx_mbx_status_t st)
{
    hsx_console_puts("example: FAIL ");
    hsx_console_puts(what);
    hsx_console_puts(" status ");
    hsx_console_putu(st);
    hsx_console_putc('\n');
    hsx_console_exit(1);
}

int main(void)
{
    static const char *const readings[] = {"temp=21", "temp=22", "temp=23"};
    uint16_t tx = 0, rx = 0, sent = 0;
    uint8_t buf[16];
    hsx_mbx_msg_info_t info;
    hsx_mbx_status_t st;
    uint8_t i;

    hsx_console_init();
    hsx_console_puts("example: board " EXAMPLE_BOARD "\n");
    if ((st = hsx_mbx_init(NULL)) != HSX_MBX_STATUS_OK) {
        fail("init", st);
    }
    /* init created the declared app:sensor and started task 1 (its binding). */
    hsx_console_puts("declared mailboxes: ");
    hsx_console_putu(HSX_FW_MAILBOX_COUNT);
    hsx_console_putc('\n');

    if ((st = hsx_mbx_open(0, SENSOR, sizeof SENSOR - 1, 0, &tx)) != HSX_MBX_STATUS_OK) {
        fail("open (pid 0)", st);
    }
    if ((st = hsx_mbx_open(1, SENSOR, sizeof SENSOR - 1, 0, &rx)) != HSX_MBX_STATUS_OK) {
        fail("open (pid 1)", st);
    }
    for (i = 0; i < 3; i++) {
        st = hsx_mbx_send(0, tx, (const uint8_t *)readings[i], (uint32_t)strlen(readings[i]), 0, i,
                          HSX_MBX_TIMEOUT_POLL, &sent);
        if (st != HSX_MBX_STATUS_OK) {
            fail("send", st);
        }
    }
    hsx_console_puts("sent 3 readings\n");

    for (;;) {
        memset(buf, 0, sizeof buf);
        st = hsx_mbx_recv(1, rx, buf, sizeof buf - 1, HSX_MBX_TIMEOUT_POLL, &info);
        if (st == HSX_MBX_STATUS_NO_DATA) {
            hsx_console_puts("mailbox empty\n");
            break;
        }
        if (st != HSX_MBX_STATUS_OK) {
            fail("recv", st);
        }
        hsx_console_puts("task 1 got '");
        hsx_console_puts((const char *)buf);
        hsx_console_puts("' channel ");
        hsx_console_putu(info.channel);
        hsx_console_puts(" from pid ");
        hsx_console_putu(info.src_pid);
        hsx_console_putc('\n');
    }
    hsx_mbx_close(1, rx);
    hsx_mbx_close(0, tx);
    hsx_console_puts("example: ok\n");
    hsx_console_exit(0);
}

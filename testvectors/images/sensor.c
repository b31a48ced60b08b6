/* Declarations of the sensor example: packed into sensor.hxe as a legacy binary .mailbox table. */
#include <stdint.h>

#pragma hsx_mailbox(target="app:sensor.raw", capacity=128, mode="RDWR|FANOUT_BLOCK")
#pragma hsx_mailbox(target="svc:sensor.ctl", capacity=32)
/* #pragma hsx_mailbox(target="app:disabled") is a comment and declares nothing */

int main(void) { return 0; }

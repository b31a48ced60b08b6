/* tkit.h: helpers of the cmocka unit tests. */
#ifndef TKIT_H
#define TKIT_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hsx_mbx.h"

extern hsx_mbx_completion_t tk_comp[64];
extern uint8_t tk_comp_payload[64][256];
extern int tk_ncomp;
/* Called from inside the port hooks when set (tests of re-entry); tk_init clears them. */
extern void (*tk_reenter_on_complete)(const hsx_mbx_completion_t *c);
extern void (*tk_reenter_on_event)(const hsx_mbx_event_t *e);

/* init with a built-in profile: "desktop" or "embedded"; features HSX_MBX_FEAT_* */
void tk_init(const char *profile);
void tk_init_limits(const hsx_mbx_limits_t *l);
hsx_mbx_limits_t tk_limits(const char *profile);
void tk_clear(void);
uint16_t tk_bind(uint16_t pid, const char *t, uint32_t cap, uint32_t mode, hsx_mbx_status_t want);
uint16_t tk_open(uint16_t pid, const char *t, uint32_t flags, hsx_mbx_status_t want);
hsx_mbx_status_t tk_send(uint16_t pid, uint16_t h, const char *text, uint32_t timeout);
hsx_mbx_status_t tk_recv(uint16_t pid, uint16_t h, char *out, uint32_t max, uint32_t timeout,
                         hsx_mbx_msg_info_t *info);
/* events since seq *mark: fills types (0-terminated), returns count, advances mark */
int tk_events(uint32_t *mark, uint8_t *types, int max);
#endif

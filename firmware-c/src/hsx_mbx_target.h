/* hsx_mbx_target.h: target resolution (hsx_mbx_target.c). */
#ifndef HSX_MBX_TARGET_H
#define HSX_MBX_TARGET_H

#include "hsx_mbx_state.h"

/* The namespace prefixes back to back, "pid:svc:app:shared:" (in flash on AVR);
 * "pid:" also starts the name desc_snapshot formats for a PID descriptor. */
extern const char hsx_mbx__prefixes[] HSX_ROM;

/* Resolves target t (tlen bytes) for caller pid into k; with check, an explicit
 * owner must be a live task and svc: names of others are refused. */
hsx_mbx_status_t hsx_mbx__resolve_checked(uint16_t pid, const char *t, size_t tlen, hsx_mbx_key_t *k, int check);

static inline hsx_mbx_status_t hsx_mbx__resolve(uint16_t pid, const char *t, size_t tlen, hsx_mbx_key_t *k)
{
    return hsx_mbx__resolve_checked(pid, t, tlen, k, 1);
}

#endif /* HSX_MBX_TARGET_H */

/* hsx_mbx_ring.h: the message rings (hsx_mbx_ring.c). */
#ifndef HSX_MBX_RING_H
#define HSX_MBX_RING_H

#include "hsx_mbx_state.h"

/* Appends a message (h->len >= 1: empty sends queue nothing); it fits. */
void hsx_mbx__ring_push(hsx_mbx_ring_t *r, const msg_hdr_t *h, const uint8_t *payload);
/* Removes the head message; copies up to `max` payload bytes to dst (if any). */
void hsx_mbx__ring_pop(hsx_mbx_ring_t *r, msg_hdr_t *h, uint8_t *dst, uint16_t max);
/* Copies message k (from head) into dst, up to max bytes, without removing it. */
void hsx_mbx__ring_msg(const hsx_mbx_ring_t *r, uint16_t k, msg_hdr_t *h, uint8_t *dst, uint16_t max);
/* Rotates the ring's bytes so that head is 0 (before a resize). */
void hsx_mbx__ring_linearize(hsx_mbx_ring_t *r);

#endif /* HSX_MBX_RING_H */

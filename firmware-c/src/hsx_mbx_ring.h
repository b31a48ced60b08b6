/* hsx_mbx_ring.h: the message rings and the queue of a descriptor (hsx_mbx_ring.c). */
#ifndef HSX_MBX_RING_H
#define HSX_MBX_RING_H

#include "hsx_mbx_desc.h"
#include "hsx_mbx_fanout.h"
#include "hsx_mbx_state.h"
#include "hsx_mbx_taps.h"

/* Appends a message (h->len >= 1: empty sends queue nothing); it fits. */
void hsx_mbx__ring_push(hsx_mbx_ring_t *r, const msg_hdr_t *h, const uint8_t *payload);
/* Removes the head message; copies up to `max` payload bytes to dst (if any). */
void hsx_mbx__ring_pop(hsx_mbx_ring_t *r, msg_hdr_t *h, uint8_t *dst, uint16_t max);
/* Removes the head message, its header into h, without copying the payload. */
void hsx_mbx__ring_drop(hsx_mbx_ring_t *r, msg_hdr_t *h);
/* The header of the head message (depth > 0). */
void hsx_mbx__ring_head(const hsx_mbx_ring_t *r, msg_hdr_t *h);
/* Message k (from head), without removing it: its header into h, and the
 * position of its payload, which hsx_mbx__ring_copy copies (up to max bytes). */
uint16_t hsx_mbx__ring_find(const hsx_mbx_ring_t *r, uint16_t k, msg_hdr_t *h);
void hsx_mbx__ring_copy(const hsx_mbx_ring_t *r, uint16_t pos, const msg_hdr_t *h, uint8_t *dst, uint16_t max);
/* Rotates the ring's bytes so that head is 0 (before a resize). */
void hsx_mbx__ring_linearize(hsx_mbx_ring_t *r);

/* cost = HDR + len of a message that fitted the ring once: at most 65535 */
static inline int hsx_mbx__fits(const hsx_mbx_desc_t *d, uint16_t cost)
{
    return (uint16_t)(d->r.cap - d->r.used) >= cost;
}

/* The returned figures of a received message: OVERRUN when the reader's (or
 * tap's) overrun bit was set (cleared here), TRUNCATED and the length clamped
 * when it exceeded max. */
HSX_INLINE void hsx_mbx__msg_mark(msg_hdr_t *h, uint8_t *fl, uint8_t bit, uint16_t max)
{
    if (*fl & bit) {
        *fl = (uint8_t)(*fl & ~bit);
        h->flags = (uint16_t)(h->flags | HSX_MBX_MSG_OVERRUN);
    }
    if (max < h->len) {
        h->len = max;
        h->flags = (uint16_t)(h->flags | HSX_MBX_MSG_TRUNCATED);
    }
}

/* Queues a message on d (it fits) and emits mailbox_send (no tap copies). */
void hsx_mbx__enqueue(uint16_t id, hsx_mbx_desc_t *d, uint16_t pid, uint16_t handle, const msg_hdr_t *h,
                      const uint8_t *payload);
/* Queues a message on d (it fits), emits mailbox_send, copies it to the taps.
 * Inline: the callers' frames hold the arguments anyway, and the copy to the
 * taps (the deepest callee of the service) runs right under the caller's frame
 * instead of under a frame of its own. */
HSX_INLINE void hsx_mbx__queue_msg(uint16_t id, hsx_mbx_desc_t *d, uint16_t pid, uint16_t handle, const msg_hdr_t *h,
                                   const uint8_t *payload)
{
    hsx_mbx__enqueue(id, d, pid, handle, h, payload);
    if (HAS_TAPS && (d->info & HSX_MBX_DI_TAPS)) {
        hsx_mbx__taps_copy(id, d, h, payload);
    }
}
/* Drops the head message of d (fan-out drop or resize); emits mailbox_overrun. */
void hsx_mbx__drop_head(uint16_t id, hsx_mbx_desc_t *d, uint16_t pid, uint8_t reason);
/* Receives message k (0 unless fan-out) of d for handle hp into buf; fills h
 * with the returned figures (length clamped, flags with OVERRUN/TRUNCATED).
 * Inline in recv (one call level less on the receive path), out of line
 * (hsx_mbx__take_msg) for settle(). */
HSX_INLINE void hsx_mbx__take_inline(hsx_mbx_desc_t *d, hsx_mbx_handle_t *hp, uint16_t k, uint8_t *buf, uint16_t max,
                                     msg_hdr_t *h)
{
    if (hsx_mbx__is_fanout(d)) {
        hsx_mbx__fan_take(d, hp, k, buf, max, h);
    } else {
        hsx_mbx__ring_pop(&d->r, h, buf, max);
    }
    hsx_mbx__msg_mark(h, &hp->flags, HSX_MBX_HF_OVERRUN, max);
}
/* Message k for waiting receiver t, into its buffer; figures in hsx_mbx__hdr. */
void hsx_mbx__take_msg(hsx_mbx_desc_t *d, hsx_mbx_handle_t *hp, uint16_t k, const hsx_mbx_task_t *t);

#endif /* HSX_MBX_RING_H */

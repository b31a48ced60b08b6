/* hsx_mbx_msg.h: send, receive and peek (hsx_mbx_msg.c). */
#ifndef HSX_MBX_MSG_H
#define HSX_MBX_MSG_H

#include "hsx_mbx_state.h"

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

/* Queues a message on d (it fits), copies it to the taps, emits mailbox_send. */
void hsx_mbx__queue_msg(uint16_t id, hsx_mbx_desc_t *d, uint16_t pid, uint16_t handle, const msg_hdr_t *h,
                        const uint8_t *payload);
/* Drops the head message of d (fan-out drop or resize); emits mailbox_overrun. */
void hsx_mbx__drop_head(uint16_t id, hsx_mbx_desc_t *d, uint16_t pid, uint8_t reason);
/* Receives message k (0 unless fan-out) of d for handle hp into buf; fills h
 * with the returned figures (length clamped, flags with OVERRUN/TRUNCATED). */
void hsx_mbx__take_msg(hsx_mbx_desc_t *d, hsx_mbx_handle_t *hp, uint16_t k, uint8_t *buf, uint16_t max, msg_hdr_t *h);


#endif /* HSX_MBX_MSG_H */

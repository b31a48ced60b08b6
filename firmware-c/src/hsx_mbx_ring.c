/* hsx_mbx_ring.c: the message rings of descriptors and taps, and the queue of a
 * descriptor on its ring (a message queued, taken, dropped).
 *
 * A ring is a circular byte buffer inside the arena (hsx_mbx_ring_t): 8-byte
 * headers and payloads, `used` bytes from `head`, wrapping at `cap`. A message's
 * bytes wrap at most once, so every copy is at most two block moves. The queue
 * operations live here with the ring so that the compiler can inline the ring
 * code into them (one translation unit: the hot send and receive paths).
 */
#include "hsx_mbx_ring.h"
#include "hsx_mbx_desc.h"
#include "hsx_mbx_events.h"
#include "hsx_mbx_fanout.h"
#include "hsx_mbx_taps.h"

/* Rotates a ring's bytes so that head is 0 (reversal algorithm, no buffer). */
static void reverse(uint8_t *p, uint16_t n)
{
    uint8_t *q = p + n;
    while (p + 1 < q) {
        uint8_t t = *p;
        --q;
        *p++ = *q;
        *q = t;
    }
}

HSX_NOINLINE void hsx_mbx__ring_linearize(hsx_mbx_ring_t *r)
{
    if (r->head != 0u) {
        uint8_t *p = &hsx_mbx__arena[r->base];
        reverse(p, r->head);
        reverse(p + r->head, (uint16_t)(r->cap - r->head));
        reverse(p, r->cap);
        r->head = 0;
    }
}


/* (a + b) mod cap for a < cap, b <= cap, without overflowing 16 bits. */
static uint16_t ring_wrap(const hsx_mbx_ring_t *r, uint16_t a, uint16_t b)
{
    uint16_t room = (uint16_t)(r->cap - a);
    return (b >= room) ? (uint16_t)(b - room) : (uint16_t)(a + b);
}

/* The copy routines: n bytes from the ring at position pos (< cap) into buf, and
 * from buf into the ring. A message's bytes wrap at most once, so a copy is at
 * most two block moves, split at the end of the ring, rather than a byte loop
 * with a wrap test per byte. The part past the end (at the ring's start) moves
 * first so that the other one is a tail call and little is live across the
 * first: small frames on the deepest call paths (4 arguments: registers on ARM). */
static HSX_NOCLONE void ring_read(const hsx_mbx_ring_t *r, uint16_t pos, uint8_t *buf, uint16_t n)
{
    const uint8_t *p = &hsx_mbx__arena[r->base];
    const uint8_t *q = p + pos;
    uint16_t room = (uint16_t)(r->cap - pos);
    if (n > room) {
        memcpy(buf + room, p, (uint16_t)(n - room));
        n = room;
    }
    memcpy(buf, q, n);
}

static HSX_NOCLONE void ring_write(const hsx_mbx_ring_t *r, uint16_t pos, const uint8_t *buf, uint16_t n)
{
    uint8_t *p = &hsx_mbx__arena[r->base];
    uint8_t *q = p + pos;
    uint16_t room = (uint16_t)(r->cap - pos);
    if (n > room) {
        memcpy(p, buf + room, (uint16_t)(n - room));
        n = room;
    }
    memcpy(q, buf, n);
}

/* Appends a message (h->len >= 1: empty sends queue nothing). The ring's
 * figures change first and the payload copy is last (a tail call), so that
 * nothing is live across a call: push is on the deepest stack paths
 * (settle -> taps_copy -> push). A wrapping header moves byte by byte (eight
 * bytes, no call). */
void hsx_mbx__ring_push(hsx_mbx_ring_t *r, const msg_hdr_t *h, const uint8_t *payload)
{
    uint16_t pos = ring_wrap(r, r->head, r->used);
    uint16_t len = h->len;
    r->used = (uint16_t)(r->used + HDR + len);
    r->depth++;
    if ((uint16_t)(r->cap - pos) >= (uint16_t)(HDR + len)) {
        /* the whole message lies before the end of the ring (the usual case): the
         * header is a fixed-size copy the compiler inlines */
        uint8_t *p = &hsx_mbx__arena[r->base + pos];
        memcpy(p, h, HDR);
        memcpy(p + HDR, payload, len);
    } else {
        uint8_t *p = &hsx_mbx__arena[r->base];
        const uint8_t *q = (const uint8_t *)h;
        unsigned i;
        for (i = 0; i < HDR; i++) {
            p[pos] = q[i];
            pos = (uint16_t)(pos + 1u == r->cap ? 0u : pos + 1u);
        }
        ring_write(r, pos, payload, len);
    }
}

/* The header at position pos into h: a fixed-size copy the compiler inlines,
 * or, when it wraps, eight bytes one by one. No call either way: reading a
 * header is a leaf on the deepest stack paths (settle -> take -> header). */
static void ring_hdr(const hsx_mbx_ring_t *r, uint16_t pos, msg_hdr_t *h)
{
    const uint8_t *p = &hsx_mbx__arena[r->base];
    if ((uint16_t)(r->cap - pos) >= HDR) {
        memcpy(h, p + pos, HDR);
    } else {
        uint8_t *q = (uint8_t *)h;
        unsigned i;
        for (i = 0; i < HDR; i++) {
            q[i] = p[pos];
            pos = (uint16_t)(pos + 1u == r->cap ? 0u : pos + 1u);
        }
    }
}

/* Header of the message at byte offset `off` from head; returns the position of
 * its payload. */
HSX_INLINE uint16_t ring_hdr_at(const hsx_mbx_ring_t *r, uint16_t off, msg_hdr_t *h)
{
    uint16_t pos = ring_wrap(r, r->head, off);
    ring_hdr(r, pos, h);
    return ring_wrap(r, pos, HDR);
}

/* Copies the payload at pos (up to max bytes, if dst) of the message h. */
static void ring_payload(const hsx_mbx_ring_t *r, uint16_t pos, const msg_hdr_t *h, uint8_t *dst, uint16_t max)
{
    if (dst != NULL && max != 0u) {
        ring_read(r, pos, dst, max < h->len ? max : h->len);
    }
}

/* Moves head past message h, whose payload is at pos. Out of line, shared by
 * pop and drop (a leaf: the last call of either). */
static HSX_NOINLINE void ring_advance(hsx_mbx_ring_t *r, uint16_t pos, const msg_hdr_t *h)
{
    r->used = (uint16_t)(r->used - HDR - h->len);
    r->depth--;
    r->head = ring_wrap(r, pos, h->len);
    if (r->depth == 0u) {
        r->head = 0; /* keeps rings linear when idle: cheaper resize */
    }
}

/* Removes the head message; copies up to `max` payload bytes to dst (if any). */
void hsx_mbx__ring_pop(hsx_mbx_ring_t *r, msg_hdr_t *h, uint8_t *dst, uint16_t max)
{
    uint16_t pos = ring_hdr_at(r, 0, h);
    ring_payload(r, pos, h, dst, max);
    ring_advance(r, pos, h);
}

/* Removes the head message without copying its payload: no copy routine below
 * it, for the drops on the deepest stack paths (settle -> taps_copy -> drop). */
void hsx_mbx__ring_drop(hsx_mbx_ring_t *r, msg_hdr_t *h)
{
    ring_advance(r, ring_hdr_at(r, 0, h), h);
}

/* Byte offset from head of the k-th message (k < depth); h is scratch (the
 * caller's header record: no second one on the fan-out read path's stack). */
static uint16_t ring_offset_of(const hsx_mbx_ring_t *r, uint16_t k, msg_hdr_t *h)
{
    uint16_t off = 0;
    while (k-- != 0u) {
        (void)ring_hdr_at(r, off, h);
        off = (uint16_t)(off + HDR + h->len);
    }
    return off;
}

/* The header of the head message (depth > 0). */
void hsx_mbx__ring_head(const hsx_mbx_ring_t *r, msg_hdr_t *h)
{
    ring_hdr(r, r->head, h);
}

/* The header of message k (from head) into h; returns the position of its
 * payload. A leaf: the payload copy (hsx_mbx__ring_copy) is the caller's next
 * call, not one nested under this frame. */
uint16_t hsx_mbx__ring_find(const hsx_mbx_ring_t *r, uint16_t k, msg_hdr_t *h)
{
    return ring_hdr_at(r, ring_offset_of(r, k, h), h);
}

/* Copies up to max payload bytes of message h, whose payload is at pos, into dst. */
void hsx_mbx__ring_copy(const hsx_mbx_ring_t *r, uint16_t pos, const msg_hdr_t *h, uint8_t *dst, uint16_t max)
{
    ring_payload(r, pos, h, dst, max);
}

/* ---------------------------------------------------------------- the queue of a descriptor */

/* Queues a message on d (it fits) and emits mailbox_send; the copies to the
 * taps follow (hsx_mbx__queue_msg). */
HSX_NOINLINE void hsx_mbx__enqueue(uint16_t id, hsx_mbx_desc_t *d, uint16_t pid, uint16_t handle, const msg_hdr_t *h,
                                   const uint8_t *payload)
{
    hsx_mbx__ring_push(&d->r, h, payload);
    d->next_seq++;
    if (d->r.used > d->peak) {
        d->peak = d->r.used;
    }
    hsx_mbx__ev_msg(EVK(HSX_MBX_EV_SEND, 0, pid), EVDA(id, handle), h);
}

/* Drops the head message of d (fan-out drop or resize): readers that had not read
 * it are marked overrun; emits mailbox_overrun. */
void hsx_mbx__drop_head(uint16_t id, hsx_mbx_desc_t *d, uint16_t pid, uint8_t reason)
{
    msg_hdr_t h;
    uint32_t s = hsx_mbx__head_seq(d);
    hsx_mbx__ring_drop(&d->r, &h);
    if (hsx_mbx__is_fanout(d)) {
        hsx_mbx__clamp_cursors(id, d, s, 1);
        hsx_mbx__fan_dirty(id);
    }
    hsx_mbx__ev_put(EVK(HSX_MBX_EV_OVERRUN, reason, pid), EVDA(id, d->r.depth), &h, s);
}

/* Out of line for settle(), which completes waiting receiver t with message k
 * (figures in hsx_mbx__hdr); recv inlines hsx_mbx__take_inline (hsx_mbx_ring.h).
 * Four arguments: all in registers on ARM, none in this frame on the deepest
 * path (settle -> take -> ring). */
void hsx_mbx__take_msg(hsx_mbx_desc_t *d, hsx_mbx_handle_t *hp, uint16_t k, const hsx_mbx_task_t *t)
{
    hsx_mbx__take_inline(d, hp, k, (uint8_t *)t->wbuf, t->wlen, &hsx_mbx__hdr);
}

/* hsx_mbx_fanout.c: fan-out descriptors (HSX_MBX_CFG_FANOUT): every reader
 * reads every message; a message goes once all readers have read it.
 *
 * Each handle keeps a cursor (the seq of the last message it read, low 16 bits);
 * per descriptor the reader counts (hsx_mbx__fan) make the usual reclaim O(1).
 * Without the feature hsx_mbx_fanout.h gives empty inline functions: no
 * descriptor is fan-out then, so the operations never reach them. */
#include "hsx_mbx_fanout.h"

#if HSX_MBX_CFG_FANOUT

#include "hsx_mbx_desc.h"
#include "hsx_mbx_ring.h"
#include "hsx_mbx_tasks.h"

/* Fan-out cursor: the record keeps its low 16 bits; the full seq follows from
 * next_seq because cursors stay within [head_seq - 1, next_seq - 1] (see
 * clamp_cursors). */
static uint32_t cur_get(const hsx_mbx_desc_t *d, const hsx_mbx_handle_t *h)
{
    uint32_t last = d->next_seq - 1u;
    return last - (uint16_t)((uint16_t)last - h->cursor);
}

/* Fan-out: every handle's cursor before seq s moves to s (readers among them are
 * marked overrun when `mark`). Called whenever head messages of a fan-out
 * descriptor go, so every cursor stays within [head_seq - 1, next_seq - 1]: a
 * cursor that lagged behind the head reads from the head, as one at head_seq - 1
 * does, so the move is not observable (decisions.md), and the window (at most
 * 8192 messages) lets the record keep only the cursor's low 16 bits. */
void hsx_mbx__clamp_cursors(uint16_t id, const hsx_mbx_desc_t *d, uint32_t s, uint8_t mark)
{
    hsx_mbx_handle_t *hp;
    HSX_MBX_FOR_EACH_HANDLE(hp)
    {
        if (hp->desc == id && hsx_mbx__seq_before(cur_get(d, hp), s)) {
            if (mark && hsx_mbx__is_reader(hp)) {
                hp->flags = (uint8_t)(hp->flags | HSX_MBX_HF_OVERRUN);
            }
            hsx_mbx__cur_set(hp, s);
        }
    }
}

/* Fan-out: the smallest number of messages any reader of id has read (at most
 * depth); also counts the readers again, and the ones at that minimum: they are
 * the ones behind the head once the messages all have read are gone. A call of
 * its own: its frame stays off reclaim's path to hsx_mbx__ring_pop(). */
static HSX_NOINLINE uint16_t fan_scan(uint16_t id, const hsx_mbx_desc_t *d)
{
    uint32_t hs = hsx_mbx__head_seq(d);
    uint32_t drop = d->r.depth;
    hsx_mbx_handle_t *hp;
    hsx_mbx_fcnt_t n = 0, at = 0;
    HSX_MBX_FOR_EACH_HANDLE(hp)
    {
        if (hp->desc == id && hsx_mbx__is_reader(hp)) {
            uint32_t k = cur_get(d, hp) + 1u - hs; /* messages this reader has read */
            if ((int32_t)k < 0) {
                k = 0;
            }
            n++;
            if (k < drop) {
                drop = k;
                at = 0;
            }
            if (k == drop) {
                at++;
            }
        }
    }
    hsx_mbx__fan[id - 1u].readers = n;
    hsx_mbx__fan[id - 1u].behind = at;
    return (uint16_t)drop;
}

/* Fan-out: removes head messages that no reader still needs. The reader counts
 * make the usual calls O(1): while some reader has not read the head nothing can
 * go, and when every reader has read the only message it goes and every reader is
 * behind the next one. Otherwise (counts unknown, or several messages queued)
 * fan_scan() looks at every handle. */
void hsx_mbx__reclaim(uint16_t id, hsx_mbx_desc_t *d)
{
    uint16_t drop = d->r.depth;
    hsx_mbx_fan_t *fc = &hsx_mbx__fan[id - 1u];
    if (drop == 0u || (fc->readers != HSX_MBX_FAN_UNKNOWN && fc->behind != 0u)) {
        return;
    }
    /* One message read by all: it goes without a scan. The cursors of handles that
     * are not readers (writers, taps) are not clamped here; they may lag, and a
     * lagging cursor reads from the head like one at head_seq - 1 does, but the
     * record keeps 16 bits, so the scan (which clamps) runs at least once every
     * 4096 messages. */
    if (fc->readers != HSX_MBX_FAN_UNKNOWN && drop == 1u && ((uint16_t)(hsx_mbx__head_seq(d) + 1u) & 0x0FFFu) != 0u) {
        msg_hdr_t h;
        hsx_mbx__ring_drop(&d->r, &h);
        fc->behind = fc->readers;
        return;
    }
    drop = fan_scan(id, d);
    if (drop != 0u) {
        while (drop-- != 0u) {
            msg_hdr_t h;
            hsx_mbx__ring_drop(&d->r, &h);
        }
        hsx_mbx__clamp_cursors(id, d, hsx_mbx__head_seq(d) - 1u, 0);
    }
}

/* Next message for a fan-out handle: index from head, or -1. */
int32_t hsx_mbx__fan_next(const hsx_mbx_desc_t *d, const hsx_mbx_handle_t *h)
{
    uint32_t k = cur_get(d, h) + 1u - hsx_mbx__head_seq(d);
    if ((int32_t)k < 0) {
        k = 0;
    }
    return (k < d->r.depth) ? (int32_t)k : -1;
}

/* Reads message k of d for reader hp (not consuming it; reclaim does): its
 * cursor moves past it. */
void hsx_mbx__fan_take(const hsx_mbx_desc_t *d, hsx_mbx_handle_t *hp, uint16_t k, uint8_t *buf, uint16_t max,
                       msg_hdr_t *h)
{
    hsx_mbx__ring_copy(&d->r, hsx_mbx__ring_find(&d->r, k, h), h, buf, max);
    hsx_mbx__cur_set(hp, hsx_mbx__head_seq(d) + (uint32_t)k);
    /* one reader less behind the head (a reader: recv cleared SENDER, with
     * fan_dirty(), before this or before the wait that settle() ends) */
    if (k == 0 && hsx_mbx__fan[hp->desc - 1u].readers != HSX_MBX_FAN_UNKNOWN) {
        hsx_mbx__fan[hp->desc - 1u].behind--;
    }
    hp->flags = (uint8_t)(hp->flags & ~HSX_MBX_HF_SENDER);
}

/* The set of readers of id changed (a handle opened, closed, tapped or untapped,
 * started or stopped sending), its cursors were reset or a head message dropped:
 * the fan-out counts must be taken again. A call: it is made from many places. */
HSX_NOINLINE void hsx_mbx__fan_dirty(uint16_t id) { hsx_mbx__fan[id - 1u].readers = HSX_MBX_FAN_UNKNOWN; }

#endif /* HSX_MBX_CFG_FANOUT */

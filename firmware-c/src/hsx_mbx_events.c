/* hsx_mbx_events.c: the event ring (HSX_MBX_CFG_EVENTS): the emitters the
 * operations call, the port's event hook, and the read-out (event_next,
 * event_seq). The mask is set by hsx_mbx_event_mask (hsx_mbx.c). Without the
 * feature the emitters are empty inline functions (hsx_mbx_events.h) and the
 * read-out finds nothing. */
#include "hsx_mbx_events.h"
#include "hsx_mbx_entry.h"

#if HSX_MBX_CFG_EVENTS

#ifndef HSX_MBX_ON_EVENT
#define HSX_MBX_ON_EVENT(e) ((void)(e))
#define HSX_MBX_NO_EVENT_HOOK /* the emitter builds no public event record */
#endif

static uint8_t is_error(hsx_mbx_status_t st)
{
    return st == HSX_MBX_STATUS_INVALID_HANDLE || st == HSX_MBX_STATUS_MSG_TOO_LARGE ||
           st == HSX_MBX_STATUS_NO_DESCRIPTOR || st == HSX_MBX_STATUS_INVALID_ARGUMENT ||
           st == HSX_MBX_STATUS_PERMISSION_DENIED || st == HSX_MBX_STATUS_INTERNAL_ERROR;
}

#define EV_TC(type, code) ((uint8_t)(((type) << 4) | ((code) & 0x0Fu)))
#define EV_TYPE(tc) ((uint8_t)((tc) >> 4))
#define EV_CODE(tc) ((uint8_t)(((tc) & 0x0Fu) == 0x0Fu ? 0xFFu : ((tc) & 0x0Fu)))

/* The public form of ring entry e, whose sequence number is seq. */
static void ev_read(const hsx_mbx_evrec_t *e, uint32_t seq, hsx_mbx_event_t *out)
{
    out->seq = seq;
    out->time_ms = e->time_ms;
    out->w = e->w;
    out->pid = e->pid;
    out->desc = e->desc;
    out->a = e->a;
    out->b = e->b;
    out->c = e->c;
    out->d = e->d;
    out->type = EV_TYPE(e->tc);
    out->code = EV_CODE(e->tc);
}

/* Claims the ring entry of a new event and writes the slots every event has
 * (b, c and d zero). The mask was tested at the call (EV_WANTED in
 * hsx_mbx_events.h): an event it leaves out never gets here (not recorded, not
 * counted as dropped, no hook). The recorders below fill their own slots in the
 * entry it returns: one level of calls under them, not two, since they head the
 * deepest stack paths (settle -> taps_copy -> emitter). */
static HSX_NOINLINE hsx_mbx_evrec_t *ev_claim(EV_KP, uint32_t w)
{
    hsx_mbx_evrec_t *e;
    EV_KDECODE;
    if ((uint32_t)hsx_mbx__ev.count < L_RING) {
        e = &hsx_mbx__ev.rec[hsx_mbx__ev.count]; /* head is 0 until the ring is full */
        hsx_mbx__ev.count++;
    } else {
        /* Full: the oldest is overwritten (and counted as dropped). */
        e = &hsx_mbx__ev.rec[hsx_mbx__ev.head];
        hsx_mbx__ev.head = (hsx_mbx_evidx_t)(((uint32_t)hsx_mbx__ev.head + 1u) % L_RING);
    }
    /* the arguments first, so that their registers are free for the 32-bit
     * copies after them (fewer saved registers in this frame on AVR) */
    e->w = w;
    e->pid = pid;
    e->desc = (hsx_mbx_did_t)desc;
    e->a = a;
    e->tc = EV_TC(type, code);
    e->b = 0;
    e->c = 0;
    e->d = 0;
    e->time_ms = hsx_mbx__now;
    hsx_mbx__ev.seq++;
    return e;
}

/* The port's event hook, once the emitter has filled entry e (the newest). */
#ifdef HSX_MBX_NO_EVENT_HOOK
#define ev_done(e) ((void)(e))
#else
static void ev_done(const hsx_mbx_evrec_t *e)
{
    hsx_mbx_event_t pub;
    ev_read(e, hsx_mbx__ev.seq - 1u, &pub);
    HSX_MBX_HOOK(HSX_MBX_ON_EVENT(&pub));
}
#endif

/* Slots b, c and d of entry e from message header h (0 without h), then the hook. */
HSX_INLINE void ev_done_h(hsx_mbx_evrec_t *e, const msg_hdr_t *h)
{
    if (h != NULL) {
        e->b = h->len;
        e->c = h->flags;
        e->d = h->chan;
    }
    ev_done(e);
}

/* The recorders of the emitters in hsx_mbx_events.h, called once EV_WANTED. */
HSX_NOINLINE void hsx_mbx__ev_put_rec(EV_KP, const msg_hdr_t *h, uint32_t w)
{
    ev_done_h(ev_claim(EV_KA, w), h);
}

HSX_NOINLINE void hsx_mbx__ev_b_rec(EV_KP, uint16_t b, uint32_t w)
{
    hsx_mbx_evrec_t *e = ev_claim(EV_KA, w);
    e->b = b;
    ev_done(e);
}

HSX_NOINLINE void hsx_mbx__ev_msg_rec(EV_KP, const msg_hdr_t *h)
{
    ev_done_h(ev_claim(EV_KA, h != NULL ? h->src : 0u), h);
}

HSX_NOINLINE void hsx_mbx__ev_exhausted(uint16_t pid, uint8_t reason, uint16_t desc, uint32_t requested)
{
    hsx_mbx__ev_put(EVK(HSX_MBX_EV_EXHAUSTED, reason, pid), EVDA(desc, 0), NULL, requested);
}

HSX_NOINLINE hsx_mbx_status_t hsx_mbx__ev_error(uint16_t pid, uint8_t fn, hsx_mbx_status_t st)
{
    if (is_error(st)) {
        hsx_mbx__ev_put(EVK(HSX_MBX_EV_ERROR, fn, pid), EVDA(0, st), NULL, 0);
    }
    return st;
}

int hsx_mbx_event_next(uint32_t *seq, hsx_mbx_event_t *out)
{
    int ok = 0;
    uint32_t first, k;
    HSX_MBX_ENTER_CRITICAL();
    first = hsx_mbx__ev.seq - hsx_mbx__ev.count;
    k = *seq - first;
    if (hsx_mbx__seq_before(*seq, first)) {
        k = 0;
    }
    if (k < hsx_mbx__ev.count) {
        ev_read(&hsx_mbx__ev.rec[((uint32_t)hsx_mbx__ev.head + k) % L_RING], first + k, out);
        *seq = out->seq + 1u;
        ok = 1;
    }
    HSX_MBX_EXIT_CRITICAL();
    return ok;
}

uint32_t hsx_mbx_event_seq(void)
{
    uint32_t seq;
    /* inside the section: a 32-bit read is four loads on AVR, torn by an event
     * emitted in between */
    HSX_MBX_ENTER_CRITICAL();
    seq = hsx_mbx__ev.seq;
    HSX_MBX_EXIT_CRITICAL();
    return seq;
}

#else /* !HSX_MBX_CFG_EVENTS: no ring, nothing to read */

int hsx_mbx_event_next(uint32_t *seq, hsx_mbx_event_t *out)
{
    (void)seq;
    (void)out;
    return 0;
}

uint32_t hsx_mbx_event_seq(void) { return 0; }

#endif /* HSX_MBX_CFG_EVENTS */


/* ---------------------------------------------------------------- entry points */

hsx_mbx_status_t hsx_mbx_event_mask(uint16_t pid, uint32_t mask)
{
    hsx_mbx_status_t st;
    HSX_MBX_ENTER_CRITICAL();
    st = HSX_MBX_TASK_ST(hsx_mbx__task_ready(pid));
    if (st == HSX_MBX_STATUS_OK && !HAS_EVENTS) {
        st = HSX_MBX_STATUS_INVALID_ARGUMENT;
    } else if (st == HSX_MBX_STATUS_OK && pid != 0u) {
        st = HSX_MBX_STATUS_PERMISSION_DENIED;
    } else if (st == HSX_MBX_STATUS_OK && (mask & ~(uint32_t)HSX_MBX_EVMASK_ALL) != 0u) {
        st = HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    if (st == HSX_MBX_STATUS_OK) {
        hsx_mbx__ev_set_mask((uint16_t)mask);
    }
    st = hsx_mbx__finish(pid, HSX_MBX_FNCODE_EVENT_MASK, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

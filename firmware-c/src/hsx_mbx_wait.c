/* hsx_mbx_wait.c: blocking, wake and time: waits begin (block), end
 * (complete, with the port's completion hook), are served after every change
 * of a descriptor (settle) and time out on the clock (tick).
 *
 * Each task slot holds at most one wait, so there are no wait lists: FIFO order
 * is a counter stored at block time, deadline order is (deadline, counter).
 * Scans over the task slots are short on targets (max_tasks + 1). */
#include "hsx_mbx_wait.h"
#include "hsx_mbx_entry.h"
#include "hsx_mbx_desc.h"
#include "hsx_mbx_events.h"
#include "hsx_mbx_fanout.h"
#include "hsx_mbx_ring.h"
#include "hsx_mbx_taps.h"
#include "hsx_mbx_tasks.h"

/* Oldest waiter of the given kind (0 = either) on descriptor id, after
 * `after_order` when `use_after` (FIFO walk). A task waits iff its wdesc != 0.
 * Callers on the send/recv path first test the descriptor's DI_WAIT hint
 * (clear: nobody waits, no scan). */
hsx_mbx_task_t *hsx_mbx__oldest_waiter(uint16_t id, uint8_t state, int use_after, uint32_t after_order)
{
    hsx_mbx_task_t *best = NULL;
    unsigned i;
    for (i = 0; i <= L_MAXT; i++) {
        hsx_mbx_task_t *t = &hsx_mbx__task[i];
        if ((state == 0u || t->state == state) && t->wdesc == id) {
            if (use_after && !(after_order < t->worder)) {
                continue;
            }
            if (best == NULL || t->worder < best->worder) {
                best = t;
            }
        }
    }
    return best;
}

/* Renumbers the begin orders of the waiting tasks 0..n-1 in their order, so
 * that the counter restarts at n instead of wrapping. The orders are distinct
 * and below the counter; the k-th smallest is >= k, so after k renumbered
 * tasks (orders 0..k-1) the next is the smallest order still >= k. Runs once
 * per HSX_MBX_WORDER_MAX - n waits (every ~250 on an 8-bit counter). */
static HSX_NOINLINE void worder_compact(void)
{
    hsx_mbx_worder_t k = 0;
    for (;;) {
        hsx_mbx_task_t *best = NULL;
        unsigned i;
        for (i = 0; i <= L_MAXT; i++) {
            hsx_mbx_task_t *t = &hsx_mbx__task[i];
            if (t->wdesc != 0u && t->worder >= k && (best == NULL || t->worder < best->worder)) {
                best = t;
            }
        }
        if (best == NULL) {
            break;
        }
        best->worder = k++;
    }
    hsx_mbx__wait_counter = k;
}

void hsx_mbx__complete(hsx_mbx_task_t *t, uint8_t status, const msg_hdr_t *h)
{
    hsx_mbx_completion_t c;
    c.pid = t->pid;
    c.handle = t->whandle;
    c.kind = (t->state == HSX_MBX_TS_WAIT_RECV) ? HSX_MBX_KIND_RECV : HSX_MBX_KIND_SEND;
    c.status = status;
    c.buf = (c.kind == HSX_MBX_KIND_RECV) ? (uint8_t *)t->wbuf : NULL;
    if (h != NULL) {
        c.msg.length = h->len;
        c.msg.flags = h->flags;
        c.msg.channel = h->chan;
        c.msg.src_pid = h->src;
    } else {
        c.msg.length = 0;
        c.msg.flags = 0;
        c.msg.channel = 0;
        c.msg.src_pid = 0;
    }
    if (status == HSX_MBX_STATUS_TIMEOUT) {
        t->timeouts++;
    } else {
        t->wake++;
    }
    hsx_mbx__ev_msg(EVK(status == HSX_MBX_STATUS_TIMEOUT ? HSX_MBX_EV_TIMEOUT : HSX_MBX_EV_WAKE, status, t->pid),
           EVDA(t->wdesc, t->whandle), h);
    t->state = HSX_MBX_TS_READY;
    t->wdesc = 0;
    t->wbuf = NULL;
    HSX_MBX_HOOK(HSX_MBX_ON_COMPLETE(&c));
}

/* Enters the wait (the caller has set whandle and the buffer fields); timeout
 * is checked (<= 0xFFFF, not POLL). Four arguments: all in registers on ARM. */
HSX_NOINLINE void hsx_mbx__block(hsx_mbx_task_t *t, uint8_t state, uint16_t id, uint16_t timeout)
{
    if (hsx_mbx__wait_counter == (hsx_mbx_worder_t)HSX_MBX_WORDER_MAX) {
        worder_compact(); /* t is not waiting yet */
    }
    t->state = state;
    t->wdesc = (hsx_mbx_did_t)id;
    hsx_mbx__desc_of(id)->info = (uint8_t)(hsx_mbx__desc_of(id)->info | HSX_MBX_DI_WAIT);
    t->worder = hsx_mbx__wait_counter++;
    t->wdl = (timeout != HSX_MBX_TIMEOUT_INFINITE);
    /* 32-bit clock: a finite deadline wraps with it (modulo 2^32); INFINITE has none
     * and reports NO_DEADLINE, which a finite deadline may equal too */
    t->wdeadline = t->wdl ? hsx_mbx__now + timeout : (uint32_t)HSX_MBX_NO_DEADLINE;
    hsx_mbx__ev_b(EVK(HSX_MBX_EV_WAIT, 0, t->pid), EVDA(id, t->whandle), timeout, t->wdeadline);
}

/* After a change on descriptor id: wake receivers, retry blocked senders (FIFO),
 * repeat while a sender got in (decisions.md, "Settling a descriptor"). */
HSX_NOINLINE void hsx_mbx__settle_waiters(uint16_t id, hsx_mbx_desc_t *d)
{
    for (;;) {
        hsx_mbx_task_t *s;
        if (hsx_mbx__is_fanout(d)) {
            uint32_t after = 0;
            int use_after = 0;
            hsx_mbx_task_t *t;
            while ((t = hsx_mbx__oldest_waiter(id, HSX_MBX_TS_WAIT_RECV, use_after, after)) != NULL) {
                hsx_mbx_handle_t *hp = hsx_mbx__handle_find(t, t->whandle);
                int32_t k = hp != NULL ? hsx_mbx__fan_next(d, hp) : -1;
                after = t->worder;
                use_after = 1;
                if (k >= 0) {
                    hsx_mbx__take_msg(d, hp, (uint16_t)k, t);
                    hsx_mbx__complete(t, HSX_MBX_STATUS_OK, &hsx_mbx__hdr);
                }
            }
            hsx_mbx__reclaim(id, d);
        } else {
            hsx_mbx_task_t *t;
            while (d->r.depth != 0u && (t = hsx_mbx__oldest_waiter(id, HSX_MBX_TS_WAIT_RECV, 0, 0)) != NULL) {
                hsx_mbx_handle_t *hp = hsx_mbx__handle_find(t, t->whandle);
                hsx_mbx__take_msg(d, hp, 0, t);
                hsx_mbx__complete(t, HSX_MBX_STATUS_OK, &hsx_mbx__hdr);
            }
        }
        s = hsx_mbx__oldest_waiter(id, HSX_MBX_TS_WAIT_SEND, 0, 0);
        if (s == NULL && hsx_mbx__oldest_waiter(id, 0, 0, 0) == NULL) {
            d->info = (uint8_t)(d->info & ~HSX_MBX_DI_WAIT); /* the last waiter has gone */
        }
        if (s == NULL || !hsx_mbx__fits(d, (uint16_t)(HDR + s->wlen))) {
            return;
        }
        hsx_mbx__hdr.len = s->wlen;
        hsx_mbx__hdr.flags = s->wflags;
        hsx_mbx__hdr.src = s->pid;
        hsx_mbx__hdr.chan = s->wchan;
        hsx_mbx__queue_msg(id, d, s->pid, s->whandle, &hsx_mbx__hdr, (const uint8_t *)s->wbuf);
        hsx_mbx__complete(s, HSX_MBX_STATUS_OK, &hsx_mbx__hdr);
    }
}


/* Without the DI_WAIT hint nobody waits on the descriptor (the usual case): only
 * fan-out reclamation is left, without the frame of settle_waiters(). */
void hsx_mbx__settle(uint16_t id)
{
    hsx_mbx_desc_t *d = hsx_mbx__desc_of(id);
    if (d->info & HSX_MBX_DI_WAIT) {
        hsx_mbx__settle_waiters(id, d);
    } else if (hsx_mbx__is_fanout(d)) {
        hsx_mbx__reclaim(id, d);
    }
}

/* After a shrink of id to cap: every blocked sender whose message can no longer
 * fit at all completes with MSG_TOO_LARGE, oldest first (model:
 * failSendersTooLarge). Sends never overtake a blocked sender, so one that could
 * never get in would wedge the mailbox for every later sender. */
HSX_NOINLINE void hsx_mbx__senders_too_large(uint16_t id, uint16_t cap)
{
    uint32_t after = 0;
    int use_after = 0;
    hsx_mbx_task_t *t;
    while ((t = hsx_mbx__oldest_waiter(id, HSX_MBX_TS_WAIT_SEND, use_after, after)) != NULL) {
        after = t->worder;
        use_after = 1;
        if ((uint32_t)HDR + t->wlen > cap) {
            hsx_mbx__complete(t, HSX_MBX_STATUS_MSG_TOO_LARGE, NULL);
        }
    }
}

static hsx_mbx_status_t do_tick(uint32_t now)
{
    /* descriptors whose blocked senders timed out, in order, settled afterwards */
    hsx_mbx_did_t senders[HSX_MBX_NTASK_SLOTS];
    unsigned nsenders = 0, i, j;
    if ((int32_t)(now - hsx_mbx__now) < 0) { /* behind the previous tick (serial arithmetic) */
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    hsx_mbx__now = now;
    hsx_mbx__taps_close_windows();
    for (;;) {
        hsx_mbx_task_t *best = NULL;
        for (i = 0; i <= L_MAXT; i++) {
            hsx_mbx_task_t *t = &hsx_mbx__task[i];
            if (t->wdesc != 0u && t->wdl && hsx_mbx__time_reached(now, t->wdeadline)) { /* waiting, with a deadline */
                /* deadline order relative to now: the longest overdue first */
                int32_t late = (int32_t)(now - t->wdeadline);
                int32_t blate = best != NULL ? (int32_t)(now - best->wdeadline) : 0;
                if (best == NULL || late > blate || (late == blate && t->worder < best->worder)) {
                    best = t;
                }
            }
        }
        if (best == NULL) {
            break;
        }
        if (best->state == HSX_MBX_TS_WAIT_SEND) {
            for (j = 0; j < nsenders && senders[j] != best->wdesc; j++) {
            }
            if (j == nsenders) {
                senders[nsenders++] = best->wdesc;
            }
        }
        hsx_mbx__complete(best, HSX_MBX_STATUS_TIMEOUT, NULL);
    }
    for (j = 0; j < nsenders; j++) {
        hsx_mbx__settle(senders[j]);
    }
    return HSX_MBX_STATUS_OK;
}

/* ---------------------------------------------------------------- entry points */

hsx_mbx_status_t hsx_mbx_tick(uint32_t now_ms)
{
    hsx_mbx_status_t st;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    st = hsx_mbx__finish(0, HSX_MBX_FNCODE_TICK, do_tick(now_ms));
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

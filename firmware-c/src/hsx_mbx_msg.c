/* hsx_mbx_msg.c: messages: send (queue, fan-out drop, backpressure, block),
 * receive (single reader, fan-out reader, tap) and peek. */
#include "hsx_mbx_entry.h"
#include "hsx_mbx_desc.h"
#include "hsx_mbx_events.h"
#include "hsx_mbx_fanout.h"
#include "hsx_mbx_ring.h"
#include "hsx_mbx_taps.h"
#include "hsx_mbx_tasks.h"
#include "hsx_mbx_wait.h"

static hsx_mbx_status_t do_send(hsx_mbx_task_t *t, uint16_t handle, const uint8_t *payload, uint32_t len,
                                uint32_t flags, uint32_t channel, uint32_t timeout, uint16_t *sent)
{
    hsx_mbx_handle_t *hp;
    hsx_mbx_desc_t *d;
    hsx_mbx_status_t st;
    uint16_t id;
    uint16_t cost;
    st = hsx_mbx__handle_check(t, handle, &hp);
    if (st != HSX_MBX_STATUS_OK) {
        return st;
    }
    if (!(hp->flags & HSX_MBX_MODE_WRONLY)) {
        return HSX_MBX_STATUS_PERMISSION_DENIED;
    }
    if (flags > 0xFFFFu || channel > 0xFFFFu || hsx_mbx__timeout_check(timeout) != HSX_MBX_STATUS_OK ||
        (len != 0u && payload == NULL)) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    id = hp->desc;
    d = hsx_mbx__desc_of(id);
    if (hsx_mbx__is_reader(hp)) {
        hsx_mbx__fan_dirty(id); /* a sender is not a fan-out reader */
    }
    hp->flags = (uint8_t)(hp->flags | HSX_MBX_HF_SENDER);
    hsx_mbx__hdr.len = (uint16_t)len;
    hsx_mbx__hdr.flags = (uint16_t)flags;
    hsx_mbx__hdr.src = t->pid;
    hsx_mbx__hdr.chan = (uint16_t)channel;
    if (len == 0u) {
        /* a wake hint: nothing queued, completes the oldest blocked receiver */
        hsx_mbx_task_t *r = hsx_mbx__oldest_waiter(id, HSX_MBX_TS_WAIT_RECV, 0, 0);
        hsx_mbx__ev_msg(EVK(HSX_MBX_EV_SEND, 0, t->pid), EVDA(id, handle), &hsx_mbx__hdr);
        if (r != NULL) {
            hsx_mbx__hdr.flags = 0;
            hsx_mbx__hdr.chan = 0;
            hsx_mbx__complete(r, HSX_MBX_STATUS_OK, &hsx_mbx__hdr);
        }
        hsx_mbx__settle(id);
        return HSX_MBX_STATUS_OK;
    }
    if (len > (uint16_t)(d->r.cap - HDR)) { /* cap >= HSX_MBX_MIN_CAPACITY = HDR */
        return HSX_MBX_STATUS_MSG_TOO_LARGE;
    }
    cost = (uint16_t)(HDR + len);
    if (hsx_mbx__is_fanout(d)) {
        hsx_mbx__reclaim(id, d);
    }
    if (hsx_mbx__is_fanout(d) && (d->mode & HSX_MBX_MODE_FANOUT_DROP)) {
        while (!hsx_mbx__fits(d, cost)) {
            hsx_mbx__drop_head(id, d, t->pid, HSX_MBX_REASON_FANOUT_DROP);
        }
    } else if (((d->info & HSX_MBX_DI_WAIT) && hsx_mbx__oldest_waiter(id, HSX_MBX_TS_WAIT_SEND, 0, 0) != NULL) ||
               !hsx_mbx__fits(d, cost)) {
        hsx_mbx__ev_b(EVK(HSX_MBX_EV_BACKPRESSURE, hsx_mbx__is_fanout(d) ? HSX_MBX_POLICY_FANOUT_BLOCK : HSX_MBX_POLICY_SINGLE, t->pid),
             EVDA(id, d->r.cap), d->r.used, cost);
        if (timeout == HSX_MBX_TIMEOUT_POLL) {
            hsx_mbx__settle(id);
            return HSX_MBX_STATUS_WOULDBLOCK;
        }
        t->wbuf = (void *)(uintptr_t)payload;
        t->wlen = (uint16_t)len;
        t->wflags = (uint16_t)flags;
        t->wchan = (uint16_t)channel;
        t->whandle = handle;
        hsx_mbx__block(t, HSX_MBX_TS_WAIT_SEND, id, (uint16_t)timeout);
        hsx_mbx__settle(id);
        return HSX_MBX_BLOCKED;
    }
    hsx_mbx__queue_msg(id, d, t->pid, handle, &hsx_mbx__hdr, payload);
    hsx_mbx__settle(id);
    if (sent != NULL) {
        *sent = (uint16_t)len;
    }
    return HSX_MBX_STATUS_OK;
}

static hsx_mbx_status_t do_recv(hsx_mbx_task_t *t, uint16_t handle, uint8_t *buf, uint32_t max_len,
                                uint32_t timeout, hsx_mbx_msg_info_t *info)
{
    hsx_mbx_handle_t *hp;
    hsx_mbx_desc_t *d;
    hsx_mbx_status_t st;
    uint16_t id;
    int32_t k = 0; /* fan-out: index of the handle's next message */
    msg_hdr_t h;
    st = hsx_mbx__handle_check(t, handle, &hp);
    if (st != HSX_MBX_STATUS_OK) {
        return st;
    }
    id = hp->desc;
    d = hsx_mbx__desc_of(id);
    if (!(hp->flags & HSX_MBX_MODE_RDONLY) ||
        ((d->info & HSX_MBX_DI_NS_MASK) == HSX_MBX_NS_PID && t->pid != 0u && t->pid != d->owner)) {
        return HSX_MBX_STATUS_PERMISSION_DENIED;
    }
    if (max_len > 0xFFFFu || hsx_mbx__timeout_check(timeout) != HSX_MBX_STATUS_OK || (max_len != 0u && buf == NULL)) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    if (hsx_mbx__is_tap(hp)) {
        /* taps read their own buffer and never block */
        st = hsx_mbx__tap_recv(hsx_mbx__tslot_of(t), hp, buf, (uint16_t)max_len, &h);
        if (st != HSX_MBX_STATUS_OK) {
            return st;
        }
        hsx_mbx__ev_msg(EVK(HSX_MBX_EV_RECV, 0, t->pid), EVDA(id, handle), &h);
        goto out;
    }
    if (hsx_mbx__is_fanout(d)) {
        if (hp->flags & HSX_MBX_HF_SENDER) {
            hsx_mbx__fan_dirty(id); /* it becomes a reader again */
        }
        hp->flags = (uint8_t)(hp->flags & ~HSX_MBX_HF_SENDER);
        k = hsx_mbx__fan_next(d, hp);
        if (k < 0) {
            goto nodata;
        }
    } else if (d->r.depth == 0u) {
        goto nodata;
    }
    hsx_mbx__take_inline(d, hp, (uint16_t)k, buf, (uint16_t)max_len, &h);
    hsx_mbx__ev_msg(EVK(HSX_MBX_EV_RECV, 0, t->pid), EVDA(id, handle), &h);
    hsx_mbx__settle(id);
out:
    if (info != NULL) {
        memcpy(info, &h, sizeof(h));
    }
    return HSX_MBX_STATUS_OK;
nodata:
    if (timeout == HSX_MBX_TIMEOUT_POLL) {
        hsx_mbx__settle(id);
        return HSX_MBX_STATUS_NO_DATA;
    }
    t->wbuf = buf;
    t->wlen = (uint16_t)max_len;
    t->whandle = handle;
    hsx_mbx__block(t, HSX_MBX_TS_WAIT_RECV, id, (uint16_t)timeout);
    hsx_mbx__settle(id);
    return HSX_MBX_BLOCKED;
}

/* The peek operation: the figures of the handle's descriptor and the length of
 * the handle's next message (0 when there is none). */
static hsx_mbx_status_t do_peek(hsx_mbx_task_t *t, uint16_t handle, hsx_mbx_peek_t *out)
{
    hsx_mbx_handle_t *hp;
    const hsx_mbx_desc_t *d;
    msg_hdr_t h;
    hsx_mbx_status_t st = hsx_mbx__handle_check(t, handle, &hp);
    if (st != HSX_MBX_STATUS_OK) {
        return st;
    }
    d = hsx_mbx__desc_of(hp->desc);
    out->depth = d->r.depth;
    out->bytes_used = d->r.used;
    out->capacity = d->r.cap;
    out->head_seq = hsx_mbx__head_seq(d);
    out->next_seq = d->next_seq;
    out->mode = d->mode;
    /* the handle's next message: a fan-out reader's next one, or the head */
    if (hsx_mbx__is_fanout(d) && !(hp->flags & HSX_MBX_HF_TAP)) {
        int32_t k = hsx_mbx__fan_next(d, hp);
        if (k >= 0) {
            hsx_mbx__ring_msg(&d->r, (uint16_t)k, &h, NULL, 0);
            out->next_len = h.len;
        }
    } else if (d->r.depth != 0u) {
        hsx_mbx__ring_head(&d->r, &h);
        out->next_len = h.len;
    }
    return HSX_MBX_STATUS_OK;
}

/* ---------------------------------------------------------------- entry points */

hsx_mbx_status_t hsx_mbx_send(uint16_t pid, uint16_t handle, const uint8_t *payload, uint32_t len,
                              uint32_t flags, uint32_t channel, uint32_t timeout, uint16_t *sent)
{
    hsx_mbx_status_t st;
    hsx_mbx_task_t *t;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    if (sent != NULL) {
        *sent = 0;
    }
    t = hsx_mbx__task_ready(pid);
    st = HSX_MBX_TASK_ST(t);
    if (st == HSX_MBX_STATUS_OK) {
        t->step++;
        st = do_send(t, handle, payload, len, flags, channel, timeout, sent);
    }
    st = hsx_mbx__finish(pid, HSX_MBX_FNCODE_SEND, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

hsx_mbx_status_t hsx_mbx_recv(uint16_t pid, uint16_t handle, uint8_t *buf, uint32_t max_len, uint32_t timeout,
                              hsx_mbx_msg_info_t *info)
{
    hsx_mbx_status_t st;
    hsx_mbx_task_t *t;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    if (info != NULL) {
        memset(info, 0, sizeof(*info));
    }
    t = hsx_mbx__task_ready(pid);
    st = HSX_MBX_TASK_ST(t);
    if (st == HSX_MBX_STATUS_OK) {
        t->step++;
        st = do_recv(t, handle, buf, max_len, timeout, info);
    }
    st = hsx_mbx__finish(pid, HSX_MBX_FNCODE_RECV, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

hsx_mbx_status_t hsx_mbx_peek(uint16_t pid, uint16_t handle, hsx_mbx_peek_t *out)
{
    hsx_mbx_status_t st;
    hsx_mbx_task_t *t;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    memset(out, 0, sizeof(*out));
    t = hsx_mbx__task_ready(pid);
    st = HSX_MBX_TASK_ST(t);
    if (st == HSX_MBX_STATUS_OK) {
        st = do_peek(t, handle, out);
    }
    st = hsx_mbx__finish(pid, HSX_MBX_FNCODE_PEEK, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

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
            (void)hsx_mbx__ring_find(&d->r, (uint16_t)k, &h);
            out->next_len = h.len;
        }
    } else if (d->r.depth != 0u) {
        hsx_mbx__ring_head(&d->r, &h);
        out->next_len = h.len;
    }
    return HSX_MBX_STATUS_OK;
}

/* ---------------------------------------------------------------- fast paths */

/* The usual send and receive: a single-reader mailbox (not fan-out) without
 * waiters (and, for send, without taps), valid arguments, and a message that lies
 * whole before the end of the ring. The facts are flag bits the operations that
 * change them keep up to date (DI_WAIT, DI_TAPS, the handle's access and STALE
 * bits, the mode), so the test reads a few bytes. Then the call is one flat
 * function: the header goes from the arguments straight into the ring, and from
 * the ring straight into the caller's info record; the calls left are the payload
 * copy and, only when the event mask records the type, the emitter. Anything else
 * returns 0 before it changes any state, and the entry point runs the general
 * path (do_send/do_recv), whose effect is the same where both apply. */

#if HSX_MBX_CFG_EVENTS
#define EV_WANTED(type) (HAS_EVENTS && ((hsx_mbx__ev.mask >> ((type) - 1u)) & 1u) != 0u)
#else
#define EV_WANTED(type) 0
#endif

/* The header of the fast paths' message event, in the scratch record hsx_mbx__hdr (a
 * local would give the fast paths a frame on AVR). */
HSX_INLINE void ev_fast_hdr(uint16_t len, uint16_t flags, uint16_t chan, uint16_t src)
{
    hsx_mbx__hdr.len = len;
    hsx_mbx__hdr.flags = flags;
    hsx_mbx__hdr.chan = chan;
    hsx_mbx__hdr.src = src;
}

/* timeout_check() as a test: valid timeouts (a 16-bit value; POLL without timeouts). */
#define TIMEOUT_OK(timeout) ((timeout) <= 0xFFFFu && (HAS_TIMEOUTS || (timeout) == HSX_MBX_TIMEOUT_POLL))

/* The handle id of the ready task pid (NULL when either is missing), and in *ts the
 * task's slot: the lookups of task_ready() and handle_find() in one pass, with the
 * slot index kept instead of recomputed from the task pointer. */
HSX_INLINE hsx_mbx_handle_t *fast_find(uint16_t pid, uint16_t id, unsigned *ts)
{
    unsigned i, k;
    for (i = 0; i <= L_MAXT; i++) {
        if (hsx_mbx__task[i].state != HSX_MBX_TS_FREE && hsx_mbx__task[i].pid == pid) {
            hsx_mbx_handle_t *hs = hsx_mbx__handle[i];
            if (hsx_mbx__task[i].state != HSX_MBX_TS_READY || id == 0u) {
                return NULL;
            }
            for (k = 0; k < L_HLIM; k++) {
                if ((hs[k].flags & HSX_MBX_HF_USED) && hs[k].id == id) {
                    *ts = i;
                    return &hs[k];
                }
            }
            return NULL;
        }
    }
    return NULL;
}

/* 16-bit fields of a header in the ring, at any alignment (the compiler makes them
 * plain moves). */
HSX_INLINE void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
HSX_INLINE uint16_t get16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}

HSX_INLINE int send_fast(uint16_t pid, uint16_t handle, const uint8_t *payload, uint32_t len, uint32_t flags,
                         uint32_t channel, uint32_t timeout, uint16_t *sent)
{
    unsigned ts = 0;
    hsx_mbx_handle_t *hp = fast_find(pid, handle, &ts);
    hsx_mbx_desc_t *d;
    uint16_t id, pos, cost;
    uint8_t *p;
    if (hp == NULL ||
        (hp->flags & (HSX_MBX_HF_STALE | HSX_MBX_MODE_WRONLY)) != HSX_MBX_MODE_WRONLY || (flags | channel) > 0xFFFFu ||
        !TIMEOUT_OK(timeout) || len == 0u || payload == NULL) {
        return 0;
    }
    id = hp->desc;
    d = hsx_mbx__desc_of(id);
    if (hsx_mbx__is_fanout(d) || (d->info & (HSX_MBX_DI_WAIT | HSX_MBX_DI_TAPS))) {
        return 0;
    }
    {
        /* ring_wrap() and fits() in the native width: cost <= cap <= 65535, and
         * head + used < cap when used < room */
        unsigned cap = d->r.cap, used = d->r.used, head = d->r.head, room = cap - head;
        if (len > cap - HDR) {
            return 0; /* MSG_TOO_LARGE (cap >= HSX_MBX_MIN_CAPACITY = HDR) */
        }
        cost = (uint16_t)(HDR + len);
        pos = (uint16_t)(used >= room ? used - room : head + used);
        if (cost > cap - used || cost > cap - pos) {
            return 0; /* full (WOULDBLOCK or a wait), or the message would wrap */
        }
    }
    hsx_mbx__task[ts].step++;
    if (hsx_mbx__is_reader(hp)) {
        hsx_mbx__fan_dirty(id); /* a sender is not a fan-out reader */
    }
    hp->flags = (uint8_t)(hp->flags | HSX_MBX_HF_SENDER);
    p = &hsx_mbx__arena[d->r.base + pos];
    put16(p + offsetof(msg_hdr_t, len), (uint16_t)len);
    put16(p + offsetof(msg_hdr_t, flags), (uint16_t)flags);
    put16(p + offsetof(msg_hdr_t, chan), (uint16_t)channel);
    put16(p + offsetof(msg_hdr_t, src), pid);
    memcpy(p + HDR, payload, (uint16_t)len);
    d->r.used = (uint16_t)(d->r.used + cost);
    d->r.depth++;
    d->next_seq++;
    if (d->r.used > d->peak) {
        d->peak = d->r.used;
    }
    if (sent != NULL) {
        *sent = (uint16_t)len;
    }
    if (EV_WANTED(HSX_MBX_EV_SEND)) {
        ev_fast_hdr((uint16_t)len, (uint16_t)flags, (uint16_t)channel, pid);
        hsx_mbx__ev_msg(EVK(HSX_MBX_EV_SEND, 0, pid), EVDA(id, handle), &hsx_mbx__hdr);
    }
    return 1;
}

HSX_INLINE int recv_fast(uint16_t pid, uint16_t handle, uint8_t *buf, uint32_t max_len, uint32_t timeout,
                         hsx_mbx_msg_info_t *info)
{
    unsigned ts = 0;
    hsx_mbx_handle_t *hp = fast_find(pid, handle, &ts);
    hsx_mbx_desc_t *d;
    uint16_t id, head, cost, len, flags;
    const uint8_t *p;
    if (hp == NULL ||
        (hp->flags & (HSX_MBX_HF_STALE | HSX_MBX_HF_TAP | HSX_MBX_MODE_RDONLY)) != HSX_MBX_MODE_RDONLY ||
        max_len > 0xFFFFu || !TIMEOUT_OK(timeout) || (max_len != 0u && buf == NULL)) {
        return 0;
    }
    id = hp->desc;
    d = hsx_mbx__desc_of(id);
    if (hsx_mbx__is_fanout(d) || (d->info & HSX_MBX_DI_WAIT) || d->r.depth == 0u ||
        ((d->info & HSX_MBX_DI_NS_MASK) == HSX_MBX_NS_PID && pid != 0u && pid != d->owner)) {
        return 0;
    }
    head = d->r.head;
    if ((unsigned)d->r.cap - head < HDR) {
        return 0; /* the header wraps */
    }
    p = &hsx_mbx__arena[d->r.base + head];
    len = get16(p + offsetof(msg_hdr_t, len));
    cost = (uint16_t)(HDR + len);
    if ((unsigned)d->r.cap - head < cost) {
        return 0; /* the payload wraps */
    }
    hsx_mbx__task[ts].step++;
    flags = get16(p + offsetof(msg_hdr_t, flags));
    /* hsx_mbx__msg_mark(): OVERRUN once after the reader's bit, TRUNCATED to max_len */
    if (hp->flags & HSX_MBX_HF_OVERRUN) {
        hp->flags = (uint8_t)(hp->flags & ~HSX_MBX_HF_OVERRUN);
        flags = (uint16_t)(flags | HSX_MBX_MSG_OVERRUN);
    }
    if (max_len < len) {
        if (max_len != 0u) { /* buf may be NULL then */
            memcpy(buf, p + HDR, (uint16_t)max_len);
        }
        len = (uint16_t)max_len;
        flags = (uint16_t)(flags | HSX_MBX_MSG_TRUNCATED);
    } else {
        memcpy(buf, p + HDR, len);
    }
    d->r.used = (uint16_t)(d->r.used - cost);
    d->r.depth--;
    /* as ring_pop(), before the event (a hook may look): the head moves past the
     * message, and to 0 when the ring is empty */
    d->r.head = (d->r.depth == 0u || (uint16_t)(d->r.cap - head) == cost) ? 0u : (uint16_t)(head + cost);
    if (info != NULL) {
        info->length = len;
        info->flags = flags;
        info->channel = get16(p + offsetof(msg_hdr_t, chan));
        info->src_pid = get16(p + offsetof(msg_hdr_t, src));
    }
    if (EV_WANTED(HSX_MBX_EV_RECV)) {
        ev_fast_hdr(len, flags, get16(p + offsetof(msg_hdr_t, chan)), get16(p + offsetof(msg_hdr_t, src)));
        hsx_mbx__ev_msg(EVK(HSX_MBX_EV_RECV, 0, pid), EVDA(id, handle), &hsx_mbx__hdr);
    }
    return 1;
}

/* The fast paths in a critical section of their own (hsx_mbx.h: the callers' inline
 * wrappers try them first and call the general path when they return NOT_FAST). */
hsx_mbx_status_t hsx_mbx__send_fast(uint16_t pid, uint16_t handle, const uint8_t *payload, hsx_mbx_fast_arg_t len,
                                    hsx_mbx_fast_arg_t flags, hsx_mbx_fast_arg_t channel, hsx_mbx_fast_arg_t timeout,
                                    uint16_t *sent)
{
    int done;
    HSX_MBX_ENTER_CRITICAL();
    done = !HSX_MBX_IN_HOOK() && send_fast(pid, handle, payload, len, flags, channel, timeout, sent);
    HSX_MBX_EXIT_CRITICAL();
    return done ? HSX_MBX_STATUS_OK : HSX_MBX__NOT_FAST;
}

hsx_mbx_status_t hsx_mbx__recv_fast(uint16_t pid, uint16_t handle, uint8_t *buf, hsx_mbx_fast_arg_t max_len,
                                    hsx_mbx_fast_arg_t timeout, hsx_mbx_msg_info_t *info)
{
    int done;
    HSX_MBX_ENTER_CRITICAL();
    done = !HSX_MBX_IN_HOOK() && recv_fast(pid, handle, buf, max_len, timeout, info);
    HSX_MBX_EXIT_CRITICAL();
    return done ? HSX_MBX_STATUS_OK : HSX_MBX__NOT_FAST;
}

/* ---------------------------------------------------------------- entry points */

/* The general send: every case (hsx_mbx.h: the fast path, when the caller tried it,
 * changed nothing, and another context may have run in between). (name): not the
 * wrapper macro of hsx_mbx.h. */
hsx_mbx_status_t(hsx_mbx_send)(uint16_t pid, uint16_t handle, const uint8_t *payload, uint32_t len, uint32_t flags,
                               uint32_t channel, uint32_t timeout, uint16_t *sent)
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

/* The general receive (see hsx_mbx_send()). */
hsx_mbx_status_t(hsx_mbx_recv)(uint16_t pid, uint16_t handle, uint8_t *buf, uint32_t max_len, uint32_t timeout,
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

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

/* The general send of task t on handle hp (NULL: none; the lookup of the entry
 * point): every case (wide: an argument beyond the 16-bit entry points'). */
static hsx_mbx_status_t do_send(hsx_mbx_task_t *t, hsx_mbx_handle_t *hp, const uint8_t *payload, uint32_t len,
                                uint32_t flags, uint32_t channel, uint32_t timeout, uint16_t *sent, uint8_t wide)
{
    hsx_mbx_desc_t *d;
    uint16_t id, handle;
    uint16_t cost;
    if (hp == NULL || (hp->flags & HSX_MBX_HF_STALE)) {
        return HSX_MBX_STATUS_INVALID_HANDLE;
    }
    handle = hp->id;
    if (!(hp->flags & HSX_MBX_MODE_WRONLY)) {
        return HSX_MBX_STATUS_PERMISSION_DENIED;
    }
    if (wide || flags > 0xFFFFu || channel > 0xFFFFu || hsx_mbx__timeout_check(timeout) != HSX_MBX_STATUS_OK ||
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

/* The general receive of task t on handle hp (NULL: none): every case. */
static hsx_mbx_status_t do_recv(hsx_mbx_task_t *t, hsx_mbx_handle_t *hp, uint8_t *buf, uint32_t max_len,
                                uint32_t timeout, hsx_mbx_msg_info_t *info, uint8_t wide)
{
    hsx_mbx_desc_t *d;
    hsx_mbx_status_t st;
    uint16_t id, handle;
    int32_t k = 0; /* fan-out: index of the handle's next message */
    msg_hdr_t h;
    if (hp == NULL || (hp->flags & HSX_MBX_HF_STALE)) {
        return HSX_MBX_STATUS_INVALID_HANDLE;
    }
    handle = hp->id;
    id = hp->desc;
    d = hsx_mbx__desc_of(id);
    if (!(hp->flags & HSX_MBX_MODE_RDONLY) ||
        ((d->info & HSX_MBX_DI_NS_MASK) == HSX_MBX_NS_PID && t->pid != 0u && t->pid != d->owner)) {
        return HSX_MBX_STATUS_PERMISSION_DENIED;
    }
    if (wide || max_len > 0xFFFFu || hsx_mbx__timeout_check(timeout) != HSX_MBX_STATUS_OK || (max_len != 0u && buf == NULL)) {
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

/* ---------------------------------------------------------------- entry points */

/* One entry point per operation, one lookup: the caller's task and handle are
 * found once; the usual call (below) finishes inline, every other one goes on
 * with the same task and handle into the general path (do_send/do_recv, out of
 * line in send_slow/recv_slow, so that the fast code keeps few registers live and
 * pays no frame of the general path). The error bookkeeping (mailbox_error) runs
 * only for a status other than OK (hsx_mbx__finish). */

/* A value of at most 16 bits (a function: no type-limits warning where the
 * argument is a 16-bit one, the test is then compiled away). */
static inline int fits16(uint32_t v) { return v <= 0xFFFFu; }

/* timeout_check() as a test: valid timeouts (a 16-bit value; POLL without timeouts). */
#define TIMEOUT_OK(timeout) (fits16(timeout) && (HAS_TIMEOUTS || (timeout) == HSX_MBX_TIMEOUT_POLL))

/* The ready task of pid (NULL when it has none or is blocked) and in *row its
 * handle row: task_find() inline, with the row found in the same walk (pointer
 * steps, no index multiplications). */
HSX_INLINE hsx_mbx_task_t *call_task(uint16_t pid, hsx_mbx_handle_t **row)
{
    hsx_mbx_task_t *t = hsx_mbx__task;
    hsx_mbx_handle_t(*hs)[HSX_MBX_CFG_HANDLE_LIMIT] = hsx_mbx__handle;
    for (; t != &hsx_mbx__task[L_MAXT + 1u]; t++, hs++) {
        if (t->state != HSX_MBX_TS_FREE && t->pid == pid) {
            *row = *hs;
            return t->state == HSX_MBX_TS_READY ? t : NULL;
        }
    }
    return NULL;
}

/* Handle id of task t (used, possibly stale; row: its handles), or NULL. Ids
 * count up from 1 per task and a new handle takes the first free slot, so handle
 * id usually sits in slot (id - 1) mod the row length: that slot is tested first
 * (O(1)), and only a miss scans the row (handle_find). A power-of-two row makes
 * the guess a mask; another length guesses slot 0. */
#define HSX_MBX_HGUESS(id) (((L_HLIM) & ((L_HLIM) - 1u)) == 0u ? ((unsigned)(id) - 1u) & ((L_HLIM) - 1u) : 0u)
HSX_INLINE hsx_mbx_handle_t *call_handle(const hsx_mbx_task_t *t, hsx_mbx_handle_t *row, uint16_t id)
{
    hsx_mbx_handle_t *g = &row[HSX_MBX_HGUESS(id)];
    if ((g->flags & HSX_MBX_HF_USED) && g->id == id) {
        return g; /* used handles have ids >= 1 */
    }
    return hsx_mbx__handle_find(t, id);
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

/* The header of a message event in the scratch record hsx_mbx__hdr (a local would
 * give the entry points a frame on AVR). */
HSX_INLINE void ev_hdr(uint16_t len, uint16_t flags, uint16_t chan, uint16_t src)
{
    hsx_mbx__hdr.len = len;
    hsx_mbx__hdr.flags = flags;
    hsx_mbx__hdr.chan = chan;
    hsx_mbx__hdr.src = src;
}

/* The usual send, whole, when it applies, else 0 with nothing changed: a live
 * handle with write access on a single-reader mailbox (not fan-out) without
 * waiters or taps (the descriptor's DI_WAIT and DI_TAPS hints, kept by the
 * operations that change those facts), valid arguments, and a message that fits
 * and lies whole before the end of the ring. The header goes from the arguments
 * straight into the ring, the counters and the event come next (as in
 * queue_msg(); an event hook sees the same state), and the payload copy is the
 * last call, so that little is live across a call. */
HSX_INLINE int send_fast(const hsx_mbx_task_t *t, hsx_mbx_handle_t *hp, const uint8_t *payload, hsx_mbx_fast_arg_t len,
                         hsx_mbx_fast_arg_t flags, hsx_mbx_fast_arg_t channel, hsx_mbx_fast_arg_t timeout,
                         uint16_t *sent)
{
    hsx_mbx_desc_t *d;
    uint16_t id, pos, cost, pid;
    uint8_t *p;
    if (hp == NULL ||
        (hp->flags & (HSX_MBX_HF_STALE | HSX_MBX_MODE_WRONLY)) != HSX_MBX_MODE_WRONLY || !fits16(flags | channel) ||
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
    if (hsx_mbx__is_reader(hp)) {
        hsx_mbx__fan_dirty(id); /* a sender is not a fan-out reader */
    }
    hp->flags = (uint8_t)(hp->flags | HSX_MBX_HF_SENDER);
    pid = t->pid;
    p = &hsx_mbx__arena[d->r.base + pos];
    put16(p + offsetof(msg_hdr_t, len), (uint16_t)len);
    put16(p + offsetof(msg_hdr_t, flags), (uint16_t)flags);
    put16(p + offsetof(msg_hdr_t, chan), (uint16_t)channel);
    put16(p + offsetof(msg_hdr_t, src), pid);
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
        ev_hdr((uint16_t)len, (uint16_t)flags, (uint16_t)channel, pid);
        hsx_mbx__ev_msg_rec(EVK(HSX_MBX_EV_SEND, 0, pid), EVDA(id, hp->id), &hsx_mbx__hdr);
    }
    memcpy(p + HDR, payload, (uint16_t)len);
    return 1;
}

/* The usual receive, whole, when it applies, else 0 with nothing changed: a live
 * non-tap handle with read access (and the namespace's permission) on a
 * single-reader mailbox without waiters, valid arguments, and a head message
 * that lies whole before the end of the ring. The header goes from the ring
 * straight into the caller's info record; the ring gives the message up before
 * the event (as ring_pop(): a hook may look), and the payload copy is the last
 * call (its bytes stay in the arena until the next send, which cannot come
 * before this call returns). */
HSX_INLINE int recv_fast(const hsx_mbx_task_t *t, hsx_mbx_handle_t *hp, uint8_t *buf, hsx_mbx_fast_arg_t max_len,
                         hsx_mbx_fast_arg_t timeout, hsx_mbx_msg_info_t *info)
{
    hsx_mbx_desc_t *d;
    uint16_t id, head, cost, len, flags, pid;
    const uint8_t *p;
    if (hp == NULL ||
        (hp->flags & (HSX_MBX_HF_STALE | HSX_MBX_HF_TAP | HSX_MBX_MODE_RDONLY)) != HSX_MBX_MODE_RDONLY ||
        !fits16(max_len) || !TIMEOUT_OK(timeout) || (max_len != 0u && buf == NULL)) {
        return 0;
    }
    id = hp->desc;
    d = hsx_mbx__desc_of(id);
    pid = t->pid;
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
    flags = get16(p + offsetof(msg_hdr_t, flags));
    /* hsx_mbx__msg_mark(): OVERRUN once after the reader's bit, TRUNCATED to max_len */
    if (hp->flags & HSX_MBX_HF_OVERRUN) {
        hp->flags = (uint8_t)(hp->flags & ~HSX_MBX_HF_OVERRUN);
        flags = (uint16_t)(flags | HSX_MBX_MSG_OVERRUN);
    }
    if (max_len < len) {
        len = (uint16_t)max_len;
        flags = (uint16_t)(flags | HSX_MBX_MSG_TRUNCATED);
    }
    d->r.used = (uint16_t)(d->r.used - cost);
    d->r.depth--;
    d->r.head = (d->r.depth == 0u || (uint16_t)(d->r.cap - head) == cost) ? 0u : (uint16_t)(head + cost);
    if (info != NULL) {
        info->length = len;
        info->flags = flags;
        info->channel = get16(p + offsetof(msg_hdr_t, chan));
        info->src_pid = get16(p + offsetof(msg_hdr_t, src));
    }
    if (EV_WANTED(HSX_MBX_EV_RECV)) {
        ev_hdr(len, flags, get16(p + offsetof(msg_hdr_t, chan)), get16(p + offsetof(msg_hdr_t, src)));
        hsx_mbx__ev_msg_rec(EVK(HSX_MBX_EV_RECV, 0, pid), EVDA(id, hp->id), &hsx_mbx__hdr);
    }
    if (len != 0u) { /* buf may be NULL then */
        memcpy(buf, p + HDR, len);
    }
    return 1;
}

/* The general paths after the entry point's lookup (t ready, its step counted;
 * hp the handle or NULL; wide: an argument exceeded 16 bits, see
 * hsx_mbx__send_fast()), inside the entry point's critical section. Inline: the
 * entry point saves every call-saved register for its fast path anyway (AVR: the
 * eight arguments fill them; Cortex-M: r4-r11), so one frame for both costs the
 * usual call nothing but a bigger stack adjustment, where a call would stack a
 * second frame and move the arguments again (measured: the deepest stack 222 ->
 * 198 B on AVR, 380 -> 308 B on Cortex-M; fan-out and wake 7-8 % faster, the
 * pair 1 % slower). */
HSX_INLINE hsx_mbx_status_t send_slow(hsx_mbx_task_t *t, hsx_mbx_handle_t *hp, const uint8_t *payload,
                                               hsx_mbx_fast_arg_t len, hsx_mbx_fast_arg_t flags,
                                               hsx_mbx_fast_arg_t channel, hsx_mbx_fast_arg_t timeout, uint16_t *sent,
                                               uint8_t wide)
{
    if (sent != NULL) {
        *sent = 0;
    }
    return hsx_mbx__finish_hot(t->pid, HSX_MBX_FNCODE_SEND,
                           do_send(t, hp, payload, len, flags, channel, timeout, sent, wide));
}

HSX_INLINE hsx_mbx_status_t recv_slow(hsx_mbx_task_t *t, hsx_mbx_handle_t *hp, uint8_t *buf,
                                               hsx_mbx_fast_arg_t max_len, hsx_mbx_fast_arg_t timeout,
                                               hsx_mbx_msg_info_t *info, uint8_t wide)
{
    if (info != NULL) {
        memset(info, 0, sizeof(*info));
    }
    return hsx_mbx__finish_hot(t->pid, HSX_MBX_FNCODE_RECV, do_recv(t, hp, buf, max_len, timeout, info, wide));
}

/* A send or receive by a pid that has no ready task: INVALID_ARGUMENT, outputs
 * zeroed (sent, or the info record: n bytes at out). */
static HSX_NOINLINE hsx_mbx_status_t no_task(uint16_t pid, uint8_t fn, void *out, size_t n)
{
    if (out != NULL) {
        memset(out, 0, n);
    }
    return hsx_mbx__finish(pid, fn, HSX_MBX_STATUS_INVALID_ARGUMENT);
}

/* The entry points the callers' wrappers call (hsx_mbx.h): 16-bit length, flags,
 * channel and timeout on 8-bit targets, the native width elsewhere. On 8-bit
 * targets the 32-bit hsx_mbx_send() calls the same function with `wide` set when
 * flags, channel or timeout exceeded 16 bits (the call fails with
 * INVALID_ARGUMENT in the general path, after the handle and access checks, as
 * the model's does); a length beyond 16 bits arrives as 0xFFFF, which fails alike
 * (MSG_TOO_LARGE, or INVALID_ARGUMENT without payload: no ring holds 0xFFFF - 8
 * bytes). Elsewhere the arguments have 32 bits and there is no `wide`. */
hsx_mbx_status_t hsx_mbx__send_fast(uint16_t pid, uint16_t handle, const uint8_t *payload, hsx_mbx_fast_arg_t len,
                                    hsx_mbx_fast_arg_t flags, hsx_mbx_fast_arg_t channel, hsx_mbx_fast_arg_t timeout,
                                    uint16_t *sent HSX_MBX__WIDE_P)
{
    hsx_mbx_status_t st = HSX_MBX_STATUS_OK;
    hsx_mbx_task_t *t;
    hsx_mbx_handle_t *row = NULL;
#if !HSX_MBX_NARROW_CALLS
    const uint8_t wide = 0;
#endif
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    t = call_task(pid, &row);
    if (t == NULL) {
        st = no_task(pid, HSX_MBX_FNCODE_SEND, sent, sizeof(*sent));
    } else {
        hsx_mbx_handle_t *hp = call_handle(t, row, handle);
        t->step++;
        if (wide || !send_fast(t, hp, payload, len, flags, channel, timeout, sent)) {
            st = send_slow(t, hp, payload, len, flags, channel, timeout, sent, wide);
        }
    }
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

/* The receive entry point (see hsx_mbx__send_fast(); max_len and timeout). */
hsx_mbx_status_t hsx_mbx__recv_fast(uint16_t pid, uint16_t handle, uint8_t *buf, hsx_mbx_fast_arg_t max_len,
                                    hsx_mbx_fast_arg_t timeout, hsx_mbx_msg_info_t *info HSX_MBX__WIDE_P)
{
    hsx_mbx_status_t st = HSX_MBX_STATUS_OK;
    hsx_mbx_task_t *t;
    hsx_mbx_handle_t *row = NULL;
#if !HSX_MBX_NARROW_CALLS
    const uint8_t wide = 0;
#endif
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    t = call_task(pid, &row);
    if (t == NULL) {
        st = no_task(pid, HSX_MBX_FNCODE_RECV, info, sizeof(*info));
    } else {
        hsx_mbx_handle_t *hp = call_handle(t, row, handle);
        t->step++;
        if (wide || !recv_fast(t, hp, buf, max_len, timeout, info)) {
            st = recv_slow(t, hp, buf, max_len, timeout, info, wide);
        }
    }
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

/* The 32-bit API (the SVC dispatcher, callers that take the symbol or write
 * `(hsx_mbx_send)(...)`): the same entry point. (name): not the wrapper macro. */
hsx_mbx_status_t(hsx_mbx_send)(uint16_t pid, uint16_t handle, const uint8_t *payload, uint32_t len, uint32_t flags,
                               uint32_t channel, uint32_t timeout, uint16_t *sent)
{
    return hsx_mbx__send_fast(pid, handle, payload, len > 0xFFFFu ? 0xFFFFu : (hsx_mbx_fast_arg_t)len,
                              (hsx_mbx_fast_arg_t)flags, (hsx_mbx_fast_arg_t)channel, (hsx_mbx_fast_arg_t)timeout,
                              sent HSX_MBX__WIDE_A(!HSX_MBX__FITS(flags | channel | timeout)));
}

hsx_mbx_status_t(hsx_mbx_recv)(uint16_t pid, uint16_t handle, uint8_t *buf, uint32_t max_len, uint32_t timeout,
                               hsx_mbx_msg_info_t *info)
{
    return hsx_mbx__recv_fast(pid, handle, buf, (hsx_mbx_fast_arg_t)max_len, (hsx_mbx_fast_arg_t)timeout,
                              info HSX_MBX__WIDE_A(!HSX_MBX__FITS(max_len | timeout)));
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

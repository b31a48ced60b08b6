/* hsx_mbx_taps.c: taps (HSX_MBX_CFG_TAPS): a tap handle receives a copy of
 * every message queued on its descriptor, into a buffer of its own in the arena,
 * within a rate limit per window (contract section 6). Copies go to the taps in
 * the order their handles were opened (the open stamps).
 *
 * Without the feature hsx_mbx_taps.h gives empty inline functions: no handle is
 * a tap then, and the tap operation is rejected. */
#include "hsx_mbx_taps.h"
#include "hsx_mbx_entry.h"

#if HSX_MBX_CFG_TAPS

#include "hsx_mbx_arena.h"
#include "hsx_mbx_desc.h"
#include "hsx_mbx_events.h"
#include "hsx_mbx_fanout.h"
#include "hsx_mbx_ring.h"
#include "hsx_mbx_wait.h"

static hsx_mbx_tap_t *tap_of(unsigned ts, unsigned hs)
{
    unsigned i;
    for (i = 0; i < L_TAPS; i++) {
        if ((hsx_mbx__tap[i].flags & HSX_MBX_TF_USED) && hsx_mbx__tap[i].task == ts && hsx_mbx__tap[i].hslot == hs) {
            return &hsx_mbx__tap[i];
        }
    }
    return NULL;
}

static void tap_release(hsx_mbx_tap_t *t)
{
    hsx_mbx_aoff_t base = t->r.base;
    uint16_t cap = t->r.cap;
    t->flags = 0;
    hsx_mbx__arena_release(base, cap);
}

/* The taps of descriptor id in the order their handles were opened. */
static hsx_mbx_tap_t *tap_next(uint16_t id, const hsx_mbx_tap_t *prev)
{
    hsx_mbx_tap_t *best = NULL;
    unsigned i;
    for (i = 0; i < L_TAPS; i++) {
        hsx_mbx_tap_t *t = &hsx_mbx__tap[i];
        hsx_mbx_stamp_t st;
        if (!(t->flags & HSX_MBX_TF_USED) || hsx_mbx__handle[t->task][t->hslot].desc != id) {
            continue;
        }
        st = hsx_mbx__handle[t->task][t->hslot].stamp;
        if (prev != NULL && !HSX_MBX_STAMP_BEFORE(hsx_mbx__handle[prev->task][prev->hslot].stamp, st)) {
            continue;
        }
        if (best == NULL || HSX_MBX_STAMP_BEFORE(st, hsx_mbx__handle[best->task][best->hslot].stamp)) {
            best = t;
        }
    }
    return best;
}

/* The pid of tap t's task (the pid of its events). */
static uint16_t tap_pid(const hsx_mbx_tap_t *t)
{
    return hsx_mbx__task[t->task].pid;
}

/* The rate limit of tap t (contract section 6): whether it takes a copy of
 * `cost` bytes now; a refused copy marks it overrun (mailbox_backpressure). */
HSX_INLINE int tap_admit(hsx_mbx_tap_t *t, uint16_t id, uint16_t cost)
{
    if (L_RATE != 0u) {
        if (!(t->flags & HSX_MBX_TF_WINDOW) || hsx_mbx__time_reached(hsx_mbx__now, t->win_start + HSX_MBX_TAP_RATE_WINDOW_MS)) {
            t->flags = (uint8_t)(t->flags | HSX_MBX_TF_WINDOW);
            t->win_start = hsx_mbx__now;
            t->win_count = 0;
        }
        /* win_count never passes L_RATE (it grows only below it); == rather than >=
         * keeps -Wtype-limits quiet when the profile's limit is a constant 0. */
        if (t->win_count == L_RATE) {
            t->flags = (uint8_t)(t->flags | HSX_MBX_TF_OVERRUN);
            hsx_mbx__ev_b(EVK(HSX_MBX_EV_BACKPRESSURE, HSX_MBX_POLICY_TAP_RATE_LIMIT, tap_pid(t)), EVDA(id, t->r.cap),
                          t->r.used, cost);
            return 0;
        }
        t->win_count++;
    }
    return 1;
}

/* Drops tap t's oldest copies until `cost` bytes fit (each a mailbox_overrun;
 * copies keep only their 8-byte header, no seq: dropped_seq is 0, as in Java). */
HSX_INLINE void tap_make_room(hsx_mbx_tap_t *t, uint16_t id, uint16_t cost)
{
    while ((uint16_t)(t->r.cap - t->r.used) < cost) {
        hsx_mbx__ring_drop(&t->r, &hsx_mbx__tap_hdr);
        t->flags = (uint8_t)(t->flags | HSX_MBX_TF_OVERRUN);
        hsx_mbx__ev_put(EVK(HSX_MBX_EV_OVERRUN, HSX_MBX_REASON_TAP_DROP, tap_pid(t)), EVDA(id, t->r.depth),
                        &hsx_mbx__tap_hdr, 0u);
    }
}

/* Offers a queued message (seq = next_seq - 1) to every tap of descriptor id
 * (contract section 6): rate limit, then the copy, dropping the tap's oldest
 * copies until it fits. Finding no tap clears the descriptor's DI_TAPS hint.
 * This frame is on the deepest stack path (settle -> taps_copy): the cost is
 * 16-bit, the seq computed where it is used, and a dropped copy's header is
 * static scratch (hsx_mbx__tap_hdr). */
void hsx_mbx__taps_copy(uint16_t id, hsx_mbx_desc_t *d, const msg_hdr_t *h, const uint8_t *payload)
{
    uint16_t cost = (uint16_t)(HDR + h->len); /* the message fitted d's ring: <= 65535 */
    hsx_mbx_tap_t *t = NULL;
    d->info = (uint8_t)(d->info & ~HSX_MBX_DI_TAPS);
    while ((t = tap_next(id, t)) != NULL) {
        d->info = (uint8_t)(d->info | HSX_MBX_DI_TAPS);
        if (!tap_admit(t, id, cost)) {
            continue;
        }
        if (cost > t->r.cap) {
            t->flags = (uint8_t)(t->flags | HSX_MBX_TF_OVERRUN);
            hsx_mbx__ev_put(EVK(HSX_MBX_EV_OVERRUN, HSX_MBX_REASON_TAP_DROP, tap_pid(t)), EVDA(id, t->r.depth), h,
                            d->next_seq - 1u);
            continue;
        }
        tap_make_room(t, id, cost);
        hsx_mbx__ring_push(&t->r, h, payload);
    }
}

#if HSX_MBX_STAMP_COMPACT
/* Renumbers the open stamps of the used handles 0..n-1 in their order, so that
 * the counter restarts at n instead of wrapping (as worder_compact: distinct
 * stamps below the counter, the k-th smallest is >= k). Runs once per
 * HSX_MBX_STAMP_MAX - n opens. */
HSX_NOINLINE void hsx_mbx__stamps_compact(void)
{
    hsx_mbx_stamp_t k = 0;
    for (;;) {
        hsx_mbx_handle_t *hp, *best = NULL;
        HSX_MBX_FOR_EACH_HANDLE(hp)
        {
            if (hp->stamp >= k && (best == NULL || hp->stamp < best->stamp)) {
                best = hp;
            }
        }
        if (best == NULL) {
            break;
        }
        best->stamp = k++;
    }
    hsx_mbx__open_stamp = k;
}
#endif

/* Makes handle (task slot ts, handle hp) a tap; resources checked by the caller. */
void hsx_mbx__tap_enable(unsigned ts, hsx_mbx_handle_t *hp)
{
    unsigned i;
    hsx_mbx_desc_t *d = hsx_mbx__desc_of(hp->desc);
    for (i = 0; i < L_TAPS; i++) {
        hsx_mbx_tap_t *t = &hsx_mbx__tap[i];
        if (!(t->flags & HSX_MBX_TF_USED)) {
            memset(t, 0, sizeof(*t));
            t->flags = HSX_MBX_TF_USED;
            t->task = (hsx_mbx_tslot_t)ts;
            t->hslot = (hsx_mbx_hslot_t)(hp - hsx_mbx__handle[ts]);
            t->r.base = hsx_mbx__arena_used;
            t->r.cap = d->r.cap;
            hsx_mbx__arena_used = (hsx_mbx_aoff_t)(hsx_mbx__arena_used + d->r.cap);
            break;
        }
    }
    d->info = (uint8_t)(d->info | HSX_MBX_DI_TAPS);
    hp->flags = (uint8_t)(hp->flags | HSX_MBX_HF_TAP);
    hsx_mbx__fan_dirty(hp->desc);
}

hsx_mbx_status_t hsx_mbx__tap_resources(uint16_t pid, uint16_t id, uint32_t cap, uint32_t extra_arena)
{
    unsigned i, used = 0;
    for (i = 0; i < L_TAPS; i++) {
        if (hsx_mbx__tap[i].flags & HSX_MBX_TF_USED) {
            used++;
        }
    }
    if (used >= L_TAPS) {
        hsx_mbx__ev_exhausted(pid, HSX_MBX_REASON_TAP_POOL, id, 1);
        return HSX_MBX_STATUS_NO_DESCRIPTOR;
    }
    if (hsx_mbx__arena_free() < extra_arena + cap) {
        hsx_mbx__ev_exhausted(pid, HSX_MBX_REASON_ARENA, id, cap);
        return HSX_MBX_STATUS_NO_DESCRIPTOR;
    }
    return HSX_MBX_STATUS_OK;
}

/* The tap operation. */
static hsx_mbx_status_t do_tap(hsx_mbx_task_t *t, uint16_t handle, uint8_t enable)
{
    hsx_mbx_handle_t *hp;
    uint16_t id;
    hsx_mbx_status_t st = hsx_mbx__handle_check(t, handle, &hp);
    if (st != HSX_MBX_STATUS_OK) {
        return st;
    }
    if (!HAS_TAPS) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    if (!(hp->flags & HSX_MBX_MODE_RDONLY)) {
        return HSX_MBX_STATUS_PERMISSION_DENIED;
    }
    id = hp->desc;
    if (enable && !(hp->flags & HSX_MBX_HF_TAP)) {
        st = hsx_mbx__tap_resources(t->pid, id, hsx_mbx__desc_of(id)->r.cap, 0);
        if (st != HSX_MBX_STATUS_OK) {
            return st;
        }
        hsx_mbx__tap_enable(hsx_mbx__tslot_of(t), hp);
        hsx_mbx__settle(id);
    } else if (!enable && (hp->flags & HSX_MBX_HF_TAP)) {
        hsx_mbx__tap_drop(hsx_mbx__tslot_of(t), hp);
        hp->flags = (uint8_t)(hp->flags & ~HSX_MBX_HF_TAP);
        hsx_mbx__cur_set(hp, hsx_mbx__desc_of(id)->next_seq - 1u);
        hsx_mbx__fan_dirty(id);
    }
    return HSX_MBX_STATUS_OK;
}

/* Receive on a tap handle: the oldest copy in its own buffer (NO_DATA when there
 * is none; taps never block). */
hsx_mbx_status_t hsx_mbx__tap_recv(unsigned ts, const hsx_mbx_handle_t *hp, uint8_t *buf, uint16_t max, msg_hdr_t *h)
{
    hsx_mbx_tap_t *tp = tap_of(ts, (unsigned)(hp - hsx_mbx__handle[ts]));
    if (tp == NULL || tp->r.depth == 0u) {
        return HSX_MBX_STATUS_NO_DATA;
    }
    hsx_mbx__ring_pop(&tp->r, h, buf, max);
    hsx_mbx__msg_mark(h, &tp->flags, HSX_MBX_TF_OVERRUN, max);
    return HSX_MBX_STATUS_OK;
}

/* Releases the tap buffer of handle slot hs of task slot ts, if it has one. */
void hsx_mbx__tap_free(unsigned ts, unsigned hs)
{
    hsx_mbx_tap_t *tp = tap_of(ts, hs);
    if (tp != NULL) {
        tap_release(tp);
    }
}

/* The arena moved by delta above `from` (hsx_mbx__arena_shift). */
void hsx_mbx__taps_shift(hsx_mbx_aoff_t from, int32_t delta)
{
    unsigned i;
    for (i = 0; i < L_TAPS; i++) {
        hsx_mbx_tap_t *t = &hsx_mbx__tap[i];
        if ((t->flags & HSX_MBX_TF_USED) && t->r.base >= from) {
            t->r.base = (hsx_mbx_aoff_t)((int32_t)t->r.base + delta);
        }
    }
}

/* Closes the tap rate windows that have ended. A window is at most 1000 ms long and
 * a tick moves at most 2^31 - 1 ms, so a window still open at the previous tick is
 * judged right here by serial arithmetic; one never goes stale (a tap idle for more
 * than 2^31 ms would otherwise look as if its window were still running). */
void hsx_mbx__taps_close_windows(void)
{
    unsigned i;
    if (L_RATE == 0u) {
        return;
    }
    for (i = 0; i < L_TAPS; i++) {
        hsx_mbx_tap_t *t = &hsx_mbx__tap[i];
        if ((t->flags & HSX_MBX_TF_WINDOW) && hsx_mbx__time_reached(hsx_mbx__now, t->win_start + HSX_MBX_TAP_RATE_WINDOW_MS)) {
            t->flags = (uint8_t)(t->flags & ~HSX_MBX_TF_WINDOW);
        }
    }
}

/* Taps in use (with the copies they hold in *depth when depth is not NULL). */
unsigned hsx_mbx__taps_used(hsx_mbx_aoff_t *depth)
{
    unsigned i, n = 0;
    hsx_mbx_aoff_t sum = 0;
    for (i = 0; i < L_TAPS; i++) {
        if (hsx_mbx__tap[i].flags & HSX_MBX_TF_USED) {
            n++;
            sum = (hsx_mbx_aoff_t)(sum + hsx_mbx__tap[i].r.depth);
        }
    }
    if (depth != NULL) {
        *depth = sum;
    }
    return n;
}

/* Taps on descriptor id. */
unsigned hsx_mbx__taps_on(uint16_t id)
{
    unsigned i, n = 0;
    for (i = 0; i < L_TAPS; i++) {
        if ((hsx_mbx__tap[i].flags & HSX_MBX_TF_USED) &&
            hsx_mbx__handle[hsx_mbx__tap[i].task][hsx_mbx__tap[i].hslot].desc == id) {
            n++;
        }
    }
    return n;
}

/* The index-th tap on id in (pid, handle id) order into out (tap_snapshot);
 * 0 when there is none. */
int hsx_mbx__tap_nth(uint16_t id, uint16_t index, hsx_mbx_tap_snapshot_t *out)
{
    uint32_t n, i;
    uint32_t prev = 0; /* pid << 16 | handle id of the previous one */
    int first = 1;
    for (n = 0; n <= index; n++) {
        const hsx_mbx_tap_t *best = NULL;
        uint32_t bkey = 0;
        for (i = 0; i < L_TAPS; i++) {
            const hsx_mbx_tap_t *t = &hsx_mbx__tap[i];
            const hsx_mbx_handle_t *hp = &hsx_mbx__handle[t->task][t->hslot];
            uint32_t key = ((uint32_t)hsx_mbx__task[t->task].pid << 16) | hp->id;
            if ((t->flags & HSX_MBX_TF_USED) && hp->desc == id && (first || key > prev) && (best == NULL || key < bkey)) {
                best = t;
                bkey = key;
            }
        }
        if (best == NULL) {
            break;
        }
        if (n == index) {
            out->pid = (uint16_t)(bkey >> 16);
            out->handle = (uint16_t)bkey;
            out->backlog = best->r.depth;
            out->bytes = best->r.used;
            return 1;
        }
        prev = bkey;
        first = 0;
    }
    return 0;
}

#else /* !HSX_MBX_CFG_TAPS */

/* Without taps the handle is checked, then the call is rejected (model order). */
static hsx_mbx_status_t do_tap(hsx_mbx_task_t *t, uint16_t handle, uint8_t enable)
{
    hsx_mbx_handle_t *hp;
    hsx_mbx_status_t st = hsx_mbx__handle_check(t, handle, &hp);
    (void)enable;
    return st != HSX_MBX_STATUS_OK ? st : HSX_MBX_STATUS_INVALID_ARGUMENT;
}

#endif /* HSX_MBX_CFG_TAPS */


/* ---------------------------------------------------------------- entry points */

hsx_mbx_status_t hsx_mbx_tap(uint16_t pid, uint16_t handle, uint8_t enable)
{
    hsx_mbx_status_t st;
    hsx_mbx_task_t *t;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    t = hsx_mbx__task_ready(pid);
    st = HSX_MBX_TASK_ST(t);
    if (st == HSX_MBX_STATUS_OK) {
        st = do_tap(t, handle, enable);
    }
    st = hsx_mbx__finish(pid, HSX_MBX_FNCODE_TAP, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

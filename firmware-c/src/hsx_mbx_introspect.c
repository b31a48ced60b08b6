/* hsx_mbx_introspect.c: introspection (the introspection feature): stats,
 * task_info and the descriptor and tap snapshots. They only read, and stay
 * allowed from a port hook (they see the state as it is at that point of the
 * call). Without the feature each is rejected as the model rejects it
 * (INVALID_ARGUMENT: out not written, 0 returned, no event); compiled out
 * (HSX_MBX_CFG_INTROSPECTION 0) the test is a constant and the rest of each
 * body goes. */
#include "hsx_mbx_desc.h"
#include "hsx_mbx_events.h"
#include "hsx_mbx_taps.h"
#include "hsx_mbx_target.h"
#include "hsx_mbx_tasks.h"

void hsx_mbx_stats(hsx_mbx_stats_t *out)
{
    /* sums in the narrow types (they are bounded by the arena, the slot counts) */
    hsx_mbx_aoff_t bytes = 0, depth = 0, tap_depth;
    unsigned i, fan = 0, handles = 0, waiters = 0, taps;
    const hsx_mbx_desc_t *d = hsx_mbx__desc;
    const hsx_mbx_handle_t *hp;
    const hsx_mbx_task_t *t = hsx_mbx__task;
    uint32_t *o = &out->max_descriptors; /* the record is 16 uint32_t in this order */
    if (!HAS_INTROSPECTION) {
        return;
    }
    HSX_MBX_ENTER_CRITICAL();
    for (i = 0; i < L_MAXD; i++, d++) {
        if (d->info & HSX_MBX_DI_USED) {
            bytes = (hsx_mbx_aoff_t)(bytes + d->r.used);
            depth = (hsx_mbx_aoff_t)(depth + d->r.depth);
            if (d->mode & HSX_MBX_MODE_FANOUT) {
                fan++;
            }
        }
    }
    HSX_MBX_FOR_EACH_HANDLE(hp)
    {
        handles++;
    }
    for (i = 0; i <= L_MAXT; i++, t++) {
        if (t->wdesc != 0u) { /* waiting */
            waiters++;
        }
    }
    taps = hsx_mbx__taps_used(&tap_depth);
    *o++ = L_MAXD;
    *o++ = hsx_mbx__active;
    *o++ = L_MAXD - hsx_mbx__active;
    *o++ = L_ARENA;
    *o++ = hsx_mbx__arena_used;
    *o++ = bytes;
    *o++ = depth;
    *o++ = handles;
    *o++ = taps;
    *o++ = tap_depth;
    *o++ = waiters;
    *o++ = fan;
    *o++ = hsx_mbx__pool_exhausted;
    *o++ = hsx_mbx__peak_desc;
    *o++ = hsx_mbx__ev_dropped();
    *o = hsx_mbx__names_used;
    HSX_MBX_EXIT_CRITICAL();
}

int hsx_mbx_task_info(uint16_t index, hsx_mbx_task_info_t *out)
{
    /* index-th live task in pid order */
    unsigned i, prev = 0, found = 0;
    int first = 1;
    const hsx_mbx_task_t *best = NULL;
    if (!HAS_INTROSPECTION) {
        return 0;
    }
    HSX_MBX_ENTER_CRITICAL();
    for (;;) {
        best = NULL;
        for (i = 0; i <= L_MAXT; i++) {
            const hsx_mbx_task_t *t = &hsx_mbx__task[i];
            if (t->state != HSX_MBX_TS_FREE && (first || t->pid > prev) && (best == NULL || t->pid < best->pid)) {
                best = t;
            }
        }
        if (best == NULL || found == index) {
            break;
        }
        prev = best->pid;
        first = 0;
        found++;
    }
    if (best != NULL) {
        out->pid = best->pid;
        out->state = (best->state == HSX_MBX_TS_READY) ? HSX_MBX_TASK_READY : HSX_MBX_TASK_WAIT_MBX;
        out->handles = (uint16_t)hsx_mbx__handle_count(best);
        out->mailbox_step = best->step;
        out->mailbox_wake = best->wake;
        out->mailbox_timeout = best->timeouts;
    }
    HSX_MBX_EXIT_CRITICAL();
    return best != NULL;
}

int hsx_mbx_desc_snapshot(uint16_t id, hsx_mbx_desc_snapshot_t *out)
{
    const hsx_mbx_desc_t *d;
    unsigned i;
    uint8_t n;
    int ok = 0;
    if (!HAS_INTROSPECTION) {
        return 0;
    }
    HSX_MBX_ENTER_CRITICAL();
    if (id >= 1u && id <= L_MAXD && (hsx_mbx__desc_of(id)->info & HSX_MBX_DI_USED)) {
        const hsx_mbx_task_t *t = hsx_mbx__task;
        d = hsx_mbx__desc_of(id);
        memset(out, 0, sizeof(*out));
        out->id = id;
        out->ns = (uint8_t)(d->info & HSX_MBX_DI_NS_MASK);
        out->mode = d->mode;
        out->owner = (d->info & HSX_MBX_DI_OWNED) ? (int32_t)d->owner : -1;
        out->capacity = d->r.cap;
        out->bytes_used = d->r.used;
        out->peak_bytes_used = d->peak;
        out->depth = d->r.depth;
        out->next_seq = d->next_seq;
        out->head_seq = d->next_seq - d->r.depth;
        for (i = 0; i <= L_MAXT; i++, t++) {
            if (t->wdesc == id) { /* wdesc is 0 unless the task waits */
                out->waiters++;
            }
        }
        out->taps = (uint16_t)hsx_mbx__taps_on(id);
        n = d->name_len;
        if (out->ns == HSX_MBX_NS_PID) {
            /* "pid:N", digits written backwards into the name's tail then moved */
            uint16_t v = d->owner;
            char *q = &out->name[sizeof(out->name) - 1u];
            do {
                *--q = (char)('0' + v % 10u);
                v = (uint16_t)(v / 10u);
            } while (v != 0u);
            n = (uint8_t)(&out->name[sizeof(out->name) - 1u] - q);
            memmove(&out->name[4], q, n);
            HSX_ROM_MEMCPY(out->name, hsx_mbx__prefixes, 4); /* "pid:" */
            n = (uint8_t)(n + 4u);
            out->name[n] = '\0';
        } else {
            memcpy(out->name, &hsx_mbx__names[d->name_off], n);
        }
        out->name_len = n;
        ok = 1;
    }
    HSX_MBX_EXIT_CRITICAL();
    return ok;
}

int hsx_mbx_tap_snapshot(uint16_t id, uint16_t index, hsx_mbx_tap_snapshot_t *out)
{
    int ok;
    if (!HAS_INTROSPECTION) {
        return 0;
    }
    HSX_MBX_ENTER_CRITICAL();
    ok = hsx_mbx__tap_nth(id, index, out);
    HSX_MBX_EXIT_CRITICAL();
    return ok;
}

/* hsx_mbx_desc.c: descriptors (the mailboxes) and their name pool: lookup by
 * key, creation and resources, free, resize, mode; bind and rebind.
 *
 * Names live in a name pool kept packed from offset 0 like the arena: freeing a
 * name moves the names above it down. */
#include "hsx_mbx_desc.h"
#include "hsx_mbx_entry.h"
#include "hsx_mbx_arena.h"
#include "hsx_mbx_events.h"
#include "hsx_mbx_fanout.h"
#include "hsx_mbx_ring.h"
#include "hsx_mbx_taps.h"
#include "hsx_mbx_target.h"
#include "hsx_mbx_tasks.h"
#include "hsx_mbx_wait.h"

uint16_t hsx_mbx__desc_lookup(const hsx_mbx_key_t *k)
{
    unsigned i;
    for (i = 0; i < L_MAXD; i++) {
        const hsx_mbx_desc_t *d = &hsx_mbx__desc[i];
        if (!(d->info & HSX_MBX_DI_USED) || (d->info & HSX_MBX_DI_NS_MASK) != k->ns) {
            continue;
        }
        if (((d->info & HSX_MBX_DI_OWNED) != 0u) != (k->owned != 0u) || (k->owned && d->owner != k->owner)) {
            continue;
        }
        if (d->name_len == k->name_len && (k->name_len == 0u || hsx_mbx__name_is(d, k->name))) {
            return (uint16_t)(i + 1u);
        }
    }
    return 0;
}

uint8_t hsx_mbx__normalise_mode(uint8_t ns, uint8_t mode)
{
    if (mode == 0u) {
        mode = HSX_MBX_MODE_RDWR;
    }
    if (mode & (HSX_MBX_MODE_FANOUT_DROP | HSX_MBX_MODE_FANOUT_BLOCK)) {
        mode |= HSX_MBX_MODE_FANOUT;
    } else if (mode & HSX_MBX_MODE_FANOUT) {
        mode |= HSX_MBX_MODE_FANOUT_DROP;
    }
    if (ns == HSX_MBX_NS_SHARED && HAS_FANOUT && !(mode & HSX_MBX_FANOUT_BITS)) {
        mode |= HSX_MBX_MODE_FANOUT | HSX_MBX_MODE_FANOUT_DROP;
    }
    return (uint8_t)mode;
}

hsx_mbx_status_t hsx_mbx__check_mode(uint32_t mode)
{
    if ((mode & ~0x3Fu) != 0u ||
        (mode & (HSX_MBX_MODE_FANOUT_DROP | HSX_MBX_MODE_FANOUT_BLOCK)) ==
            (HSX_MBX_MODE_FANOUT_DROP | HSX_MBX_MODE_FANOUT_BLOCK) ||
        (!HAS_FANOUT && (mode & HSX_MBX_FANOUT_BITS) != 0u)) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    return HSX_MBX_STATUS_OK;
}

static uint16_t lowest_free_desc(void)
{
    unsigned i;
    for (i = 0; i < L_MAXD; i++) {
        if (!(hsx_mbx__desc[i].info & HSX_MBX_DI_USED)) {
            return (uint16_t)(i + 1u);
        }
    }
    return 0;
}

/* Creates a descriptor (resources checked by the caller). */
uint16_t hsx_mbx__desc_create(const hsx_mbx_key_t *k, uint16_t cap, uint8_t mode)
{
    uint16_t id = lowest_free_desc();
    hsx_mbx_desc_t *d = hsx_mbx__desc_of(id);
    memset(d, 0, sizeof(*d));
    d->info = (uint8_t)(HSX_MBX_DI_USED | k->ns | (k->owned ? HSX_MBX_DI_OWNED : 0u));
    d->owner = k->owned ? k->owner : 0u;
    d->mode = mode;
    d->name_len = k->name_len;
    d->name_off = hsx_mbx__names_used;
    if (k->name_len != 0u) {
        memcpy(&hsx_mbx__names[hsx_mbx__names_used], k->name, k->name_len);
        hsx_mbx__names_used = (hsx_mbx_noff_t)(hsx_mbx__names_used + k->name_len);
    }
    d->r.base = hsx_mbx__arena_used;
    d->r.cap = cap;
    d->next_seq = L_FIRSTSEQ;
    hsx_mbx__fan_dirty(id);
    hsx_mbx__arena_used = (hsx_mbx_aoff_t)(hsx_mbx__arena_used + cap);
    hsx_mbx__active++;
    if (hsx_mbx__active > hsx_mbx__peak_desc) {
        hsx_mbx__peak_desc = hsx_mbx__active;
    }
    return id;
}

/* Checks the resources of one new descriptor of capacity cap (plus extra arena
 * bytes for a tap buffer opened with it): pool, arena, name pool, in the model's
 * order; emits mailbox_exhausted on shortage. */
hsx_mbx_status_t hsx_mbx__desc_resources(uint16_t pid, uint32_t name_bytes, uint32_t cap, uint32_t extra)
{
    if ((uint32_t)hsx_mbx__active >= L_MAXD) {
        hsx_mbx__pool_exhausted++;
        hsx_mbx__ev_exhausted(pid, HSX_MBX_REASON_DESCRIPTOR_POOL_FULL, 0, 1);
        return HSX_MBX_STATUS_NO_DESCRIPTOR;
    }
    if (hsx_mbx__arena_free() < cap + extra) {
        hsx_mbx__ev_exhausted(pid, HSX_MBX_REASON_ARENA, 0, cap);
        return HSX_MBX_STATUS_NO_DESCRIPTOR;
    }
    if (hsx_mbx__names_free() < name_bytes) {
        hsx_mbx__ev_exhausted(pid, HSX_MBX_REASON_NAME_POOL, 0, name_bytes);
        return HSX_MBX_STATUS_NO_DESCRIPTOR;
    }
    return HSX_MBX_STATUS_OK;
}

/* Frees descriptor id: waiters complete INVALID_HANDLE (FIFO), handles on it go
 * stale, taps on it release their buffers, ring and name are released. */
void hsx_mbx__desc_free(uint16_t id)
{
    hsx_mbx_desc_t *d = hsx_mbx__desc_of(id);
    hsx_mbx_task_t *t;
    hsx_mbx_handle_t *hp;
    hsx_mbx_aoff_t base;
    uint16_t cap;
    while ((t = hsx_mbx__oldest_waiter(id, 0, 0, 0)) != NULL) { /* one FIFO over both kinds */
        hsx_mbx__complete(t, HSX_MBX_STATUS_INVALID_HANDLE, NULL);
    }
    HSX_MBX_FOR_EACH_HANDLE(hp)
    {
        if (hp->desc == id && !(hp->flags & HSX_MBX_HF_STALE)) {
            hsx_mbx__tap_drop((unsigned)(hp - hsx_mbx__handle[0]) / HSX_MBX_CFG_HANDLE_LIMIT, hp);
            hp->flags = (uint8_t)((hp->flags & HSX_MBX_HF_ACCESS) | HSX_MBX_HF_USED | HSX_MBX_HF_STALE);
            hp->desc = 0;
        }
    }
    if (d->name_len != 0u) {
        /* A name in flash is counted as a gap at the pool's start (init leaves
         * names_used at the declared names' bytes): its release moves the pool
         * down like a name at offset 0; the other names in flash stay put. */
        hsx_mbx_noff_t off = HSX_MBX_ROM_NAMED(d) ? 0u : d->name_off;
        unsigned len = d->name_len, i;
        memmove(&hsx_mbx__names[off], &hsx_mbx__names[off + len], (size_t)(hsx_mbx__names_used - off - len));
        hsx_mbx__names_used = (hsx_mbx_noff_t)(hsx_mbx__names_used - len);
        for (i = 0; i < L_MAXD; i++) {
            hsx_mbx_desc_t *o = &hsx_mbx__desc[i];
            if ((o->info & HSX_MBX_DI_USED) && o->name_len != 0u && !HSX_MBX_ROM_NAMED(o) && o->name_off > off) {
                o->name_off = (hsx_mbx_noff_t)(o->name_off - len);
            }
        }
    }
    base = d->r.base;
    cap = d->r.cap;
    d->info = 0;
    d->r.cap = 0;
    hsx_mbx__active--;
    hsx_mbx__arena_release(base, cap);
}

/* Resizes descriptor id to cap (arena checked by the caller). */
HSX_NOINLINE void hsx_mbx__desc_resize(uint16_t id, hsx_mbx_desc_t *d, uint16_t pid, uint16_t cap)
{
    uint16_t old = d->r.cap;
    while (d->r.used > cap) {
        hsx_mbx__drop_head(id, d, pid, HSX_MBX_REASON_RESIZE);
    }
    hsx_mbx__ring_linearize(&d->r);
    /* regions above this one move; this one's base (< base + old) stays */
    hsx_mbx__arena_shift((hsx_mbx_aoff_t)(d->r.base + old), (int32_t)cap - (int32_t)old);
    d->r.cap = cap;
}

/* Resize and/or mode change of an existing descriptor (model: rebind, before its
 * settle); capacity (0 = keep) and mode (0 = keep) are validated. Out of line and
 * without the settle, which its callers run from their own frame: the settle's
 * deep path (waiters -> taps -> events) then does not stack this frame too. */
static HSX_NOINLINE hsx_mbx_status_t rebind_change(uint16_t pid, uint16_t id, uint16_t capacity, uint8_t mode)
{
    hsx_mbx_desc_t *d = hsx_mbx__desc_of(id);
    if (capacity != 0u && capacity != d->r.cap) {
        if (capacity > d->r.cap && hsx_mbx__arena_free() < (uint16_t)(capacity - d->r.cap)) {
            hsx_mbx__ev_exhausted(pid, HSX_MBX_REASON_ARENA, id, (uint16_t)(capacity - d->r.cap));
            return HSX_MBX_STATUS_NO_DESCRIPTOR;
        }
        hsx_mbx__desc_resize(id, d, pid, capacity);
        if (d->info & HSX_MBX_DI_WAIT) {
            hsx_mbx__senders_too_large(id, capacity);
        }
    }
    if (mode != 0u) {
        hsx_mbx_handle_t *hp;
        d->mode = hsx_mbx__normalise_mode((uint8_t)(d->info & HSX_MBX_DI_NS_MASK), mode);
        hsx_mbx__fan_dirty(id);
        HSX_MBX_FOR_EACH_HANDLE(hp)
        {
            if (hp->desc == id && !(hp->flags & HSX_MBX_HF_STALE)) {
                hsx_mbx__cur_set(hp, d->next_seq - 1u);
            }
        }
    }
    return HSX_MBX_STATUS_OK;
}

/* Rebind: the change, then settle (model: rebind). */
HSX_INLINE hsx_mbx_status_t rebind(uint16_t pid, uint16_t id, uint16_t capacity, uint8_t mode, uint16_t *out)
{
    hsx_mbx_status_t st = rebind_change(pid, id, capacity, mode);
    if (st == HSX_MBX_STATUS_OK) {
        hsx_mbx__settle(id);
        *out = id;
    }
    return st;
}

static hsx_mbx_status_t do_bind(uint16_t pid, const hsx_mbx_key_t *k, uint32_t capacity, uint32_t mode, uint16_t *out)
{
    uint16_t id;
    if (capacity != 0u && (capacity < HSX_MBX_MIN_CAPACITY || capacity > HSX_MBX_MAX_CAPACITY)) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    if (hsx_mbx__check_mode(mode) != HSX_MBX_STATUS_OK) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    /* validated: 16-bit capacity, 6-bit mode from here on */
    id = hsx_mbx__desc_lookup(k);
    if (id == 0u) {
        hsx_mbx_status_t st;
        uint16_t cap = capacity != 0u ? (uint16_t)capacity : L_DEFCAP;
        st = hsx_mbx__desc_resources(pid, k->name_len, cap, 0);
        if (st != HSX_MBX_STATUS_OK) {
            return st;
        }
        *out = hsx_mbx__desc_create(k, cap, hsx_mbx__normalise_mode(k->ns, (uint8_t)mode));
        return HSX_MBX_STATUS_OK;
    }
    return rebind(pid, id, (uint16_t)capacity, (uint8_t)mode, out);
}


#if HSX_MBX_CFG_LOADER
/* The preload's rebind (hsx_mbx_preload.c); without the loader rebind has one
 * caller and is inlined into bind. */
hsx_mbx_status_t hsx_mbx__rebind(uint16_t pid, uint16_t id, uint16_t capacity, uint8_t mode, uint16_t *out)
{
    return rebind(pid, id, capacity, mode, out);
}
#endif

/* ---------------------------------------------------------------- entry points */

hsx_mbx_status_t hsx_mbx_bind(uint16_t pid, const char *target, size_t target_len, uint32_t capacity,
                              uint32_t mode, uint16_t *descriptor)
{
    hsx_mbx_status_t st;
    hsx_mbx_task_t *t;
    uint16_t id = 0;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    t = hsx_mbx__task_ready(pid);
    st = HSX_MBX_TASK_ST(t);
    if (st == HSX_MBX_STATUS_OK) {
        st = hsx_mbx__resolve(pid, target, target_len, &hsx_mbx__key);
    }
    if (st == HSX_MBX_STATUS_OK) {
        st = do_bind(pid, &hsx_mbx__key, capacity, mode, &id);
    }
    if (descriptor != NULL) {
        *descriptor = id;
    }
    st = hsx_mbx__finish(pid, HSX_MBX_FNCODE_BIND, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

/* hsx_mbx_tasks.c: tasks and their handles: task_start / task_exit, open and
 * close, and the handle table (a row of HSX_MBX_CFG_HANDLE_LIMIT slots per task
 * slot; pid 0 is slot 0 and always exists). */
#include "hsx_mbx_tasks.h"
#include "hsx_mbx_entry.h"
#include "hsx_mbx_arena.h"
#include "hsx_mbx_desc.h"
#include "hsx_mbx_events.h"
#include "hsx_mbx_fanout.h"
#include "hsx_mbx_taps.h"
#include "hsx_mbx_target.h"
#include "hsx_mbx_wait.h"

hsx_mbx_task_t *hsx_mbx__task_find(uint16_t pid)
{
    unsigned i;
    for (i = 0; i <= L_MAXT; i++) {
        if (hsx_mbx__task[i].state != HSX_MBX_TS_FREE && hsx_mbx__task[i].pid == pid) {
            return &hsx_mbx__task[i];
        }
    }
    return NULL;
}

hsx_mbx_handle_t *hsx_mbx__handle_find(const hsx_mbx_task_t *t, uint16_t id)
{
    hsx_mbx_handle_t *hs = hsx_mbx__handle[hsx_mbx__tslot_of(t)];
    unsigned i;
    if (id == 0u) {
        return NULL;
    }
    for (i = 0; i < L_HLIM; i++) {
        if ((hs[i].flags & HSX_MBX_HF_USED) && hs[i].id == id) {
            return &hs[i];
        }
    }
    return NULL;
}

unsigned hsx_mbx__handle_count(const hsx_mbx_task_t *t)
{
    const hsx_mbx_handle_t *hs = hsx_mbx__handle[hsx_mbx__tslot_of(t)];
    unsigned i, n = 0;
    for (i = 0; i < L_HLIM; i++) {
        if (hs[i].flags & HSX_MBX_HF_USED) {
            n++;
        }
    }
    return n;
}

int hsx_mbx__desc_has_handles(uint16_t id)
{
    hsx_mbx_handle_t *h;
    HSX_MBX_FOR_EACH_HANDLE(h)
    {
        if (h->desc == id && !(h->flags & HSX_MBX_HF_STALE)) {
            return 1;
        }
    }
    return 0;
}

hsx_mbx_handle_t *hsx_mbx__handle_alloc(hsx_mbx_task_t *t, uint16_t desc, uint8_t access)
{
    hsx_mbx_handle_t *hs = hsx_mbx__handle[hsx_mbx__tslot_of(t)];
    hsx_mbx_handle_t *slot = NULL;
    unsigned i;
    uint16_t id = t->next_handle;
    hsx_mbx__stamps_room(); /* before the new slot counts as used */
    for (i = 0; i < L_HLIM; i++) {
        if (!(hs[i].flags & HSX_MBX_HF_USED)) {
            slot = &hs[i];
            break;
        }
    }
    do {
        id++;
    } while (id == 0u || hsx_mbx__handle_find(t, id) != NULL);
    t->next_handle = id;
    slot->id = id;
    slot->desc = (hsx_mbx_did_t)desc;
    slot->flags = (uint8_t)(HSX_MBX_HF_USED | (access == 0u ? HSX_MBX_MODE_RDWR : access));
    hsx_mbx__cur_set(slot, hsx_mbx__desc_of(desc)->next_seq - 1u);
    hsx_mbx__fan_dirty(desc);
    hsx_mbx__stamp(slot);
    return slot;
}


static hsx_mbx_status_t do_open(hsx_mbx_task_t *t, const hsx_mbx_key_t *k, uint32_t flags, uint16_t *out)
{
    uint16_t pid = t->pid;
    uint16_t id;
    hsx_mbx_handle_t *hp;
    if ((flags & ~0x07u) != 0u || ((flags & HSX_MBX_MODE_TAP) && !HAS_TAPS)) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    if ((flags & HSX_MBX_MODE_TAP) && (flags & 0x03u) == HSX_MBX_MODE_WRONLY) {
        return HSX_MBX_STATUS_PERMISSION_DENIED;
    }
    if (hsx_mbx__handle_count(t) >= L_HLIM) {
        hsx_mbx__ev_exhausted(pid, HSX_MBX_REASON_HANDLE_LIMIT, 0, 1);
        return HSX_MBX_STATUS_NO_DESCRIPTOR;
    }
    id = hsx_mbx__desc_lookup(k);
    if (flags & HSX_MBX_MODE_TAP) {
        uint32_t cap = id == 0u ? L_DEFCAP : hsx_mbx__desc_of(id)->r.cap;
        hsx_mbx_status_t st = hsx_mbx__tap_resources(pid, id, cap, id == 0u ? cap : 0u);
        if (st != HSX_MBX_STATUS_OK) {
            return st;
        }
    }
    if (id == 0u) {
        hsx_mbx_status_t st = hsx_mbx__desc_resources(pid, k->name_len, L_DEFCAP, (flags & HSX_MBX_MODE_TAP) ? L_DEFCAP : 0u);
        if (st != HSX_MBX_STATUS_OK) {
            return st;
        }
        id = hsx_mbx__desc_create(k, (uint16_t)L_DEFCAP, hsx_mbx__normalise_mode(k->ns, 0));
    }
    hp = hsx_mbx__handle_alloc(t, id, (uint8_t)(flags & 0x03u));
    if (flags & HSX_MBX_MODE_TAP) {
        hsx_mbx__tap_enable(hsx_mbx__tslot_of(t), hp);
    }
    *out = hp->id;
    return HSX_MBX_STATUS_OK;
}

/* Releases one handle (its tap buffer too); frees an ownerless descriptor left
 * without handles, else settles it (model: release). */
void hsx_mbx__handle_release(unsigned ts, hsx_mbx_handle_t *hp)
{
    uint16_t id = (hp->flags & HSX_MBX_HF_STALE) ? 0u : hp->desc;
    hsx_mbx__tap_drop(ts, hp);
    hp->flags = 0;
    hp->desc = 0;
    if (id == 0u) {
        return;
    }
    hsx_mbx__fan_dirty(id);
    if (!(hsx_mbx__desc_of(id)->info & HSX_MBX_DI_OWNED) && !hsx_mbx__desc_has_handles(id)) {
        hsx_mbx__desc_free(id);
        return;
    }
    hsx_mbx__settle(id);
}

static hsx_mbx_status_t do_close(hsx_mbx_task_t *t, uint16_t handle)
{
    hsx_mbx_handle_t *hp = hsx_mbx__handle_find(t, handle);
    if (hp == NULL) {
        return HSX_MBX_STATUS_INVALID_HANDLE;
    }
    hsx_mbx__handle_release(hsx_mbx__tslot_of(t), hp);
    return HSX_MBX_STATUS_OK;
}

/* The names of task_start's stdio mailboxes, and where each starts (the next
 * one's start is its end); in flash on AVR. */
static const char k_stdio_names[] HSX_ROM = "stdio.instdio.outstdio.err";
static const uint8_t k_stdio_off[4] HSX_ROM = {0, 8, 17, 26};

hsx_mbx_task_t *hsx_mbx__task_attach(uint16_t pid)
{
    hsx_mbx_task_t *t = NULL;
    unsigned i;
    for (i = 1; i <= L_MAXT; i++) {
        if (hsx_mbx__task[i].state == HSX_MBX_TS_FREE) {
            t = &hsx_mbx__task[i];
            break;
        }
    }
    memset(t, 0, sizeof(*t));
    memset(hsx_mbx__handle[hsx_mbx__tslot_of(t)], 0, sizeof(hsx_mbx__handle[0]));
    t->pid = pid;
    t->state = HSX_MBX_TS_READY;
    hsx_mbx__ntasks++;
    return t;
}

static hsx_mbx_status_t do_task_start(uint16_t pid)
{
    hsx_mbx_task_t *t;
    unsigned i;
    if (L_TASKMBX && HAS_STDIO) {
        uint8_t reason = 0;
        uint32_t req = 0;
        if (L_MAXD - hsx_mbx__active < 4u) {
            reason = HSX_MBX_REASON_DESCRIPTOR_POOL_FULL;
            req = 4;
        } else if (hsx_mbx__arena_free() < 4UL * L_DEFCAP) {
            reason = HSX_MBX_REASON_ARENA;
            req = 4UL * L_DEFCAP;
        } else if (hsx_mbx__names_free() < sizeof(k_stdio_names) - 1u) {
            reason = HSX_MBX_REASON_NAME_POOL;
            req = sizeof(k_stdio_names) - 1u;
        } else if (L_HLIM < 3u) {
            reason = HSX_MBX_REASON_HANDLE_LIMIT;
            req = 3;
        }
        if (reason != 0u) {
            hsx_mbx__ev_exhausted(pid, reason, 0, req);
            return HSX_MBX_STATUS_NO_DESCRIPTOR;
        }
    }
    t = hsx_mbx__task_attach(pid);
    if (L_TASKMBX && HAS_STDIO) {
        uint16_t ids[4];
        char nm[9]; /* the stdio name being created, copied out of flash */
        hsx_mbx_key_t k;
        k.owned = 1;
        k.owner = pid;
        k.at = 0;
        k.name = nm;
        for (i = 0; i < 4u; i++) {
            uint8_t from = HSX_ROM_BYTE(&k_stdio_off[i]);
            k.ns = (i < 3u) ? HSX_MBX_NS_SVC : HSX_MBX_NS_PID;
            k.name_len = (uint8_t)((i < 3u) ? (unsigned)HSX_ROM_BYTE(&k_stdio_off[i + 1u]) - from : 0u);
            HSX_ROM_MEMCPY(nm, &k_stdio_names[from], k.name_len);
            ids[i] = hsx_mbx__desc_create(&k, (uint16_t)L_DEFCAP, HSX_MBX_MODE_RDWR);
        }
        for (i = 0; i < 3u; i++) {
            (void)hsx_mbx__handle_alloc(t, ids[i], HSX_MBX_MODE_RDWR);
        }
    }
    return HSX_MBX_STATUS_OK;
}

static hsx_mbx_status_t do_task_exit(hsx_mbx_task_t *t)
{
    unsigned ts = hsx_mbx__tslot_of(t), i;
    uint16_t pid = t->pid;
    uint16_t touched = 0;
    if (t->state == HSX_MBX_TS_WAIT_SEND) {
        touched = t->wdesc; /* a blocked sender may hold back smaller ones */
    }
    /* cancel the wait, no completion */
    t->state = HSX_MBX_TS_READY;
    t->wdesc = 0;
    /* release handles in id order */
    for (;;) {
        hsx_mbx_handle_t *best = NULL;
        for (i = 0; i < L_HLIM; i++) {
            hsx_mbx_handle_t *hp = &hsx_mbx__handle[ts][i];
            if ((hp->flags & HSX_MBX_HF_USED) && (best == NULL || hp->id < best->id)) {
                best = hp;
            }
        }
        if (best == NULL) {
            break;
        }
        hsx_mbx__handle_release(ts, best);
    }
    /* free owned descriptors in id order */
    for (i = 0; i < L_MAXD; i++) {
        hsx_mbx_desc_t *d = &hsx_mbx__desc[i];
        if ((d->info & HSX_MBX_DI_USED) && (d->info & HSX_MBX_DI_OWNED) && d->owner == pid) {
            if (touched == i + 1u) {
                touched = 0;
            }
            hsx_mbx__desc_free((uint16_t)(i + 1u));
        }
    }
    t->state = HSX_MBX_TS_FREE;
    hsx_mbx__ntasks--;
    if (touched != 0u && (hsx_mbx__desc_of(touched)->info & HSX_MBX_DI_USED)) {
        hsx_mbx__settle(touched);
    }
    return HSX_MBX_STATUS_OK;
}

/* ---------------------------------------------------------------- entry points */

hsx_mbx_status_t hsx_mbx_task_start(uint16_t pid)
{
    hsx_mbx_status_t st;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    if (pid == 0u || hsx_mbx__task_find(pid) != NULL) {
        st = hsx_mbx__finish(pid, HSX_MBX_FNCODE_TASK_START, HSX_MBX_STATUS_INVALID_ARGUMENT);
    } else if (hsx_mbx__ntasks >= L_MAXT) {
        hsx_mbx__ev_exhausted(pid, HSX_MBX_REASON_TASK_LIMIT, 0, 1);
        st = hsx_mbx__finish(pid, HSX_MBX_FNCODE_TASK_START, HSX_MBX_STATUS_NO_DESCRIPTOR);
    } else {
        st = hsx_mbx__finish(pid, HSX_MBX_FNCODE_TASK_START, do_task_start(pid));
    }
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

hsx_mbx_status_t hsx_mbx_task_exit(uint16_t pid)
{
    hsx_mbx_status_t st;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    hsx_mbx_task_t *t = pid == 0u ? NULL : hsx_mbx__task_find(pid);
    if (t == NULL) {
        st = hsx_mbx__finish(pid, HSX_MBX_FNCODE_TASK_EXIT, HSX_MBX_STATUS_INVALID_ARGUMENT);
    } else {
        st = hsx_mbx__finish(pid, HSX_MBX_FNCODE_TASK_EXIT, do_task_exit(t));
    }
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

hsx_mbx_status_t hsx_mbx_open(uint16_t pid, const char *target, size_t target_len, uint32_t flags,
                              uint16_t *handle)
{
    hsx_mbx_status_t st;
    hsx_mbx_task_t *t;
    uint16_t h = 0;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    t = hsx_mbx__task_ready(pid);
    st = HSX_MBX_TASK_ST(t);
    if (st == HSX_MBX_STATUS_OK) {
        st = hsx_mbx__resolve(pid, target, target_len, &hsx_mbx__key);
    }
    if (st == HSX_MBX_STATUS_OK) {
        st = do_open(t, &hsx_mbx__key, flags, &h);
    }
    if (handle != NULL) {
        *handle = h;
    }
    st = hsx_mbx__finish(pid, HSX_MBX_FNCODE_OPEN, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

hsx_mbx_status_t hsx_mbx_close(uint16_t pid, uint16_t handle)
{
    hsx_mbx_status_t st;
    hsx_mbx_task_t *t;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    t = hsx_mbx__task_ready(pid);
    st = HSX_MBX_TASK_ST(t);
    if (st == HSX_MBX_STATUS_OK) {
        st = do_close(t, handle);
    }
    st = hsx_mbx__finish(pid, HSX_MBX_FNCODE_CLOSE, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

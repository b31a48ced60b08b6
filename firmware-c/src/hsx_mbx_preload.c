/* hsx_mbx_preload.c: the core side of the .mailbox preload (HSX_MBX_CFG_LOADER):
 * hsx_mbx_loader.c parses, orders the checks and keeps the totals; these hooks
 * give it the core's own rules (target resolution, capacity and mode checks,
 * lookup, creation, handles). */
#include "hsx_mbx_preload.h"

#if HSX_MBX_CFG_LOADER

#include "hsx_mbx_arena.h"
#include "hsx_mbx_desc.h"
#include "hsx_mbx_taps.h"
#include "hsx_mbx_target.h"
#include "hsx_mbx_tasks.h"
#include "hsx_mbx_wait.h"


/* Resolves a declared target for image pid with its owner_pid (model:
 * resolveDeclared); returns a HSX_MBX_LOADER_F_* code. */
static uint8_t resolve_declared(uint16_t pid, const hsx_mbx_decl_t *d, hsx_mbx_key_t *k)
{
    if (hsx_mbx__resolve_checked(pid, d->target, d->tlen, k, 0) != HSX_MBX_STATUS_OK) {
        return HSX_MBX_LOADER_F_TARGET;
    }
    if (d->has_owner) {
        if (k->at && k->owner != d->owner) {
            return HSX_MBX_LOADER_F_OWNER_PID;
        }
        if (k->ns == HSX_MBX_NS_SVC || k->ns == HSX_MBX_NS_APP) {
            k->owner = d->owner;
            k->owned = 1;
            k->at = 1;
        }
    }
    if (k->owned && k->owner != 0u && hsx_mbx__task_find(k->owner) == NULL) {
        return d->has_owner ? HSX_MBX_LOADER_F_OWNER_PID : HSX_MBX_LOADER_F_TARGET;
    }
    return HSX_MBX_LOADER_F_NONE;
}

/* The resolved key stays in hsx_mbx__key (scratch) for hsx_mbx__ld_same. */
uint8_t hsx_mbx__ld_resolve(uint16_t pid, const hsx_mbx_decl_t *d, hsx_mbx_ldinfo_t *inf)
{
    hsx_mbx_key_t *k = &hsx_mbx__key;
    uint8_t f = resolve_declared(pid, d, k);
    if (f == HSX_MBX_LOADER_F_NONE) {
        uint16_t id = hsx_mbx__desc_lookup(k);
        inf->id = id;
        inf->name_len = k->name_len;
        inf->old = id == 0u ? 0u : hsx_mbx__desc_of(id)->r.cap;
        inf->cap = d->capacity != 0u ? d->capacity : (id == 0u ? L_DEFCAP : inf->old);
        inf->cm = (d->capacity != 0u && d->capacity < HSX_MBX_MIN_CAPACITY) ? HSX_MBX_LOADER_F_CAPACITY
                  : hsx_mbx__check_mode(d->mode) != HSX_MBX_STATUS_OK                ? HSX_MBX_LOADER_F_MODE
                                                                            : HSX_MBX_LOADER_F_NONE;
        inf->kh = hsx_mbx__ld_hash((uint16_t)(k->ns * 7u + (k->owned ? k->owner + 1u : 0u)), k->name, k->name_len); /* what hsx_mbx__ld_same compares */
    }
    return f;
}

/* Fingerprint of n bytes at s from seed h; 8 bits suffice where descriptor ids are
 * 8-bit (the loader keeps one per checked entry), hence the folded top byte. */
uint16_t hsx_mbx__ld_hash(uint16_t h, const char *s, uint8_t n)
{
    while (n-- != 0u) {
        h = (uint16_t)((h ^ (uint8_t)*s++) * 0x2F1Bu);
    }
    return HSX_MBX_CFG_MAX_DESCRIPTORS <= 255 ? (uint16_t)(h ^ (h >> 8)) : h;
}

/* Whether the (resolvable) entry b names the mailbox of the key hsx_mbx__ld_resolve
 * found last, for pid. */
uint8_t hsx_mbx__ld_same(uint16_t pid, const hsx_mbx_decl_t *b)
{
    const hsx_mbx_key_t *ka = &hsx_mbx__key;
    hsx_mbx_key_t kb;
    (void)resolve_declared(pid, b, &kb);
    return (uint8_t)(ka->ns == kb.ns && ka->owned == kb.owned && (!ka->owned || ka->owner == kb.owner) &&
                     ka->name_len == kb.name_len &&
                     (ka->name_len == 0u || memcmp(ka->name, kb.name, ka->name_len) == 0)); /* pid: keys have no name (NULL) */
}

uint16_t hsx_mbx__ld_task(uint16_t pid, uint16_t *handles)
{
    hsx_mbx_task_t *t = hsx_mbx__task_find(pid);
    if (t == NULL) {
        return 0;
    }
    *handles = (uint16_t)hsx_mbx__handle_count(t);
    return (uint16_t)(hsx_mbx__tslot_of(t) + 1u);
}

void hsx_mbx__ld_room(hsx_mbx_ldroom_t *r)
{
    unsigned n = hsx_mbx__taps_used(NULL);
    r->arena = (int32_t)hsx_mbx__arena_free();
    r->names = (int32_t)hsx_mbx__names_free();
    r->descs = (uint16_t)(L_MAXD - hsx_mbx__active);
    r->taps = (uint16_t)(L_TAPS - n);
}

/* Creates or rebinds the checked entry d into *id (its checks pass: check() made
 * them). The resolved key is hsx_mbx__key (static: this path reaches settle). */
void hsx_mbx__ld_create(uint16_t pid, const hsx_mbx_decl_t *d, uint16_t *id)
{
    (void)resolve_declared(pid, d, &hsx_mbx__key);
    *id = hsx_mbx__desc_lookup(&hsx_mbx__key);
    if (*id == 0u) {
        *id = hsx_mbx__desc_create(&hsx_mbx__key, d->capacity != 0u ? d->capacity : L_DEFCAP,
                                   hsx_mbx__normalise_mode(hsx_mbx__key.ns, d->mode));
    } else {
        (void)hsx_mbx__rebind(pid, *id, d->capacity, d->mode, id);
    }
}

void hsx_mbx__ld_open(uint16_t id, uint16_t pid, uint8_t flags)
{
    hsx_mbx_task_t *bt = hsx_mbx__task_find(pid);
    hsx_mbx_handle_t *hp = hsx_mbx__handle_alloc(bt, id, (uint8_t)(flags & 0x03u));
    if (HSX_MBX_CFG_TAPS && (flags & HSX_MBX_MODE_TAP)) {
        hsx_mbx__tap_enable(hsx_mbx__tslot_of(bt), hp);
        hsx_mbx__settle(id);
    }
}

#endif /* HSX_MBX_CFG_LOADER */

/* hsx_mbx_desc.h: descriptors and the name pool (hsx_mbx_desc.c). */
#ifndef HSX_MBX_DESC_H
#define HSX_MBX_DESC_H

#include "hsx_mbx_state.h"

static inline hsx_mbx_desc_t *hsx_mbx__desc_of(uint16_t id) { return &hsx_mbx__desc[id - 1u]; }

static inline uint32_t hsx_mbx__head_seq(const hsx_mbx_desc_t *d) { return d->next_seq - d->r.depth; }

static inline int hsx_mbx__is_fanout(const hsx_mbx_desc_t *d)
{
    return HAS_FANOUT && (d->mode & HSX_MBX_MODE_FANOUT) != 0u;
}

/* The descriptor of key k, 0 = none. */
uint16_t hsx_mbx__desc_lookup(const hsx_mbx_key_t *k);
/* The stored mode of a (validated) bind mode in namespace ns. */
uint8_t hsx_mbx__normalise_mode(uint8_t ns, uint8_t mode);
/* INVALID_ARGUMENT for a mode with unknown bits, both fan-out policies, or
 * fan-out bits without the fan-out feature. */
hsx_mbx_status_t hsx_mbx__check_mode(uint32_t mode);
/* Creates a descriptor (resources checked by the caller). */
uint16_t hsx_mbx__desc_create(const hsx_mbx_key_t *k, uint16_t cap, uint8_t mode);
/* Checks the resources of one new descriptor of capacity cap (plus extra arena
 * bytes for a tap buffer opened with it); emits mailbox_exhausted on shortage. */
hsx_mbx_status_t hsx_mbx__desc_resources(uint16_t pid, uint32_t name_bytes, uint32_t cap, uint32_t extra);
/* Frees descriptor id: waiters complete INVALID_HANDLE, handles on it go stale,
 * its taps, ring and name are released. */
void hsx_mbx__desc_free(uint16_t id);
/* Resizes descriptor id to cap (arena checked by the caller). */
void hsx_mbx__desc_resize(uint16_t id, hsx_mbx_desc_t *d, uint16_t pid, uint16_t cap);

/* Resize and/or mode change of descriptor id (capacity 0 / mode 0 = keep;
 * validated), then settle (model: rebind; bind and the preload). */
hsx_mbx_status_t hsx_mbx__rebind(uint16_t pid, uint16_t id, uint16_t capacity, uint8_t mode, uint16_t *out);

#endif /* HSX_MBX_DESC_H */

/* hsx_mbx_preload.h: the interface between the .mailbox loader (hsx_mbx_loader.c)
 * and the core (hsx_mbx_preload.c). */
#ifndef HSX_MBX_PRELOAD_H
#define HSX_MBX_PRELOAD_H

#include "hsx_mbx_state.h"

#if HSX_MBX_CFG_LOADER
/* .mailbox loader: hsx_mbx_loader.c parses, validates and orders the checks
 * (MailboxSectionCodec, then MailboxService.preload); these hooks in hsx_mbx_preload.c
 * give it the core's own target resolution, capacity/mode check, lookup and
 * creation. One entry at a time, in a static record (the service is single-
 * instance and not re-entrant). */
typedef struct {
    char target[HSX_MBX_MAX_NAME_BYTES + 1];
    uint8_t tlen;
    uint8_t mode;       /* raw mask as declared */
    uint8_t has_owner;
    uint16_t capacity;  /* 0 = default */
    uint16_t owner;     /* when has_owner */
} hsx_mbx_decl_t;

typedef struct {
    uint16_t id;        /* existing descriptor, 0 = a new one */
    uint16_t cap;       /* capacity the entry will have */
    uint16_t old;       /* capacity it has now (0 when new) */
    uint8_t name_len;   /* name pool bytes of a new descriptor */
    uint8_t cm;         /* HSX_MBX_LOADER_F_CAPACITY / _MODE when the service rejects them, else 0 */
    uint16_t kh;        /* fingerprint of the resolved key: equal keys, equal kh (the loader's duplicate test) */
} hsx_mbx_ldinfo_t;

/* The room left for the section's entries, spent by the loader as it checks them
 * (signed: below 0 is over; the arena sum is signed anyway, see check()). */
typedef struct {
    int32_t arena;      /* free arena bytes */
    int32_t names;      /* free name pool bytes */
    uint16_t descs;     /* free descriptors */
    uint16_t taps;      /* free taps */
} hsx_mbx_ldroom_t;

uint8_t hsx_mbx__ld_resolve(uint16_t pid, const hsx_mbx_decl_t *d, hsx_mbx_ldinfo_t *inf);
uint16_t hsx_mbx__ld_hash(uint16_t h, const char *s, uint8_t n);
uint8_t hsx_mbx__ld_same(uint16_t pid, const hsx_mbx_decl_t *b); /* the same key as the last ld_resolve */
uint16_t hsx_mbx__ld_task(uint16_t pid, uint16_t *handles); /* task slot + 1, 0 = none */
void hsx_mbx__ld_room(hsx_mbx_ldroom_t *r);
void hsx_mbx__ld_create(uint16_t pid, const hsx_mbx_decl_t *d, uint16_t *id);
void hsx_mbx__ld_open(uint16_t id, uint16_t pid, uint8_t flags);
#endif

#endif /* HSX_MBX_PRELOAD_H */

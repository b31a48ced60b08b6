/* hsx_mbx_fanout.h: fan-out (hsx_mbx_fanout.c, HSX_MBX_CFG_FANOUT). Without the
 * feature no descriptor is fan-out (hsx_mbx__is_fanout is 0), handles have no
 * cursor, and these are empty inline functions. */
#ifndef HSX_MBX_FANOUT_H
#define HSX_MBX_FANOUT_H

#include "hsx_mbx_state.h"

#if HSX_MBX_CFG_FANOUT
/* The reader counts of id must be taken again (see hsx_mbx_fanout.c). */
void hsx_mbx__fan_dirty(uint16_t id);
/* Every cursor of id before seq s moves to s (readers marked overrun when mark). */
void hsx_mbx__clamp_cursors(uint16_t id, const hsx_mbx_desc_t *d, uint32_t s, uint8_t mark);
/* Removes the head messages that no reader of id still needs. */
void hsx_mbx__reclaim(uint16_t id, hsx_mbx_desc_t *d);
/* Next message for fan-out handle h: index from head, or -1. */
int32_t hsx_mbx__fan_next(const hsx_mbx_desc_t *d, const hsx_mbx_handle_t *h);
/* Reads message k of d for reader hp (it stays queued for the others). */
void hsx_mbx__fan_take(const hsx_mbx_desc_t *d, hsx_mbx_handle_t *hp, uint16_t k, uint8_t *buf, uint16_t max,
                       msg_hdr_t *h);
/* Sets the cursor of h to seq v (its low 16 bits). */
static inline void hsx_mbx__cur_set(hsx_mbx_handle_t *h, uint32_t v) { h->cursor = (uint16_t)v; }
#else
static inline void hsx_mbx__fan_dirty(uint16_t id) { (void)id; }
static inline void hsx_mbx__clamp_cursors(uint16_t id, const hsx_mbx_desc_t *d, uint32_t s, uint8_t mark)
{
    (void)id; (void)d; (void)s; (void)mark;
}
static inline void hsx_mbx__reclaim(uint16_t id, hsx_mbx_desc_t *d) { (void)id; (void)d; }
static inline int32_t hsx_mbx__fan_next(const hsx_mbx_desc_t *d, const hsx_mbx_handle_t *h)
{
    (void)d; (void)h;
    return -1;
}
static inline void hsx_mbx__fan_take(const hsx_mbx_desc_t *d, hsx_mbx_handle_t *hp, uint16_t k, uint8_t *buf,
                                     uint16_t max, msg_hdr_t *h)
{
    (void)d; (void)hp; (void)k; (void)buf; (void)max; (void)h;
}
static inline void hsx_mbx__cur_set(hsx_mbx_handle_t *h, uint32_t v) { (void)h; (void)v; }
#endif

#endif /* HSX_MBX_FANOUT_H */

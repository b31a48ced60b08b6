/* hsx_mbx_arena.h: the message arena and the free counts (hsx_mbx_arena.c). */
#ifndef HSX_MBX_ARENA_H
#define HSX_MBX_ARENA_H

#include "hsx_mbx_state.h"

/* Moves the arena bytes above `from` by `delta` (grow > 0, shrink < 0) and fixes
 * the bases of every region above `from`. */
void hsx_mbx__arena_shift(hsx_mbx_aoff_t from, int32_t delta);

static inline hsx_mbx_aoff_t hsx_mbx__arena_free(void) { return (hsx_mbx_aoff_t)(L_ARENA - hsx_mbx__arena_used); }

static inline hsx_mbx_noff_t hsx_mbx__names_free(void) { return (hsx_mbx_noff_t)(L_NAMES - hsx_mbx__names_used); }

/* Region [base, base+size) goes away; everything above moves down. The caller
 * has already cleared the owner's USED flag or zeroed its size. */
static inline void hsx_mbx__arena_release(hsx_mbx_aoff_t base, uint16_t size)
{
    if (size != 0u) {
        hsx_mbx__arena_shift((hsx_mbx_aoff_t)(base + size), -(int32_t)size);
    }
}

#endif /* HSX_MBX_ARENA_H */

/* hsx_mbx_arena.c: the message arena.
 *
 * Message rings and tap buffers are regions of one arena kept packed from offset
 * 0: freeing or resizing a region memmoves the regions above it, so a bind,
 * resize or tap succeeds exactly when the free byte count covers it (no
 * fragmentation failures). A new region is taken at the top (arena_used).
 */
#include "hsx_mbx_arena.h"
#include "hsx_mbx_taps.h"

void hsx_mbx__arena_shift(hsx_mbx_aoff_t from, int32_t delta)
{
    unsigned i;
    if (hsx_mbx__arena_used > from) {
        memmove(&hsx_mbx__arena[(uint32_t)((int32_t)from + delta)], &hsx_mbx__arena[from],
                (size_t)(hsx_mbx__arena_used - from));
    }
    for (i = 0; i < L_MAXD; i++) {
        hsx_mbx_desc_t *d = &hsx_mbx__desc[i];
        if ((d->info & HSX_MBX_DI_USED) && d->r.base >= from && d->r.cap != 0u) {
            d->r.base = (hsx_mbx_aoff_t)((int32_t)d->r.base + delta);
        }
    }
    hsx_mbx__taps_shift(from, delta);
    hsx_mbx__arena_used = (hsx_mbx_aoff_t)((int32_t)hsx_mbx__arena_used + delta);
}

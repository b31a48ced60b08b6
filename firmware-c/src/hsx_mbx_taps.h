/* hsx_mbx_taps.h: taps (hsx_mbx_taps.c, HSX_MBX_CFG_TAPS). Without the feature
 * no handle is a tap and these are empty inline functions (the tap operation
 * still checks the handle, then rejects the call as the model does). */
#ifndef HSX_MBX_TAPS_H
#define HSX_MBX_TAPS_H

#include "hsx_mbx_state.h"
#include "hsx_mbx_tasks.h"

#if HSX_MBX_CFG_TAPS
/* Offers the message just queued on d (seq next_seq - 1) to the taps of id. */
void hsx_mbx__taps_copy(uint16_t id, hsx_mbx_desc_t *d, const msg_hdr_t *h, const uint8_t *payload);
/* Makes handle hp of task slot ts a tap; resources checked by the caller. */
void hsx_mbx__tap_enable(unsigned ts, hsx_mbx_handle_t *hp);
/* Tap pool and arena room for a tap buffer of cap bytes (plus extra_arena). */
hsx_mbx_status_t hsx_mbx__tap_resources(uint16_t pid, uint16_t id, uint32_t cap, uint32_t extra_arena);
/* Receive on tap handle hp of task slot ts (NO_DATA or OK). */
hsx_mbx_status_t hsx_mbx__tap_recv(unsigned ts, const hsx_mbx_handle_t *hp, uint8_t *buf, uint16_t max, msg_hdr_t *h);
void hsx_mbx__tap_free(unsigned ts, unsigned hs);
void hsx_mbx__taps_shift(hsx_mbx_aoff_t from, int32_t delta);
void hsx_mbx__taps_close_windows(void);
unsigned hsx_mbx__taps_used(hsx_mbx_aoff_t *depth);
unsigned hsx_mbx__taps_on(uint16_t id);
int hsx_mbx__tap_nth(uint16_t id, uint16_t index, hsx_mbx_tap_snapshot_t *out);

static inline int hsx_mbx__is_tap(const hsx_mbx_handle_t *hp) { return (hp->flags & HSX_MBX_HF_TAP) != 0u; }

/* Releases the tap buffer of handle hp (task slot ts) if it is a tap. */
static inline void hsx_mbx__tap_drop(unsigned ts, const hsx_mbx_handle_t *hp)
{
    if (hp->flags & HSX_MBX_HF_TAP) {
        hsx_mbx__tap_free(ts, (unsigned)(hp - hsx_mbx__handle[ts]));
    }
}

/* Open stamps: renumbered before the counter would pass its maximum (only in
 * the 8-bit form), then one per opened handle. */
#if HSX_MBX_STAMP_COMPACT
void hsx_mbx__stamps_compact(void);
#endif
static inline void hsx_mbx__stamps_room(void)
{
#if HSX_MBX_STAMP_COMPACT
    if (hsx_mbx__open_stamp == (hsx_mbx_stamp_t)HSX_MBX_STAMP_MAX) {
        hsx_mbx__stamps_compact();
    }
#endif
}
static inline void hsx_mbx__stamp(hsx_mbx_handle_t *hp) { hp->stamp = hsx_mbx__open_stamp++; }

#else /* !HSX_MBX_CFG_TAPS */

static inline void hsx_mbx__taps_copy(uint16_t id, hsx_mbx_desc_t *d, const msg_hdr_t *h, const uint8_t *payload)
{
    (void)id; (void)d; (void)h; (void)payload;
}
static inline void hsx_mbx__tap_enable(unsigned ts, hsx_mbx_handle_t *hp) { (void)ts; (void)hp; }
static inline hsx_mbx_status_t hsx_mbx__tap_resources(uint16_t pid, uint16_t id, uint32_t cap, uint32_t extra_arena)
{
    (void)pid; (void)id; (void)cap; (void)extra_arena;
    return HSX_MBX_STATUS_OK;
}
static inline hsx_mbx_status_t hsx_mbx__tap_recv(unsigned ts, const hsx_mbx_handle_t *hp, uint8_t *buf, uint16_t max,
                                                 msg_hdr_t *h)
{
    (void)ts; (void)hp; (void)buf; (void)max; (void)h;
    return HSX_MBX_STATUS_NO_DATA;
}
static inline void hsx_mbx__taps_shift(hsx_mbx_aoff_t from, int32_t delta) { (void)from; (void)delta; }
static inline void hsx_mbx__taps_close_windows(void) { }
static inline unsigned hsx_mbx__taps_used(hsx_mbx_aoff_t *depth)
{
    if (depth != NULL) {
        *depth = 0;
    }
    return 0;
}
static inline unsigned hsx_mbx__taps_on(uint16_t id) { (void)id; return 0; }
static inline int hsx_mbx__tap_nth(uint16_t id, uint16_t index, hsx_mbx_tap_snapshot_t *out)
{
    (void)id; (void)index; (void)out;
    return 0;
}
static inline int hsx_mbx__is_tap(const hsx_mbx_handle_t *hp) { (void)hp; return 0; }
static inline void hsx_mbx__tap_drop(unsigned ts, const hsx_mbx_handle_t *hp) { (void)ts; (void)hp; }
static inline void hsx_mbx__stamps_room(void) { }
static inline void hsx_mbx__stamp(hsx_mbx_handle_t *hp) { (void)hp; }

#endif /* HSX_MBX_CFG_TAPS */

#endif /* HSX_MBX_TAPS_H */

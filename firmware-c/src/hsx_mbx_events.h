/* hsx_mbx_events.h: the event emitters (hsx_mbx_events.c, HSX_MBX_CFG_EVENTS).
 * Without the event ring they are empty static inline functions and calls to
 * them compile to nothing. */
#ifndef HSX_MBX_EVENTS_H
#define HSX_MBX_EVENTS_H

#include "hsx_mbx_state.h"

/* The key of an event: on 32-bit targets type, code and pid travel in one u32
 * and the descriptor and slot a in another, so that every emitter takes at most
 * four arguments (all in registers: no outgoing argument area in the frames of
 * the send path). AVR passes up to 18 argument bytes in registers anyway and
 * unpacking costs code there, so EVK/EVDA expand to the separate arguments. */
#if UINTPTR_MAX > 0xFFFFu
#define EVK(type, code, pid) \
    ((uint32_t)(type) | (uint32_t)(uint8_t)(code) << 8 | (uint32_t)(uint16_t)(pid) << 16)
#define EVDA(desc, a) ((uint32_t)(uint16_t)(desc) | (uint32_t)(uint16_t)(a) << 16)
#define EV_KP uint32_t k, uint32_t da
#define EV_KA k, da
#define EV_KVOID ((void)k, (void)da)
#define EV_KDECODE                                                                 \
    uint8_t type = (uint8_t)k, code = (uint8_t)(k >> 8);                           \
    uint16_t pid = (uint16_t)(k >> 16), desc = (uint16_t)da, a = (uint16_t)(da >> 16)
#define EV_KTYPE ((uint8_t)k)
#else
#define EVK(type, code, pid) (uint8_t)(type), (uint8_t)(code), (uint16_t)(pid)
#define EVDA(desc, a) (uint16_t)(desc), (uint16_t)(a)
#define EV_KP uint8_t type, uint8_t code, uint16_t pid, uint16_t desc, uint16_t a
#define EV_KA type, code, pid, desc, a
#define EV_KVOID ((void)type, (void)code, (void)pid, (void)desc, (void)a)
#define EV_KDECODE do { } while (0)
#define EV_KTYPE type
#endif

#if HSX_MBX_CFG_EVENTS
/* Whether the mask records events of type. The emitters below test it inline,
 * at the call, and only then call their recorder (the _rec functions in
 * hsx_mbx_events.c): an event the mask leaves out costs one bit test, not a
 * call (the send/recv and fan-out paths emit on every message). The emitters
 * are at the end of this file. */
#define EV_WANTED(type) (HAS_EVENTS && ((hsx_mbx__ev.mask >> ((type) - 1u)) & 1u) != 0u)

/* The recorders: they assume EV_WANTED(type). */
void hsx_mbx__ev_put_rec(EV_KP, const msg_hdr_t *h, uint32_t w);
void hsx_mbx__ev_b_rec(EV_KP, uint16_t b, uint32_t w);
void hsx_mbx__ev_msg_rec(EV_KP, const msg_hdr_t *h);

/* Off the hot paths (error and exhaustion reports): out of line, the mask
 * test inside. */
void hsx_mbx__ev_exhausted(uint16_t pid, uint8_t reason, uint16_t desc, uint32_t requested);
/* mailbox_error with fn code fn when st is an error status; returns st
 * (hsx_mbx__finish). */
hsx_mbx_status_t hsx_mbx__ev_error(uint16_t pid, uint8_t fn, hsx_mbx_status_t st);
static inline void hsx_mbx__ev_set_mask(uint16_t mask) { hsx_mbx__ev.mask = mask; }
/* Events the ring lost to newer ones (stats). */
static inline uint32_t hsx_mbx__ev_dropped(void) { return hsx_mbx__ev.seq - hsx_mbx__ev.count; }
#else
#define EV_WANTED(type) 0
static inline void hsx_mbx__ev_put_rec(EV_KP, const msg_hdr_t *h, uint32_t w) { EV_KVOID; (void)h; (void)w; }
static inline void hsx_mbx__ev_b_rec(EV_KP, uint16_t b, uint32_t w) { EV_KVOID; (void)b; (void)w; }
static inline void hsx_mbx__ev_msg_rec(EV_KP, const msg_hdr_t *h) { EV_KVOID; (void)h; }
static inline void hsx_mbx__ev_exhausted(uint16_t pid, uint8_t reason, uint16_t desc, uint32_t requested)
{
    (void)pid; (void)reason; (void)desc; (void)requested;
}
static inline hsx_mbx_status_t hsx_mbx__ev_error(uint16_t pid, uint8_t fn, hsx_mbx_status_t st)
{
    (void)pid; (void)fn;
    return st;
}
static inline void hsx_mbx__ev_set_mask(uint16_t mask) { (void)mask; }
static inline uint32_t hsx_mbx__ev_dropped(void) { return 0; }
#endif

/* The emitters (EV_WANTED is 0 without the event ring: they compile to nothing). */
/* One event: slots b, c and d are the length, flags and channel of h (0 without h). */
HSX_INLINE void hsx_mbx__ev_put(EV_KP, const msg_hdr_t *h, uint32_t w)
{
    if (EV_WANTED(EV_KTYPE)) {
        hsx_mbx__ev_put_rec(EV_KA, h, w);
    }
}
/* An event whose slot b is not a message length (c = d = 0). */
HSX_INLINE void hsx_mbx__ev_b(EV_KP, uint16_t b, uint32_t w)
{
    if (EV_WANTED(EV_KTYPE)) {
        hsx_mbx__ev_b_rec(EV_KA, b, w);
    }
}
/* A message event: b/c/d/w = length, flags, channel, src_pid of h (0 without h). */
HSX_INLINE void hsx_mbx__ev_msg(EV_KP, const msg_hdr_t *h)
{
    if (EV_WANTED(EV_KTYPE)) {
        hsx_mbx__ev_msg_rec(EV_KA, h);
    }
}
#endif /* HSX_MBX_EVENTS_H */

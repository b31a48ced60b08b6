/* hsx_mbx.c: the HSX mailbox service (module 0x05), C runtime.
 *
 * The Java model (org.hsxmbx.model.MailboxService) is the specification; every
 * observable result here (status, ids, handle numbering, wake order, completions,
 * events and their fields, stats, resource errors) must equal it.
 *
 * Memory: everything is static and sized by hsx_mbx_config.h. Message rings and
 * tap buffers are regions of one arena kept packed from offset 0: freeing or
 * resizing a region memmoves the regions above it, so a bind/resize/tap succeeds
 * exactly when the free byte count covers it (no fragmentation failures). Names
 * live in a name pool compacted the same way.
 *
 * Waits: each task slot holds at most one wait, so there are no wait lists: FIFO
 * order is a global counter stored at block time, deadline order is (deadline,
 * counter). Scans over the task slots are short on targets (max_tasks + 1).
 *
 * Features: HSX_MBX_HAS_x is a literal on targets, so `if (HSX_MBX_HAS_x)` removes
 * dead code; on the host it is a run-time profile flag.
 */
#include <stddef.h>
#include <string.h>

#include "hsx_mbx_internal.h"

/* A port hook runs with hsx_mbx__in_hook set (see hsx_mbx_internal.h): a call it
 * makes back into the service is refused. No hook, no flag. */
#if HSX_MBX_HAS_HOOKS
uint8_t hsx_mbx__in_hook;
#define HOOK(call)              \
    do {                        \
        hsx_mbx__in_hook = 1u;  \
        call;                   \
        hsx_mbx__in_hook = 0u;  \
    } while (0)
#else
#define HOOK(call) call
#endif

#ifndef HSX_MBX_ON_COMPLETE
#define HSX_MBX_ON_COMPLETE(c) ((void)(c))
#endif
#ifndef HSX_MBX_ON_EVENT
#define HSX_MBX_ON_EVENT(e) ((void)(e))
#define HSX_MBX_NO_EVENT_HOOK /* the emitter builds no public event record */
#endif

/* ---------------------------------------------------------------- limits */

#if HSX_MBX_CFG_RUNTIME_LIMITS
static hsx_mbx_limits_t g_lim;
#define L_MAXD   g_lim.max_descriptors
#define L_MAXT   g_lim.max_tasks
#define L_HLIM   g_lim.handle_limit_per_pid
#define L_DEFCAP g_lim.default_capacity
#define L_ARENA  g_lim.arena_bytes
#define L_RATE   g_lim.tap_rate_limit
#define L_RING   g_lim.event_ring_size
#define L_NAMES  g_lim.name_pool_bytes
#define L_TAPS   g_lim.max_taps
#define L_TASKMBX g_lim.task_mailboxes
#define L_FIRSTSEQ g_lim.first_seq
#define L_EVMASK g_lim.event_mask
#define L_FEAT(bit) ((g_lim.features & (bit)) != 0u)
#else
/* Narrow types on targets: 16-bit int arithmetic on AVR instead of 32-bit. */
#define L_MAXD   ((unsigned)HSX_MBX_CFG_MAX_DESCRIPTORS)
#define L_MAXT   ((unsigned)HSX_MBX_CFG_MAX_TASKS)
#define L_HLIM   ((unsigned)HSX_MBX_CFG_HANDLE_LIMIT)
#define L_DEFCAP ((uint16_t)HSX_MBX_CFG_DEFAULT_CAPACITY)
#define L_ARENA  ((hsx_mbx_aoff_t)HSX_MBX_CFG_ARENA_BYTES)
#define L_RATE   ((uint16_t)HSX_MBX_CFG_TAP_RATE_LIMIT)
#define L_RING   ((unsigned)HSX_MBX_CFG_EVENT_RING_SIZE)
#define L_NAMES  ((hsx_mbx_noff_t)HSX_MBX_CFG_NAME_POOL_BYTES)
#define L_TAPS   ((unsigned)HSX_MBX_CFG_MAX_TAPS)
#define L_TASKMBX (HSX_MBX_CFG_TASK_MAILBOXES)
#define L_FIRSTSEQ ((uint32_t)HSX_MBX_CFG_FIRST_SEQ)
#define L_EVMASK ((uint16_t)HSX_MBX_CFG_EVENT_MASK)
#define L_FEAT(bit) 1
#endif

#define HAS_FANOUT   (HSX_MBX_CFG_FANOUT && L_FEAT(HSX_MBX_FEAT_FANOUT))
#define HAS_TAPS     (HSX_MBX_CFG_TAPS && L_FEAT(HSX_MBX_FEAT_TAPS))
#define HAS_EVENTS   (HSX_MBX_CFG_EVENTS && L_FEAT(HSX_MBX_FEAT_EVENTS))
#define HAS_TIMEOUTS (HSX_MBX_CFG_TIMEOUTS && L_FEAT(HSX_MBX_FEAT_TIMEOUTS))
#define HAS_STDIO    (HSX_MBX_CFG_STDIO && L_FEAT(HSX_MBX_FEAT_STDIO))

#define FANOUT_BITS (HSX_MBX_MODE_FANOUT | HSX_MBX_MODE_FANOUT_DROP | HSX_MBX_MODE_FANOUT_BLOCK)
#define NO_DEADLINE 0xFFFFFFFFUL
#define HDR HSX_MBX_MSG_HEADER_BYTES

/* ---------------------------------------------------------------- storage */

static hsx_mbx_desc_t g_desc[HSX_MBX_CFG_MAX_DESCRIPTORS];
static hsx_mbx_task_t g_task[HSX_MBX_NTASK_SLOTS];
static hsx_mbx_handle_t g_handle[HSX_MBX_NTASK_SLOTS][HSX_MBX_CFG_HANDLE_LIMIT];
#if HSX_MBX_CFG_ARENA_BYTES > 0
static uint8_t g_arena[HSX_MBX_CFG_ARENA_BYTES];
#else
static uint8_t g_arena[1];
#endif
#if HSX_MBX_CFG_NAME_POOL_BYTES > 0
static char g_names[HSX_MBX_CFG_NAME_POOL_BYTES];
#else
static char g_names[1];
#endif
#if HSX_MBX_CFG_TAPS
static hsx_mbx_tap_t g_tap[HSX_MBX_NTAP_SLOTS];
static hsx_mbx_stamp_t g_open_stamp; /* handles' open order: taps get copies in it */
#endif
#if HSX_MBX_CFG_EVENTS
/* Ring entry: the public event without seq (seq = first_seq + position), with
 * type and code in one byte: type (1..9) in the high nibble, code in the low one
 * (reasons <= 9, policies <= 2, fn codes <= 10, statuses <= 9 or 0xFF, kept as
 * 0xF). 20 B on AVR and Cortex-M (was 21 / 24). */
typedef struct {
    uint32_t time_ms;
    uint32_t w;
    uint16_t pid;
    uint16_t a, b, c, d;
    hsx_mbx_did_t desc;
    uint8_t tc;
} hsx_mbx_evrec_t;
#define EV_TC(type, code) ((uint8_t)(((type) << 4) | ((code) & 0x0Fu)))
#define EV_TYPE(tc) ((uint8_t)((tc) >> 4))
#define EV_CODE(tc) ((uint8_t)(((tc) & 0x0Fu) == 0x0Fu ? 0xFFu : ((tc) & 0x0Fu)))
/* The ring and its state in one record (one base address for the emitter on
 * Cortex-M). The ring only ever loses its oldest entry to a new one, so
 * events_dropped = seq - count (mod 2^32, like the counter it replaces), and
 * head stays 0 until the ring is full. */
static struct {
    hsx_mbx_evrec_t rec[HSX_MBX_CFG_EVENT_RING_SIZE];
    uint32_t seq;          /* seq of the next event */
    hsx_mbx_evidx_t head;  /* oldest kept */
    hsx_mbx_evidx_t count; /* kept: grows to the ring size, then stays */
    uint16_t mask;         /* types emitted: bit type - 1 (hsx_mbx_event_mask) */
} g_ev;
#endif

#if HSX_MBX_CFG_FANOUT
/* Fan-out reader counts per descriptor (see reclaim()): `behind` readers have not
 * read the head message (all readers when the ring is empty), `readers` is how
 * many readers there are. FAN_UNKNOWN in `readers`: both must be counted again. */
#if (HSX_MBX_CFG_MAX_TASKS + 1UL) * HSX_MBX_CFG_HANDLE_LIMIT < 0xFFUL
typedef uint8_t hsx_mbx_fcnt_t;
#elif (HSX_MBX_CFG_MAX_TASKS + 1UL) * HSX_MBX_CFG_HANDLE_LIMIT < 0xFFFFUL
typedef uint16_t hsx_mbx_fcnt_t;
#else
typedef uint32_t hsx_mbx_fcnt_t;
#endif
#define FAN_UNKNOWN ((hsx_mbx_fcnt_t)-1)
typedef struct {
    hsx_mbx_fcnt_t behind;
    hsx_mbx_fcnt_t readers;
} hsx_mbx_fan_t;
static hsx_mbx_fan_t g_fan[HSX_MBX_CFG_MAX_DESCRIPTORS];
#endif

static hsx_mbx_aoff_t g_arena_used;
static hsx_mbx_noff_t g_names_used;
static uint32_t g_now;
static hsx_mbx_worder_t g_wait_counter; /* begin order of the next wait */
static hsx_mbx_did_t g_active;
static hsx_mbx_did_t g_peak_desc;
static uint32_t g_pool_exhausted;
static uint16_t g_ntasks; /* live tasks, pid 0 not counted */

/* ---------------------------------------------------------------- helpers */

static int seq_before(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }

/* Times are 32-bit serial numbers too (contract sections 4 and 5): the clock wraps
 * every 49.7 days and nothing may notice. Whether time `when` has come at `now`. */
static int time_reached(uint32_t now, uint32_t when) { return (int32_t)(now - when) >= 0; }

static hsx_mbx_desc_t *desc_of(uint16_t id) { return &g_desc[id - 1u]; }

static uint32_t head_seq(const hsx_mbx_desc_t *d) { return d->next_seq - d->r.depth; }

static int is_fanout(const hsx_mbx_desc_t *d) { return HAS_FANOUT && (d->mode & HSX_MBX_MODE_FANOUT) != 0u; }

static uint8_t is_error(hsx_mbx_status_t st)
{
    return st == HSX_MBX_STATUS_INVALID_HANDLE || st == HSX_MBX_STATUS_MSG_TOO_LARGE ||
           st == HSX_MBX_STATUS_NO_DESCRIPTOR || st == HSX_MBX_STATUS_INVALID_ARGUMENT ||
           st == HSX_MBX_STATUS_PERMISSION_DENIED || st == HSX_MBX_STATUS_INTERNAL_ERROR;
}

/* A message header as stored in a ring (native byte order); the same layout as
 * hsx_mbx_msg_info_t, so recv and completions copy it in one piece. */
typedef struct {
    uint16_t len, flags, chan, src;
} msg_hdr_t;
typedef char hsx_mbx_hdr_layout_check[(sizeof(msg_hdr_t) == sizeof(hsx_mbx_msg_info_t) &&
                                       offsetof(hsx_mbx_msg_info_t, channel) == offsetof(msg_hdr_t, chan) &&
                                       offsetof(hsx_mbx_msg_info_t, src_pid) == offsetof(msg_hdr_t, src))
                                          ? 1
                                          : -1];

/* Not inlined nor cloned with other arguments (IPA-SRA would pass the ring's
 * fields one by one: more than 4 arguments, some on the stack on ARM). */
#if defined(__GNUC__)
#define HSX_NOCLONE __attribute__((noinline, noclone))
#else
#define HSX_NOCLONE
#endif

#if HSX_MBX_CFG_FANOUT
/* The set of readers of id changed (a handle opened, closed, tapped or untapped,
 * started or stopped sending), its cursors were reset or a head message dropped:
 * the fan-out counts must be taken again. A call: it is made from many places. */
static HSX_NOINLINE void fan_dirty(uint16_t id) { g_fan[id - 1u].readers = FAN_UNKNOWN; }
#define FAN_DIRTY(id) fan_dirty(id)
#else
#define FAN_DIRTY(id) ((void)(id))
#endif

/* Scratch header of settle() and send (static: off the deepest stack path; the
 * service is not re-entrant, and send does not use it after settle()). */
static msg_hdr_t g_hdr;

/* ---------------------------------------------------------------- events */

/* Without the event ring the emitters are empty and inlined away. */
#if HSX_MBX_CFG_EVENTS
#define EV_FN static HSX_NOINLINE
#else
#define EV_FN static inline
#endif

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
#else
#define EVK(type, code, pid) (uint8_t)(type), (uint8_t)(code), (uint16_t)(pid)
#define EVDA(desc, a) (uint16_t)(desc), (uint16_t)(a)
#define EV_KP uint8_t type, uint8_t code, uint16_t pid, uint16_t desc, uint16_t a
#define EV_KA type, code, pid, desc, a
#define EV_KVOID ((void)type, (void)code, (void)pid, (void)desc, (void)a)
#define EV_KDECODE do { } while (0)
#endif

#if HSX_MBX_CFG_EVENTS
/* The public form of ring entry e, whose sequence number is seq. */
static void ev_read(const hsx_mbx_evrec_t *e, uint32_t seq, hsx_mbx_event_t *out)
{
    out->seq = seq;
    out->time_ms = e->time_ms;
    out->w = e->w;
    out->pid = e->pid;
    out->desc = e->desc;
    out->a = e->a;
    out->b = e->b;
    out->c = e->c;
    out->d = e->d;
    out->type = EV_TYPE(e->tc);
    out->code = EV_CODE(e->tc);
}
#endif

/* One event: slots b, c and d are the length, flags and channel of h (0 without
 * h). */
EV_FN void ev_put(EV_KP, const msg_hdr_t *h, uint32_t w)
{
#if HSX_MBX_CFG_EVENTS
    if (HAS_EVENTS) {
        hsx_mbx_evrec_t *e;
        EV_KDECODE;
        if (!((g_ev.mask >> (type - 1u)) & 1u)) {
            return; /* a masked type: not recorded, not counted as dropped, no hook */
        }
        if ((uint32_t)g_ev.count < L_RING) {
            e = &g_ev.rec[g_ev.count]; /* head is 0 until the ring is full */
            g_ev.count++;
        } else {
            /* Full: the oldest is overwritten (and counted as dropped). */
            e = &g_ev.rec[g_ev.head];
            g_ev.head = (hsx_mbx_evidx_t)(((uint32_t)g_ev.head + 1u) % L_RING);
        }
        g_ev.seq++;
        e->time_ms = g_now;
        e->w = w;
        e->pid = pid;
        e->desc = (hsx_mbx_did_t)desc;
        e->a = a;
        e->tc = EV_TC(type, code);
        e->b = 0;
        e->c = 0;
        e->d = 0;
        if (h != NULL) {
            e->b = h->len;
            e->c = h->flags;
            e->d = h->chan;
        }
#ifndef HSX_MBX_NO_EVENT_HOOK
        {
            hsx_mbx_event_t pub;
            ev_read(e, g_ev.seq - 1u, &pub);
            HOOK(HSX_MBX_ON_EVENT(&pub));
        }
#endif
    }
#else
    EV_KVOID;
    (void)h; (void)w;
#endif
}

/* An event whose slot b is not a message length (c = d = 0). */
EV_FN void ev_b(EV_KP, uint16_t b, uint32_t w)
{
    msg_hdr_t hb;
    hb.len = b;
    hb.flags = 0;
    hb.chan = 0;
    hb.src = 0;
    ev_put(EV_KA, &hb, w);
}

/* A message event: b/c/d/w = length, flags, channel, src_pid of h (0 without h). */
EV_FN void ev_msg(EV_KP, const msg_hdr_t *h)
{
    ev_put(EV_KA, h, h != NULL ? h->src : 0u);
}

EV_FN void ev_exhausted(uint16_t pid, uint8_t reason, uint16_t desc, uint32_t requested)
{
    ev_put(EVK(HSX_MBX_EV_EXHAUSTED, reason, pid), EVDA(desc, 0), NULL, requested);
}

/* ---------------------------------------------------------------- arena */

/* Moves the arena bytes above `from` by `delta` (grow > 0, shrink < 0) and fixes
 * the bases of every region above `from`. */
static void arena_shift(hsx_mbx_aoff_t from, int32_t delta)
{
    unsigned i;
    if (g_arena_used > from) {
        memmove(&g_arena[(uint32_t)((int32_t)from + delta)], &g_arena[from], (size_t)(g_arena_used - from));
    }
    for (i = 0; i < L_MAXD; i++) {
        hsx_mbx_desc_t *d = &g_desc[i];
        if ((d->info & HSX_MBX_DI_USED) && d->r.base >= from && d->r.cap != 0u) {
            d->r.base = (hsx_mbx_aoff_t)((int32_t)d->r.base + delta);
        }
    }
#if HSX_MBX_CFG_TAPS
    for (i = 0; i < L_TAPS; i++) {
        hsx_mbx_tap_t *t = &g_tap[i];
        if ((t->flags & HSX_MBX_TF_USED) && t->r.base >= from) {
            t->r.base = (hsx_mbx_aoff_t)((int32_t)t->r.base + delta);
        }
    }
#endif
    g_arena_used = (hsx_mbx_aoff_t)((int32_t)g_arena_used + delta);
}

static hsx_mbx_aoff_t arena_free_bytes(void) { return (hsx_mbx_aoff_t)(L_ARENA - g_arena_used); }

static hsx_mbx_noff_t names_free(void) { return (hsx_mbx_noff_t)(L_NAMES - g_names_used); }

/* Region [base, base+size) goes away; everything above moves down. The caller
 * has already cleared the owner's USED flag or zeroed its size. */
static void arena_release(hsx_mbx_aoff_t base, uint16_t size)
{
    if (size != 0u) {
        arena_shift((hsx_mbx_aoff_t)(base + size), -(int32_t)size);
    }
}

/* Rotates a ring's bytes so that head is 0 (reversal algorithm, no buffer). */
static void reverse(uint8_t *p, uint16_t n)
{
    uint8_t *q = p + n;
    while (p + 1 < q) {
        uint8_t t = *p;
        --q;
        *p++ = *q;
        *q = t;
    }
}

static HSX_NOINLINE void ring_linearize(hsx_mbx_ring_t *r)
{
    if (r->head != 0u) {
        uint8_t *p = &g_arena[r->base];
        reverse(p, r->head);
        reverse(p + r->head, (uint16_t)(r->cap - r->head));
        reverse(p, r->cap);
        r->head = 0;
    }
}

/* ---------------------------------------------------------------- rings */

/* (a + b) mod cap for a < cap, b <= cap, without overflowing 16 bits. */
static uint16_t ring_wrap(const hsx_mbx_ring_t *r, uint16_t a, uint16_t b)
{
    uint16_t room = (uint16_t)(r->cap - a);
    return (b >= room) ? (uint16_t)(b - room) : (uint16_t)(a + b);
}

/* The copy routines: n bytes from the ring at position pos (< cap) into buf, and
 * from buf into the ring. A message's bytes wrap at most once, so a copy is at
 * most two block moves, split at the end of the ring, rather than a byte loop
 * with a wrap test per byte. The part past the end (at the ring's start) moves
 * first so that the other one is a tail call and little is live across the
 * first: small frames on the deepest call paths (4 arguments: registers on ARM). */
static HSX_NOCLONE void ring_read(const hsx_mbx_ring_t *r, uint16_t pos, uint8_t *buf, uint16_t n)
{
    const uint8_t *p = &g_arena[r->base];
    const uint8_t *q = p + pos;
    uint16_t room = (uint16_t)(r->cap - pos);
    if (n > room) {
        memcpy(buf + room, p, (uint16_t)(n - room));
        n = room;
    }
    memcpy(buf, q, n);
}

static HSX_NOCLONE void ring_write(const hsx_mbx_ring_t *r, uint16_t pos, const uint8_t *buf, uint16_t n)
{
    uint8_t *p = &g_arena[r->base];
    uint8_t *q = p + pos;
    uint16_t room = (uint16_t)(r->cap - pos);
    if (n > room) {
        memcpy(p, buf + room, (uint16_t)(n - room));
        n = room;
    }
    memcpy(q, buf, n);
}

/* Appends a message (h->len >= 1: empty sends queue nothing). */
static void ring_push(hsx_mbx_ring_t *r, const msg_hdr_t *h, const uint8_t *payload)
{
    uint16_t pos = ring_wrap(r, r->head, r->used);
    uint16_t cost = (uint16_t)(HDR + h->len);
    if ((uint16_t)(r->cap - pos) >= cost) {
        /* the whole message lies before the end of the ring (the usual case): the
         * header is a fixed-size copy the compiler inlines */
        uint8_t *p = &g_arena[r->base + pos];
        memcpy(p, h, HDR);
        memcpy(p + HDR, payload, h->len);
    } else {
        ring_write(r, pos, (const uint8_t *)h, HDR);
        ring_write(r, ring_wrap(r, pos, HDR), payload, h->len);
    }
    r->used = (uint16_t)(r->used + cost);
    r->depth++;
}

/* Inlined into its callers where a call level would deepen the worst stack path. */
#if defined(__GNUC__)
#define HSX_INLINE static inline __attribute__((always_inline))
#else
#define HSX_INLINE static inline
#endif

/* The header at position pos into h: a fixed-size copy the compiler inlines,
 * unless it wraps (then a tail call: no frame of its own on the stack paths). */
static void ring_hdr(const hsx_mbx_ring_t *r, uint16_t pos, msg_hdr_t *h)
{
    if ((uint16_t)(r->cap - pos) >= HDR) {
        memcpy(h, &g_arena[r->base + pos], HDR);
    } else {
        ring_read(r, pos, (uint8_t *)h, HDR);
    }
}

/* Header of the message at byte offset `off` from head; returns the position of
 * its payload. */
HSX_INLINE uint16_t ring_hdr_at(const hsx_mbx_ring_t *r, uint16_t off, msg_hdr_t *h)
{
    uint16_t pos = ring_wrap(r, r->head, off);
    ring_hdr(r, pos, h);
    return ring_wrap(r, pos, HDR);
}

/* Copies the payload at pos (up to max bytes, if dst) of the message h. */
static void ring_payload(const hsx_mbx_ring_t *r, uint16_t pos, const msg_hdr_t *h, uint8_t *dst, uint16_t max)
{
    if (dst != NULL && max != 0u) {
        ring_read(r, pos, dst, max < h->len ? max : h->len);
    }
}

/* Removes the head message; copies up to `max` payload bytes to dst (if any). */
static void ring_pop(hsx_mbx_ring_t *r, msg_hdr_t *h, uint8_t *dst, uint16_t max)
{
    uint16_t pos = ring_hdr_at(r, 0, h);
    ring_payload(r, pos, h, dst, max);
    r->used = (uint16_t)(r->used - HDR - h->len);
    r->depth--;
    r->head = ring_wrap(r, pos, h->len);
    if (r->depth == 0u) {
        r->head = 0; /* keeps rings linear when idle: cheaper resize */
    }
}

/* Byte offset from head of the k-th message (k < depth); h is scratch (the
 * caller's header record: no second one on the fan-out read path's stack). */
static uint16_t ring_offset_of(const hsx_mbx_ring_t *r, uint16_t k, msg_hdr_t *h)
{
    uint16_t off = 0;
    while (k-- != 0u) {
        (void)ring_hdr_at(r, off, h);
        off = (uint16_t)(off + HDR + h->len);
    }
    return off;
}

/* ---------------------------------------------------------------- tasks & handles */

static hsx_mbx_task_t *task_find(uint16_t pid)
{
    unsigned i;
    for (i = 0; i <= L_MAXT; i++) {
        if (g_task[i].state != HSX_MBX_TS_FREE && g_task[i].pid == pid) {
            return &g_task[i];
        }
    }
    return NULL;
}

static unsigned tslot_of(const hsx_mbx_task_t *t) { return (uint32_t)(t - g_task); }

static hsx_mbx_handle_t *handle_find(const hsx_mbx_task_t *t, uint16_t id)
{
    hsx_mbx_handle_t *hs = g_handle[tslot_of(t)];
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

static unsigned handle_count(const hsx_mbx_task_t *t)
{
    const hsx_mbx_handle_t *hs = g_handle[tslot_of(t)];
    unsigned i, n = 0;
    for (i = 0; i < L_HLIM; i++) {
        if (hs[i].flags & HSX_MBX_HF_USED) {
            n++;
        }
    }
    return n;
}

/* A fan-out reader: read access, not a tap, not a sender, not stale. */
static int is_reader(const hsx_mbx_handle_t *h)
{
    return (h->flags & (HSX_MBX_HF_USED | HSX_MBX_HF_SENDER | HSX_MBX_HF_TAP | HSX_MBX_HF_STALE | 0x01u)) ==
           (HSX_MBX_HF_USED | 0x01u);
}

/* Fan-out cursor: the record keeps its low 16 bits; the full seq follows from
 * next_seq because cursors stay within [head_seq - 1, next_seq - 1] (see
 * clamp_cursors). Without fan-out the record has no cursor. */
#if HSX_MBX_CFG_FANOUT
static uint32_t cur_get(const hsx_mbx_desc_t *d, const hsx_mbx_handle_t *h)
{
    uint32_t last = d->next_seq - 1u;
    return last - (uint16_t)((uint16_t)last - h->cursor);
}
#define CUR_SET(h, v) ((h)->cursor = (uint16_t)(v))
#else
#define cur_get(d, h) ((void)(h), (d)->next_seq - 1u)
#define CUR_SET(h, v) ((void)(h))
#endif

/* Every used handle: one flat walk over the live rows of the table (free task
 * slots hold no used handles: init clears the table, task_exit releases a
 * task's handles, task_start clears its row). */
#define FOR_EACH_HANDLE(hp)                                                       \
    for ((hp) = g_handle[0]; (hp) != g_handle[L_MAXT + 1u]; (hp)++)              \
        if ((hp)->flags & HSX_MBX_HF_USED)

static int desc_has_handles(uint16_t id)
{
    hsx_mbx_handle_t *h;
    FOR_EACH_HANDLE(h)
    {
        if (h->desc == id && !(h->flags & HSX_MBX_HF_STALE)) {
            return 1;
        }
    }
    return 0;
}

/* Oldest waiter of the given kind (0 = either) on descriptor id, after
 * `after_order` when `use_after` (FIFO walk). A task waits iff its wdesc != 0.
 * Callers on the send/recv path first test the descriptor's DI_WAIT hint
 * (clear: nobody waits, no scan). */
static hsx_mbx_task_t *oldest_waiter(uint16_t id, uint8_t state, int use_after, uint32_t after_order)
{
    hsx_mbx_task_t *best = NULL;
    unsigned i;
    for (i = 0; i <= L_MAXT; i++) {
        hsx_mbx_task_t *t = &g_task[i];
        if ((state == 0u || t->state == state) && t->wdesc == id) {
            if (use_after && !(after_order < t->worder)) {
                continue;
            }
            if (best == NULL || t->worder < best->worder) {
                best = t;
            }
        }
    }
    return best;
}

/* Renumbers the begin orders of the waiting tasks 0..n-1 in their order, so
 * that the counter restarts at n instead of wrapping. The orders are distinct
 * and below the counter; the k-th smallest is >= k, so after k renumbered
 * tasks (orders 0..k-1) the next is the smallest order still >= k. Runs once
 * per HSX_MBX_WORDER_MAX - n waits (every ~250 on an 8-bit counter). */
static HSX_NOINLINE void worder_compact(void)
{
    hsx_mbx_worder_t k = 0;
    for (;;) {
        hsx_mbx_task_t *best = NULL;
        unsigned i;
        for (i = 0; i <= L_MAXT; i++) {
            hsx_mbx_task_t *t = &g_task[i];
            if (t->wdesc != 0u && t->worder >= k && (best == NULL || t->worder < best->worder)) {
                best = t;
            }
        }
        if (best == NULL) {
            break;
        }
        best->worder = k++;
    }
    g_wait_counter = k;
}

static void complete(hsx_mbx_task_t *t, uint8_t status, const msg_hdr_t *h)
{
    hsx_mbx_completion_t c;
    c.pid = t->pid;
    c.handle = t->whandle;
    c.kind = (t->state == HSX_MBX_TS_WAIT_RECV) ? HSX_MBX_KIND_RECV : HSX_MBX_KIND_SEND;
    c.status = status;
    c.buf = (c.kind == HSX_MBX_KIND_RECV) ? (uint8_t *)t->wbuf : NULL;
    if (h != NULL) {
        c.msg.length = h->len;
        c.msg.flags = h->flags;
        c.msg.channel = h->chan;
        c.msg.src_pid = h->src;
    } else {
        c.msg.length = 0;
        c.msg.flags = 0;
        c.msg.channel = 0;
        c.msg.src_pid = 0;
    }
    if (status == HSX_MBX_STATUS_TIMEOUT) {
        t->timeouts++;
    } else {
        t->wake++;
    }
    ev_msg(EVK(status == HSX_MBX_STATUS_TIMEOUT ? HSX_MBX_EV_TIMEOUT : HSX_MBX_EV_WAKE, status, t->pid),
           EVDA(t->wdesc, t->whandle), h);
    t->state = HSX_MBX_TS_READY;
    t->wdesc = 0;
    t->wbuf = NULL;
    HOOK(HSX_MBX_ON_COMPLETE(&c));
}

/* ---------------------------------------------------------------- taps */

#if HSX_MBX_CFG_TAPS
static hsx_mbx_tap_t *tap_of(unsigned ts, unsigned hs)
{
    unsigned i;
    for (i = 0; i < L_TAPS; i++) {
        if ((g_tap[i].flags & HSX_MBX_TF_USED) && g_tap[i].task == ts && g_tap[i].hslot == hs) {
            return &g_tap[i];
        }
    }
    return NULL;
}

static void tap_release(hsx_mbx_tap_t *t)
{
    hsx_mbx_aoff_t base = t->r.base;
    uint16_t cap = t->r.cap;
    t->flags = 0;
    arena_release(base, cap);
}


/* The taps of descriptor id in the order their handles were opened. */
static hsx_mbx_tap_t *tap_next(uint16_t id, const hsx_mbx_tap_t *prev)
{
    hsx_mbx_tap_t *best = NULL;
    unsigned i;
    for (i = 0; i < L_TAPS; i++) {
        hsx_mbx_tap_t *t = &g_tap[i];
        hsx_mbx_stamp_t st;
        if (!(t->flags & HSX_MBX_TF_USED) || g_handle[t->task][t->hslot].desc != id) {
            continue;
        }
        st = g_handle[t->task][t->hslot].stamp;
        if (prev != NULL && !HSX_MBX_STAMP_BEFORE(g_handle[prev->task][prev->hslot].stamp, st)) {
            continue;
        }
        if (best == NULL || HSX_MBX_STAMP_BEFORE(st, g_handle[best->task][best->hslot].stamp)) {
            best = t;
        }
    }
    return best;
}

/* Offers a queued message (seq = next_seq - 1) to every tap of descriptor id
 * (contract section 6): rate limit, then the copy, dropping the tap's oldest
 * copies until it fits. Finding no tap clears the descriptor's DI_TAPS hint. */
static void taps_copy(uint16_t id, hsx_mbx_desc_t *d, const msg_hdr_t *h, const uint8_t *payload)
{
    uint32_t cost = (uint32_t)HDR + h->len;
    uint32_t seq = d->next_seq - 1u;
    hsx_mbx_tap_t *t = NULL;
    d->info = (uint8_t)(d->info & ~HSX_MBX_DI_TAPS);
    while ((t = tap_next(id, t)) != NULL) {
        uint16_t tpid = g_task[t->task].pid;
        d->info = (uint8_t)(d->info | HSX_MBX_DI_TAPS);
        if (L_RATE != 0u) {
            if (!(t->flags & HSX_MBX_TF_WINDOW) || time_reached(g_now, t->win_start + HSX_MBX_TAP_RATE_WINDOW_MS)) {
                t->flags = (uint8_t)(t->flags | HSX_MBX_TF_WINDOW);
                t->win_start = g_now;
                t->win_count = 0;
            }
            /* win_count never passes L_RATE (it grows only below it); == rather than >=
             * keeps -Wtype-limits quiet when the profile's limit is a constant 0. */
            if (t->win_count == L_RATE) {
                t->flags = (uint8_t)(t->flags | HSX_MBX_TF_OVERRUN);
                ev_b(EVK(HSX_MBX_EV_BACKPRESSURE, HSX_MBX_POLICY_TAP_RATE_LIMIT, tpid), EVDA(id, t->r.cap), t->r.used,
                     cost);
                continue;
            }
            t->win_count++;
        }
        if (cost > t->r.cap) {
            t->flags = (uint8_t)(t->flags | HSX_MBX_TF_OVERRUN);
            ev_put(EVK(HSX_MBX_EV_OVERRUN, HSX_MBX_REASON_TAP_DROP, tpid), EVDA(id, t->r.depth), h, seq);
            continue;
        }
        while ((uint32_t)t->r.cap - t->r.used < cost) {
            msg_hdr_t dh;
            /* Copies keep only their 8-byte header (no seq): dropped_seq is 0, as in Java. */
            ring_pop(&t->r, &dh, NULL, 0);
            t->flags = (uint8_t)(t->flags | HSX_MBX_TF_OVERRUN);
            ev_put(EVK(HSX_MBX_EV_OVERRUN, HSX_MBX_REASON_TAP_DROP, tpid), EVDA(id, t->r.depth), &dh, 0u);
        }
        ring_push(&t->r, h, payload);
    }
}
#endif

/* ---------------------------------------------------------------- queue ops */

/* Queues a message on d (it fits), copies it to the taps, emits mailbox_send. */
static HSX_NOINLINE void queue_msg(uint16_t id, hsx_mbx_desc_t *d, uint16_t pid, uint16_t handle, const msg_hdr_t *h,
                      const uint8_t *payload)
{
    ring_push(&d->r, h, payload);
    d->next_seq++;
    if (d->r.used > d->peak) {
        d->peak = d->r.used;
    }
    ev_msg(EVK(HSX_MBX_EV_SEND, 0, pid), EVDA(id, handle), h);
#if HSX_MBX_CFG_TAPS
    if (HAS_TAPS && (d->info & HSX_MBX_DI_TAPS)) {
        taps_copy(id, d, h, payload);
    }
#endif
}

/* Fan-out: every handle's cursor before seq s moves to s (readers among them are
 * marked overrun when `mark`). Called whenever head messages of a fan-out
 * descriptor go, so every cursor stays within [head_seq - 1, next_seq - 1]: a
 * cursor that lagged behind the head reads from the head, as one at head_seq - 1
 * does, so the move is not observable (decisions.md), and the window (at most
 * 8192 messages) lets the record keep only the cursor's low 16 bits. */
static void clamp_cursors(uint16_t id, const hsx_mbx_desc_t *d, uint32_t s, uint8_t mark)
{
    hsx_mbx_handle_t *hp;
    FOR_EACH_HANDLE(hp)
    {
        if (hp->desc == id && seq_before(cur_get(d, hp), s)) {
            if (mark && is_reader(hp)) {
                hp->flags = (uint8_t)(hp->flags | HSX_MBX_HF_OVERRUN);
            }
            CUR_SET(hp, s);
        }
    }
}

/* Drops the head message of d (fan-out drop or resize): readers that had not read
 * it are marked overrun; emits mailbox_overrun. */
static void drop_head(uint16_t id, hsx_mbx_desc_t *d, uint16_t pid, uint8_t reason)
{
    msg_hdr_t h;
    uint32_t s = head_seq(d);
    ring_pop(&d->r, &h, NULL, 0);
    if (is_fanout(d)) {
        clamp_cursors(id, d, s, 1);
        FAN_DIRTY(id);
    }
    ev_put(EVK(HSX_MBX_EV_OVERRUN, reason, pid), EVDA(id, d->r.depth), &h, s);
}

/* Fan-out: the smallest number of messages any reader of id has read (at most
 * depth); also counts the readers again, and the ones at that minimum: they are
 * the ones behind the head once the messages all have read are gone. A call of
 * its own: its frame stays off reclaim's path to ring_pop(). */
static HSX_NOINLINE uint16_t fan_scan(uint16_t id, const hsx_mbx_desc_t *d)
{
    uint32_t hs = head_seq(d);
    uint32_t drop = d->r.depth;
    hsx_mbx_handle_t *hp;
#if HSX_MBX_CFG_FANOUT
    hsx_mbx_fcnt_t n = 0, at = 0;
#define FAN_COUNT(what) what
#else
#define FAN_COUNT(what) ((void)0)
#endif
    FOR_EACH_HANDLE(hp)
    {
        if (hp->desc == id && is_reader(hp)) {
            uint32_t k = cur_get(d, hp) + 1u - hs; /* messages this reader has read */
            if ((int32_t)k < 0) {
                k = 0;
            }
            FAN_COUNT(n++);
            if (k < drop) {
                drop = k;
                FAN_COUNT(at = 0);
            }
            if (k == drop) {
                FAN_COUNT(at++);
            }
        }
    }
    FAN_COUNT(g_fan[id - 1u].readers = n);
    FAN_COUNT(g_fan[id - 1u].behind = at);
    return (uint16_t)drop;
}

/* Fan-out: removes head messages that no reader still needs. The reader counts
 * make the usual calls O(1): while some reader has not read the head nothing can
 * go, and when every reader has read the only message it goes and every reader is
 * behind the next one. Otherwise (counts unknown, or several messages queued)
 * fan_scan() looks at every handle. */
static void reclaim(uint16_t id, hsx_mbx_desc_t *d)
{
    uint16_t drop = d->r.depth;
#if HSX_MBX_CFG_FANOUT
    hsx_mbx_fan_t *fc = &g_fan[id - 1u];
    if (drop == 0u || (fc->readers != FAN_UNKNOWN && fc->behind != 0u)) {
        return;
    }
    /* One message read by all: it goes without a scan. The cursors of handles that
     * are not readers (writers, taps) are not clamped here; they may lag, and a
     * lagging cursor reads from the head like one at head_seq - 1 does, but the
     * record keeps 16 bits, so the scan (which clamps) runs at least once every
     * 4096 messages. */
    if (fc->readers != FAN_UNKNOWN && drop == 1u && ((uint16_t)(head_seq(d) + 1u) & 0x0FFFu) != 0u) {
        msg_hdr_t h;
        ring_pop(&d->r, &h, NULL, 0);
        fc->behind = fc->readers;
        return;
    }
#endif
    drop = fan_scan(id, d);
    if (drop != 0u) {
        while (drop-- != 0u) {
            msg_hdr_t h;
            ring_pop(&d->r, &h, NULL, 0);
        }
        clamp_cursors(id, d, head_seq(d) - 1u, 0);
    }
}

/* Next message for a fan-out handle: index from head, or -1. */
static int32_t fan_next_index(const hsx_mbx_desc_t *d, const hsx_mbx_handle_t *h)
{
    uint32_t k = cur_get(d, h) + 1u - head_seq(d);
    if ((int32_t)k < 0) {
        k = 0;
    }
    return (k < d->r.depth) ? (int32_t)k : -1;
}

/* Copies message k of d into the receiver's buffer (not consuming it). */
static void fan_read(const hsx_mbx_desc_t *d, uint16_t k, msg_hdr_t *h, uint8_t *dst, uint16_t max)
{
    ring_payload(&d->r, ring_hdr_at(&d->r, ring_offset_of(&d->r, k, h), h), h, dst, max);
}

/* The returned figures of a received message: OVERRUN when the reader's (or
 * tap's) overrun bit was set (cleared here), TRUNCATED and the length clamped
 * when it exceeded max. */
HSX_INLINE void msg_mark(msg_hdr_t *h, uint8_t *fl, uint8_t bit, uint16_t max)
{
    if (*fl & bit) {
        *fl = (uint8_t)(*fl & ~bit);
        h->flags = (uint16_t)(h->flags | HSX_MBX_MSG_OVERRUN);
    }
    if (max < h->len) {
        h->len = max;
        h->flags = (uint16_t)(h->flags | HSX_MBX_MSG_TRUNCATED);
    }
}

/* Receives for handle hp of task slot (pid) into buf: message present (fan-out:
 * message k from head, the caller's fan_next_index()). Fills h with the returned
 * figures (length clamped, flags with OVERRUN/TRUNCATED). */
static void take_msg(hsx_mbx_desc_t *d, hsx_mbx_handle_t *hp, uint16_t k, uint8_t *buf, uint16_t max, msg_hdr_t *h)
{
    if (is_fanout(d)) {
        fan_read(d, k, h, buf, max);
        CUR_SET(hp, head_seq(d) + (uint32_t)k);
#if HSX_MBX_CFG_FANOUT
        /* one reader less behind the head (a reader: do_recv cleared SENDER, with
         * fan_dirty(), before this or before the wait that settle() ends) */
        if (k == 0 && g_fan[hp->desc - 1u].readers != FAN_UNKNOWN) {
            g_fan[hp->desc - 1u].behind--;
        }
#endif
        hp->flags = (uint8_t)(hp->flags & ~HSX_MBX_HF_SENDER);
    } else {
        ring_pop(&d->r, h, buf, max);
    }
    msg_mark(h, &hp->flags, HSX_MBX_HF_OVERRUN, max);
}

/* cost = HDR + len of a message that fitted the ring once: at most 65535 */
static int fits(const hsx_mbx_desc_t *d, uint16_t cost)
{
    return (uint16_t)(d->r.cap - d->r.used) >= cost;
}

/* After a change on descriptor id: wake receivers, retry blocked senders (FIFO),
 * repeat while a sender got in (decisions.md, "Settling a descriptor"). */
static HSX_NOINLINE void settle_waiters(uint16_t id, hsx_mbx_desc_t *d)
{
    for (;;) {
        hsx_mbx_task_t *s;
        if (is_fanout(d)) {
            uint32_t after = 0;
            int use_after = 0;
            hsx_mbx_task_t *t;
            while ((t = oldest_waiter(id, HSX_MBX_TS_WAIT_RECV, use_after, after)) != NULL) {
                hsx_mbx_handle_t *hp = handle_find(t, t->whandle);
                int32_t k = hp != NULL ? fan_next_index(d, hp) : -1;
                after = t->worder;
                use_after = 1;
                if (k >= 0) {
                    take_msg(d, hp, (uint16_t)k, (uint8_t *)t->wbuf, t->wlen, &g_hdr);
                    complete(t, HSX_MBX_STATUS_OK, &g_hdr);
                }
            }
            reclaim(id, d);
        } else {
            hsx_mbx_task_t *t;
            while (d->r.depth != 0u && (t = oldest_waiter(id, HSX_MBX_TS_WAIT_RECV, 0, 0)) != NULL) {
                hsx_mbx_handle_t *hp = handle_find(t, t->whandle);
                take_msg(d, hp, 0, (uint8_t *)t->wbuf, t->wlen, &g_hdr);
                complete(t, HSX_MBX_STATUS_OK, &g_hdr);
            }
        }
        s = oldest_waiter(id, HSX_MBX_TS_WAIT_SEND, 0, 0);
        if (s == NULL && oldest_waiter(id, 0, 0, 0) == NULL) {
            d->info = (uint8_t)(d->info & ~HSX_MBX_DI_WAIT); /* the last waiter has gone */
        }
        if (s == NULL || !fits(d, (uint16_t)(HDR + s->wlen))) {
            return;
        }
        g_hdr.len = s->wlen;
        g_hdr.flags = s->wflags;
        g_hdr.src = s->pid;
        g_hdr.chan = s->wchan;
        queue_msg(id, d, s->pid, s->whandle, &g_hdr, (const uint8_t *)s->wbuf);
        complete(s, HSX_MBX_STATUS_OK, &g_hdr);
    }
}

/* Without the DI_WAIT hint nobody waits on the descriptor (the usual case): only
 * fan-out reclamation is left, without the frame of settle_waiters(). */
static void settle(uint16_t id)
{
    hsx_mbx_desc_t *d = desc_of(id);
    if (d->info & HSX_MBX_DI_WAIT) {
        settle_waiters(id, d);
    } else if (is_fanout(d)) {
        reclaim(id, d);
    }
}

/* ---------------------------------------------------------------- targets */

typedef struct {
    const char *name;
    uint16_t owner;
    uint8_t name_len;
    uint8_t ns;
    uint8_t owned;
    uint8_t at;     /* explicit @N or pid:N */
} key_t_;

/* 1..5 decimal digits, value <= 65535 (16-bit arithmetic: AVR). */
static int parse_num(const char *s, uint_fast8_t n, uint16_t *out)
{
    uint16_t v = 0;
    if (n < 1u || n > 5u) {
        return 0;
    }
    while (n-- != 0u) {
        uint_fast8_t c = (uint_fast8_t)(uint8_t)(*s++ - '0');
        if (c > 9u || v > 6553u || (v == 6553u && c > 5u)) {
            return 0;
        }
        v = (uint16_t)(v * 10u + c);
    }
    *out = v;
    return 1;
}

/* The namespace prefixes back to back, in flash on AVR (HSX_ROM); "pid:" also
 * starts the name desc_snapshot formats for a PID descriptor. */
static const char k_prefixes[] HSX_ROM = "pid:svc:app:shared:";
#define PFX_PID 0u, 4u
#define PFX_SVC 4u, 4u
#define PFX_APP 8u, 4u
#define PFX_SHARED 12u, 7u

/* Whether target t (n bytes) starts with the prefix at k_prefixes[off], pn bytes. */
static int prefix(const char *t, uint_fast8_t n, uint_fast8_t off, uint_fast8_t pn)
{
    return n >= pn && HSX_ROM_MEMCMP(t, &k_prefixes[off], pn) == 0;
}

/* Resolves a target for caller pid (contract section 3, decisions.md). */
static hsx_mbx_status_t resolve_checked(uint16_t pid, const char *t, size_t tlen, key_t_ *k, int check)
{
    uint_fast8_t i, n, at; /* tlen <= 32; 8-bit on AVR */
    if (t == NULL || tlen < 1u || tlen > HSX_MBX_MAX_NAME_BYTES) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    n = (uint_fast8_t)tlen;
    for (i = 0; i < n; i++) {
        if ((uint8_t)((uint8_t)t[i] - 0x20u) > 0x5Eu) { /* printable ASCII 0x20..0x7E */
            return HSX_MBX_STATUS_INVALID_ARGUMENT;
        }
    }
    k->owned = 1;
    k->owner = pid;
    k->at = 0;
    if (prefix(t, n, PFX_PID)) {
        k->ns = HSX_MBX_NS_PID;
        k->name = NULL;
        k->name_len = 0;
        if (n > 4u) {
            if (!parse_num(t + 4, (uint_fast8_t)(n - 4u), &k->owner)) {
                return HSX_MBX_STATUS_INVALID_ARGUMENT;
            }
            k->at = 1;
        }
    } else {
        if (prefix(t, n, PFX_SVC)) {
            k->ns = HSX_MBX_NS_SVC;
            t += 4;
            n = (uint_fast8_t)(n - 4u);
        } else if (prefix(t, n, PFX_APP)) {
            k->ns = HSX_MBX_NS_APP;
            k->owned = 0;
            t += 4;
            n = (uint_fast8_t)(n - 4u);
        } else if (prefix(t, n, PFX_SHARED)) {
            k->ns = HSX_MBX_NS_SHARED;
            k->owned = 0;
            t += 7;
            n = (uint_fast8_t)(n - 7u);
        } else {
            k->ns = HSX_MBX_NS_SVC;
        }
        /* split at the last '@' */
        at = n;
        for (i = n; i-- != 0u;) {
            if (t[i] == '@') {
                at = i;
                break;
            }
        }
        if (at < n) {
            uint16_t o;
            if (!parse_num(t + at + 1u, (uint_fast8_t)(n - at - 1u), &o)) {
                return HSX_MBX_STATUS_INVALID_ARGUMENT;
            }
            if (k->ns != HSX_MBX_NS_SHARED) {
                k->owner = o;
                k->owned = 1;
                k->at = 1;
            }
        }
        if (at == 0u) {
            return HSX_MBX_STATUS_INVALID_ARGUMENT;
        }
        k->name = t;
        k->name_len = (uint8_t)at;
    }
    if (check && k->at) {
        if (k->owner != 0u && task_find(k->owner) == NULL) {
            return HSX_MBX_STATUS_INVALID_ARGUMENT;
        }
        if (k->ns == HSX_MBX_NS_SVC && pid != 0u && k->owner != pid) {
            return HSX_MBX_STATUS_PERMISSION_DENIED;
        }
    }
    return HSX_MBX_STATUS_OK;
}

/* The resolved target of bind/open: static, off the deepest stack path (the
 * service is not re-entrant). */
static key_t_ g_key;

static hsx_mbx_status_t resolve(uint16_t pid, const char *t, size_t tlen, key_t_ *k)
{
    return resolve_checked(pid, t, tlen, k, 1);
}

static uint16_t desc_lookup(const key_t_ *k)
{
    unsigned i;
    for (i = 0; i < L_MAXD; i++) {
        const hsx_mbx_desc_t *d = &g_desc[i];
        if (!(d->info & HSX_MBX_DI_USED) || (d->info & HSX_MBX_DI_NS_MASK) != k->ns) {
            continue;
        }
        if (((d->info & HSX_MBX_DI_OWNED) != 0u) != (k->owned != 0u) || (k->owned && d->owner != k->owner)) {
            continue;
        }
        if (d->name_len == k->name_len && (k->name_len == 0u || memcmp(&g_names[d->name_off], k->name, k->name_len) == 0)) {
            return (uint16_t)(i + 1u);
        }
    }
    return 0;
}

static uint8_t normalise_mode(uint8_t ns, uint8_t mode)
{
    if (mode == 0u) {
        mode = HSX_MBX_MODE_RDWR;
    }
    if (mode & (HSX_MBX_MODE_FANOUT_DROP | HSX_MBX_MODE_FANOUT_BLOCK)) {
        mode |= HSX_MBX_MODE_FANOUT;
    } else if (mode & HSX_MBX_MODE_FANOUT) {
        mode |= HSX_MBX_MODE_FANOUT_DROP;
    }
    if (ns == HSX_MBX_NS_SHARED && HAS_FANOUT && !(mode & FANOUT_BITS)) {
        mode |= HSX_MBX_MODE_FANOUT | HSX_MBX_MODE_FANOUT_DROP;
    }
    return (uint8_t)mode;
}

static hsx_mbx_status_t check_mode(uint32_t mode)
{
    if ((mode & ~0x3Fu) != 0u ||
        (mode & (HSX_MBX_MODE_FANOUT_DROP | HSX_MBX_MODE_FANOUT_BLOCK)) ==
            (HSX_MBX_MODE_FANOUT_DROP | HSX_MBX_MODE_FANOUT_BLOCK) ||
        (!HAS_FANOUT && (mode & FANOUT_BITS) != 0u)) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    return HSX_MBX_STATUS_OK;
}

static uint16_t lowest_free_desc(void)
{
    unsigned i;
    for (i = 0; i < L_MAXD; i++) {
        if (!(g_desc[i].info & HSX_MBX_DI_USED)) {
            return (uint16_t)(i + 1u);
        }
    }
    return 0;
}

/* Creates a descriptor (resources checked by the caller). */
static uint16_t desc_create(const key_t_ *k, uint16_t cap, uint8_t mode)
{
    uint16_t id = lowest_free_desc();
    hsx_mbx_desc_t *d = desc_of(id);
    memset(d, 0, sizeof(*d));
    d->info = (uint8_t)(HSX_MBX_DI_USED | k->ns | (k->owned ? HSX_MBX_DI_OWNED : 0u));
    d->owner = k->owned ? k->owner : 0u;
    d->mode = mode;
    d->name_len = k->name_len;
    d->name_off = g_names_used;
    if (k->name_len != 0u) {
        memcpy(&g_names[g_names_used], k->name, k->name_len);
        g_names_used = (hsx_mbx_noff_t)(g_names_used + k->name_len);
    }
    d->r.base = g_arena_used;
    d->r.cap = cap;
    d->next_seq = L_FIRSTSEQ;
    FAN_DIRTY(id);
    g_arena_used = (hsx_mbx_aoff_t)(g_arena_used + cap);
    g_active++;
    if (g_active > g_peak_desc) {
        g_peak_desc = g_active;
    }
    return id;
}

/* Checks the resources of a new descriptor; emits mailbox_exhausted on shortage. */
/* Checks the resources of one new descriptor of capacity cap (plus extra arena
 * bytes for a tap buffer opened with it): pool, arena, name pool, in the model's
 * order; emits mailbox_exhausted on shortage. */
static hsx_mbx_status_t desc_resources(uint16_t pid, uint32_t name_bytes, uint32_t cap, uint32_t extra)
{
    if ((uint32_t)g_active >= L_MAXD) {
        g_pool_exhausted++;
        ev_exhausted(pid, HSX_MBX_REASON_DESCRIPTOR_POOL_FULL, 0, 1);
        return HSX_MBX_STATUS_NO_DESCRIPTOR;
    }
    if (arena_free_bytes() < cap + extra) {
        ev_exhausted(pid, HSX_MBX_REASON_ARENA, 0, cap);
        return HSX_MBX_STATUS_NO_DESCRIPTOR;
    }
    if (names_free() < name_bytes) {
        ev_exhausted(pid, HSX_MBX_REASON_NAME_POOL, 0, name_bytes);
        return HSX_MBX_STATUS_NO_DESCRIPTOR;
    }
    return HSX_MBX_STATUS_OK;
}

/* Frees descriptor id: waiters complete INVALID_HANDLE (FIFO), handles on it go
 * stale, taps on it release their buffers, ring and name are released. */
static void desc_free(uint16_t id)
{
    hsx_mbx_desc_t *d = desc_of(id);
    hsx_mbx_task_t *t;
    hsx_mbx_handle_t *hp;
    hsx_mbx_aoff_t base;
    uint16_t cap;
    while ((t = oldest_waiter(id, 0, 0, 0)) != NULL) { /* one FIFO over both kinds */
        complete(t, HSX_MBX_STATUS_INVALID_HANDLE, NULL);
    }
    FOR_EACH_HANDLE(hp)
    {
        if (hp->desc == id && !(hp->flags & HSX_MBX_HF_STALE)) {
#if HSX_MBX_CFG_TAPS
            if (hp->flags & HSX_MBX_HF_TAP) {
                unsigned at = (unsigned)(hp - g_handle[0]);
                hsx_mbx_tap_t *tp = tap_of(at / HSX_MBX_CFG_HANDLE_LIMIT, at % HSX_MBX_CFG_HANDLE_LIMIT);
                if (tp != NULL) {
                    tap_release(tp);
                }
            }
#endif
            hp->flags = (uint8_t)((hp->flags & HSX_MBX_HF_ACCESS) | HSX_MBX_HF_USED | HSX_MBX_HF_STALE);
            hp->desc = 0;
        }
    }
    if (d->name_len != 0u) {
        hsx_mbx_noff_t off = d->name_off;
        unsigned len = d->name_len, i;
        memmove(&g_names[off], &g_names[off + len], (size_t)(g_names_used - off - len));
        g_names_used = (hsx_mbx_noff_t)(g_names_used - len);
        for (i = 0; i < L_MAXD; i++) {
            hsx_mbx_desc_t *o = &g_desc[i];
            if ((o->info & HSX_MBX_DI_USED) && o->name_len != 0u && o->name_off > off) {
                o->name_off = (hsx_mbx_noff_t)(o->name_off - len);
            }
        }
    }
    base = d->r.base;
    cap = d->r.cap;
    d->info = 0;
    d->r.cap = 0;
    g_active--;
    arena_release(base, cap);
}

/* Resizes descriptor id to cap (arena checked by the caller). */
static HSX_NOINLINE void desc_resize(uint16_t id, hsx_mbx_desc_t *d, uint16_t pid, uint16_t cap)
{
    uint16_t old = d->r.cap;
    while (d->r.used > cap) {
        drop_head(id, d, pid, HSX_MBX_REASON_RESIZE);
    }
    ring_linearize(&d->r);
    /* regions above this one move; this one's base (< base + old) stays */
    arena_shift((hsx_mbx_aoff_t)(d->r.base + old), (int32_t)cap - (int32_t)old);
    d->r.cap = cap;
}

/* ---------------------------------------------------------------- validation */

/* The caller's task if it exists and is not blocked, else NULL (INVALID_ARGUMENT);
 * returned, not stored through a pointer, so the entry points keep it in registers. */
static hsx_mbx_task_t *task_ready(uint16_t pid)
{
    hsx_mbx_task_t *t = task_find(pid);
    return (t != NULL && t->state == HSX_MBX_TS_READY) ? t : NULL;
}

#define TASK_ST(t) ((t) != NULL ? HSX_MBX_STATUS_OK : HSX_MBX_STATUS_INVALID_ARGUMENT)

static hsx_mbx_status_t handle_check(hsx_mbx_task_t *t, uint16_t id, hsx_mbx_handle_t **out)
{
    hsx_mbx_handle_t *h = handle_find(t, id);
    *out = h;
    if (h == NULL || (h->flags & HSX_MBX_HF_STALE)) {
        return HSX_MBX_STATUS_INVALID_HANDLE;
    }
    return HSX_MBX_STATUS_OK;
}

static hsx_mbx_status_t timeout_check(uint32_t timeout)
{
    if (timeout > 0xFFFFu || (!HAS_TIMEOUTS && timeout != HSX_MBX_TIMEOUT_POLL)) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    return HSX_MBX_STATUS_OK;
}

/* Enters the wait (the caller has set whandle and the buffer fields); timeout
 * is checked (<= 0xFFFF, not POLL). Four arguments: all in registers on ARM. */
static HSX_NOINLINE void block(hsx_mbx_task_t *t, uint8_t state, uint16_t id, uint16_t timeout)
{
    if (g_wait_counter == (hsx_mbx_worder_t)HSX_MBX_WORDER_MAX) {
        worder_compact(); /* t is not waiting yet */
    }
    t->state = state;
    t->wdesc = (hsx_mbx_did_t)id;
    desc_of(id)->info = (uint8_t)(desc_of(id)->info | HSX_MBX_DI_WAIT);
    t->worder = g_wait_counter++;
    t->wdl = (timeout != HSX_MBX_TIMEOUT_INFINITE);
    /* 32-bit clock: a finite deadline wraps with it (modulo 2^32); INFINITE has none
     * and reports NO_DEADLINE, which a finite deadline may equal too */
    t->wdeadline = t->wdl ? g_now + timeout : (uint32_t)NO_DEADLINE;
    ev_b(EVK(HSX_MBX_EV_WAIT, 0, t->pid), EVDA(id, t->whandle), timeout, t->wdeadline);
}

/* ---------------------------------------------------------------- operations */

static hsx_mbx_status_t rebind(uint16_t pid, uint16_t id, uint16_t capacity, uint8_t mode, uint16_t *out);

static hsx_mbx_status_t do_bind(uint16_t pid, const key_t_ *k, uint32_t capacity, uint32_t mode, uint16_t *out)
{
    uint16_t id;
    if (capacity != 0u && (capacity < HSX_MBX_MIN_CAPACITY || capacity > HSX_MBX_MAX_CAPACITY)) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    if (check_mode(mode) != HSX_MBX_STATUS_OK) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    /* validated: 16-bit capacity, 6-bit mode from here on */
    id = desc_lookup(k);
    if (id == 0u) {
        hsx_mbx_status_t st;
        uint16_t cap = capacity != 0u ? (uint16_t)capacity : L_DEFCAP;
        st = desc_resources(pid, k->name_len, cap, 0);
        if (st != HSX_MBX_STATUS_OK) {
            return st;
        }
        *out = desc_create(k, cap, normalise_mode(k->ns, (uint8_t)mode));
        return HSX_MBX_STATUS_OK;
    }
    return rebind(pid, id, (uint16_t)capacity, (uint8_t)mode, out);
}

/* After a shrink of id to cap: every blocked sender whose message can no longer
 * fit at all completes with MSG_TOO_LARGE, oldest first (model:
 * failSendersTooLarge). Sends never overtake a blocked sender, so one that could
 * never get in would wedge the mailbox for every later sender. */
static HSX_NOINLINE void senders_too_large(uint16_t id, uint16_t cap)
{
    uint32_t after = 0;
    int use_after = 0;
    hsx_mbx_task_t *t;
    while ((t = oldest_waiter(id, HSX_MBX_TS_WAIT_SEND, use_after, after)) != NULL) {
        after = t->worder;
        use_after = 1;
        if ((uint32_t)HDR + t->wlen > cap) {
            complete(t, HSX_MBX_STATUS_MSG_TOO_LARGE, NULL);
        }
    }
}

/* Resize and/or mode change of an existing descriptor, then settle (model: rebind). */
/* capacity (0 = keep) and mode (0 = keep) are validated. */
static hsx_mbx_status_t rebind(uint16_t pid, uint16_t id, uint16_t capacity, uint8_t mode, uint16_t *out)
{
    hsx_mbx_desc_t *d = desc_of(id);
    if (capacity != 0u && capacity != d->r.cap) {
        if (capacity > d->r.cap && arena_free_bytes() < (uint16_t)(capacity - d->r.cap)) {
            ev_exhausted(pid, HSX_MBX_REASON_ARENA, id, (uint16_t)(capacity - d->r.cap));
            return HSX_MBX_STATUS_NO_DESCRIPTOR;
        }
        desc_resize(id, d, pid, capacity);
        if (d->info & HSX_MBX_DI_WAIT) {
            senders_too_large(id, capacity);
        }
    }
    if (mode != 0u) {
        hsx_mbx_handle_t *hp;
        d->mode = normalise_mode((uint8_t)(d->info & HSX_MBX_DI_NS_MASK), mode);
        FAN_DIRTY(id);
        FOR_EACH_HANDLE(hp)
        {
            if (hp->desc == id && !(hp->flags & HSX_MBX_HF_STALE)) {
                CUR_SET(hp, d->next_seq - 1u);
            }
        }
    }
    settle(id);
    *out = id;
    return HSX_MBX_STATUS_OK;
}

#if HSX_MBX_CFG_TAPS && HSX_MBX_STAMP_COMPACT
/* Renumbers the open stamps of the used handles 0..n-1 in their order, so that
 * the counter restarts at n instead of wrapping (as worder_compact: distinct
 * stamps below the counter, the k-th smallest is >= k). Runs once per
 * HSX_MBX_STAMP_MAX - n opens. */
static HSX_NOINLINE void stamps_compact(void)
{
    hsx_mbx_stamp_t k = 0;
    for (;;) {
        hsx_mbx_handle_t *hp, *best = NULL;
        FOR_EACH_HANDLE(hp)
        {
            if (hp->stamp >= k && (best == NULL || hp->stamp < best->stamp)) {
                best = hp;
            }
        }
        if (best == NULL) {
            break;
        }
        best->stamp = k++;
    }
    g_open_stamp = k;
}
#endif

static hsx_mbx_handle_t *handle_alloc(hsx_mbx_task_t *t, uint16_t desc, uint8_t access)
{
    hsx_mbx_handle_t *hs = g_handle[tslot_of(t)];
    hsx_mbx_handle_t *slot = NULL;
    unsigned i;
    uint16_t id = t->next_handle;
#if HSX_MBX_CFG_TAPS && HSX_MBX_STAMP_COMPACT
    if (g_open_stamp == (hsx_mbx_stamp_t)HSX_MBX_STAMP_MAX) {
        stamps_compact(); /* before the new slot counts as used */
    }
#endif
    for (i = 0; i < L_HLIM; i++) {
        if (!(hs[i].flags & HSX_MBX_HF_USED)) {
            slot = &hs[i];
            break;
        }
    }
    do {
        id++;
    } while (id == 0u || handle_find(t, id) != NULL);
    t->next_handle = id;
    slot->id = id;
    slot->desc = (hsx_mbx_did_t)desc;
    slot->flags = (uint8_t)(HSX_MBX_HF_USED | (access == 0u ? HSX_MBX_MODE_RDWR : access));
    CUR_SET(slot, desc_of(desc)->next_seq - 1u);
    FAN_DIRTY(desc);
#if HSX_MBX_CFG_TAPS
    slot->stamp = g_open_stamp++;
#endif
    return slot;
}

#if HSX_MBX_CFG_TAPS
/* Makes handle (task slot ts, handle hp) a tap; resources checked by the caller. */
static void tap_enable(unsigned ts, hsx_mbx_handle_t *hp)
{
    unsigned i;
    hsx_mbx_desc_t *d = desc_of(hp->desc);
    for (i = 0; i < L_TAPS; i++) {
        hsx_mbx_tap_t *t = &g_tap[i];
        if (!(t->flags & HSX_MBX_TF_USED)) {
            memset(t, 0, sizeof(*t));
            t->flags = HSX_MBX_TF_USED;
            t->task = (hsx_mbx_tslot_t)ts;
            t->hslot = (hsx_mbx_hslot_t)(hp - g_handle[ts]);
            t->r.base = g_arena_used;
            t->r.cap = d->r.cap;
            g_arena_used = (hsx_mbx_aoff_t)(g_arena_used + d->r.cap);
            break;
        }
    }
    d->info = (uint8_t)(d->info | HSX_MBX_DI_TAPS);
    hp->flags = (uint8_t)(hp->flags | HSX_MBX_HF_TAP);
    FAN_DIRTY(hp->desc);
}

static hsx_mbx_status_t tap_resources(uint16_t pid, uint16_t id, uint32_t cap, uint32_t extra_arena)
{
    unsigned i, used = 0;
    for (i = 0; i < L_TAPS; i++) {
        if (g_tap[i].flags & HSX_MBX_TF_USED) {
            used++;
        }
    }
    if (used >= L_TAPS) {
        ev_exhausted(pid, HSX_MBX_REASON_TAP_POOL, id, 1);
        return HSX_MBX_STATUS_NO_DESCRIPTOR;
    }
    if (arena_free_bytes() < extra_arena + cap) {
        ev_exhausted(pid, HSX_MBX_REASON_ARENA, id, cap);
        return HSX_MBX_STATUS_NO_DESCRIPTOR;
    }
    return HSX_MBX_STATUS_OK;
}
#endif

static hsx_mbx_status_t do_open(hsx_mbx_task_t *t, const key_t_ *k, uint32_t flags, uint16_t *out)
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
    if (handle_count(t) >= L_HLIM) {
        ev_exhausted(pid, HSX_MBX_REASON_HANDLE_LIMIT, 0, 1);
        return HSX_MBX_STATUS_NO_DESCRIPTOR;
    }
    id = desc_lookup(k);
#if HSX_MBX_CFG_TAPS
    if (flags & HSX_MBX_MODE_TAP) {
        uint32_t cap = id == 0u ? L_DEFCAP : desc_of(id)->r.cap;
        hsx_mbx_status_t st = tap_resources(pid, id, cap, id == 0u ? cap : 0u);
        if (st != HSX_MBX_STATUS_OK) {
            return st;
        }
    }
#endif
    if (id == 0u) {
        hsx_mbx_status_t st = desc_resources(pid, k->name_len, L_DEFCAP, (flags & HSX_MBX_MODE_TAP) ? L_DEFCAP : 0u);
        if (st != HSX_MBX_STATUS_OK) {
            return st;
        }
        id = desc_create(k, (uint16_t)L_DEFCAP, normalise_mode(k->ns, 0));
    }
    hp = handle_alloc(t, id, (uint8_t)(flags & 0x03u));
#if HSX_MBX_CFG_TAPS
    if (flags & HSX_MBX_MODE_TAP) {
        tap_enable(tslot_of(t), hp);
    }
#endif
    *out = hp->id;
    return HSX_MBX_STATUS_OK;
}

static hsx_mbx_status_t do_send(hsx_mbx_task_t *t, uint16_t handle, const uint8_t *payload, uint32_t len,
                                uint32_t flags, uint32_t channel, uint32_t timeout, uint16_t *sent)
{
    hsx_mbx_handle_t *hp;
    hsx_mbx_desc_t *d;
    hsx_mbx_status_t st;
    uint16_t id;
    uint16_t cost;
    st = handle_check(t, handle, &hp);
    if (st != HSX_MBX_STATUS_OK) {
        return st;
    }
    if (!(hp->flags & HSX_MBX_MODE_WRONLY)) {
        return HSX_MBX_STATUS_PERMISSION_DENIED;
    }
    if (flags > 0xFFFFu || channel > 0xFFFFu || timeout_check(timeout) != HSX_MBX_STATUS_OK ||
        (len != 0u && payload == NULL)) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    id = hp->desc;
    d = desc_of(id);
    if (is_reader(hp)) {
        FAN_DIRTY(id); /* a sender is not a fan-out reader */
    }
    hp->flags = (uint8_t)(hp->flags | HSX_MBX_HF_SENDER);
    g_hdr.len = (uint16_t)len;
    g_hdr.flags = (uint16_t)flags;
    g_hdr.src = t->pid;
    g_hdr.chan = (uint16_t)channel;
    if (len == 0u) {
        /* a wake hint: nothing queued, completes the oldest blocked receiver */
        hsx_mbx_task_t *r = oldest_waiter(id, HSX_MBX_TS_WAIT_RECV, 0, 0);
        ev_msg(EVK(HSX_MBX_EV_SEND, 0, t->pid), EVDA(id, handle), &g_hdr);
        if (r != NULL) {
            g_hdr.flags = 0;
            g_hdr.chan = 0;
            complete(r, HSX_MBX_STATUS_OK, &g_hdr);
        }
        settle(id);
        return HSX_MBX_STATUS_OK;
    }
    if (len > (uint16_t)(d->r.cap - HDR)) { /* cap >= HSX_MBX_MIN_CAPACITY = HDR */
        return HSX_MBX_STATUS_MSG_TOO_LARGE;
    }
    cost = (uint16_t)(HDR + len);
    if (is_fanout(d)) {
        reclaim(id, d);
    }
    if (is_fanout(d) && (d->mode & HSX_MBX_MODE_FANOUT_DROP)) {
        while (!fits(d, cost)) {
            drop_head(id, d, t->pid, HSX_MBX_REASON_FANOUT_DROP);
        }
    } else if (((d->info & HSX_MBX_DI_WAIT) && oldest_waiter(id, HSX_MBX_TS_WAIT_SEND, 0, 0) != NULL) ||
               !fits(d, cost)) {
        ev_b(EVK(HSX_MBX_EV_BACKPRESSURE, is_fanout(d) ? HSX_MBX_POLICY_FANOUT_BLOCK : HSX_MBX_POLICY_SINGLE, t->pid),
             EVDA(id, d->r.cap), d->r.used, cost);
        if (timeout == HSX_MBX_TIMEOUT_POLL) {
            settle(id);
            return HSX_MBX_STATUS_WOULDBLOCK;
        }
        t->wbuf = (void *)(uintptr_t)payload;
        t->wlen = (uint16_t)len;
        t->wflags = (uint16_t)flags;
        t->wchan = (uint16_t)channel;
        t->whandle = handle;
        block(t, HSX_MBX_TS_WAIT_SEND, id, (uint16_t)timeout);
        settle(id);
        return HSX_MBX_BLOCKED;
    }
    queue_msg(id, d, t->pid, handle, &g_hdr, payload);
    settle(id);
    if (sent != NULL) {
        *sent = (uint16_t)len;
    }
    return HSX_MBX_STATUS_OK;
}

static hsx_mbx_status_t do_recv(hsx_mbx_task_t *t, uint16_t handle, uint8_t *buf, uint32_t max_len,
                                uint32_t timeout, hsx_mbx_msg_info_t *info)
{
    hsx_mbx_handle_t *hp;
    hsx_mbx_desc_t *d;
    hsx_mbx_status_t st;
    uint16_t id;
    int32_t k = 0; /* fan-out: index of the handle's next message */
    msg_hdr_t h;
    st = handle_check(t, handle, &hp);
    if (st != HSX_MBX_STATUS_OK) {
        return st;
    }
    id = hp->desc;
    d = desc_of(id);
    if (!(hp->flags & HSX_MBX_MODE_RDONLY) ||
        ((d->info & HSX_MBX_DI_NS_MASK) == HSX_MBX_NS_PID && t->pid != 0u && t->pid != d->owner)) {
        return HSX_MBX_STATUS_PERMISSION_DENIED;
    }
    if (max_len > 0xFFFFu || timeout_check(timeout) != HSX_MBX_STATUS_OK || (max_len != 0u && buf == NULL)) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
#if HSX_MBX_CFG_TAPS
    if (hp->flags & HSX_MBX_HF_TAP) {
        /* taps read their own buffer and never block */
        hsx_mbx_tap_t *tp = tap_of(tslot_of(t), (uint32_t)(hp - g_handle[tslot_of(t)]));
        if (tp == NULL || tp->r.depth == 0u) {
            return HSX_MBX_STATUS_NO_DATA;
        }
        ring_pop(&tp->r, &h, buf, (uint16_t)max_len);
        msg_mark(&h, &tp->flags, HSX_MBX_TF_OVERRUN, (uint16_t)max_len);
        ev_msg(EVK(HSX_MBX_EV_RECV, 0, t->pid), EVDA(id, handle), &h);
        goto out;
    }
#endif
    if (is_fanout(d)) {
        if (hp->flags & HSX_MBX_HF_SENDER) {
            FAN_DIRTY(id); /* it becomes a reader again */
        }
        hp->flags = (uint8_t)(hp->flags & ~HSX_MBX_HF_SENDER);
        k = fan_next_index(d, hp);
        if (k < 0) {
            goto nodata;
        }
    } else if (d->r.depth == 0u) {
        goto nodata;
    }
    take_msg(d, hp, (uint16_t)k, buf, (uint16_t)max_len, &h);
    ev_msg(EVK(HSX_MBX_EV_RECV, 0, t->pid), EVDA(id, handle), &h);
    settle(id);
#if HSX_MBX_CFG_TAPS
out:
#endif
    if (info != NULL) {
        memcpy(info, &h, sizeof(h));
    }
    return HSX_MBX_STATUS_OK;
nodata:
    if (timeout == HSX_MBX_TIMEOUT_POLL) {
        settle(id);
        return HSX_MBX_STATUS_NO_DATA;
    }
    t->wbuf = buf;
    t->wlen = (uint16_t)max_len;
    t->whandle = handle;
    block(t, HSX_MBX_TS_WAIT_RECV, id, (uint16_t)timeout);
    settle(id);
    return HSX_MBX_BLOCKED;
}

/* Releases one handle (its tap buffer too); frees an ownerless descriptor left
 * without handles, else settles it (model: release). */
static void handle_release(unsigned ts, hsx_mbx_handle_t *hp)
{
    uint16_t id = (hp->flags & HSX_MBX_HF_STALE) ? 0u : hp->desc;
#if HSX_MBX_CFG_TAPS
    if (hp->flags & HSX_MBX_HF_TAP) {
        hsx_mbx_tap_t *tp = tap_of(ts, (uint32_t)(hp - g_handle[ts]));
        if (tp != NULL) {
            tap_release(tp);
        }
    }
#else
    (void)ts;
#endif
    hp->flags = 0;
    hp->desc = 0;
    if (id == 0u) {
        return;
    }
    FAN_DIRTY(id);
    if (!(desc_of(id)->info & HSX_MBX_DI_OWNED) && !desc_has_handles(id)) {
        desc_free(id);
        return;
    }
    settle(id);
}

static hsx_mbx_status_t do_close(hsx_mbx_task_t *t, uint16_t handle)
{
    hsx_mbx_handle_t *hp = handle_find(t, handle);
    if (hp == NULL) {
        return HSX_MBX_STATUS_INVALID_HANDLE;
    }
    handle_release(tslot_of(t), hp);
    return HSX_MBX_STATUS_OK;
}

static hsx_mbx_status_t do_tap(hsx_mbx_task_t *t, uint16_t handle, uint8_t enable)
{
    hsx_mbx_handle_t *hp;
    hsx_mbx_status_t st = handle_check(t, handle, &hp);
    if (st != HSX_MBX_STATUS_OK) {
        return st;
    }
    if (!HAS_TAPS) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    if (!(hp->flags & HSX_MBX_MODE_RDONLY)) {
        return HSX_MBX_STATUS_PERMISSION_DENIED;
    }
#if HSX_MBX_CFG_TAPS
    {
        uint16_t id = hp->desc;
        if (enable && !(hp->flags & HSX_MBX_HF_TAP)) {
            st = tap_resources(t->pid, id, desc_of(id)->r.cap, 0);
            if (st != HSX_MBX_STATUS_OK) {
                return st;
            }
            tap_enable(tslot_of(t), hp);
            settle(id);
        } else if (!enable && (hp->flags & HSX_MBX_HF_TAP)) {
            hsx_mbx_tap_t *tp = tap_of(tslot_of(t), (uint32_t)(hp - g_handle[tslot_of(t)]));
            if (tp != NULL) {
                tap_release(tp);
            }
            hp->flags = (uint8_t)(hp->flags & ~HSX_MBX_HF_TAP);
            CUR_SET(hp, desc_of(id)->next_seq - 1u);
            FAN_DIRTY(id);
        }
    }
#else
    (void)enable;
#endif
    return HSX_MBX_STATUS_OK;
}

/* The names of task_start's stdio mailboxes, and where each starts (the next
 * one's start is its end); in flash on AVR. */
static const char k_stdio_names[] HSX_ROM = "stdio.instdio.outstdio.err";
static const uint8_t k_stdio_off[4] HSX_ROM = {0, 8, 17, 26};

static hsx_mbx_status_t do_task_start(uint16_t pid)
{
    hsx_mbx_task_t *t = NULL;
    unsigned i;
    if (L_TASKMBX && HAS_STDIO) {
        uint8_t reason = 0;
        uint32_t req = 0;
        if (L_MAXD - g_active < 4u) {
            reason = HSX_MBX_REASON_DESCRIPTOR_POOL_FULL;
            req = 4;
        } else if (arena_free_bytes() < 4UL * L_DEFCAP) {
            reason = HSX_MBX_REASON_ARENA;
            req = 4UL * L_DEFCAP;
        } else if (names_free() < sizeof(k_stdio_names) - 1u) {
            reason = HSX_MBX_REASON_NAME_POOL;
            req = sizeof(k_stdio_names) - 1u;
        } else if (L_HLIM < 3u) {
            reason = HSX_MBX_REASON_HANDLE_LIMIT;
            req = 3;
        }
        if (reason != 0u) {
            ev_exhausted(pid, reason, 0, req);
            return HSX_MBX_STATUS_NO_DESCRIPTOR;
        }
    }
    for (i = 1; i <= L_MAXT; i++) {
        if (g_task[i].state == HSX_MBX_TS_FREE) {
            t = &g_task[i];
            break;
        }
    }
    memset(t, 0, sizeof(*t));
    memset(g_handle[tslot_of(t)], 0, sizeof(g_handle[0]));
    t->pid = pid;
    t->state = HSX_MBX_TS_READY;
    g_ntasks++;
    if (L_TASKMBX && HAS_STDIO) {
        uint16_t ids[4];
        char nm[9]; /* the stdio name being created, copied out of flash */
        key_t_ k;
        k.owned = 1;
        k.owner = pid;
        k.at = 0;
        k.name = nm;
        for (i = 0; i < 4u; i++) {
            uint8_t from = HSX_ROM_BYTE(&k_stdio_off[i]);
            k.ns = (i < 3u) ? HSX_MBX_NS_SVC : HSX_MBX_NS_PID;
            k.name_len = (uint8_t)((i < 3u) ? (unsigned)HSX_ROM_BYTE(&k_stdio_off[i + 1u]) - from : 0u);
            HSX_ROM_MEMCPY(nm, &k_stdio_names[from], k.name_len);
            ids[i] = desc_create(&k, (uint16_t)L_DEFCAP, HSX_MBX_MODE_RDWR);
        }
        for (i = 0; i < 3u; i++) {
            (void)handle_alloc(t, ids[i], HSX_MBX_MODE_RDWR);
        }
    }
    return HSX_MBX_STATUS_OK;
}

static hsx_mbx_status_t do_task_exit(hsx_mbx_task_t *t)
{
    unsigned ts = tslot_of(t), i;
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
            hsx_mbx_handle_t *hp = &g_handle[ts][i];
            if ((hp->flags & HSX_MBX_HF_USED) && (best == NULL || hp->id < best->id)) {
                best = hp;
            }
        }
        if (best == NULL) {
            break;
        }
        handle_release(ts, best);
    }
    /* free owned descriptors in id order */
    for (i = 0; i < L_MAXD; i++) {
        hsx_mbx_desc_t *d = &g_desc[i];
        if ((d->info & HSX_MBX_DI_USED) && (d->info & HSX_MBX_DI_OWNED) && d->owner == pid) {
            if (touched == i + 1u) {
                touched = 0;
            }
            desc_free((uint16_t)(i + 1u));
        }
    }
    t->state = HSX_MBX_TS_FREE;
    g_ntasks--;
    if (touched != 0u && (desc_of(touched)->info & HSX_MBX_DI_USED)) {
        settle(touched);
    }
    return HSX_MBX_STATUS_OK;
}


#if HSX_MBX_CFG_TAPS
/* Closes the tap rate windows that have ended. A window is at most 1000 ms long and
 * a tick moves at most 2^31 - 1 ms, so a window still open at the previous tick is
 * judged right here by serial arithmetic; one never goes stale (a tap idle for more
 * than 2^31 ms would otherwise look as if its window were still running). */
static void taps_close_windows(void)
{
    unsigned i;
    if (L_RATE == 0u) {
        return;
    }
    for (i = 0; i < L_TAPS; i++) {
        hsx_mbx_tap_t *t = &g_tap[i];
        if ((t->flags & HSX_MBX_TF_WINDOW) && time_reached(g_now, t->win_start + HSX_MBX_TAP_RATE_WINDOW_MS)) {
            t->flags = (uint8_t)(t->flags & ~HSX_MBX_TF_WINDOW);
        }
    }
}
#endif

static hsx_mbx_status_t do_tick(uint32_t now)
{
    /* descriptors whose blocked senders timed out, in order, settled afterwards */
    hsx_mbx_did_t senders[HSX_MBX_NTASK_SLOTS];
    unsigned nsenders = 0, i, j;
    if ((int32_t)(now - g_now) < 0) { /* behind the previous tick (serial arithmetic) */
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    g_now = now;
#if HSX_MBX_CFG_TAPS
    taps_close_windows();
#endif
    for (;;) {
        hsx_mbx_task_t *best = NULL;
        for (i = 0; i <= L_MAXT; i++) {
            hsx_mbx_task_t *t = &g_task[i];
            if (t->wdesc != 0u && t->wdl && time_reached(now, t->wdeadline)) { /* waiting, with a deadline */
                /* deadline order relative to now: the longest overdue first */
                int32_t late = (int32_t)(now - t->wdeadline);
                int32_t blate = best != NULL ? (int32_t)(now - best->wdeadline) : 0;
                if (best == NULL || late > blate || (late == blate && t->worder < best->worder)) {
                    best = t;
                }
            }
        }
        if (best == NULL) {
            break;
        }
        if (best->state == HSX_MBX_TS_WAIT_SEND) {
            for (j = 0; j < nsenders && senders[j] != best->wdesc; j++) {
            }
            if (j == nsenders) {
                senders[nsenders++] = best->wdesc;
            }
        }
        complete(best, HSX_MBX_STATUS_TIMEOUT, NULL);
    }
    for (j = 0; j < nsenders; j++) {
        settle(senders[j]);
    }
    return HSX_MBX_STATUS_OK;
}

#if HSX_MBX_CFG_LOADER
/* ---------------------------------------------------------------- loader hooks
 * The core side of the .mailbox preload: hsx_mbx_loader.c parses, orders the
 * checks and keeps the totals; these give it the core's own rules. */

/* Resolves a declared target for image pid with its owner_pid (model:
 * resolveDeclared); returns a HSX_MBX_LOADER_F_* code. */
static uint8_t resolve_declared(uint16_t pid, const hsx_mbx_decl_t *d, key_t_ *k)
{
    if (resolve_checked(pid, d->target, d->tlen, k, 0) != HSX_MBX_STATUS_OK) {
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
    if (k->owned && k->owner != 0u && task_find(k->owner) == NULL) {
        return d->has_owner ? HSX_MBX_LOADER_F_OWNER_PID : HSX_MBX_LOADER_F_TARGET;
    }
    return HSX_MBX_LOADER_F_NONE;
}

uint8_t hsx_mbx__ld_resolve(uint16_t pid, const hsx_mbx_decl_t *d, hsx_mbx_ldinfo_t *inf)
{
    key_t_ k;
    uint8_t f = resolve_declared(pid, d, &k);
    if (f == HSX_MBX_LOADER_F_NONE) {
        uint16_t id = desc_lookup(&k);
        inf->id = id;
        inf->name_len = k.name_len;
        inf->old = id == 0u ? 0u : desc_of(id)->r.cap;
        inf->cap = d->capacity != 0u ? d->capacity : (id == 0u ? L_DEFCAP : inf->old);
        inf->cm = (d->capacity != 0u && d->capacity < HSX_MBX_MIN_CAPACITY) ? HSX_MBX_LOADER_F_CAPACITY
                  : check_mode(d->mode) != HSX_MBX_STATUS_OK                ? HSX_MBX_LOADER_F_MODE
                                                                            : HSX_MBX_LOADER_F_NONE;
        { /* what hsx_mbx__ld_same compares, hashed */
            uint16_t h = (uint16_t)(k.ns * 7u + (k.owned ? k.owner + 1u : 0u));
            uint8_t n;
            for (n = 0; n < k.name_len; n++) {
                h = (uint16_t)((h ^ (uint8_t)k.name[n]) * 0x2F1Bu);
            }
            inf->kh = (uint16_t)(h ^ (h >> 8));
        }
    }
    return f;
}

/* Whether a and b (both resolvable) name the same mailbox for pid. */
uint8_t hsx_mbx__ld_same(uint16_t pid, const hsx_mbx_decl_t *a, const hsx_mbx_decl_t *b)
{
    key_t_ ka, kb;
    (void)resolve_declared(pid, a, &ka);
    (void)resolve_declared(pid, b, &kb);
    return (uint8_t)(ka.ns == kb.ns && ka.owned == kb.owned && (!ka.owned || ka.owner == kb.owner) &&
                     ka.name_len == kb.name_len &&
                     (ka.name_len == 0u || memcmp(ka.name, kb.name, ka.name_len) == 0)); /* pid: keys have no name (NULL) */
}

uint16_t hsx_mbx__ld_task(uint16_t pid, uint16_t *handles)
{
    hsx_mbx_task_t *t = task_find(pid);
    if (t == NULL) {
        return 0;
    }
    *handles = (uint16_t)handle_count(t);
    return (uint16_t)(tslot_of(t) + 1u);
}

void hsx_mbx__ld_room(hsx_mbx_ldroom_t *r)
{
    unsigned n = 0;
#if HSX_MBX_CFG_TAPS
    unsigned i;
    for (i = 0; i < L_TAPS; i++) {
        n += g_tap[i].flags & HSX_MBX_TF_USED;
    }
#endif
    r->arena = arena_free_bytes();
    r->names = names_free();
    r->descs = (uint16_t)(L_MAXD - g_active);
    r->taps = (uint16_t)(L_TAPS - n);
    r->hlim = (uint16_t)L_HLIM;
    r->taps_on = (uint8_t)(HAS_TAPS ? 1 : 0);
    r->on = (uint8_t)(L_FEAT(HSX_MBX_FEAT_LOADER) ? 1 : 0);
}

/* The resolved key is g_key (static: this path reaches settle). */
uint16_t hsx_mbx__ld_create(uint16_t pid, const hsx_mbx_decl_t *d)
{
    uint16_t id;
    (void)resolve_declared(pid, d, &g_key);
    id = desc_lookup(&g_key);
    if (id == 0u) {
        id = desc_create(&g_key, d->capacity != 0u ? d->capacity : L_DEFCAP, normalise_mode(g_key.ns, d->mode));
    } else {
        (void)rebind(pid, id, d->capacity, d->mode, &id);
    }
    return id;
}

void hsx_mbx__ld_open(uint16_t id, uint16_t pid, uint8_t flags)
{
    hsx_mbx_task_t *bt = task_find(pid);
    hsx_mbx_handle_t *hp = handle_alloc(bt, id, (uint8_t)(flags & 0x03u));
#if HSX_MBX_CFG_TAPS
    if (flags & HSX_MBX_MODE_TAP) {
        tap_enable(tslot_of(bt), hp);
        settle(id);
    }
#else
    (void)hp;
#endif
}
#endif /* HSX_MBX_CFG_LOADER */

/* ---------------------------------------------------------------- public API */

/* Emits mailbox_error for error statuses (last event of the call). */
static hsx_mbx_status_t finish(uint16_t pid, uint8_t fn, hsx_mbx_status_t st)
{
    if (is_error(st)) {
        ev_put(EVK(HSX_MBX_EV_ERROR, fn, pid), EVDA(0, st), NULL, 0);
    }
    return st;
}

#if !HSX_MBX_CFG_RUNTIME_LIMITS
/* With constant limits the build runs exactly its compiled profile. A profile
 * given to init must be that one: ignoring another would run different limits
 * than the caller asked for, and a caller sizing its own per-task arrays from
 * it (the host shim) would overflow them. Targets pass NULL; the check is one
 * compare against a table in ROM, so it costs them little flash. */
static const uint32_t k_fixed[9] HSX_ROM = {
    HSX_MBX_CFG_MAX_DESCRIPTORS, HSX_MBX_CFG_MAX_TASKS,       HSX_MBX_CFG_HANDLE_LIMIT,
    HSX_MBX_CFG_DEFAULT_CAPACITY, HSX_MBX_CFG_ARENA_BYTES,    HSX_MBX_CFG_TAP_RATE_LIMIT,
    HSX_MBX_CFG_EVENT_RING_SIZE, HSX_MBX_CFG_NAME_POOL_BYTES, HSX_MBX_CFG_MAX_TAPS};
/* the nine uint32_t fields of hsx_mbx_limits_t come first, in k_fixed's order */
typedef char hsx_mbx_limits_layout_ok[offsetof(hsx_mbx_limits_t, max_taps) == 8u * sizeof(uint32_t) ? 1 : -1];

static int limits_are_fixed(const hsx_mbx_limits_t *l)
{
    /* introspection is always compiled in here, the JSON encoding whenever the loader is */
    const uint16_t features = (uint16_t)((HSX_MBX_CFG_FANOUT ? HSX_MBX_FEAT_FANOUT : 0u) |
                                         (HSX_MBX_CFG_TAPS ? HSX_MBX_FEAT_TAPS : 0u) |
                                         (HSX_MBX_CFG_EVENTS ? HSX_MBX_FEAT_EVENTS : 0u) |
                                         (HSX_MBX_CFG_TIMEOUTS ? HSX_MBX_FEAT_TIMEOUTS : 0u) |
                                         (HSX_MBX_CFG_STDIO ? HSX_MBX_FEAT_STDIO : 0u) |
                                         (HSX_MBX_CFG_LOADER ? HSX_MBX_FEAT_LOADER | HSX_MBX_FEAT_LOADER_JSON : 0u) |
                                         HSX_MBX_FEAT_INTROSPECTION | (HSX_MBX_CFG_SVC ? HSX_MBX_FEAT_SVC : 0u));
    return HSX_ROM_MEMCMP(l, k_fixed, sizeof(k_fixed)) == 0 &&
           (l->task_mailboxes != 0u) == (HSX_MBX_CFG_TASK_MAILBOXES != 0) && l->features == features &&
           l->first_seq == L_FIRSTSEQ && l->event_mask == L_EVMASK;
}
#endif

hsx_mbx_status_t hsx_mbx_init(const hsx_mbx_limits_t *limits)
{
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
#if HSX_MBX_CFG_RUNTIME_LIMITS
    if (limits == NULL || limits->max_descriptors < 1u || limits->max_descriptors > HSX_MBX_CFG_MAX_DESCRIPTORS ||
        limits->max_tasks > HSX_MBX_CFG_MAX_TASKS || limits->handle_limit_per_pid < 1u ||
        limits->handle_limit_per_pid > HSX_MBX_CFG_HANDLE_LIMIT || limits->arena_bytes > HSX_MBX_CFG_ARENA_BYTES ||
        limits->default_capacity < HSX_MBX_MIN_CAPACITY || limits->default_capacity > HSX_MBX_MAX_CAPACITY ||
        limits->name_pool_bytes > HSX_MBX_CFG_NAME_POOL_BYTES || limits->max_taps > HSX_MBX_CFG_MAX_TAPS ||
        limits->event_ring_size < 1u || limits->event_ring_size > HSX_MBX_CFG_EVENT_RING_SIZE ||
        limits->tap_rate_limit > 0xFFFFu || (limits->event_mask & ~HSX_MBX_EVMASK_ALL) != 0u) {
        HSX_MBX_EXIT_CRITICAL();
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    g_lim = *limits;
#else
    if (limits != NULL && !limits_are_fixed(limits)) {
        HSX_MBX_EXIT_CRITICAL();
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
#endif
    memset(g_desc, 0, sizeof(g_desc));
    memset(g_task, 0, sizeof(g_task));
    memset(g_handle, 0, sizeof(g_handle));
#if HSX_MBX_CFG_TAPS
    memset(g_tap, 0, sizeof(g_tap));
#endif
#if HSX_MBX_CFG_EVENTS
    g_ev.head = 0;
    g_ev.count = 0;
    g_ev.seq = 0;
    g_ev.mask = L_EVMASK;
#endif
#if HSX_MBX_CFG_TAPS
    g_open_stamp = 0;
#endif
    g_arena_used = 0;
    g_names_used = 0;
    g_now = 0;
    g_wait_counter = 0;
    g_active = 0;
    g_peak_desc = 0;
    g_pool_exhausted = 0;
    g_ntasks = 0;
    g_task[0].state = HSX_MBX_TS_READY; /* pid 0 always exists */
    HSX_MBX_EXIT_CRITICAL();
    return HSX_MBX_STATUS_OK;
}

hsx_mbx_status_t hsx_mbx_task_start(uint16_t pid)
{
    hsx_mbx_status_t st;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    if (pid == 0u || task_find(pid) != NULL) {
        st = finish(pid, HSX_MBX_FNCODE_TASK_START, HSX_MBX_STATUS_INVALID_ARGUMENT);
    } else if (g_ntasks >= L_MAXT) {
        ev_exhausted(pid, HSX_MBX_REASON_TASK_LIMIT, 0, 1);
        st = finish(pid, HSX_MBX_FNCODE_TASK_START, HSX_MBX_STATUS_NO_DESCRIPTOR);
    } else {
        st = finish(pid, HSX_MBX_FNCODE_TASK_START, do_task_start(pid));
    }
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

hsx_mbx_status_t hsx_mbx_task_exit(uint16_t pid)
{
    hsx_mbx_status_t st;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    hsx_mbx_task_t *t = pid == 0u ? NULL : task_find(pid);
    if (t == NULL) {
        st = finish(pid, HSX_MBX_FNCODE_TASK_EXIT, HSX_MBX_STATUS_INVALID_ARGUMENT);
    } else {
        st = finish(pid, HSX_MBX_FNCODE_TASK_EXIT, do_task_exit(t));
    }
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

hsx_mbx_status_t hsx_mbx_tick(uint32_t now_ms)
{
    hsx_mbx_status_t st;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    st = finish(0, HSX_MBX_FNCODE_TICK, do_tick(now_ms));
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

hsx_mbx_status_t hsx_mbx_bind(uint16_t pid, const char *target, size_t target_len, uint32_t capacity,
                              uint32_t mode, uint16_t *descriptor)
{
    hsx_mbx_status_t st;
    hsx_mbx_task_t *t;
    uint16_t id = 0;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    t = task_ready(pid);
    st = TASK_ST(t);
    if (st == HSX_MBX_STATUS_OK) {
        st = resolve(pid, target, target_len, &g_key);
    }
    if (st == HSX_MBX_STATUS_OK) {
        st = do_bind(pid, &g_key, capacity, mode, &id);
    }
    if (descriptor != NULL) {
        *descriptor = id;
    }
    st = finish(pid, HSX_MBX_FNCODE_BIND, st);
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
    t = task_ready(pid);
    st = TASK_ST(t);
    if (st == HSX_MBX_STATUS_OK) {
        st = resolve(pid, target, target_len, &g_key);
    }
    if (st == HSX_MBX_STATUS_OK) {
        st = do_open(t, &g_key, flags, &h);
    }
    if (handle != NULL) {
        *handle = h;
    }
    st = finish(pid, HSX_MBX_FNCODE_OPEN, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

hsx_mbx_status_t hsx_mbx_send(uint16_t pid, uint16_t handle, const uint8_t *payload, uint32_t len,
                              uint32_t flags, uint32_t channel, uint32_t timeout, uint16_t *sent)
{
    hsx_mbx_status_t st;
    hsx_mbx_task_t *t;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    if (sent != NULL) {
        *sent = 0;
    }
    t = task_ready(pid);
    st = TASK_ST(t);
    if (st == HSX_MBX_STATUS_OK) {
        t->step++;
        st = do_send(t, handle, payload, len, flags, channel, timeout, sent);
    }
    st = finish(pid, HSX_MBX_FNCODE_SEND, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

hsx_mbx_status_t hsx_mbx_recv(uint16_t pid, uint16_t handle, uint8_t *buf, uint32_t max_len, uint32_t timeout,
                              hsx_mbx_msg_info_t *info)
{
    hsx_mbx_status_t st;
    hsx_mbx_task_t *t;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    if (info != NULL) {
        memset(info, 0, sizeof(*info));
    }
    t = task_ready(pid);
    st = TASK_ST(t);
    if (st == HSX_MBX_STATUS_OK) {
        t->step++;
        st = do_recv(t, handle, buf, max_len, timeout, info);
    }
    st = finish(pid, HSX_MBX_FNCODE_RECV, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

hsx_mbx_status_t hsx_mbx_peek(uint16_t pid, uint16_t handle, hsx_mbx_peek_t *out)
{
    hsx_mbx_status_t st;
    hsx_mbx_task_t *t;
    hsx_mbx_handle_t *hp = NULL;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    memset(out, 0, sizeof(*out));
    t = task_ready(pid);
    st = TASK_ST(t);
    if (st == HSX_MBX_STATUS_OK) {
        st = handle_check(t, handle, &hp);
    }
    if (st == HSX_MBX_STATUS_OK) {
        const hsx_mbx_desc_t *d = desc_of(hp->desc);
        msg_hdr_t h;
        int32_t k;
        out->depth = d->r.depth;
        out->bytes_used = d->r.used;
        out->capacity = d->r.cap;
        out->head_seq = head_seq(d);
        out->next_seq = d->next_seq;
        out->mode = d->mode;
        /* the handle's next message: the head, or a fan-out reader's next one */
        k = d->r.depth != 0u ? 0 : -1;
        if (is_fanout(d) && !(hp->flags & HSX_MBX_HF_TAP)) {
            k = fan_next_index(d, hp);
        }
        if (k >= 0) {
            fan_read(d, (uint16_t)k, &h, NULL, 0);
            out->next_len = h.len;
        }
    }
    st = finish(pid, HSX_MBX_FNCODE_PEEK, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

hsx_mbx_status_t hsx_mbx_tap(uint16_t pid, uint16_t handle, uint8_t enable)
{
    hsx_mbx_status_t st;
    hsx_mbx_task_t *t;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    t = task_ready(pid);
    st = TASK_ST(t);
    if (st == HSX_MBX_STATUS_OK) {
        st = do_tap(t, handle, enable);
    }
    st = finish(pid, HSX_MBX_FNCODE_TAP, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

hsx_mbx_status_t hsx_mbx_close(uint16_t pid, uint16_t handle)
{
    hsx_mbx_status_t st;
    hsx_mbx_task_t *t;
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
    t = task_ready(pid);
    st = TASK_ST(t);
    if (st == HSX_MBX_STATUS_OK) {
        st = do_close(t, handle);
    }
    st = finish(pid, HSX_MBX_FNCODE_CLOSE, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

/* ---------------------------------------------------------------- introspection */

void hsx_mbx_stats(hsx_mbx_stats_t *out)
{
    /* sums in the narrow types (they are bounded by the arena, the slot counts) */
    hsx_mbx_aoff_t bytes = 0, depth = 0, tap_depth = 0;
    unsigned i, fan = 0, handles = 0, waiters = 0, taps = 0;
    const hsx_mbx_desc_t *d = g_desc;
    const hsx_mbx_handle_t *hp;
    const hsx_mbx_task_t *t = g_task;
    uint32_t *o = &out->max_descriptors; /* the record is 16 uint32_t in this order */
    HSX_MBX_ENTER_CRITICAL();
    for (i = 0; i < L_MAXD; i++, d++) {
        if (d->info & HSX_MBX_DI_USED) {
            bytes = (hsx_mbx_aoff_t)(bytes + d->r.used);
            depth = (hsx_mbx_aoff_t)(depth + d->r.depth);
            if (d->mode & HSX_MBX_MODE_FANOUT) {
                fan++;
            }
        }
    }
    FOR_EACH_HANDLE(hp)
    {
        handles++;
    }
    for (i = 0; i <= L_MAXT; i++, t++) {
        if (t->wdesc != 0u) { /* waiting */
            waiters++;
        }
    }
#if HSX_MBX_CFG_TAPS
    for (i = 0; i < L_TAPS; i++) {
        if (g_tap[i].flags & HSX_MBX_TF_USED) {
            taps++;
            tap_depth = (hsx_mbx_aoff_t)(tap_depth + g_tap[i].r.depth);
        }
    }
#endif
    *o++ = L_MAXD;
    *o++ = g_active;
    *o++ = L_MAXD - g_active;
    *o++ = L_ARENA;
    *o++ = g_arena_used;
    *o++ = bytes;
    *o++ = depth;
    *o++ = handles;
    *o++ = taps;
    *o++ = tap_depth;
    *o++ = waiters;
    *o++ = fan;
    *o++ = g_pool_exhausted;
    *o++ = g_peak_desc;
#if HSX_MBX_CFG_EVENTS
    *o++ = g_ev.seq - g_ev.count; /* events dropped */
#else
    *o++ = 0;
#endif
    *o = g_names_used;
    HSX_MBX_EXIT_CRITICAL();
}

int hsx_mbx_task_info(uint16_t index, hsx_mbx_task_info_t *out)
{
    /* index-th live task in pid order */
    unsigned i, prev = 0, found = 0;
    int first = 1;
    const hsx_mbx_task_t *best = NULL;
    HSX_MBX_ENTER_CRITICAL();
    for (;;) {
        best = NULL;
        for (i = 0; i <= L_MAXT; i++) {
            const hsx_mbx_task_t *t = &g_task[i];
            if (t->state != HSX_MBX_TS_FREE && (first || t->pid > prev) && (best == NULL || t->pid < best->pid)) {
                best = t;
            }
        }
        if (best == NULL || found == index) {
            break;
        }
        prev = best->pid;
        first = 0;
        found++;
    }
    if (best != NULL) {
        out->pid = best->pid;
        out->state = (best->state == HSX_MBX_TS_READY) ? HSX_MBX_TASK_READY : HSX_MBX_TASK_WAIT_MBX;
        out->handles = (uint16_t)handle_count(best);
        out->mailbox_step = best->step;
        out->mailbox_wake = best->wake;
        out->mailbox_timeout = best->timeouts;
    }
    HSX_MBX_EXIT_CRITICAL();
    return best != NULL;
}

int hsx_mbx_desc_snapshot(uint16_t id, hsx_mbx_desc_snapshot_t *out)
{
    const hsx_mbx_desc_t *d;
    unsigned i;
    uint8_t n;
    int ok = 0;
    HSX_MBX_ENTER_CRITICAL();
    if (id >= 1u && id <= L_MAXD && (desc_of(id)->info & HSX_MBX_DI_USED)) {
        const hsx_mbx_task_t *t = g_task;
        d = desc_of(id);
        memset(out, 0, sizeof(*out));
        out->id = id;
        out->ns = (uint8_t)(d->info & HSX_MBX_DI_NS_MASK);
        out->mode = d->mode;
        out->owner = (d->info & HSX_MBX_DI_OWNED) ? (int32_t)d->owner : -1;
        out->capacity = d->r.cap;
        out->bytes_used = d->r.used;
        out->peak_bytes_used = d->peak;
        out->depth = d->r.depth;
        out->next_seq = d->next_seq;
        out->head_seq = d->next_seq - d->r.depth;
        for (i = 0; i <= L_MAXT; i++, t++) {
            if (t->wdesc == id) { /* wdesc is 0 unless the task waits */
                out->waiters++;
            }
        }
#if HSX_MBX_CFG_TAPS
        for (i = 0; i < L_TAPS; i++) {
            if ((g_tap[i].flags & HSX_MBX_TF_USED) && g_handle[g_tap[i].task][g_tap[i].hslot].desc == id) {
                out->taps++;
            }
        }
#endif
        n = d->name_len;
        if (out->ns == HSX_MBX_NS_PID) {
            /* "pid:N", digits written backwards into the name's tail then moved */
            uint16_t v = d->owner;
            char *q = &out->name[sizeof(out->name) - 1u];
            do {
                *--q = (char)('0' + v % 10u);
                v = (uint16_t)(v / 10u);
            } while (v != 0u);
            n = (uint8_t)(&out->name[sizeof(out->name) - 1u] - q);
            memmove(&out->name[4], q, n);
            HSX_ROM_MEMCPY(out->name, k_prefixes, 4); /* "pid:" */
            n = (uint8_t)(n + 4u);
            out->name[n] = '\0';
        } else {
            memcpy(out->name, &g_names[d->name_off], n);
        }
        out->name_len = n;
        ok = 1;
    }
    HSX_MBX_EXIT_CRITICAL();
    return ok;
}

int hsx_mbx_tap_snapshot(uint16_t id, uint16_t index, hsx_mbx_tap_snapshot_t *out)
{
    int ok = 0;
#if HSX_MBX_CFG_TAPS
    /* index-th tap on id in (pid, handle id) order */
    uint32_t n, i;
    uint32_t prev = 0; /* pid << 16 | handle id of the previous one */
    int first = 1;
    HSX_MBX_ENTER_CRITICAL();
    for (n = 0; n <= index; n++) {
        const hsx_mbx_tap_t *best = NULL;
        uint32_t bkey = 0;
        for (i = 0; i < L_TAPS; i++) {
            const hsx_mbx_tap_t *t = &g_tap[i];
            const hsx_mbx_handle_t *hp = &g_handle[t->task][t->hslot];
            uint32_t key = ((uint32_t)g_task[t->task].pid << 16) | hp->id;
            if ((t->flags & HSX_MBX_TF_USED) && hp->desc == id && (first || key > prev) && (best == NULL || key < bkey)) {
                best = t;
                bkey = key;
            }
        }
        if (best == NULL) {
            break;
        }
        if (n == index) {
            out->pid = (uint16_t)(bkey >> 16);
            out->handle = (uint16_t)bkey;
            out->backlog = best->r.depth;
            out->bytes = best->r.used;
            ok = 1;
        }
        prev = bkey;
        first = 0;
    }
    HSX_MBX_EXIT_CRITICAL();
#else
    (void)id;
    (void)index;
    (void)out;
#endif
    return ok;
}

int hsx_mbx_event_next(uint32_t *seq, hsx_mbx_event_t *out)
{
    int ok = 0;
#if HSX_MBX_CFG_EVENTS
    uint32_t first, k;
    HSX_MBX_ENTER_CRITICAL();
    first = g_ev.seq - g_ev.count;
    k = *seq - first;
    if (seq_before(*seq, first)) {
        k = 0;
    }
    if (k < g_ev.count) {
        ev_read(&g_ev.rec[((uint32_t)g_ev.head + k) % L_RING], first + k, out);
        *seq = out->seq + 1u;
        ok = 1;
    }
    HSX_MBX_EXIT_CRITICAL();
#else
    (void)seq;
    (void)out;
#endif
    return ok;
}

hsx_mbx_status_t hsx_mbx_event_mask(uint16_t pid, uint32_t mask)
{
    hsx_mbx_status_t st;
    HSX_MBX_ENTER_CRITICAL();
    st = TASK_ST(task_ready(pid));
    if (st == HSX_MBX_STATUS_OK && !HAS_EVENTS) {
        st = HSX_MBX_STATUS_INVALID_ARGUMENT;
    } else if (st == HSX_MBX_STATUS_OK && pid != 0u) {
        st = HSX_MBX_STATUS_PERMISSION_DENIED;
    } else if (st == HSX_MBX_STATUS_OK && (mask & ~(uint32_t)HSX_MBX_EVMASK_ALL) != 0u) {
        st = HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
#if HSX_MBX_CFG_EVENTS
    if (st == HSX_MBX_STATUS_OK) {
        g_ev.mask = (uint16_t)mask;
    }
#endif
    st = finish(pid, HSX_MBX_FNCODE_EVENT_MASK, st);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

uint32_t hsx_mbx_event_seq(void)
{
    uint32_t seq = 0;
#if HSX_MBX_CFG_EVENTS
    /* inside the section: a 32-bit read is four loads on AVR, torn by an event
     * emitted in between */
    HSX_MBX_ENTER_CRITICAL();
    seq = g_ev.seq;
    HSX_MBX_EXIT_CRITICAL();
#endif
    return seq;
}

/* hsx_mbx_host.c: flat host API for JNA over the core runtime (see hsx_mbx_host.h). */
#include <string.h>

#include "hsx_mbx.h"
#include "hsx_mbx_host.h"

#define HSXH_MAX_PAYLOAD 65535u
#define HSXH_MAX_COMPLETIONS (HSX_MBX_CFG_MAX_TASKS + 2)
#define HSXH_MAX_EVENTS 65536u
#define HSXH_VM_MEM 65536u

/* One buffer per possibly-blocked task: a blocked send's payload or a blocked
 * recv's destination. At most one wait per task, so max_tasks + 1 suffice: the
 * build's maximum, which hsx_mbx_init enforces for the profile (and a build with
 * constant limits accepts only its own profile). */
typedef struct {
    int32_t pid; /* -1 = free */
    uint8_t data[HSXH_MAX_PAYLOAD];
} wait_buf_t;

static wait_buf_t g_wbuf[HSX_MBX_CFG_MAX_TASKS + 1];
static uint8_t g_scratch[HSXH_MAX_PAYLOAD];
static hsx_mbx_completion_t g_comp[HSXH_MAX_COMPLETIONS];
static int32_t g_ncomp;
static hsx_mbx_event_t g_events[HSXH_MAX_EVENTS];
static int32_t g_nev;
static uint8_t g_vm[HSXH_VM_MEM];
static uint32_t g_max_tasks;
static uint32_t g_last_tick; /* the clock after the last accepted tick */

void hsx_host_on_complete(const struct hsx_mbx_completion *c)
{
    uint32_t i;
    if (g_ncomp < (int32_t)HSXH_MAX_COMPLETIONS) {
        g_comp[g_ncomp++] = *c;
    }
    /* the buffer's contents stay valid until the next operation (only the
     * caller of an operation can block, and it was not waiting) */
    for (i = 0; i <= g_max_tasks; i++) {
        if (g_wbuf[i].pid == (int32_t)c->pid) {
            g_wbuf[i].pid = -1;
        }
    }
}

/* Events of an operation are the ring's events with seq >= the mark taken when
 * it began, like the model's Reply (a step that overflows the ring loses its
 * oldest events in both). */
static uint32_t g_mark;
static int g_ev_loaded;

static void begin(void)
{
    g_ncomp = 0;
    g_nev = 0;
    g_ev_loaded = 0;
    g_mark = hsx_mbx_event_seq();
}

static void load_events(void)
{
    uint32_t seq = g_mark;
    if (g_ev_loaded) {
        return;
    }
    g_ev_loaded = 1;
    g_nev = 0;
    while (g_nev < (int32_t)HSXH_MAX_EVENTS && hsx_mbx_event_next(&seq, &g_events[g_nev])) {
        if ((int32_t)(g_events[g_nev].seq - g_mark) < 0) {
            continue;
        }
        g_nev++;
    }
}

/* A buffer for a call of pid that may block. A pid that already owns one is
 * blocked (its call fails without using the buffer): give it the scratch. */
static uint8_t *wbuf_take(int32_t pid, int *slot)
{
    uint32_t i;
    *slot = -1;
    for (i = 0; i <= g_max_tasks; i++) {
        if (g_wbuf[i].pid == pid) {
            return g_scratch;
        }
    }
    for (i = 0; i <= g_max_tasks; i++) {
        if (g_wbuf[i].pid == -1) {
            g_wbuf[i].pid = pid;
            *slot = (int)i;
            return g_wbuf[i].data;
        }
    }
    return g_scratch;
}

static void wbuf_release(int slot)
{
    if (slot >= 0) {
        g_wbuf[slot].pid = -1;
    }
}

static void wbuf_release_pid(int32_t pid)
{
    uint32_t i;
    for (i = 0; i <= g_max_tasks; i++) {
        if (g_wbuf[i].pid == pid) {
            g_wbuf[i].pid = -1;
        }
    }
}

static int pid_ok(int32_t pid) { return pid >= 0 && pid <= 0xFFFF; }
static uint16_t hid(int32_t h) { return (h > 0 && h <= 0xFFFF) ? (uint16_t)h : 0u; }

int hsxh_init(int32_t max_descriptors, int32_t max_tasks, int32_t handle_limit_per_pid, int32_t default_capacity,
              int32_t arena_bytes, int32_t tap_rate_limit, int32_t event_ring_size, int32_t name_pool_bytes,
              int32_t max_taps, int32_t task_mailboxes, int32_t features, int64_t first_seq, int32_t event_mask)
{
    hsx_mbx_limits_t l;
    uint32_t i;
    int st;
    begin();
    if (max_descriptors < 0 || max_tasks < 0 || handle_limit_per_pid < 0 || default_capacity < 0 ||
        arena_bytes < 0 || tap_rate_limit < 0 || event_ring_size < 0 || name_pool_bytes < 0 || max_taps < 0 ||
        first_seq < 0 || first_seq > 0xFFFFFFFFLL || event_mask < 0 || event_mask > 0xFFFF) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    l.max_descriptors = (uint32_t)max_descriptors;
    l.max_tasks = (uint32_t)max_tasks;
    l.handle_limit_per_pid = (uint32_t)handle_limit_per_pid;
    l.default_capacity = (uint32_t)default_capacity;
    l.arena_bytes = (uint32_t)arena_bytes;
    l.tap_rate_limit = (uint32_t)tap_rate_limit;
    l.event_ring_size = (uint32_t)event_ring_size;
    l.name_pool_bytes = (uint32_t)name_pool_bytes;
    l.max_taps = (uint32_t)max_taps;
    l.task_mailboxes = (uint8_t)(task_mailboxes != 0);
    l.features = (uint16_t)features;
    l.first_seq = (uint32_t)first_seq;
    l.event_mask = (uint16_t)event_mask;
    st = hsx_mbx_init(&l);
    if (st == HSX_MBX_STATUS_OK && l.max_tasks > HSX_MBX_CFG_MAX_TASKS) {
        st = HSX_MBX_STATUS_INTERNAL_ERROR; /* the core took a profile the buffers cannot hold */
    }
    if (st == HSX_MBX_STATUS_OK) {
        g_max_tasks = l.max_tasks;
        g_last_tick = 0;
        for (i = 0; i <= HSX_MBX_CFG_MAX_TASKS; i++) {
            g_wbuf[i].pid = -1;
        }
    }
    return st;
}

void hsxh_maxima(int32_t out[9])
{
    out[0] = HSX_MBX_CFG_MAX_DESCRIPTORS;
    out[1] = HSX_MBX_CFG_MAX_TASKS;
    out[2] = HSX_MBX_CFG_HANDLE_LIMIT;
    out[3] = HSX_MBX_MAX_CAPACITY;
    out[4] = (int32_t)HSX_MBX_CFG_ARENA_BYTES;
    out[5] = 65535;
    out[6] = HSX_MBX_CFG_EVENT_RING_SIZE;
    out[7] = HSX_MBX_CFG_NAME_POOL_BYTES;
    out[8] = HSX_MBX_CFG_MAX_TAPS;
}

int hsxh_fixed_profile(int32_t out[13])
{
#if HSX_MBX_CFG_RUNTIME_LIMITS
    memset(out, 0, 13 * sizeof(int32_t));
    return 0;
#else
    out[0] = HSX_MBX_CFG_MAX_DESCRIPTORS;
    out[1] = HSX_MBX_CFG_MAX_TASKS;
    out[2] = HSX_MBX_CFG_HANDLE_LIMIT;
    out[3] = HSX_MBX_CFG_DEFAULT_CAPACITY;
    out[4] = (int32_t)HSX_MBX_CFG_ARENA_BYTES;
    out[5] = HSX_MBX_CFG_TAP_RATE_LIMIT;
    out[6] = HSX_MBX_CFG_EVENT_RING_SIZE;
    out[7] = HSX_MBX_CFG_NAME_POOL_BYTES;
    out[8] = HSX_MBX_CFG_MAX_TAPS;
    out[9] = HSX_MBX_CFG_TASK_MAILBOXES != 0;
    out[10] = (HSX_MBX_CFG_FANOUT ? HSX_MBX_FEAT_FANOUT : 0) | (HSX_MBX_CFG_TAPS ? HSX_MBX_FEAT_TAPS : 0) |
              (HSX_MBX_CFG_EVENTS ? HSX_MBX_FEAT_EVENTS : 0) | (HSX_MBX_CFG_TIMEOUTS ? HSX_MBX_FEAT_TIMEOUTS : 0) |
              (HSX_MBX_CFG_STDIO ? HSX_MBX_FEAT_STDIO : 0) | (HSX_MBX_CFG_LOADER ? HSX_MBX_FEAT_LOADER : 0) |
              (HSX_MBX_CFG_INTROSPECTION ? HSX_MBX_FEAT_INTROSPECTION : 0) | (HSX_MBX_CFG_SVC ? HSX_MBX_FEAT_SVC : 0) |
              (HSX_MBX_CFG_LOADER_JSON ? HSX_MBX_FEAT_LOADER_JSON : 0);
    out[11] = (int32_t)(uint32_t)HSX_MBX_CFG_FIRST_SEQ; /* the bits of the uint32 */
    out[12] = HSX_MBX_CFG_EVENT_MASK;
    return 1;
#endif
}

int hsxh_task_start(int32_t pid)
{
    begin();
    return pid_ok(pid) && pid != 0 ? hsx_mbx_task_start((uint16_t)pid) : hsx_mbx_task_start(0);
}

int hsxh_task_exit(int32_t pid)
{
    int st;
    begin();
    if (!pid_ok(pid)) {
        return hsx_mbx_task_exit(0);
    }
    st = hsx_mbx_task_exit((uint16_t)pid);
    if (st == HSX_MBX_STATUS_OK) {
        wbuf_release_pid(pid);
    }
    return st;
}

int hsxh_tick(int64_t now_ms)
{
    int st;
    begin();
    if (now_ms < 0 || now_ms > 0xFFFFFFFFLL) {
        /* not a 32-bit clock value: the core's own rejection (event included), with
         * a value half the clock's range behind the last tick, which is never valid */
        return hsx_mbx_tick(g_last_tick + 0x80000000u);
    }
    st = hsx_mbx_tick((uint32_t)now_ms);
    if (st == HSX_MBX_STATUS_OK) {
        g_last_tick = (uint32_t)now_ms;
    }
    return st;
}

int hsxh_bind(int32_t pid, const uint8_t *target, int32_t target_len, int32_t capacity, int32_t mode, int32_t out[1])
{
    uint16_t d = 0;
    int st;
    begin();
    if (!pid_ok(pid)) {
        out[0] = 0;
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    st = hsx_mbx_bind((uint16_t)pid, (const char *)target, target_len < 0 ? 0u : (size_t)target_len,
                      (uint32_t)capacity, (uint32_t)mode, &d);
    out[0] = d;
    return st;
}

int hsxh_open(int32_t pid, const uint8_t *target, int32_t target_len, int32_t flags, int32_t out[1])
{
    uint16_t h = 0;
    int st;
    begin();
    if (!pid_ok(pid)) {
        out[0] = 0;
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    st = hsx_mbx_open((uint16_t)pid, (const char *)target, target_len < 0 ? 0u : (size_t)target_len,
                      (uint32_t)flags, &h);
    out[0] = h;
    return st;
}

int hsxh_send(int32_t pid, int32_t handle, const uint8_t *payload, int32_t len, int32_t flags, int32_t channel,
              int32_t timeout, int32_t out[1])
{
    uint16_t n = 0;
    uint8_t *b;
    int st, slot;
    begin();
    out[0] = 0;
    if (!pid_ok(pid)) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    if (len < 0) {
        len = 0x7FFFFFFF;
    }
    b = wbuf_take(pid, &slot);
    if (len > 0 && (uint32_t)len <= HSXH_MAX_PAYLOAD) {
        memcpy(b, payload, (size_t)len);
    }
    st = hsx_mbx_send((uint16_t)pid, hid(handle), b, (uint32_t)len, (uint32_t)flags, (uint32_t)channel,
                      (uint32_t)timeout, &n);
    if (st != HSX_MBX_BLOCKED) {
        wbuf_release(slot);
    }
    out[0] = n;
    return st;
}

int hsxh_recv(int32_t pid, int32_t handle, int32_t max_len, int32_t timeout, int32_t out[4], uint8_t *buf)
{
    hsx_mbx_msg_info_t info;
    uint8_t *b;
    int st, slot;
    begin();
    memset(out, 0, 4 * sizeof(int32_t));
    if (!pid_ok(pid)) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    b = wbuf_take(pid, &slot);
    st = hsx_mbx_recv((uint16_t)pid, hid(handle), b, (uint32_t)max_len, (uint32_t)timeout, &info);
    if (st != HSX_MBX_BLOCKED) {
        if (st == HSX_MBX_STATUS_OK && buf != NULL) {
            memcpy(buf, b, info.length);
        }
        wbuf_release(slot);
    }
    out[0] = info.length;
    out[1] = info.flags;
    out[2] = info.channel;
    out[3] = info.src_pid;
    return st;
}

int hsxh_peek(int32_t pid, int32_t handle, int64_t out[7])
{
    hsx_mbx_peek_t p;
    int st;
    begin();
    memset(&p, 0, sizeof(p));
    st = pid_ok(pid) ? hsx_mbx_peek((uint16_t)pid, hid(handle), &p) : HSX_MBX_STATUS_INVALID_ARGUMENT;
    out[0] = p.depth;
    out[1] = p.bytes_used;
    out[2] = p.next_len;
    out[3] = p.capacity;
    out[4] = p.head_seq;
    out[5] = p.next_seq;
    out[6] = p.mode;
    return st;
}

int hsxh_tap(int32_t pid, int32_t handle, int32_t enable)
{
    begin();
    return pid_ok(pid) ? hsx_mbx_tap((uint16_t)pid, hid(handle), (uint8_t)(enable != 0))
                       : HSX_MBX_STATUS_INVALID_ARGUMENT;
}

int hsxh_close(int32_t pid, int32_t handle)
{
    begin();
    return pid_ok(pid) ? hsx_mbx_close((uint16_t)pid, hid(handle)) : HSX_MBX_STATUS_INVALID_ARGUMENT;
}

int hsxh_event_mask(int32_t pid, int64_t mask)
{
    begin();
    if (!pid_ok(pid)) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    return hsx_mbx_event_mask((uint16_t)pid, (mask < 0 || mask > 0xFFFFFFFFLL) ? 0xFFFFFFFFu : (uint32_t)mask);
}

int hsxh_completion_count(void) { return g_ncomp; }

int hsxh_completion(int32_t i, int32_t out[8], uint8_t *payload)
{
    const hsx_mbx_completion_t *c;
    if (i < 0 || i >= g_ncomp) {
        return 0;
    }
    c = &g_comp[i];
    out[0] = c->pid;
    out[1] = c->handle;
    out[2] = c->kind;
    out[3] = c->status;
    out[4] = c->msg.length;
    out[5] = c->msg.flags;
    out[6] = c->msg.channel;
    out[7] = c->msg.src_pid;
    if (payload != NULL && c->kind == HSX_MBX_KIND_RECV && c->buf != NULL && c->msg.length != 0u) {
        memcpy(payload, c->buf, c->msg.length);
    }
    return 1;
}

int hsxh_event_count(void)
{
    load_events();
    return g_nev;
}

int hsxh_event(int32_t i, int64_t out[11])
{
    const hsx_mbx_event_t *e;
    load_events();
    if (i < 0 || i >= g_nev) {
        return 0;
    }
    e = &g_events[i];
    out[0] = e->seq;
    out[1] = e->time_ms;
    out[2] = e->type;
    out[3] = e->code;
    out[4] = e->pid;
    out[5] = e->desc;
    out[6] = e->a;
    out[7] = e->b;
    out[8] = e->c;
    out[9] = e->d;
    out[10] = e->w;
    return 1;
}

void hsxh_stats(int64_t out[16])
{
    hsx_mbx_stats_t s;
    hsx_mbx_stats(&s);
    out[0] = s.max_descriptors;
    out[1] = s.active_descriptors;
    out[2] = s.free_descriptors;
    out[3] = s.arena_bytes;
    out[4] = s.arena_used;
    out[5] = s.bytes_used;
    out[6] = s.queue_depth;
    out[7] = s.handles_total;
    out[8] = s.tap_count;
    out[9] = s.tap_queue_depth;
    out[10] = s.waiter_count;
    out[11] = s.fanout_descriptors;
    out[12] = s.descriptor_pool_exhausted;
    out[13] = s.peak_descriptors;
    out[14] = s.events_dropped;
    out[15] = s.name_pool_used;
}

int hsxh_task_info(int32_t index, int64_t out[6])
{
    hsx_mbx_task_info_t t;
    if (index < 0 || index > 0xFFFF || !hsx_mbx_task_info((uint16_t)index, &t)) {
        return 0;
    }
    out[0] = t.pid;
    out[1] = t.state;
    out[2] = t.handles;
    out[3] = t.mailbox_step;
    out[4] = t.mailbox_wake;
    out[5] = t.mailbox_timeout;
    return 1;
}

int hsxh_desc_snapshot(int32_t id, int64_t out[12], uint8_t *name)
{
    hsx_mbx_desc_snapshot_t s;
    if (id < 1 || id > 0xFFFF || !hsx_mbx_desc_snapshot((uint16_t)id, &s)) {
        return 0;
    }
    out[0] = s.id;
    out[1] = s.ns;
    out[2] = s.owner;
    out[3] = s.capacity;
    out[4] = s.mode;
    out[5] = s.bytes_used;
    out[6] = s.peak_bytes_used;
    out[7] = s.depth;
    out[8] = s.head_seq;
    out[9] = s.next_seq;
    out[10] = s.waiters;
    out[11] = s.taps;
    if (name != NULL) {
        memcpy(name, s.name, (size_t)s.name_len + 1u);
    }
    return 1;
}

int hsxh_tap_snapshot(int32_t id, int32_t index, int32_t out[4])
{
    hsx_mbx_tap_snapshot_t t;
    if (id < 1 || id > 0xFFFF || index < 0 || index > 0xFFFF ||
        !hsx_mbx_tap_snapshot((uint16_t)id, (uint16_t)index, &t)) {
        return 0;
    }
    out[0] = t.pid;
    out[1] = t.handle;
    out[2] = t.backlog;
    out[3] = t.bytes;
    return 1;
}

int hsxh_load_section(int32_t pid, const uint8_t *section, int32_t size, int32_t entry_count, int32_t out[2])
{
    uint16_t entry = 0;
    uint8_t field = 0;
    int st;
    begin();
    if (!pid_ok(pid) || size < 0) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
#if HSX_MBX_CFG_LOADER
    st = hsx_mbx_load_section((uint16_t)pid, section, (uint32_t)size, (uint32_t)entry_count,
                              &entry, &field);
#else
    /* Loader compiled out (host-minimal): rejected as the runtime rejects a load with the
     * loader feature off, INVALID_ARGUMENT with no entry and no field. */
    (void)section;
    (void)entry_count;
    entry = 0xFFFFu;
    st = HSX_MBX_STATUS_INVALID_ARGUMENT;
#endif
    out[0] = entry;
    out[1] = field;
    return st;
}

/* The VM memory of an SVC call is copied into a static image so that pointers a
 * blocked call keeps stay valid; completions write into that image. */
int hsxh_svc(int32_t pid, int32_t fn, int32_t regs[6], uint8_t *mem, int32_t mem_size)
{
    uint32_t r[6];
    uint32_t n = mem_size < 0 ? 0u : (uint32_t)mem_size;
    int i, st;
    begin();
    if (!pid_ok(pid) || fn < 0 || fn > 0xFF || n > HSXH_VM_MEM) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    memcpy(g_vm, mem, n);
    for (i = 0; i < 6; i++) {
        r[i] = (uint32_t)regs[i];
    }
#if HSX_MBX_CFG_SVC
    st = hsx_mbx_svc((uint16_t)pid, (uint8_t)fn, r, g_vm, n);
#else
    /* Dispatcher compiled out (host-minimal): every call rejected as an unknown function. */
    r[0] = HSX_MBX_STATUS_INVALID_ARGUMENT;
    st = HSX_MBX_STATUS_INVALID_ARGUMENT;
#endif
    for (i = 0; i < 6; i++) {
        regs[i] = (int32_t)r[i];
    }
    memcpy(mem, g_vm, n);
    return st;
}

/* A port hook (HSX_MBX_ON_COMPLETE, HSX_MBX_ON_EVENT) that calls back into the
 * service: every such call is refused with INTERNAL_ERROR, writes none of its
 * outputs, emits nothing, and the call the hook runs in ends exactly as it does
 * without the re-entry (same statuses, events, completions, stats, snapshots). */
#include "tkit.h"

#define MAX_EV 64

/* Everything observable after a scenario. */
typedef struct {
    hsx_mbx_status_t st[10];
    hsx_mbx_event_t ev[MAX_EV];
    int nev;
    hsx_mbx_completion_t comp[4];
    char comp_payload[4][16];
    int ncomp;
    hsx_mbx_stats_t stats;
    hsx_mbx_desc_snapshot_t desc[4];
    hsx_mbx_task_info_t task[4];
    char got[16];
} observed_t;

static int g_calls;   /* re-entrant calls made from hooks */
static int g_wrong;   /* ... that did not return INTERNAL_ERROR or wrote an output */
static int g_reads;   /* introspection calls from hooks that gave a wrong answer */
static uint16_t g_h;  /* a handle of pid 0 that the re-entrant calls use */
static uint8_t g_svc_mem[64];

static void expect_refused(hsx_mbx_status_t st)
{
    g_calls++;
    if (st != HSX_MBX_STATUS_INTERNAL_ERROR) {
        g_wrong++;
    }
}

/* Every state-changing entry point, each with arguments that would succeed (or at
 * least change something) if the call ran. */
static void reenter_everything(void)
{
    static const uint8_t payload[3] = {'x', 'y', 'z'};
    static uint8_t buf[16];
    hsx_mbx_limits_t l = tk_limits("desktop");
    hsx_mbx_msg_info_t info;
    hsx_mbx_peek_t pk;
    uint16_t out = 0xBEEF, bad_entry = 0xBEEF;
    uint8_t bad_field = 0xAB;
    uint32_t regs[6] = {0, 0, 0, 0, 0, 0};
    memset(&info, 0x5A, sizeof(info));
    memset(&pk, 0x5A, sizeof(pk));
    expect_refused(hsx_mbx_init(&l));
    expect_refused(hsx_mbx_task_start(9));
    expect_refused(hsx_mbx_task_exit(1));
    expect_refused(hsx_mbx_tick(100000));
    expect_refused(hsx_mbx_bind(0, "svc:other", 9, 32, HSX_MBX_MODE_RDWR, &out));
    expect_refused(hsx_mbx_open(0, "app:new", 7, 0, &out));
    expect_refused(hsx_mbx_send(0, g_h, payload, 3, 0, 0, HSX_MBX_TIMEOUT_POLL, &out));
    expect_refused(hsx_mbx_recv(0, g_h, buf, sizeof(buf), HSX_MBX_TIMEOUT_POLL, &info));
    expect_refused(hsx_mbx_peek(0, g_h, &pk));
    expect_refused(hsx_mbx_tap(0, g_h, 1));
    expect_refused(hsx_mbx_close(0, g_h));
    expect_refused(hsx_mbx_close(0, 999)); /* would emit mailbox_error */
    memcpy(g_svc_mem, "app:svc", 8);
    regs[1] = 0;
    regs[0] = 0x12345678u;
    expect_refused(hsx_mbx_svc(0, HSX_MBX_FN_OPEN, regs, g_svc_mem, sizeof(g_svc_mem)));
    if (regs[1] != 0u) {
        g_wrong++;
    }
    expect_refused(hsx_mbx_load_section(0, (const uint8_t *)"{}", 2, 0, &bad_entry, &bad_field));
    if (out != 0xBEEF || bad_entry != 0xBEEF || bad_field != 0xAB || info.length != 0x5A5A ||
        pk.depth != 0x5A5A) {
        g_wrong++;
    }
}

static void reenter_from_complete(const hsx_mbx_completion_t *c)
{
    hsx_mbx_stats_t s;
    (void)c;
    reenter_everything();
    hsx_mbx_stats(&s); /* reading is allowed and sees the woken task's wait gone */
    if (s.waiter_count != 0u) {
        g_reads++;
    }
}

static void reenter_from_event(const hsx_mbx_event_t *e)
{
    reenter_everything();
    if (hsx_mbx_event_seq() != e->seq + 1u) { /* the event is already counted */
        g_reads++;
    }
}

/* pid 1 blocks on a queue, pid 0 sends (wakes it: completion + events, settle's
 * scratch header in use), binds, opens, sends to a full queue, closes a bad
 * handle (mailbox_error), blocks pid 1 again and ticks its timeout. */
static void scenario(observed_t *o)
{
    static char rbuf[16];
    hsx_mbx_msg_info_t info;
    uint32_t seq = 0;
    uint16_t d = 0, h1, i;
    int k = 0;
    memset(o, 0, sizeof(*o));
    memset(rbuf, 0, sizeof(rbuf));
    assert_int_equal(hsx_mbx_task_start(1), HSX_MBX_STATUS_OK);
    d = tk_bind(1, "svc:q", 24, HSX_MBX_MODE_RDWR, HSX_MBX_STATUS_OK);
    h1 = tk_open(1, "svc:q", 0, HSX_MBX_STATUS_OK);
    g_h = tk_open(0, "svc:q@1", 0, HSX_MBX_STATUS_OK);
    o->st[k++] = hsx_mbx_recv(1, h1, (uint8_t *)rbuf, sizeof(rbuf), 50, &info);
    o->st[k++] = tk_send(0, g_h, "hello", HSX_MBX_TIMEOUT_POLL);
    o->st[k++] = hsx_mbx_bind(0, "svc:second", 10, 0, HSX_MBX_MODE_RDWR, &d);
    o->st[k++] = tk_send(0, g_h, "0123456789", HSX_MBX_TIMEOUT_POLL);
    o->st[k++] = tk_send(0, g_h, "0123456789", HSX_MBX_TIMEOUT_POLL); /* full: WOULDBLOCK */
    o->st[k++] = hsx_mbx_close(0, 999);
    o->st[k++] = hsx_mbx_recv(1, h1, (uint8_t *)rbuf + 8, 4, 20, &info);  /* truncated */
    o->st[k++] = hsx_mbx_recv(1, h1, (uint8_t *)rbuf + 12, 4, 20, &info); /* blocks */
    o->st[k++] = hsx_mbx_tick(200);                                        /* times out */
    memcpy(o->got, rbuf, sizeof(rbuf));
    tk_reenter_on_complete = NULL;
    tk_reenter_on_event = NULL;
    while (o->nev < MAX_EV && hsx_mbx_event_next(&seq, &o->ev[o->nev])) {
        o->nev++;
    }
    o->ncomp = tk_ncomp < 4 ? tk_ncomp : 4;
    for (i = 0; i < (uint16_t)o->ncomp; i++) {
        o->comp[i] = tk_comp[i];
        o->comp[i].buf = NULL; /* compared by content */
        memcpy(o->comp_payload[i], tk_comp_payload[i], sizeof(o->comp_payload[i]));
    }
    hsx_mbx_stats(&o->stats);
    for (i = 0; i < 4; i++) {
        if (!hsx_mbx_desc_snapshot((uint16_t)(i + 1u), &o->desc[i])) {
            memset(&o->desc[i], 0, sizeof(o->desc[i]));
        }
        if (!hsx_mbx_task_info(i, &o->task[i])) {
            memset(&o->task[i], 0, sizeof(o->task[i]));
        }
    }
}

static void assert_same(const observed_t *a, const observed_t *b)
{
    int i;
    assert_memory_equal(a->st, b->st, sizeof(a->st));
    assert_int_equal(a->nev, b->nev);
    for (i = 0; i < a->nev; i++) {
        assert_int_equal(a->ev[i].seq, b->ev[i].seq);
        assert_int_equal(a->ev[i].type, b->ev[i].type);
        assert_int_equal(a->ev[i].code, b->ev[i].code);
        assert_int_equal(a->ev[i].pid, b->ev[i].pid);
        assert_int_equal(a->ev[i].desc, b->ev[i].desc);
        assert_int_equal(a->ev[i].a, b->ev[i].a);
        assert_int_equal(a->ev[i].b, b->ev[i].b);
        assert_int_equal(a->ev[i].w, b->ev[i].w);
        assert_int_equal(a->ev[i].time_ms, b->ev[i].time_ms);
    }
    assert_int_equal(a->ncomp, b->ncomp);
    assert_memory_equal(a->comp, b->comp, sizeof(a->comp));
    assert_memory_equal(a->comp_payload, b->comp_payload, sizeof(a->comp_payload));
    assert_memory_equal(&a->stats, &b->stats, sizeof(a->stats));
    assert_memory_equal(a->desc, b->desc, sizeof(a->desc));
    assert_memory_equal(a->task, b->task, sizeof(a->task));
    assert_memory_equal(a->got, b->got, sizeof(a->got));
}

static observed_t g_plain, g_hooked;

static void baseline(void)
{
    tk_init("desktop");
    scenario(&g_plain);
    /* the scenario does what it is meant to: a wake, a mailbox_error, a timeout */
    assert_int_equal(g_plain.st[0], HSX_MBX_BLOCKED);
    assert_int_equal(g_plain.st[4], HSX_MBX_STATUS_WOULDBLOCK);
    assert_int_equal(g_plain.st[5], HSX_MBX_STATUS_INVALID_HANDLE);
    assert_int_equal(g_plain.st[7], HSX_MBX_BLOCKED);
    assert_int_equal(g_plain.ncomp, 2);
    assert_string_equal(g_plain.got, "hello");
}

static void complete_hook_reentry_is_refused(void **state)
{
    (void)state;
    baseline();
    g_calls = g_wrong = g_reads = 0;
    tk_init("desktop");
    tk_reenter_on_complete = reenter_from_complete;
    scenario(&g_hooked);
    assert_int_equal(g_calls, 2 * 14); /* two completions, 14 calls each */
    assert_int_equal(g_wrong, 0);
    assert_int_equal(g_reads, 0);
    assert_same(&g_plain, &g_hooked);
}

static void event_hook_reentry_is_refused(void **state)
{
    (void)state;
    baseline();
    g_calls = g_wrong = g_reads = 0;
    tk_init("desktop");
    tk_reenter_on_event = reenter_from_event;
    scenario(&g_hooked);
    assert_true(g_plain.nev >= 8);
    assert_int_equal(g_calls, 14 * g_plain.nev); /* from every event of the scenario */
    assert_int_equal(g_wrong, 0);
    assert_int_equal(g_reads, 0);
    assert_same(&g_plain, &g_hooked);
}

/* After a hook returns the flag is clear: the next call from outside runs. */
static void service_runs_again_after_a_hook(void **state)
{
    (void)state;
    tk_init("desktop");
    tk_reenter_on_event = reenter_from_event;
    g_h = tk_open(0, "app:x", 0, HSX_MBX_STATUS_OK);
    tk_reenter_on_event = NULL;
    assert_int_equal(tk_send(0, g_h, "ok", HSX_MBX_TIMEOUT_POLL), HSX_MBX_STATUS_OK);
    assert_int_equal(hsx_mbx_task_start(5), HSX_MBX_STATUS_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(complete_hook_reentry_is_refused),
                                       cmocka_unit_test(event_hook_reentry_is_refused),
                                       cmocka_unit_test(service_runs_again_after_a_hook)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

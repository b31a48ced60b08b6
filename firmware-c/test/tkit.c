#include "tkit.h"

hsx_mbx_completion_t tk_comp[64];
uint8_t tk_comp_payload[64][256];
int tk_ncomp;

void (*tk_reenter_on_complete)(const hsx_mbx_completion_t *c);
void (*tk_reenter_on_event)(const hsx_mbx_event_t *e);

void tkit_on_event(const struct hsx_mbx_event *e)
{
    if (tk_reenter_on_event != NULL) {
        tk_reenter_on_event(e);
    }
}

void tkit_on_complete(const struct hsx_mbx_completion *c)
{
    if (tk_reenter_on_complete != NULL) {
        tk_reenter_on_complete(c);
    }
    if (tk_ncomp < 64) {
        tk_comp[tk_ncomp] = *c;
        if (c->buf != NULL && c->msg.length <= 256u) {
            memcpy(tk_comp_payload[tk_ncomp], c->buf, c->msg.length);
        }
        tk_ncomp++;
    }
}

hsx_mbx_limits_t tk_limits(const char *profile)
{
    hsx_mbx_limits_t l;
    memset(&l, 0, sizeof(l));
    if (strcmp(profile, "embedded") == 0) {
        l.max_descriptors = 16; l.max_tasks = 4; l.handle_limit_per_pid = 8; l.default_capacity = 64;
        l.arena_bytes = 4096; l.tap_rate_limit = 20; l.event_ring_size = 16; l.name_pool_bytes = 128; l.max_taps = 4;
    } else {
        l.max_descriptors = 256; l.max_tasks = 64; l.handle_limit_per_pid = 64; l.default_capacity = 64;
        l.arena_bytes = 262144; l.tap_rate_limit = 0; l.event_ring_size = 1024; l.name_pool_bytes = 8192;
        l.max_taps = 64;
    }
    l.task_mailboxes = 1;
    l.features = 0x1FF;
    l.event_mask = HSX_MBX_EVMASK_ALL;
    return l;
}

void tk_init_limits(const hsx_mbx_limits_t *l)
{
    tk_reenter_on_complete = NULL;
    tk_reenter_on_event = NULL;
    assert_int_equal(hsx_mbx_init(l), HSX_MBX_STATUS_OK);
    tk_ncomp = 0;
}

void tk_init(const char *profile)
{
    hsx_mbx_limits_t l = tk_limits(profile);
    tk_init_limits(&l);
}

void tk_clear(void) { tk_ncomp = 0; }

uint16_t tk_bind(uint16_t pid, const char *t, uint32_t cap, uint32_t mode, hsx_mbx_status_t want)
{
    uint16_t d = 0;
    assert_int_equal(hsx_mbx_bind(pid, t, strlen(t), cap, mode, &d), want);
    return d;
}

uint16_t tk_open(uint16_t pid, const char *t, uint32_t flags, hsx_mbx_status_t want)
{
    uint16_t h = 0;
    assert_int_equal(hsx_mbx_open(pid, t, strlen(t), flags, &h), want);
    return h;
}

static uint8_t g_sendbuf[8][256];

hsx_mbx_status_t tk_send(uint16_t pid, uint16_t h, const char *text, uint32_t timeout)
{
    /* a blocked send keeps the pointer: use a buffer per pid that outlives the call */
    uint8_t *b = g_sendbuf[pid % 8u];
    uint16_t n = 0;
    size_t len = strlen(text);
    memcpy(b, text, len);
    return hsx_mbx_send(pid, h, b, (uint32_t)len, 0, 0, timeout, &n);
}

hsx_mbx_status_t tk_recv(uint16_t pid, uint16_t h, char *out, uint32_t max, uint32_t timeout,
                         hsx_mbx_msg_info_t *info)
{
    hsx_mbx_msg_info_t tmp;
    hsx_mbx_status_t st = hsx_mbx_recv(pid, h, (uint8_t *)out, max, timeout, info != NULL ? info : &tmp);
    if (st == HSX_MBX_STATUS_OK) {
        out[(info != NULL ? info : &tmp)->length] = '\0';
    }
    return st;
}

int tk_events(uint32_t *mark, uint8_t *types, int max)
{
    hsx_mbx_event_t e;
    int n = 0;
    while (n < max - 1 && hsx_mbx_event_next(mark, &e)) {
        types[n++] = e.type;
    }
    types[n] = 0;
    return n;
}

/* fuzz_loader.c: libFuzzer harness of the .mailbox loader (hsx_mbx_load_section).
 *
 * Input: byte 0 = the image's pid, bytes 1..4 = the metadata entry_count (big-endian
 * uint32), the rest = the section payload (copied into a buffer of exactly its size,
 * so that ASan sees a read one byte before or after it).
 *
 * Each input runs on every profile the configuration holds (the host configuration:
 * desktop and embedded; an embedded target configuration: its compile-time profile),
 * each from a fixed service state (tasks 1 and 2 started, a few mailboxes, a queued
 * message, a reader, a tap; see setup()). The checks:
 *  - the status is OK, INVALID_ARGUMENT or NO_DESCRIPTOR, and bad_entry/bad_field
 *    fit it (OK: entry 0 field NONE; a rejection names a field);
 *  - rejected: every byte of the service state is as it was (the loader validates
 *    everything before it creates anything);
 *  - accepted: loading the same section into the starting state again is accepted and
 *    gives byte for byte the same state (the result depends on the section and the
 *    state only, not on scratch left by the previous call); then loading it a third
 *    time on top of the result (existing mailboxes: rebinds, more handles) is either
 *    accepted or rejected, and a rejection again leaves every byte as it was.
 * Any failure prints what differs and aborts, so libFuzzer keeps the input.
 * The harness may allocate (the runtime never does). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_state.h"
#include "hsx_mbx.h"

#if HSX_MBX_CFG_RUNTIME_LIMITS
#include "fuzz_profiles.h"
static const hsx_mbx_limits_t k_profiles[] = {FUZZ_PROFILE_DESKTOP, FUZZ_PROFILE_EMBEDDED};
static const char *const k_names[] = {"desktop", "embedded"};
#define NPROFILES 2u
#else
#define NPROFILES 1u
static const char *const k_names[] = {"compile-time"};
#endif

static size_t g_state_bytes;         /* sum of the STATE regions */
static uint8_t *g_base[NPROFILES];   /* state after setup(), per profile */
static uint8_t *g_after;             /* state after an accepted load */
static unsigned g_current;           /* the profile whose base the service now holds */
static int g_verbose;                /* FUZZ_VERBOSE set: one line per load (seed review) */

/* The configs route completions here. Nobody is blocked in setup()'s state, so a
 * load cannot complete anything. */
void hsx_host_on_complete(const struct hsx_mbx_completion *c)
{
    (void)c;
    fprintf(stderr, "fuzz_loader: a load completed a blocked call, but none was blocked\n");
    abort();
}

static void fail(const char *what, unsigned p)
{
    fprintf(stderr, "fuzz_loader: profile %s: %s\n", k_names[p], what);
    abort();
}

static void save(uint8_t *buf)
{
    size_t i;
    for (i = 0; i < fuzz_region_count; i++) {
        if (fuzz_regions[i].kind == FUZZ_STATE) {
            memcpy(buf, fuzz_regions[i].addr, fuzz_regions[i].size);
            buf += fuzz_regions[i].size;
        }
    }
}

static void restore(const uint8_t *buf)
{
    size_t i;
    for (i = 0; i < fuzz_region_count; i++) {
        if (fuzz_regions[i].kind == FUZZ_STATE) {
            memcpy(fuzz_regions[i].addr, buf, fuzz_regions[i].size);
            buf += fuzz_regions[i].size;
        }
    }
}

/* Aborts naming the first differing byte when the state is not buf. */
static void same_as(const uint8_t *buf, unsigned p, const char *when)
{
    size_t i, k;
    for (i = 0; i < fuzz_region_count; i++) {
        const fuzz_region_t *r = &fuzz_regions[i];
        if (r->kind != FUZZ_STATE) {
            continue;
        }
        if (memcmp(r->addr, buf, r->size) != 0) {
            const uint8_t *now = (const uint8_t *)r->addr;
            for (k = 0; now[k] == buf[k]; k++) {
            }
            fprintf(stderr, "fuzz_loader: profile %s: %s: %s byte %zu is 0x%02X, was 0x%02X\n", k_names[p], when,
                    r->name, k, now[k], buf[k]);
            abort();
        }
        buf += r->size;
    }
}

static void must(hsx_mbx_status_t st, const char *what)
{
    if (st != HSX_MBX_STATUS_OK) {
        fprintf(stderr, "fuzz_loader: setup: %s returned status %u\n", what, st);
        abort();
    }
}

static uint16_t open_(uint16_t pid, const char *t, uint32_t flags)
{
    uint16_t h = 0;
    must(hsx_mbx_open(pid, t, strlen(t), flags, &h), t);
    return h;
}

/* The starting state: what an executive has when it loads a later image. Tasks 1
 * and 2 run (each with its stdio and pid: mailboxes: 8 of the embedded profile's 16
 * descriptors); names the seed images use exist already (app:telemetry of pid 1
 * holds a message, so a shrink below its use is rejected); shared:metrics is a
 * fan-out with a reader and a tap (tap room and handle counts are not the empty
 * profile's); and opens and closes move the open-order stamp near its renumbering
 * in the stress build (HSX_MBX_STAMP_MAX 40), so that binding opens cross it. */
static void setup(unsigned p)
{
    uint16_t id = 0, sent = 0, h;
    int i;
#if HSX_MBX_CFG_RUNTIME_LIMITS
    must(hsx_mbx_init(&k_profiles[p]), "init");
#else
    (void)p;
    must(hsx_mbx_init(NULL), "init");
#endif
    must(hsx_mbx_task_start(1), "task_start 1");
    must(hsx_mbx_task_start(2), "task_start 2");
    must(hsx_mbx_bind(1, "app:telemetry", 13, 64, HSX_MBX_MODE_RDWR, &id), "bind app:telemetry");
    h = open_(1, "app:telemetry", HSX_MBX_MODE_RDWR);
    must(hsx_mbx_send(1, h, (const uint8_t *)"hello", 5, 0, 0, HSX_MBX_TIMEOUT_POLL, &sent), "send");
    must(hsx_mbx_bind(2, "shared:metrics", 14, 128, HSX_MBX_MODE_RDWR | HSX_MBX_MODE_FANOUT, &id),
         "bind shared:metrics");
    (void)open_(1, "shared:metrics", HSX_MBX_MODE_RDONLY);
    h = open_(2, "shared:metrics", HSX_MBX_MODE_RDWR);
    must(hsx_mbx_tap(2, h, 1), "tap");
    for (i = 0; i < 30; i++) {
        must(hsx_mbx_close(2, open_(2, "shared:metrics", HSX_MBX_MODE_RDONLY)), "close");
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    size_t i;
    unsigned p;
    (void)argc;
    (void)argv;
    if (getenv("FUZZ_LIST_STATICS") != NULL) { /* for fuzz-loader.sh's completeness check */
        for (i = 0; i < fuzz_region_count; i++) {
            printf("%s\n", fuzz_regions[i].name);
        }
        exit(0);
    }
    g_verbose = getenv("FUZZ_VERBOSE") != NULL;
    for (i = 0; i < fuzz_region_count; i++) {
        if (fuzz_regions[i].kind == FUZZ_STATE) {
            g_state_bytes += fuzz_regions[i].size;
        }
    }
    g_after = malloc(g_state_bytes);
    for (p = 0; p < NPROFILES; p++) {
        g_base[p] = malloc(g_state_bytes);
        if (g_base[p] == NULL) {
            fail("out of memory", p);
        }
        setup(p);
        save(g_base[p]);
    }
    g_current = NPROFILES - 1u;
    if (g_after == NULL) {
        fail("out of memory", 0);
    }
    return 0;
}

/* The status and the bad entry/field it names must fit together. */
static void check_result(hsx_mbx_status_t st, uint16_t be, uint8_t bf, unsigned p)
{
    if (st == HSX_MBX_STATUS_OK) {
        if (be != 0u || bf != HSX_MBX_LOADER_F_NONE) {
            fail("accepted, but bad_entry/bad_field are set", p);
        }
    } else if (st == HSX_MBX_STATUS_INVALID_ARGUMENT) {
        if (bf < HSX_MBX_LOADER_F_TARGET || bf > HSX_MBX_LOADER_F_MAILBOXES) {
            fail("INVALID_ARGUMENT without a field", p);
        }
    } else if (st == HSX_MBX_STATUS_NO_DESCRIPTOR) {
        if (bf != HSX_MBX_LOADER_F_TARGET && bf != HSX_MBX_LOADER_F_CAPACITY && bf != HSX_MBX_LOADER_F_BINDING_PID &&
            bf != HSX_MBX_LOADER_F_BINDING_FLAGS) {
            fail("NO_DESCRIPTOR naming a field that holds no resource", p);
        }
    } else {
        fail("a status load_section never returns", p);
    }
}

static void one_profile(unsigned p, uint16_t pid, const uint8_t *sec, uint32_t n, uint32_t count)
{
    uint16_t be = 0;
    uint8_t bf = 0;
    hsx_mbx_status_t st;
    if (g_current != p) {
        restore(g_base[p]);
        g_current = p;
    }
    st = hsx_mbx_load_section(pid, sec, n, count, &be, &bf);
    check_result(st, be, bf, p);
    if (g_verbose) {
        fprintf(stderr, "fuzz_loader: profile %s: status %u bad_entry %u bad_field %u\n", k_names[p], st, be, bf);
    }
    if (st != HSX_MBX_STATUS_OK) {
        same_as(g_base[p], p, "rejected load changed the state");
        return;
    }
    save(g_after);
    restore(g_base[p]);
    st = hsx_mbx_load_section(pid, sec, n, count, &be, &bf);
    if (st != HSX_MBX_STATUS_OK) {
        fail("accepted once, rejected when loaded again into the same state", p);
    }
    same_as(g_after, p, "the same load into the same state gave another state");
    st = hsx_mbx_load_section(pid, sec, n, count, &be, &bf);
    check_result(st, be, bf, p);
    if (st != HSX_MBX_STATUS_OK) {
        same_as(g_after, p, "rejected second load (on top of the first) changed the state");
    }
    restore(g_base[p]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *sec;
    uint32_t n, count;
    unsigned p;
    if (size < 5u || size - 5u > 0x7FFFFFFFu) {
        return 0;
    }
    n = (uint32_t)(size - 5u);
    count = ((uint32_t)data[1] << 24) | ((uint32_t)data[2] << 16) | ((uint32_t)data[3] << 8) | data[4];
    sec = malloc(n); /* exactly the section: ASan catches a byte read before or after it */
    if (sec == NULL && n != 0u) {
        return 0;
    }
    if (n != 0u) {
        memcpy(sec, data + 5, n);
    }
    for (p = 0; p < NPROFILES; p++) {
        one_profile(p, data[0], sec, n, count);
    }
    free(sec);
    return 0;
}

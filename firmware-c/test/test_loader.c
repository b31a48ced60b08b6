/* .mailbox loader (hxe-mailbox-section.md): both encodings, all-or-nothing, and every
 * rejection rule with the entry and field the Java model names
 * (MailboxSectionCodec, then MailboxService.preload). */
#include <stdio.h>

#include "tkit.h"

#define SEC 0xFFFFu /* bad_entry of a section-level error */

static hsx_mbx_status_t loadn(uint16_t pid, const char *json, uint32_t count, uint16_t *e, uint8_t *f)
{
    return hsx_mbx_load_section(pid, (const uint8_t *)json, (uint32_t)strlen(json), count, e, f);
}

/* JSON with entry_count = its number of entries (counted by top-level '{' of entries). */
static hsx_mbx_status_t load(uint16_t pid, const char *json, uint16_t *e, uint8_t *f)
{
    uint32_t n = 0, depth = 0;
    const char *p;
    int str = 0;
    for (p = json; *p; p++) {
        if (str) {
            if (*p == '\\') {
                p++;
            } else if (*p == '"') {
                str = 0;
            }
            continue;
        }
        if (*p == '"') {
            str = 1;
        } else if (*p == '{' || *p == '[') {
            depth++;
            if (*p == '{' && (depth == 2 + (json[0] == '{'))) {
                n++;
            }
        } else if (*p == '}' || *p == ']') {
            depth--;
        }
    }
    return loadn(pid, json, n, e, f);
}

static void json_object_and_bindings(void **state)
{
    hsx_mbx_desc_snapshot_t s;
    hsx_mbx_stats_t st;
    uint16_t e;
    uint8_t f;
    (void)state;
    tk_init("desktop");
    hsx_mbx_task_start(1);
    hsx_mbx_task_start(2);
    assert_int_equal(loadn(1, "{\"version\": 1, \"mailboxes\": [\n"
                             " {\"target\": \"app:telemetry\", \"capacity\": 96, \"mode\": \" RDWR | FANOUT\",\n"
                             "  \"bindings\": [{\"pid\": 2}, {\"pid\": 0, \"flags\": 5}], \"reserved\": {\"x\": [1, \"]\"]}},\n"
                             " {\"target\": \"c\\u006Dd\", \"mode_mask\": 3, \"owner_pid\": null}]}\n\0\0",
                           2, &e, &f),
                     HSX_MBX_STATUS_OK);
    assert_true(hsx_mbx_desc_snapshot(9, &s));
    assert_string_equal(s.name, "telemetry");
    assert_int_equal(s.capacity, 96);
    assert_int_equal(s.mode, 0x1B);
    assert_int_equal(s.taps, 1);
    assert_true(hsx_mbx_desc_snapshot(10, &s));
    assert_string_equal(s.name, "cmd");
    assert_int_equal(s.owner, 1);
    hsx_mbx_stats(&st);
    assert_int_equal(st.tap_count, 1);
    assert_int_equal(st.handles_total, 3 + 3 + 2);
}

typedef struct {
    const char *json;
    hsx_mbx_status_t st;
    uint16_t entry;
    uint8_t field;
} reject_t;

#define INV HSX_MBX_STATUS_INVALID_ARGUMENT
#define NOD HSX_MBX_STATUS_NO_DESCRIPTOR

static const reject_t k_rejects[] = {
    /* the document: strict JSON, whole section-level */
    {"[{\"target\": \"app:a\"", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:a\"}] x", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:a\",}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:a\"} {\"target\": \"app:b\"}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:a\", \"capacity\": 08}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:a\", \"capacity\": 1.}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:a\", \"capacity\": +1}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:a\", \"reserved\": tru}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:\\a\"}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:\\u00G0\"}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:\\u00\x10" "1\"}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:a\tb\"}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:\xC0\x80\"}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:\xED\xA0\x80\"}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:a\", \"reserved\": {\"k\": 1, \"k\": 2}}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:a\", \"target\": \"app:b\"}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"{\"mailboxes\": []}", INV, SEC, HSX_MBX_LOADER_F_VERSION},
    {"{\"version\": 2, \"mailboxes\": []}", INV, SEC, HSX_MBX_LOADER_F_VERSION},
    {"{\"version\": 1.0, \"mailboxes\": []}", INV, SEC, HSX_MBX_LOADER_F_VERSION},
    {"{\"version\": 1}", INV, SEC, HSX_MBX_LOADER_F_MAILBOXES},
    {"{\"version\": 1, \"mailboxes\": null}", INV, SEC, HSX_MBX_LOADER_F_MAILBOXES},
    {"{\"version\": 1, \"mailboxes\": [], \"extra\": 0}", INV, SEC, HSX_MBX_LOADER_F_UNKNOWN},
    /* keys are compared decoded, like Java: escaped spellings are the same key */
    {"[{\"target\": \"app:a\", \"t\\u0061rget\": \"app:b\"}]", INV, SEC, HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"target\": \"app:a\", \"reserved\": {\"\\ud83d\\ude00\": 1, \"\xF0\x9F\x98\x80\": 2}}]", INV, SEC,
     HSX_MBX_LOADER_F_SYNTAX},
    {"[{\"t\\u0061rget\": \"app:a\", \"c\\u0061pacity\": 7}]", INV, 0, HSX_MBX_LOADER_F_CAPACITY},
    {"{\"versio\\u006e\": 2, \"mailboxes\": []}", INV, SEC, HSX_MBX_LOADER_F_VERSION},
    /* entries (codec) */
    {"[1]", INV, 0, HSX_MBX_LOADER_F_ENTRY},
    {"[{\"target\": \"app:a\"}, {\"target\": \"app:b\", \"size\": 1}]", INV, 1, HSX_MBX_LOADER_F_UNKNOWN},
    {"[{\"capacity\": 8}]", INV, 0, HSX_MBX_LOADER_F_TARGET},
    {"[{\"target\": null}]", INV, 0, HSX_MBX_LOADER_F_TARGET},
    {"[{\"target\": 5}]", INV, 0, HSX_MBX_LOADER_F_TARGET},
    {"[{\"target\": \"\"}]", INV, 0, HSX_MBX_LOADER_F_TARGET},
    {"[{\"target\": \"app:123456789012345678901234567890\"}]", INV, 0, HSX_MBX_LOADER_F_TARGET},
    {"[{\"target\": \"app:\\n\"}]", INV, 0, HSX_MBX_LOADER_F_TARGET},
    {"[{\"target\": \"app:\\u00e9\"}]", INV, 0, HSX_MBX_LOADER_F_TARGET},
    {"[{\"target\": \"app:\xC3\xA9\"}]", INV, 0, HSX_MBX_LOADER_F_TARGET},
    {"[{\"target\": \"app:a\", \"capacity\": -1}]", INV, 0, HSX_MBX_LOADER_F_CAPACITY},
    {"[{\"target\": \"app:a\", \"capacity\": 65536}]", INV, 0, HSX_MBX_LOADER_F_CAPACITY},
    {"[{\"target\": \"app:a\", \"capacity\": 99999999999999999999}]", INV, 0, HSX_MBX_LOADER_F_CAPACITY},
    {"[{\"target\": \"app:a\", \"capacity\": 64.0}]", INV, 0, HSX_MBX_LOADER_F_CAPACITY},
    {"[{\"target\": \"app:a\", \"capacity\": 1e2}]", INV, 0, HSX_MBX_LOADER_F_CAPACITY},
    {"[{\"target\": \"app:a\", \"capacity\": \"64\"}]", INV, 0, HSX_MBX_LOADER_F_CAPACITY},
    {"[{\"target\": \"app:a\", \"mode\": \"RDWR|BOGUS\"}]", INV, 0, HSX_MBX_LOADER_F_MODE},
    {"[{\"target\": \"app:a\", \"mode\": \"RDWR|\"}]", INV, 0, HSX_MBX_LOADER_F_MODE},
    {"[{\"target\": \"app:a\", \"mode\": \"rdwr\"}]", INV, 0, HSX_MBX_LOADER_F_MODE},
    {"[{\"target\": \"app:a\", \"mode\": \"FAN OUT\"}]", INV, 0, HSX_MBX_LOADER_F_MODE},
    {"[{\"target\": \"app:a\", \"mode\": 3}]", INV, 0, HSX_MBX_LOADER_F_MODE},
    {"[{\"target\": \"app:a\", \"mode\": \"RDWR\", \"mode_mask\": 3}]", INV, 0, HSX_MBX_LOADER_F_MODE},
    {"[{\"target\": \"app:a\", \"mode_mask\": 256}]", INV, 0, HSX_MBX_LOADER_F_MODE_MASK},
    {"[{\"target\": \"app:a\", \"mode_mask\": \"RDWR\"}]", INV, 0, HSX_MBX_LOADER_F_MODE_MASK},
    {"[{\"target\": \"app:a\", \"owner_pid\": 65536}]", INV, 0, HSX_MBX_LOADER_F_OWNER_PID},
    {"[{\"target\": \"app:a\", \"bindings\": {}}]", INV, 0, HSX_MBX_LOADER_F_BINDINGS},
    {"[{\"target\": \"app:a\", \"bindings\": [1]}]", INV, 0, HSX_MBX_LOADER_F_BINDING},
    {"[{\"target\": \"app:a\", \"bindings\": [{\"pid\": 1, \"tap\": 1}]}]", INV, 0, HSX_MBX_LOADER_F_UNKNOWN},
    {"[{\"target\": \"app:a\", \"bindings\": [{\"flags\": 1}]}]", INV, 0, HSX_MBX_LOADER_F_BINDING_PID},
    {"[{\"target\": \"app:a\", \"bindings\": [{\"pid\": -1}]}]", INV, 0, HSX_MBX_LOADER_F_BINDING_PID},
    {"[{\"target\": \"app:a\", \"bindings\": [{\"pid\": 1, \"flags\": 70000}]}]", INV, 0,
     HSX_MBX_LOADER_F_BINDING_FLAGS},
    {"[{\"target\": \"app:a\"}, {\"target\": \"app:a\"}]", INV, 1, HSX_MBX_LOADER_F_TARGET},
    /* a codec error in a later entry wins over a service error in an earlier one */
    {"[{\"target\": \"app:a\", \"bindings\": [{\"pid\": 9}]}, {\"target\": \"app:b\", \"capacity\": -1}]", INV, 1,
     HSX_MBX_LOADER_F_CAPACITY},
    /* the service */
    {"[{\"target\": \"svc:a\"}, {\"target\": \"svc:a@1\"}]", INV, 1, HSX_MBX_LOADER_F_TARGET},
    {"[{\"target\": \"app:a@x\"}]", INV, 0, HSX_MBX_LOADER_F_TARGET},
    {"[{\"target\": \"app:@1\"}]", INV, 0, HSX_MBX_LOADER_F_TARGET},
    {"[{\"target\": \"app:a@9\"}]", INV, 0, HSX_MBX_LOADER_F_TARGET},
    {"[{\"target\": \"app:a@2\", \"owner_pid\": 1}]", INV, 0, HSX_MBX_LOADER_F_OWNER_PID},
    {"[{\"target\": \"app:a\", \"owner_pid\": 9}]", INV, 0, HSX_MBX_LOADER_F_OWNER_PID},
    {"[{\"target\": \"app:a\", \"capacity\": 7}]", INV, 0, HSX_MBX_LOADER_F_CAPACITY},
    {"[{\"target\": \"app:a\", \"mode_mask\": 192}]", INV, 0, HSX_MBX_LOADER_F_MODE},
    {"[{\"target\": \"app:a\", \"bindings\": [{\"pid\": 9}]}]", INV, 0, HSX_MBX_LOADER_F_BINDING_PID},
    {"[{\"target\": \"app:a\", \"bindings\": [{\"pid\": 2, \"flags\": 8}]}]", INV, 0, HSX_MBX_LOADER_F_BINDING_FLAGS},
    {"[{\"target\": \"app:a\", \"bindings\": [{\"pid\": 2, \"flags\": 6}]}]", INV, 0, HSX_MBX_LOADER_F_BINDING_FLAGS},
    {"[{\"target\": \"app:a\", \"capacity\": 3000}, {\"target\": \"app:b\", \"capacity\": 3000}]", NOD, 1,
     HSX_MBX_LOADER_F_CAPACITY},
    {"[{\"target\": \"app:a\", \"capacity\": 2000, \"bindings\": [{\"pid\": 2, \"flags\": 4}]}]", NOD, 0,
     HSX_MBX_LOADER_F_CAPACITY},
    {"[{\"target\": \"app:a\", \"bindings\": [{\"pid\": 2}, {\"pid\": 2}, {\"pid\": 2}, {\"pid\": 2}, {\"pid\": 2},"
     " {\"pid\": 2}, {\"pid\": 2}]}]",
     NOD, 0, HSX_MBX_LOADER_F_BINDING_PID},
    {"[{\"target\": \"app:a\", \"bindings\": [{\"pid\": 0, \"flags\": 4}, {\"pid\": 0, \"flags\": 4},"
     " {\"pid\": 0, \"flags\": 4}, {\"pid\": 0, \"flags\": 4}, {\"pid\": 0, \"flags\": 4}]}]",
     NOD, 0, HSX_MBX_LOADER_F_BINDING_FLAGS},
    {"[{\"target\": \"app:a1\"}, {\"target\": \"app:a2\"}, {\"target\": \"app:a3\"}, {\"target\": \"app:a4\"},"
     " {\"target\": \"app:a5\"}, {\"target\": \"app:a6\"}, {\"target\": \"app:a7\"}, {\"target\": \"app:a8\"},"
     " {\"target\": \"app:a9\"}, {\"target\": \"app:a10\"}, {\"target\": \"app:a11\"}, {\"target\": \"app:a12\"}]",
     NOD, 8, HSX_MBX_LOADER_F_TARGET},
    {"[{\"target\": \"app:n123456789012345678901234567\"}, {\"target\": \"app:m123456789012345678901234567\"},"
     " {\"target\": \"app:o123456789012345678901234567\"}, {\"target\": \"app:p123456789012345678901234567\"},"
     " {\"target\": \"app:q123456789012345678901234567\"}]",
     NOD, 2, HSX_MBX_LOADER_F_TARGET},
};

static void rejects(void **state)
{
    hsx_mbx_stats_t before, after;
    uint16_t e;
    uint8_t f;
    size_t i;
    (void)state;
    tk_init("embedded");
    hsx_mbx_task_start(1);
    hsx_mbx_task_start(2);
    hsx_mbx_stats(&before);
    for (i = 0; i < sizeof(k_rejects) / sizeof(k_rejects[0]); i++) {
        const reject_t *r = &k_rejects[i];
        hsx_mbx_status_t st = load(1, r->json, &e, &f);
        if (st != r->st || e != r->entry || f != r->field) {
            print_error("case %u %s: got status %u entry %u field %u\n", (unsigned)i, r->json, st, e, f);
        }
        assert_int_equal(st, r->st);
        assert_int_equal(e, r->entry);
        assert_int_equal(f, r->field);
        hsx_mbx_stats(&after);
        assert_memory_equal(&before, &after, sizeof(before));
    }
    /* entry_count: must equal the JSON entries */
    assert_int_equal(loadn(1, "[{\"target\": \"app:a\"}]", 2, &e, &f), INV);
    assert_int_equal(e, SEC);
    assert_int_equal(f, HSX_MBX_LOADER_F_ENTRY_COUNT);
    /* the image's pid after the codec */
    assert_int_equal(load(3, "[{\"target\": \"app:a\"}]", &e, &f), INV);
    assert_int_equal(e, 0);
    assert_int_equal(f, HSX_MBX_LOADER_F_PID);
    assert_int_equal(load(3, "[{\"target\": 1}]", &e, &f), INV);
    assert_int_equal(f, HSX_MBX_LOADER_F_TARGET);
    hsx_mbx_stats(&after);
    assert_memory_equal(&before, &after, sizeof(before));
}

/* Declaring an existing mailbox smaller frees arena for later entries (running sum). */
static void shrink_credits_arena(void **state)
{
    hsx_mbx_stats_t st;
    uint16_t e;
    uint8_t f;
    char json[200];
    uint32_t room;
    (void)state;
    tk_init("embedded");
    hsx_mbx_task_start(1);
    tk_bind(1, "app:big", 1024, HSX_MBX_MODE_RDWR, HSX_MBX_STATUS_OK);
    hsx_mbx_stats(&st);
    room = st.arena_bytes - st.arena_used;
    /* grow after the shrink: fits only with the 1016 bytes the shrink frees */
    snprintf(json, sizeof(json), "[{\"target\": \"app:new\", \"capacity\": %u}, {\"target\": \"app:big\", \"capacity\": 8}]",
             (unsigned)(room + 1016u));
    assert_int_equal(load(1, json, &e, &f), HSX_MBX_STATUS_NO_DESCRIPTOR);
    assert_int_equal(e, 0);
    assert_int_equal(f, HSX_MBX_LOADER_F_CAPACITY);
    snprintf(json, sizeof(json), "[{\"target\": \"app:big\", \"capacity\": 8}, {\"target\": \"app:new\", \"capacity\": %u}]",
             (unsigned)(room + 1016u));
    assert_int_equal(load(1, json, &e, &f), HSX_MBX_STATUS_OK);
    hsx_mbx_stats(&st);
    assert_int_equal(st.arena_used, st.arena_bytes);
}

static void legacy_binary(void **state)
{
    /* two big-endian records then the string table: "app:x\0" at 32, "svc:y\0" at 38 */
    uint8_t sec[64];
    hsx_mbx_desc_snapshot_t s;
    hsx_mbx_stats_t before, after;
    uint16_t e;
    uint8_t f;
    (void)state;
    memset(sec, 0, sizeof(sec));
    sec[3] = 32;
    sec[5] = 32;      /* capacity 32 */
    sec[7] = 0x13;    /* FANOUT_DROP|RDWR, no FANOUT bit (original examples) */
    sec[19] = 38;
    sec[23] = 0x03;
    sec[24] = 0xAA;   /* reserved bytes are ignored */
    memcpy(&sec[32], "app:x\0svc:y\0", 12);
    tk_init("desktop");
    hsx_mbx_task_start(1);
    hsx_mbx_stats(&before);
    sec[19] = 60; /* offset outside */
    assert_int_equal(hsx_mbx_load_section(1, sec, 44, 2, &e, &f), INV);
    assert_int_equal(e, 1);
    assert_int_equal(f, HSX_MBX_LOADER_F_NAME_OFFSET);
    sec[19] = 16; /* inside the records */
    assert_int_equal(hsx_mbx_load_section(1, sec, 44, 2, &e, &f), INV);
    assert_int_equal(f, HSX_MBX_LOADER_F_NAME_OFFSET);
    sec[19] = 38;
    assert_int_equal(hsx_mbx_load_section(1, sec, 43, 2, &e, &f), INV); /* unterminated */
    assert_int_equal(e, 1);
    assert_int_equal(f, HSX_MBX_LOADER_F_NAME_OFFSET);
    assert_int_equal(hsx_mbx_load_section(1, sec, 44, 3, &e, &f), INV);
    assert_int_equal(e, SEC);
    assert_int_equal(f, HSX_MBX_LOADER_F_ENTRY_COUNT);
    sec[22] = 1; /* mode 0x103 */
    assert_int_equal(hsx_mbx_load_section(1, sec, 44, 2, &e, &f), INV);
    assert_int_equal(e, 1);
    assert_int_equal(f, HSX_MBX_LOADER_F_MODE);
    sec[22] = 0;
    sec[19] = 32; /* duplicate text */
    assert_int_equal(hsx_mbx_load_section(1, sec, 44, 2, &e, &f), INV);
    assert_int_equal(f, HSX_MBX_LOADER_F_TARGET);
    sec[19] = 37; /* the empty string */
    assert_int_equal(hsx_mbx_load_section(1, sec, 44, 2, &e, &f), INV);
    assert_int_equal(f, HSX_MBX_LOADER_F_TARGET);
    sec[19] = 38;
    sec[39] = 0x7F; /* not printable */
    assert_int_equal(hsx_mbx_load_section(1, sec, 44, 2, &e, &f), INV);
    assert_int_equal(f, HSX_MBX_LOADER_F_TARGET);
    sec[39] = 'v';
    hsx_mbx_stats(&after);
    assert_memory_equal(&before, &after, sizeof(before));
    assert_int_equal(hsx_mbx_load_section(1, sec, 44, 2, &e, &f), HSX_MBX_STATUS_OK);
    assert_true(hsx_mbx_desc_snapshot(5, &s));
    assert_int_equal(s.mode, 0x1B);
    assert_int_equal(s.capacity, 32);
    assert_true(hsx_mbx_desc_snapshot(6, &s));
    assert_string_equal(s.name, "y");
    assert_int_equal(s.capacity, 64);
    /* an empty binary section with no entries is fine */
    assert_int_equal(hsx_mbx_load_section(1, sec, 0, 0, &e, &f), HSX_MBX_STATUS_OK);
}

/* ---------------------------------------------------------------- large sections
 * The loader's limits (reliability issue, item 5): counts in 32 bits, one pass over the
 * section. Sections are built in one static buffer. */
static uint8_t g_big[65537u * 20u + 64u];

static uint32_t put(uint32_t at, const char *s)
{
    size_t n = strlen(s);
    memcpy(&g_big[at], s, n);
    return at + (uint32_t)n;
}

/* A bare JSON array of n copies of elem, then tail (if any) as element n. */
static uint32_t json_array(uint32_t n, const char *elem, const char *tail)
{
    uint32_t at = put(0, "[");
    for (uint32_t i = 0; i < n; i++) {
        at = put(at, i == 0u ? "" : ",");
        at = put(at, elem);
    }
    if (tail != NULL) {
        at = put(at, ",");
        at = put(at, tail);
    }
    return put(at, "]");
}

/* n entries with distinct targets "app:mNNNN", then tail (if any). */
static uint32_t json_distinct(uint32_t n, const char *tail)
{
    char e[40];
    uint32_t at = put(0, "[");
    for (uint32_t i = 0; i < n; i++) {
        snprintf(e, sizeof(e), "%s{\"target\":\"app:m%04u\"}", i == 0u ? "" : ",", (unsigned)i);
        at = put(at, e);
    }
    if (tail != NULL) {
        at = put(at, ",");
        at = put(at, tail);
    }
    return put(at, "]");
}

static void expect(uint32_t len, uint32_t count, hsx_mbx_status_t st, uint16_t entry, uint8_t field)
{
    uint16_t e = 0;
    uint8_t f = 0;
    hsx_mbx_status_t got = hsx_mbx_load_section(1, g_big, len, count, &e, &f);
    if (got != st || e != entry || f != field) {
        print_error("len %u count %u: got status %u entry %u field %u\n", (unsigned)len, (unsigned)count, got, e, f);
    }
    assert_int_equal(got, st);
    assert_int_equal(e, entry);
    assert_int_equal(f, field);
}

/* 65536 JSON entries: the count does not wrap to 0 (it used to loop for ever). */
static void json_65536_entries(void **state)
{
    hsx_mbx_stats_t before, after;
    uint32_t len;
    (void)state;
    tk_init("desktop");
    hsx_mbx_task_start(1);
    hsx_mbx_stats(&before);
    len = json_array(65536u, "{\"target\":\"app:a\"}", NULL);
    expect(len, 0, INV, SEC, HSX_MBX_LOADER_F_ENTRY_COUNT);       /* 65536 is not 0 */
    expect(len, 65536u, INV, 1, HSX_MBX_LOADER_F_TARGET);        /* textual duplicate */
    len = json_array(65536u, "0", NULL);
    expect(len, 65536u, INV, 0, HSX_MBX_LOADER_F_ENTRY);
    len = json_array(65535u, "{\"target\":\"app:a\"}", "{\"target\":\"app:b\",\"capacity\":-1}");
    expect(len, 65536u, INV, 0xFFFEu, HSX_MBX_LOADER_F_CAPACITY); /* entry 65535: saturated */
    hsx_mbx_stats(&after);
    assert_memory_equal(&before, &after, sizeof(before));
}

/* A binary table of 65537 records: all of them are read (the count used to be cut to 1). */
static void binary_65537_records(void **state)
{
    hsx_mbx_stats_t before, after;
    const uint32_t n = 65537u, strings = n * 16u;
    (void)state;
    tk_init("desktop");
    hsx_mbx_task_start(1);
    hsx_mbx_stats(&before);
    memset(g_big, 0, strings + 16u);
    g_big[0] = (uint8_t)(strings >> 24); /* record 0 -> "app:a"; record 1 and later: name_offset 0 */
    g_big[1] = (uint8_t)(strings >> 16);
    g_big[2] = (uint8_t)(strings >> 8);
    g_big[3] = (uint8_t)strings;
    memcpy(&g_big[strings], "app:a", 6);
    expect(strings + 6u, n, INV, 1, HSX_MBX_LOADER_F_NAME_OFFSET);
    expect(strings + 6u, n + 1u, INV, SEC, HSX_MBX_LOADER_F_ENTRY_COUNT);
    hsx_mbx_stats(&after);
    assert_memory_equal(&before, &after, sizeof(before));
    expect(strings + 6u, 1, HSX_MBX_STATUS_OK, 0, HSX_MBX_LOADER_F_NONE); /* record 0 alone is fine */
}

/* 4096 entries: one pass (the loader used to take time cubic in the entries). */
static void large_sections(void **state)
{
    hsx_mbx_stats_t before, after;
    uint32_t len, room;
    (void)state;
    tk_init("desktop");
    hsx_mbx_task_start(1);
    hsx_mbx_stats(&before);
    room = before.free_descriptors;
    len = json_distinct(4096u, NULL);
    expect(len, 4096u, NOD, (uint16_t)room, HSX_MBX_LOADER_F_TARGET);
    len = json_distinct(4095u, "{\"target\":\"app:z\",\"capacity\":65536}");
    expect(len, 4096u, INV, 4095u, HSX_MBX_LOADER_F_CAPACITY);
    len = json_distinct(200u, "{\"target\":\"app:m0150\"}");
    expect(len, 201u, INV, 200u, HSX_MBX_LOADER_F_TARGET);
    hsx_mbx_stats(&after);
    assert_memory_equal(&before, &after, sizeof(before));
    len = json_distinct(room, NULL);
    expect(len, room, HSX_MBX_STATUS_OK, 0, HSX_MBX_LOADER_F_NONE);
    hsx_mbx_stats(&after);
    assert_int_equal(after.free_descriptors, 0);
    assert_int_equal(after.active_descriptors, before.active_descriptors + room);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(json_object_and_bindings), cmocka_unit_test(rejects),
                                       cmocka_unit_test(shrink_credits_arena), cmocka_unit_test(legacy_binary),
                                       cmocka_unit_test(json_65536_entries), cmocka_unit_test(binary_65537_records),
                                       cmocka_unit_test(large_sections)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* hsx_mbx_loader.c: the `.mailbox` section of HXE v2 images (feature loader).
 *
 * Accepts and rejects exactly what the Java model's load does, in the same order, so
 * that the first problem names the same entry and field:
 *  1. the codec (MailboxSectionCodec.decodeForLoad): strict JSON (an object
 *     {"version":1,"mailboxes":[...]} or a bare array) or the legacy binary table
 *     (16-byte big-endian records: u32 name_offset, u16 capacity, u16 mode, 8
 *     reserved; then NUL-terminated strings), every entry's fields, then the metadata
 *     entry_count;
 *  2. the service (MailboxService.preload): the image's pid, then per entry a textual
 *     duplicate target, its resolution, a duplicate key, capacity and mode, its bindings,
 *     and the running resource totals (the arena sum is signed, in load order: declaring
 *     an existing mailbox smaller frees bytes for later entries);
 *  3. creation, all or nothing.
 *
 * Cost, linear in the section: the JSON document is validated once (grammar, UTF-8,
 * duplicate keys, trailing content; nesting at most HSX_MBX_LOADER_DEPTH), then every
 * array (entries, bindings) is walked forwards with the cursor, never re-read by index:
 * the codec reads each byte a bounded number of times, O(size) (a duplicate object key
 * is searched among the earlier keys of its object, so an object of k keys costs
 * O(k * its size): entries and bindings have at most 7 and 2 valid keys). Phase 2 stops
 * at entry max_descriptors at the latest (each passing entry holds a key of its own), and
 * finds duplicates by one fingerprint per checked entry (text and key, with its position
 * for the exact comparison), so it costs O(size + m * max_descriptors) for m entries
 * checked, the order of the core's own lookups (desc_lookup is O(max_descriptors)).
 * Counts cannot wrap: the codec counts entries in uintptr_t (a section in memory holds
 * fewer than size / 2), the service phase in uint16_t bounded by max_descriptors, and
 * every resource counter is compared with its limit after each increment.
 *
 * Locking: the codec reads only the section and runs outside the critical section;
 * phases 2 and 3 read and change the service and run inside one critical section, so
 * nothing changes between the checks and the creation; their work is bounded by the
 * profile (above), not by the section. The caller keeps the section in place and
 * unchanged until the call returns (the executive loads an image into its own buffer
 * before the task exists) and makes one load at a time (the scratch below is static).
 *
 * Design (small and shallow): the section is walked with a static cursor by a
 * one-token scanner into one static record, so nothing is buffered and no large local
 * exists. Positions are pointers into the section (16-bit on AVR). Strings are read as
 * UTF-16 units, the way Java compares them, so that 16-bit arithmetic suffices on AVR.
 * Constant tables live in flash on AVR (PROGMEM), where .rodata would be copied to SRAM.
 */
#include <string.h>

#include "hsx_mbx_preload.h"

#if HSX_MBX_CFG_LOADER

#ifndef HSX_MBX_LOADER_DEPTH
#define HSX_MBX_LOADER_DEPTH 16 /* JSON nesting accepted (= MailboxSectionCodec.MAX_DEPTH) */
#endif

/* Constant tables: HSX_ROM (in flash on AVR), read with HSX_ROM_BYTE. */

typedef const uint8_t *lp_t; /* a position in the section */

#define F_NONE   HSX_MBX_LOADER_F_NONE
#define NO_ENTRY 0xFFFFu
#define F_NODESC 0x80u /* result code bit: NO_DESCRIPTOR (else INVALID_ARGUMENT) with the field */
#define F_OFF    0x20u /* result code: INVALID_ARGUMENT with field NONE (loader off) */
#define F_MASK   0x1Fu /* result code: the field */
#define NAME_MAX 12u   /* longest key or mode name ("FANOUT_BLOCK") */

/* Every key and mode name the loader knows, NUL-separated, in groups: the
 * top-level object, an entry, a binding, the mode names. */
static const char k_names[] HSX_ROM = "version\0mailboxes\0"
                                     "target\0capacity\0mode\0mode_mask\0owner_pid\0bindings\0reserved\0"
                                     "pid\0flags\0"
                                     "RDONLY\0WRONLY\0RDWR\0TAP\0FANOUT\0FANOUT_DROP\0FANOUT_BLOCK\0";
enum { K_TOP = 0, K_ENTRY = 2, K_BIND = 9, K_MODE = 11, K_END = 18 };
enum { V_TARGET, V_CAPACITY, V_MODE, V_MASK, V_OWNER, V_BINDINGS }; /* entry members (from K_ENTRY) */

/* Duplicate fingerprints: as wide as a descriptor id (8 bits where ids are 8-bit). */
typedef hsx_mbx_did_t ldh_t;

/* All scratch in one static record (codegen's SramModel counts it as g_ld). */
static struct {
    lp_t p, e;                         /* the section and its end (JSON: without trailing NULs) */
    lp_t pos;                          /* scanner cursor */
    lp_t tok;                          /* start of the last token */
    lp_t arr;                          /* JSON: the entries array ('['); binary: the end of the records */
    lp_t bind;                         /* bindings array of the entry read last, NULL = none */
    lp_t val[7];                       /* member values of the object read last (NULL = absent) */
    uint16_t bpid, bflags;             /* binding read last */
    uint16_t used[HSX_MBX_NTASK_SLOTS]; /* bindings per task slot so far */
    union { /* validate() uses only stk; the entry records are used after it */
        lp_t stk[HSX_MBX_LOADER_DEPTH]; /* open containers while validating */
        struct {
            hsx_mbx_decl_t cur, oth;
        } e;
    } u;
    struct { /* check(): per checked entry */
        ldh_t h[2];                    /* fingerprints of its target text and of its resolved key */
        lp_t at;                       /* where it is (re-read when a fingerprint matches) */
    } seen[HSX_MBX_CFG_MAX_DESCRIPTORS];
    hsx_mbx_ldinfo_t inf;
    hsx_mbx_ldroom_t room;
    uint8_t json;
} g_ld;
#define g_p      g_ld.p
#define g_e      g_ld.e
#define g_pos    g_ld.pos
#define g_tok    g_ld.tok
#define g_arr    g_ld.arr
#define g_bind   g_ld.bind
#define g_stk    g_ld.u.stk
#define g_val    g_ld.val
#define g_bpid   g_ld.bpid
#define g_bflags g_ld.bflags
#define g_used   g_ld.used
#define g_cur    g_ld.u.e.cur
#define g_oth    g_ld.u.e.oth
#define g_inf    g_ld.inf
#define g_room   g_ld.room
/* The section is JSON: only with the loader_json feature (a constant 0 when it is
 * compiled out, so the JSON reader goes); without it every section is read as
 * the binary table, as the model's decodeBinaryForLoad does. */
#define g_json   (HSX_MBX_CFG_LOADER_JSON && g_ld.json)

/* ---------------------------------------------------------------- scanning */

static uint8_t at(lp_t q) { return q < g_e ? *q : 0u; }

/* The byte at the cursor and past it; 0 at the end, where the cursor stays. */
static uint8_t nx(void)
{
    uint8_t c = at(g_pos);
    if (g_pos < g_e) {
        g_pos++;
    }
    return c;
}

/* Moves past c if it is at the cursor: 1 if it was. */
static uint8_t opt(uint8_t c)
{
    if (at(g_pos) != c) {
        return 0;
    }
    g_pos++;
    return 1;
}

static void ws(void)
{
    while (opt(' ') || opt('\t') || opt('\n') || opt('\r')) {
    }
}

static uint8_t is_digit(uint8_t c) { return (uint8_t)(c >= '0' && c <= '9'); }

static uint8_t digits(void)
{
    uint8_t n = 0;
    while (is_digit(at(g_pos))) {
        g_pos++;
        n = 1;
    }
    return n;
}

/* The next UTF-16 unit of the string at the cursor (which the caller stops at its
 * closing quote); moves the cursor to the end when the string is not strict JSON (escapes, raw
 * control characters, UTF-8 without overlongs, surrogates or code points above
 * U+10FFFF). Units, not code points, because Java compares strings by UTF-16
 * units: an escaped surrogate pair and the raw 4-byte sequence are then the same
 * text with 16-bit arithmetic only. A 4-byte sequence gives its high surrogate and
 * leaves the cursor on its first continuation byte, where the next call gives the
 * low one (a continuation byte is only ever read there: right after a 4-byte lead). */
static uint16_t unit(void)
{
    static const char esc[] HSX_ROM = "\"\"\\\\//b\bf\fn\nr\rt\t";
    lp_t s = g_pos;
    uint16_t v = 0;
    uint8_t c = nx(), k, h;
    const char *e;
    if (c == '\\') {
        c = nx();
        if (c == 'u') {
            for (k = 0; k < 4u; k++) {
                c = nx();
                h = (uint8_t)(c - '0');
                if (h > 9u) {
                    h = (uint8_t)((c | 0x20u) - 'a'); /* (0x10..0x19 | 0x20 are digits: not here) */
                    if (h > 5u) {
                        break;
                    }
                    h = (uint8_t)(h + 10u);
                }
                v = (uint16_t)((v << 4) | h);
            }
            if (k == 4u) {
                return v;
            }
        } else {
            for (e = esc; HSX_ROM_BYTE(e) != 0u; e += 2) {
                if (HSX_ROM_BYTE(e) == c) {
                    return HSX_ROM_BYTE(e + 1);
                }
            }
        }
    } else if (c >= 0x20u && c < 0x80u) {
        return c;
    } else if (c >= 0xC2u && c <= 0xF4u) { /* a lead byte (0xC0/0xC1 would be overlong) */
        k = c >= 0xF0u ? 3u : c >= 0xE0u ? 2u : 1u;
        v = c & (0x3Fu >> k);
        while (k-- != 0u) {
            c = nx();
            if ((c & 0xC0u) != 0x80u) {
                break;
            }
            if (k != 0u || s[0] < 0xF0u) {
                v = (uint16_t)((v << 6) | (c & 0x3Fu)); /* 4 bytes: the code point >> 6 */
            }
        }
        if (k == 0xFFu) {
            if (s[0] >= 0xF0u) { /* the high surrogate, if the code point is 0x10000..0x10FFFF */
                v = (uint16_t)(0xD7C0u + (v >> 4));
                if ((v & 0xFC00u) == 0xD800u) {
                    g_pos = s + 1;
                    return v;
                }
            } else if (s[0] < 0xE0u || (v >= 0x800u && (v & 0xF800u) != 0xD800u)) {
                return v; /* (two bytes from 0xC2 are never overlong) */
            }
        }
    } else if (c >= 0x80u && s[-1] >= 0xF0u) { /* the low surrogate of the sequence at s - 1 */
        g_pos = s + 3;
        return (uint16_t)(0xDC00u | ((uint16_t)(s[1] & 0x0Fu) << 6) | (s[2] & 0x3Fu));
    }
    g_pos = g_e; /* a control character, the end, a bad escape or bad UTF-8: no closing quote */
    return 0;
}

/* Scans the token at the cursor (after blanks) and moves past it. Returns its first
 * byte ('"' string, '0' number, 't'/'f'/'n' literals, or punctuation), 0 when it
 * is malformed (strict JSON: no leading zeros, no bare '.', no '+'). */
static uint8_t tok(void)
{
    static const char lits[] HSX_ROM = "true\0false\0null\0";
    const char *l = lits;
    uint8_t c, x;
    ws();
    g_tok = g_pos;
    c = nx();
    if (c == '"') {
        while (at(g_pos) != '"') {
            if (g_pos == g_e) {
                return 0; /* unterminated or malformed */
            }
            (void)unit();
        }
        g_pos++;
        return c;
    }
    if (c == '-' || is_digit(c)) {
        if (c == '-') {
            c = nx();
        }
        if (!is_digit(c)) {
            return 0;
        }
        if (c != '0') {
            (void)digits();
        }
        if (opt('.') && !digits()) {
            return 0;
        }
        if ((opt('e') || opt('E')) && ((void)(opt('+') || opt('-')), !digits())) {
            return 0;
        }
        return '0';
    }
    if ((c | 0x20u) == '{' || (c | 0x20u) == '}' || c == ':' || c == ',') {
        return c; /* { [ } ] : , */
    }
    while ((x = HSX_ROM_BYTE(l)) != 0u) {
        if (x == c) { /* the literal with this first letter, or nothing */
            while ((x = HSX_ROM_BYTE(++l)) != 0u && opt(x)) {
            }
            return x == 0u ? c : 0u;
        }
        while (HSX_ROM_BYTE(l++) != 0u) {
        }
    }
    return 0;
}

/* Skips one value of a validated document. */
static void skip(void)
{
    uint8_t d = 0;
    do {
        uint8_t t = (uint8_t)(tok() | 0x20u);
        if (t == '{') {
            d++;
        } else if (t == '}') {
            d--;
        }
    } while (d != 0u);
}

/* 1 when the string tokens at a and b decode to the same text. */
static uint8_t same_str(lp_t a, lp_t b)
{
    lp_t save = g_pos;
    uint16_t ca;
    uint8_t r;
    a++;
    b++;
    for (;;) {
        if (*a == '"' || *b == '"') {
            r = (uint8_t)(*a == *b);
            break;
        }
        g_pos = a;
        ca = unit();
        a = g_pos;
        g_pos = b;
        if (unit() != ca) {
            r = 0;
            break;
        }
        b = g_pos;
    }
    g_pos = save;
    return r;
}

/* Validates the whole JSON document (the model parses it whole first). */
static uint8_t validate(void)
{
    uint8_t d = 0, t;
    g_pos = g_p;
    for (;;) {
        t = tok(); /* a value */
        if ((t | 0x20u) == '{') {
            lp_t save;
            if (d == HSX_MBX_LOADER_DEPTH) {
                return 0;
            }
            g_stk[d++] = g_tok;
            save = g_pos;
            if (tok() != (uint8_t)(t + 2u)) { /* '{'+2 = '}', '['+2 = ']' */
                g_pos = save;
                if (t == '[') {
                    continue;
                }
                goto key;
            }
            d--;
        } else if (t == 0u || (t | 0x20u) == '}' || t == ':' || t == ',') {
            return 0;
        }
        for (;;) { /* after a value */
            if (d == 0u) {
                ws();
                return (uint8_t)(g_pos == g_e);
            }
            t = tok();
            if (t == ',') {
                break;
            }
            if (t != (uint8_t)(*g_stk[d - 1u] + 2u)) {
                return 0;
            }
            d--;
        }
        if (*g_stk[d - 1u] == '[') {
            continue;
        }
    key:
        if (tok() != '"') {
            return 0;
        }
        { /* duplicate keys are an error (strict duplicate detection) */
            lp_t k = g_tok, save = g_pos;
            g_pos = g_stk[d - 1u] + 1;
            while ((void)tok(), g_tok != k) {
                if (same_str(g_tok, k)) {
                    return 0;
                }
                (void)tok(); /* ':' */
                skip();
                (void)tok(); /* ',' */
            }
            g_pos = save;
        }
        if (tok() != ':') {
            return 0;
        }
    }
}

/* The first element of the validated JSON array at arr (NULL: none), NULL if it is
 * empty; next(at): the element after the one at at, NULL after the last. Arrays are
 * walked forwards only, so reading every element costs the array's size once. */
static lp_t first(lp_t arr)
{
    if (arr == NULL || !g_json) { /* binary tables have no JSON arrays (no bindings) */
        return NULL;
    }
    g_pos = arr + 1;
    ws();
    return *g_pos == ']' ? NULL : g_pos;
}

static lp_t next(lp_t at)
{
    g_pos = at;
    skip();
    if (tok() != ',') {
        return NULL;
    }
    ws();
    return g_pos;
}

/* The entries of either encoding: JSON elements, or the 16-byte binary records up to
 * g_arr (the end of the record table). */
static lp_t ent_first(void)
{
    return g_json ? first(g_arr) : g_p < g_arr ? g_p : NULL;
}

static lp_t ent_next(lp_t at)
{
    return g_json ? next(at) : at + 16 < g_arr ? at + 16 : NULL;
}

/* Index in k_names of the name w[0..n), K_END when it is none. */
static uint8_t find(const char *w, uint8_t n)
{
    const char *s = k_names;
    uint8_t k, i;
    for (k = 0; k < K_END; k++) {
        for (i = 0; i < n && HSX_ROM_BYTE(s + i) == (uint8_t)w[i]; i++) {
        }
        if (i == n && HSX_ROM_BYTE(s + i) == 0u) {
            break;
        }
        while (HSX_ROM_BYTE(s++) != 0u) {
        }
    }
    return k;
}

/* Reads a name from the validated string at the cursor up to its closing quote
 * (left at the cursor) and looks it up (find). A key is taken whole; a mode name
 * (mode != 0) ends before a '|' (also left at the cursor) and is trimmed like
 * Java's String.trim (units <= ' ' around it). */
static uint8_t word(uint8_t mode)
{
    char w[NAME_MAX];
    uint8_t n = 0, gap = 0;
    while (*g_pos != '"') {
        lp_t q = g_pos;
        uint16_t c = unit();
        if (mode) {
            if (c == '|') {
                g_pos = q;
                break;
            }
            if (c <= ' ') {
                gap = n; /* trimmed unless a name follows */
                continue;
            }
        }
        if (gap || n >= NAME_MAX || c <= ' ' || c > 0x7Eu) {
            n = 0xFFu;
        } else {
            w[n++] = (char)c;
        }
    }
    return n > NAME_MAX ? (uint8_t)K_END : find(w, n);
}

/* Reads the members of the object at obj into g_val by the position of their key
 * in k_names from lo (cnt names); a null value is left NULL, as if absent (the model
 * treats null as absent for every optional field, and as missing for required
 * ones). Returns 0 when a key is none of them. */
static uint8_t members(lp_t obj, uint8_t lo, uint8_t cnt)
{
    memset(g_val, 0, sizeof(g_val));
    g_pos = obj + 1;
    for (;;) {
        uint8_t k, t = tok();
        if (t == '}') {
            return 1;
        }
        if (t == ',') {
            (void)tok();
        }
        g_pos = g_tok + 1;
        k = (uint8_t)(word(0) - lo);
        g_pos++;
        (void)tok(); /* ':' */
        ws();
        if (k >= cnt) {
            return 0;
        }
        if (*g_pos != 'n') {
            g_val[k] = g_pos;
        }
        skip();
    }
}

/* The integer at v (NULL: absent, *out unchanged) into *out: 1 when it is not
 * an integer in 0..max (no fraction or exponent; -0 is 0), else 0. */
static uint8_t num(lp_t v, uint16_t max, uint16_t *out)
{
    uint16_t n = 0;
    uint8_t c, neg;
    if (v == NULL) {
        return 0;
    }
    neg = (uint8_t)(*v == '-');
    v += neg;
    if (!is_digit(*v)) {
        return 1;
    }
    while (is_digit(c = *v)) {
        c = (uint8_t)(c - '0');
        if (n > 6553u) {
            return 1;
        }
        n = (uint16_t)(n * 10u + c);
        if (n < c) {
            return 1; /* 65536..65539 wrapped */
        }
        v++;
    }
    if (c == '.' || (c | 0x20u) == 'e' || n > max || (neg && n != 0u)) {
        return 1;
    }
    *out = n;
    return 0;
}

/* "RDWR | FANOUT" -> mask (names trimmed, case-sensitive); 0 when a name is unknown. */
static uint8_t mode_names(lp_t v)
{
    uint8_t mask = 0, k;
    g_pos = v + 1;
    for (;;) {
        k = (uint8_t)(word(1) - K_MODE);
        if (k >= K_END - K_MODE) {
            return 0;
        }
        mask |= (uint8_t)(k < 3u ? k + 1u : 1u << (k - 1u)); /* RDONLY 1, WRONLY 2, RDWR 3, TAP 4, FANOUT 8, ... */
        if (*g_pos == '"') {
            return mask;
        }
        (void)unit(); /* '|' */
    }
}

/* The binding at e (an element of g_bind) into g_bpid / g_bflags: a field code. */
static uint8_t binding(lp_t e)
{
    if (*e != '{') {
        return HSX_MBX_LOADER_F_BINDING;
    }
    if (!members(e, K_BIND, 2)) {
        return HSX_MBX_LOADER_F_UNKNOWN;
    }
    g_bflags = 0;
    if (g_val[0] == NULL || num(g_val[0], 0xFFFFu, &g_bpid)) {
        return HSX_MBX_LOADER_F_BINDING_PID;
    }
    if (num(g_val[1], 0xFFFFu, &g_bflags)) {
        return HSX_MBX_LOADER_F_BINDING_FLAGS;
    }
    return F_NONE;
}

/* Reads the entry at r (ent_first / ent_next) into d (model: MailboxSectionCodec.entry
 * / decodeBinary). The target is read by one loop for both encodings: the JSON string's
 * units up to its quote, or the binary string's bytes up to its NUL. Reads the entry
 * once (a binary target is read to its NUL: past 32 bytes only once, as the entry then
 * fails). */
static uint8_t decl(lp_t r, hsx_mbx_decl_t *d)
{
    lp_t v = r;
    uint16_t x;
    memset(d, 0, sizeof(*d));
    g_bind = NULL;
    if (g_json) {
        if (*v != '{') {
            return HSX_MBX_LOADER_F_ENTRY;
        }
        if (!members(v, K_ENTRY, 7)) {
            return HSX_MBX_LOADER_F_UNKNOWN;
        }
        v = g_val[V_TARGET];
        if (v == NULL || *v != '"') {
            return HSX_MBX_LOADER_F_TARGET;
        }
        v++;
    } else {
        uintptr_t off;
#if UINTPTR_MAX <= 0xFFFFu
        if ((r[0] | r[1]) != 0u) {
            return HSX_MBX_LOADER_F_NAME_OFFSET; /* beyond any section here */
        }
        off = (uintptr_t)(((uint16_t)r[2] << 8) | r[3]);
#else
        off = ((uintptr_t)r[0] << 24) | ((uintptr_t)r[1] << 16) | ((uintptr_t)r[2] << 8) | r[3];
#endif
        if (off < (uintptr_t)(g_arr - g_p) || off >= (uintptr_t)(g_e - g_p)) {
            return HSX_MBX_LOADER_F_NAME_OFFSET;
        }
        v = g_p + off;
    }
    for (g_pos = v;;) {
        if (g_json) {
            if (*g_pos == '"') {
                break;
            }
            x = unit();
        } else if ((x = nx()) == 0u) {
            if (g_pos[-1] != 0u) {
                return HSX_MBX_LOADER_F_NAME_OFFSET; /* unterminated: the end, not a NUL */
            }
            break;
        }
        if (x < 0x20u || x > 0x7Eu || d->tlen >= HSX_MBX_MAX_NAME_BYTES) {
            d->tlen = 0xFFu; /* not 1..32 printable ASCII */
        } else {
            d->target[d->tlen++] = (char)x;
        }
    }
    if ((uint8_t)(d->tlen - 1u) >= HSX_MBX_MAX_NAME_BYTES) {
        return HSX_MBX_LOADER_F_TARGET;
    }
    if (!g_json) {
        if (r[6] != 0u) {
            return HSX_MBX_LOADER_F_MODE;
        }
        d->capacity = (uint16_t)(((uint16_t)r[4] << 8) | r[5]);
        d->mode = r[7];
        return F_NONE;
    }
    if (num(g_val[V_CAPACITY], 0xFFFFu, &d->capacity)) {
        return HSX_MBX_LOADER_F_CAPACITY;
    }
    v = g_val[V_MODE];
    x = HSX_MBX_MODE_RDWR;
    if (v != NULL) {
        if (g_val[V_MASK] != NULL || *v != '"' || (x = mode_names(v)) == 0u) {
            return HSX_MBX_LOADER_F_MODE;
        }
    } else if (num(g_val[V_MASK], 0xFFu, &x)) {
        return HSX_MBX_LOADER_F_MODE_MASK;
    }
    d->mode = (uint8_t)x;
    v = g_val[V_OWNER];
    if (num(v, 0xFFFFu, &d->owner)) {
        return HSX_MBX_LOADER_F_OWNER_PID;
    }
    d->has_owner = (uint8_t)(v != NULL);
    v = g_val[V_BINDINGS];
    if (v != NULL) {
        uint8_t f;
        if (*v != '[') {
            return HSX_MBX_LOADER_F_BINDINGS;
        }
        g_bind = v;
        for (v = first(v); v != NULL; v = next(v)) {
            if ((f = binding(v)) != F_NONE) {
                return f;
            }
        }
    }
    return F_NONE;
}

/* ---------------------------------------------------------------- the three phases */

/* Entry numbers: the codec counts in uintptr_t, which cannot wrap (a section that fits
 * the address space holds at most size / 2 JSON or size / 16 binary entries); check()
 * in uint16_t, bounded by max_descriptors (<= 65280, see there). They are reported in
 * the API's 16 bits, saturated: 0xFFFE stands for "entry 0xFFFE or later", 0xFFFF is
 * the section. */
typedef uintptr_t ldn_t;
#define NO_N ((ldn_t)-1)

static uint16_t entry16(ldn_t i)
{
    return i == NO_N ? (uint16_t)NO_ENTRY : i >= NO_ENTRY ? (uint16_t)(NO_ENTRY - 1u) : (uint16_t)i;
}

/* 1. The codec, outside the critical section (it reads only the section): the JSON
 * root, every entry in order, then the entry count. One pass: O(section size). The
 * codec of the model also finds textual duplicate targets; the load path does that
 * in check() (decisions.md, "HXE images"), where at most max_descriptors entries are
 * examined. */
static HSX_NOINLINE uint8_t codec(uint32_t entry_count, ldn_t *bad_entry)
{
    ldn_t n = 0;
    uint16_t one = 0;
    lp_t q;
    uint8_t f;
    g_pos = g_p;
    if (HSX_MBX_CFG_LOADER_JSON) {
        ws(); /* JSON may start with whitespace (without the encoding nothing reads it) */
    }
    g_arr = g_pos;
    g_ld.json = (uint8_t)(HAS_LOADER_JSON && (at(g_arr) | 0x20u) == '{');
    if (g_json) {
        while (g_e != g_p && g_e[-1] == 0u) {
            g_e--; /* trailing NUL padding */
        }
        if (!validate()) {
            return HSX_MBX_LOADER_F_SYNTAX;
        }
        if (*g_arr == '{') {
            if (!members(g_arr, K_TOP, 2)) {
                return HSX_MBX_LOADER_F_UNKNOWN;
            }
            if (num(g_val[0], 1u, &one) || one != 1u) {
                return HSX_MBX_LOADER_F_VERSION;
            }
            g_arr = g_val[1];
            if (g_arr == NULL || *g_arr != '[') {
                return HSX_MBX_LOADER_F_MAILBOXES;
            }
        }
    } else {
        if (entry_count > (uint32_t)((uintptr_t)(g_e - g_p) / 16u)) {
            return HSX_MBX_LOADER_F_ENTRY_COUNT;
        }
        g_arr = g_p + (uintptr_t)entry_count * 16u; /* fits: entry_count * 16 <= size */
    }
    for (q = ent_first(); q != NULL; q = ent_next(q), n++) {
        if ((f = decl(q, &g_cur)) != F_NONE) {
            *bad_entry = n;
            return f;
        }
    }
    return g_json && entry_count != n ? HSX_MBX_LOADER_F_ENTRY_COUNT : F_NONE;
}

/* Fingerprint of a target's text (the textual-duplicate rule). */
static ldh_t text_hash(const hsx_mbx_decl_t *d)
{
    uint16_t h = 0;
    uint8_t k;
    for (k = 0; k < d->tlen; k++) {
        h = (uint16_t)((h ^ (uint8_t)d->target[k]) * 0x2F1Bu);
    }
    return (ldh_t)(sizeof(ldh_t) == 1u ? h ^ (h >> 8) : h);
}

/* 1 when an entry before number i matches the current one (in g_cur): the same
 * fingerprint h (of the text, or with key of the resolved key), then, re-read into g_oth,
 * the same target text or (key) the same mailbox for pid. An earlier entry is re-read only when the fingerprints agree. */
static HSX_NOINLINE uint8_t dup(uint16_t i, ldh_t h, uint8_t key, uint16_t pid)
{
    uint16_t a;
    for (a = 0; a < i; a++) {
        if (g_ld.seen[a].h[key] == h) {
            (void)decl(g_ld.seen[a].at, &g_oth);
            if (key ? hsx_mbx__ld_same(pid, &g_cur, &g_oth)
                    : (g_oth.tlen == g_cur.tlen && memcmp(g_oth.target, g_cur.target, g_cur.tlen) == 0)) {
                return 1;
            }
        }
    }
    return 0;
}

/* 2. The service's checks (PreloadCheck.validate), inside the critical section: per
 * entry a textual duplicate, resolution, a duplicate key, capacity and mode, bindings
 * (pid, open flags, handles per pid, taps) and the running totals. Returns the first
 * problem as a field code, with F_NODESC when the status is NO_DESCRIPTOR, and its entry
 * in *bad_entry.
 *
 * Bounded by the profile, not by the section: every entry that passes has a key of its
 * own, either an existing descriptor or one of the free ones, so entry number
 * max_descriptors fails at the latest (a duplicate or NO_DESCRIPTOR), and the
 * fingerprint tables (one per descriptor) never overflow. Cost: O(bytes of the entries
 * examined + examined^2 fingerprint compares + examined * max_descriptors in the core's
 * lookups), plus one re-read of an earlier entry (by its position) per fingerprint
 * collision.
 * Counters cannot wrap: each is checked against its limit (<= 65535) after every
 * increment, names and arena are 32-bit (the arena sum stays within +-(65535 *
 * examined + arena bytes)). */
static HSX_NOINLINE uint8_t check(uint16_t pid, ldn_t *bad_entry)
{
    uint32_t names = 0;
    uint16_t i = 0, ndesc = 0, taps = 0, handles;
    int32_t arena = 0; /* running sum in load order: a shrink frees bytes for later entries */
    lp_t q, b, bind;
    ldh_t th;
    memset(g_used, 0, sizeof(g_used));
    for (q = ent_first(); q != NULL; q = ent_next(q), i++) {
        uint8_t f;
        *bad_entry = i;
        (void)decl(q, &g_cur);
        bind = g_bind;
        th = text_hash(&g_cur);
        if (dup(i, th, 0, pid)) {
            return HSX_MBX_LOADER_F_TARGET;
        }
        if ((f = hsx_mbx__ld_resolve(pid, &g_cur, &g_inf)) != F_NONE) {
            return f;
        }
        if (dup(i, (ldh_t)g_inf.kh, 1, pid)) {
            return HSX_MBX_LOADER_F_TARGET;
        }
        if (g_inf.cm != F_NONE) {
            return g_inf.cm;
        }
        if (g_inf.id == 0u) {
            ndesc++;
            arena += g_inf.cap;
            names += g_inf.name_len;
        } else {
            arena += (int32_t)g_inf.cap - (int32_t)g_inf.old;
        }
        for (b = first(bind); b != NULL; b = next(b)) {
            uint16_t slot;
            (void)binding(b);
            slot = hsx_mbx__ld_task(g_bpid, &handles);
            if (slot == 0u) {
                return HSX_MBX_LOADER_F_BINDING_PID;
            }
            if ((g_bflags & ~0x07u) != 0u || ((g_bflags & HSX_MBX_MODE_TAP) &&
                                               (!g_room.taps_on || (g_bflags & 0x03u) == HSX_MBX_MODE_WRONLY))) {
                return HSX_MBX_LOADER_F_BINDING_FLAGS;
            }
            if ((uint32_t)handles + ++g_used[slot - 1u] > g_room.hlim) {
                return F_NODESC | HSX_MBX_LOADER_F_BINDING_PID;
            }
            if (g_bflags & HSX_MBX_MODE_TAP) {
                arena += g_inf.cap;
                if (++taps > g_room.taps) {
                    return F_NODESC | HSX_MBX_LOADER_F_BINDING_FLAGS;
                }
            }
        }
        if (ndesc > g_room.descs || i >= HSX_MBX_CFG_MAX_DESCRIPTORS) { /* (the second cannot happen, see above) */
            return F_NODESC | HSX_MBX_LOADER_F_TARGET;
        }
        if (arena > (int32_t)g_room.arena) {
            return F_NODESC | HSX_MBX_LOADER_F_CAPACITY;
        }
        if (names > g_room.names) {
            return F_NODESC | HSX_MBX_LOADER_F_TARGET;
        }
        g_ld.seen[i].h[0] = th;
        g_ld.seen[i].h[1] = (ldh_t)g_inf.kh;
        g_ld.seen[i].at = q;
    }
    return F_NONE;
}

/* 3. Creation, inside the same critical section as check() (so nothing changes in
 * between): nothing can fail any more. Its own loop, not through check(): that frame
 * would sit on the runtime's deepest stack, the create -> rebind -> settle path. */
static void create(uint16_t pid)
{
    lp_t q, b;
    for (q = ent_first(); q != NULL; q = ent_next(q)) {
        uint16_t id;
        (void)decl(q, &g_cur);
        id = hsx_mbx__ld_create(pid, &g_cur);
        for (b = first(g_bind); b != NULL; b = next(b)) {
            (void)binding(b);
            hsx_mbx__ld_open(id, g_bpid, (uint8_t)g_bflags);
        }
    }
}

/* The codec runs outside the critical section: it reads only the section, which the
 * caller keeps in place and unchanged until the call returns, and the static scratch,
 * so calls must not overlap (the executive loads one image at a time). check() and
 * create() run inside one critical section: they read and change the service. */
hsx_mbx_status_t hsx_mbx_load_section(uint16_t pid, const uint8_t *section, uint32_t size, uint32_t entry_count,
                                      uint16_t *bad_entry, uint8_t *bad_field)
{
    uint8_t f = F_OFF;
    ldn_t bad = NO_N;
    {
        HSX_MBX_ENTER_CRITICAL();
        HSX_MBX_REFUSE_IN_HOOK(); /* the event hook of a load must not start another one */
        hsx_mbx__ld_room(&g_room);
        HSX_MBX_EXIT_CRITICAL();
    }
    if (g_room.on) {
        f = HSX_MBX_LOADER_F_SYNTAX;
        if ((uint32_t)(uintptr_t)size == size) { /* (AVR: sections over 64 KiB cannot exist) */
            g_p = section;
            g_e = section + (uintptr_t)size;
            f = codec(entry_count, &bad);
        }
    }
    if (f == F_NONE) {
        uint16_t h;
        HSX_MBX_ENTER_CRITICAL();
        hsx_mbx__ld_room(&g_room);
        bad = 0;
        f = hsx_mbx__ld_task(pid, &h) == 0u ? HSX_MBX_LOADER_F_PID : check(pid, &bad);
        if (f == F_NONE) {
            create(pid);
            bad = 0;
        }
        HSX_MBX_EXIT_CRITICAL();
    }
    *bad_entry = entry16(bad);
    *bad_field = (uint8_t)(f & F_MASK);
    return f == F_NONE ? HSX_MBX_STATUS_OK : (f & F_NODESC) ? HSX_MBX_STATUS_NO_DESCRIPTOR
                                                            : HSX_MBX_STATUS_INVALID_ARGUMENT;
}

#endif /* HSX_MBX_CFG_LOADER */

/* hsx_mbx_loader.c: the `.mailbox` section of HXE v2 images (feature loader).
 *
 * Accepts and rejects exactly what the Java model does, in the same order, so
 * that the first problem names the same entry and field:
 *  1. the codec (MailboxSectionCodec.decode): strict JSON (an object
 *     {"version":1,"mailboxes":[...]} or a bare array) or the legacy binary table
 *     (16-byte big-endian records: u32 name_offset, u16 capacity, u16 mode, 8
 *     reserved; then NUL-terminated strings), every entry's fields, textual
 *     duplicate targets, then the metadata entry_count;
 *  2. the service (MailboxService.preload): the image's pid, each entry's
 *     resolution, duplicate keys, capacity and mode, its bindings, and the running
 *     resource totals (the arena sum is signed, in load order: declaring an existing
 *     mailbox smaller frees bytes for later entries);
 *  3. creation, all or nothing.
 *
 * Design (small and shallow): the section is walked with a static cursor by a
 * one-token scanner; the whole JSON document is validated once (grammar, UTF-8,
 * duplicate keys, trailing content; nesting at most HSX_MBX_LOADER_DEPTH), after
 * which entries are re-read on demand by index into one static record, so nothing
 * is buffered and no large local exists. Every scratch variable is static: the
 * service is single-instance and not re-entrant (calls are serialised by the
 * executive). Offsets are 16-bit where pointers are (AVR).
 */
#include <string.h>

#include "hsx_mbx_internal.h"

#if HSX_MBX_CFG_LOADER

#ifndef HSX_MBX_ENTER_CRITICAL
#define HSX_MBX_ENTER_CRITICAL() do { } while (0)
#endif
#ifndef HSX_MBX_EXIT_CRITICAL
#define HSX_MBX_EXIT_CRITICAL() do { } while (0)
#endif
#ifndef HSX_MBX_LOADER_DEPTH
#define HSX_MBX_LOADER_DEPTH 16 /* JSON nesting accepted (= MailboxSectionCodec.MAX_DEPTH) */
#endif

#if UINTPTR_MAX <= 0xFFFFu
typedef uint16_t loff_t_; /* section offset */
#else
typedef uint32_t loff_t_;
#endif

#define F_NONE     HSX_MBX_LOADER_F_NONE
#define NO_ENTRY   0xFFFFu
#define END        0x110000uL /* sch(): the closing quote (above every code point) */

/* All scratch in one static record (codegen's SramModel counts it as g_ld). */
static struct {
    const uint8_t *p;                  /* the section */
    loff_t_ n;                         /* its size (JSON: without trailing NULs) */
    loff_t_ pos;                       /* scanner cursor */
    loff_t_ tok;                       /* start of the last token */
    loff_t_ arr;                       /* JSON: the entries array ('[') */
    loff_t_ bind;                      /* bindings array of the entry read last, 0 = none */
    loff_t_ val[7];                    /* member values of the object read last (0 = absent) */
    uint16_t cnt;                      /* entries */
    uint16_t bpid, bflags;             /* binding read last */
    uint16_t used[HSX_MBX_NTASK_SLOTS]; /* bindings per task slot so far */
    union { /* validate() uses only stk; the entry records are used after it */
        loff_t_ stk[HSX_MBX_LOADER_DEPTH]; /* open containers while validating */
        struct {
            hsx_mbx_decl_t cur, oth;
        } e;
    } u;
    hsx_mbx_ldinfo_t inf;
    hsx_mbx_ldroom_t room;
    uint8_t json;
} g_ld;
#define g_p      g_ld.p
#define g_n      g_ld.n
#define g_pos    g_ld.pos
#define g_tok    g_ld.tok
#define g_arr    g_ld.arr
#define g_bind   g_ld.bind
#define g_stk    g_ld.u.stk
#define g_val    g_ld.val
#define g_cnt    g_ld.cnt
#define g_bpid   g_ld.bpid
#define g_bflags g_ld.bflags
#define g_used   g_ld.used
#define g_cur    g_ld.u.e.cur
#define g_oth    g_ld.u.e.oth
#define g_inf    g_ld.inf
#define g_room   g_ld.room
#define g_json   g_ld.json

/* ---------------------------------------------------------------- scanning */

static uint8_t at(loff_t_ i) { return i < g_n ? g_p[i] : 0u; }

static void ws(void)
{
    uint8_t c;
    while ((c = at(g_pos)) == ' ' || c == '\t' || c == '\n' || c == '\r') {
        g_pos++;
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

/* Scans the token at g_pos (after blanks) and moves past it. Returns its first
 * byte ('"' string, '0' number, 't'/'f'/'n' literals, or punctuation), 0 when it
 * is malformed: strict JSON (escapes, no raw control characters, valid UTF-8, no
 * leading zeros). */
static uint8_t tok(void)
{
    static const char lits[] = "true\0false\0null";
    uint8_t c;
    ws();
    g_tok = g_pos;
    c = at(g_pos++);
    if (c == '"') {
        for (;;) {
            c = at(g_pos++);
            if (c == '"') {
                return '"';
            }
            if (c < 0x20u) {
                return 0; /* control character or the end */
            }
            if (c == '\\') {
                c = at(g_pos++);
                if (c == 'u') {
                    uint8_t k;
                    for (k = 0; k < 4u; k++) {
                        c = at(g_pos++);
                        if (!is_digit(c) && ((c | 0x20u) < 'a' || (c | 0x20u) > 'f')) {
                            return 0; /* (0x10..0x19 | 0x20 would pass as a digit) */
                        }
                    }
                } else if (c == 0u || strchr("\"\\/bfnrt", c) == NULL) {
                    return 0;
                }
            } else if (c >= 0x80u) {
                uint8_t lo = 0x80u, hi = 0xBFu, n = c >= 0xF0u ? 3u : c >= 0xE0u ? 2u : 1u;
                if (c < 0xC2u || c > 0xF4u) {
                    return 0;
                }
                if (c == 0xE0u) {
                    lo = 0xA0u;
                } else if (c == 0xEDu) {
                    hi = 0x9Fu; /* no surrogates */
                } else if (c == 0xF0u) {
                    lo = 0x90u;
                } else if (c == 0xF4u) {
                    hi = 0x8Fu;
                }
                while (n-- != 0u) {
                    c = at(g_pos++);
                    if (c < lo || c > hi) {
                        return 0;
                    }
                    lo = 0x80u;
                    hi = 0xBFu;
                }
            }
        }
    }
    if (c == '-' || is_digit(c)) {
        if (c == '-') {
            c = at(g_pos++);
        }
        if (!is_digit(c)) {
            return 0;
        }
        if (c != '0') {
            (void)digits();
        }
        if (at(g_pos) == '.') {
            g_pos++;
            if (!digits()) {
                return 0;
            }
        }
        if ((at(g_pos) | 0x20u) == 'e') {
            g_pos++;
            if (at(g_pos) == '+' || at(g_pos) == '-') {
                g_pos++;
            }
            if (!digits()) {
                return 0;
            }
        }
        return '0';
    }
    if (c != 0u && strchr("{}[]:,", c) != NULL) {
        return c;
    }
    {
        const char *l = lits;
        while (*l != 0) {
            size_t n = strlen(l);
            if ((uint8_t)*l == c && (loff_t_)(g_n - g_tok) >= n && memcmp(&g_p[g_tok], l, n) == 0) {
                g_pos = (loff_t_)(g_tok + n);
                return c;
            }
            l += n + 1u;
        }
    }
    return 0;
}

/* Skips one value of a validated document. */
static void skip(void)
{
    uint8_t d = 0;
    do {
        uint8_t t = tok();
        if (t == '{' || t == '[') {
            d++;
        } else if (t == '}' || t == ']') {
            d--;
        }
    } while (d != 0u);
}

static uint16_t hex4(void)
{
    uint16_t v = 0;
    uint8_t k, c;
    for (k = 0; k < 4u; k++) {
        c = (uint8_t)(g_p[g_pos++] | 0x20u);
        v = (uint16_t)((v << 4) | (uint8_t)(c <= '9' ? c - '0' : c - 'a' + 10));
    }
    return v;
}

/* Next code point of the validated string at g_pos, END at the closing quote.
 * Escapes are decoded and an escaped surrogate pair is combined, so every spelling
 * of a text gives the same sequence (Java compares keys and values decoded). */
static uint32_t sch(void)
{
    uint8_t c = g_p[g_pos++];
    if (c == '"') {
        return END;
    }
    if (c == '\\') {
        c = g_p[g_pos++];
        if (c == 'u') {
            uint16_t v = hex4(), w;
            if ((v & 0xFC00u) == 0xD800u && g_p[g_pos] == '\\' && g_p[g_pos + 1u] == 'u') {
                loff_t_ save = g_pos;
                g_pos = (loff_t_)(g_pos + 2u);
                w = hex4();
                if ((w & 0xFC00u) == 0xDC00u) {
                    return 0x10000uL + ((uint32_t)(v - 0xD800u) << 10) + (uint32_t)(w - 0xDC00u);
                }
                g_pos = save;
            }
            return v;
        }
        {
            const char *e = strchr("b\bf\fn\nr\rt\t", c);
            return e != NULL ? (uint8_t)e[1] : c;
        }
    }
    if (c >= 0x80u) { /* valid UTF-8 (validated) */
        uint8_t n = c >= 0xF0u ? 3u : c >= 0xE0u ? 2u : 1u;
        uint32_t v = c & (0x3Fu >> n);
        while (n-- != 0u) {
            v = (v << 6) | (g_p[g_pos++] & 0x3Fu);
        }
        return v;
    }
    return c;
}

/* 1 when the string tokens at a and b decode to the same text. */
static uint8_t same_str(loff_t_ a, loff_t_ b)
{
    loff_t_ save = g_pos;
    uint32_t ca, cb;
    a++;
    b++;
    do {
        g_pos = a;
        ca = sch();
        a = g_pos;
        g_pos = b;
        cb = sch();
        b = g_pos;
    } while (ca == cb && ca != END);
    g_pos = save;
    return (uint8_t)(ca == cb);
}

/* Validates the whole JSON document (the model parses it whole first). */
static uint8_t validate(void)
{
    uint8_t d = 0, t;
    g_pos = 0;
    for (;;) {
        t = tok(); /* a value */
        if (t == '{' || t == '[') {
            loff_t_ save;
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
        } else if (t == 0u || strchr("}]:,", t) != NULL) {
            return 0;
        }
        for (;;) { /* after a value */
            uint8_t open;
            if (d == 0u) {
                ws();
                return (uint8_t)(g_pos == g_n);
            }
            open = g_p[g_stk[d - 1u]];
            t = tok();
            if (t == ',') {
                break;
            }
            if (t != (uint8_t)(open + 2u)) {
                return 0;
            }
            d--;
        }
        if (g_p[g_stk[d - 1u]] == '[') {
            continue;
        }
    key:
        if (tok() != '"') {
            return 0;
        }
        { /* duplicate keys are an error (strict duplicate detection) */
            loff_t_ k = g_tok, save = g_pos;
            g_pos = (loff_t_)(g_stk[d - 1u] + 1u);
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

/* Offset of element n of the array at arr, 0 if there is none. */
static loff_t_ elem(loff_t_ arr, uint16_t n)
{
    g_pos = (loff_t_)(arr + 1u);
    for (;;) {
        ws();
        if (at(g_pos) == ']') {
            return 0;
        }
        if (n-- == 0u) {
            return g_pos;
        }
        skip();
        if (tok() == ']') {
            return 0;
        }
    }
}

/* Reads the members of the object at obj into g_val by the position of their key
 * in names (NUL-separated, empty name ends). Returns 0 when a key is unknown. */
static uint8_t members(loff_t_ obj, const char *names)
{
    memset(g_val, 0, sizeof(g_val));
    g_pos = (loff_t_)(obj + 1u);
    for (;;) {
        const char *n = names;
        loff_t_ k, v;
        uint8_t i = 0, t = tok();
        if (t == '}') {
            return 1;
        }
        if (t == ',') {
            (void)tok();
        }
        k = g_tok;
        (void)tok(); /* ':' */
        ws();
        v = g_pos;
        for (;;) { /* the decoded key against each name */
            const char *m = n;
            uint32_t c;
            if (*n == 0) {
                return 0;
            }
            g_pos = (loff_t_)(k + 1u);
            while ((c = sch()) != END && c == (uint8_t)*m) {
                m++;
            }
            if (c == END && *m == 0) {
                break;
            }
            n += strlen(n) + 1u;
            i++;
        }
        g_val[i] = g_pos = v;
        skip();
    }
}

static uint8_t is_null(loff_t_ v) { return (uint8_t)(v != 0u && at(v) == 'n'); }

/* An integer value in 0..max (no fraction or exponent; -0 is 0). */
static uint8_t num16(loff_t_ v, uint16_t max, uint16_t *out)
{
    uint16_t n = 0;
    uint8_t c, neg = 0;
    if (at(v) == '-') {
        neg = 1;
        v++;
    }
    if (!is_digit(at(v))) {
        return 0;
    }
    while (is_digit(c = at(v))) {
        c = (uint8_t)(c - '0');
        if (n > 6553u || (n == 6553u && c > 5u)) {
            return 0;
        }
        n = (uint16_t)(n * 10u + c);
        v++;
    }
    if (c == '.' || (c | 0x20u) == 'e' || n > max || (neg && n != 0u)) {
        return 0;
    }
    *out = n;
    return 1;
}

/* "RDWR | FANOUT" -> mask (names trimmed, case-sensitive); 0 when a name is unknown. */
static uint8_t mode_names(loff_t_ v)
{
    static const char names[] = "RDONLY\0WRONLY\0RDWR\0TAP\0FANOUT\0FANOUT_DROP\0FANOUT_BLOCK\0";
    static const uint8_t bits[] = {HSX_MBX_MODE_RDONLY, HSX_MBX_MODE_WRONLY, HSX_MBX_MODE_RDWR, HSX_MBX_MODE_TAP,
                                   HSX_MBX_MODE_FANOUT, HSX_MBX_MODE_FANOUT_DROP, HSX_MBX_MODE_FANOUT_BLOCK};
    char part[12];
    uint8_t n = 0, gap = 0, bad = 0, mask = 0;
    uint32_t c;
    g_pos = (loff_t_)(v + 1u);
    do {
        c = sch();
        if (c == '|' || c == END) {
            const char *nm = names;
            uint8_t k = 0;
            while (k < sizeof(bits) && !(strlen(nm) == n && memcmp(nm, part, n) == 0)) {
                nm += strlen(nm) + 1u;
                k++;
            }
            if (bad || k == sizeof(bits)) {
                return 0;
            }
            mask |= bits[k];
            n = gap = 0;
        } else if (c <= ' ') {
            gap = n; /* trimmed unless a name follows */
        } else if (gap || n == sizeof(part) || c > 0x7Eu) {
            bad = 1;
        } else {
            part[n++] = (char)c;
        }
    } while (c != END);
    return mask;
}

static const char k_entry[] = "target\0capacity\0mode\0mode_mask\0owner_pid\0bindings\0reserved\0";
enum { V_TARGET, V_CAPACITY, V_MODE, V_MASK, V_OWNER, V_BINDINGS };

/* Binding j of the entry read last: 0xFF when there is none, else a field code. */
static uint8_t binding(uint16_t j)
{
    loff_t_ e = elem(g_bind, j);
    if (e == 0u) {
        return 0xFFu;
    }
    if (at(e) != '{') {
        return HSX_MBX_LOADER_F_BINDING;
    }
    if (!members(e, "pid\0flags\0")) {
        return HSX_MBX_LOADER_F_UNKNOWN;
    }
    g_bflags = 0;
    if (g_val[0] == 0u || is_null(g_val[0]) || !num16(g_val[0], 0xFFFFu, &g_bpid)) {
        return HSX_MBX_LOADER_F_BINDING_PID;
    }
    if (g_val[1] != 0u && !is_null(g_val[1]) && !num16(g_val[1], 0xFFFFu, &g_bflags)) {
        return HSX_MBX_LOADER_F_BINDING_FLAGS;
    }
    return F_NONE;
}

/* Reads entry i into d (model: MailboxSectionCodec.entry / decodeBinary). */
static uint8_t decl(uint16_t i, hsx_mbx_decl_t *d)
{
    uint32_t c;
    uint8_t n = 0;
    memset(d, 0, sizeof(*d));
    g_bind = 0;
    if (!g_json) {
        const uint8_t *r = &g_p[16u * i];
        loff_t_ off;
#if UINTPTR_MAX <= 0xFFFFu
        off = (r[0] | r[1]) != 0u ? 0xFFFFu : (loff_t_)(((loff_t_)r[2] << 8) | r[3]);
#else
        off = ((loff_t_)r[0] << 24) | ((loff_t_)r[1] << 16) | ((loff_t_)r[2] << 8) | r[3];
#endif
        d->capacity = (uint16_t)(((uint16_t)r[4] << 8) | r[5]);
        if (off < (loff_t_)(16u * g_cnt) || off >= g_n) {
            return HSX_MBX_LOADER_F_NAME_OFFSET;
        }
        while ((c = at(off)) != 0u) {
            if (c < 0x20u || c > 0x7Eu || n == HSX_MBX_MAX_NAME_BYTES) {
                n = 0xFFu;
            }
            if (n != 0xFFu) {
                d->target[n++] = (char)c;
            }
            off++;
        }
        if (off == g_n) {
            return HSX_MBX_LOADER_F_NAME_OFFSET; /* unterminated */
        }
        d->tlen = n;
        if (n == 0u || n == 0xFFu) {
            return HSX_MBX_LOADER_F_TARGET;
        }
        if (r[6] != 0u) {
            return HSX_MBX_LOADER_F_MODE;
        }
        d->mode = r[7];
        return F_NONE;
    }
    {
        loff_t_ e = elem(g_arr, i), v;
        uint16_t x;
        if (at(e) != '{') {
            return HSX_MBX_LOADER_F_ENTRY;
        }
        if (!members(e, k_entry)) {
            return HSX_MBX_LOADER_F_UNKNOWN;
        }
        v = g_val[V_TARGET];
        if (at(v) != '"') {
            return HSX_MBX_LOADER_F_TARGET;
        }
        g_pos = (loff_t_)(v + 1u);
        while ((c = sch()) != END) {
            if (c < 0x20u || c > 0x7Eu || n == HSX_MBX_MAX_NAME_BYTES) {
                return HSX_MBX_LOADER_F_TARGET;
            }
            d->target[n++] = (char)c;
        }
        if (n == 0u) {
            return HSX_MBX_LOADER_F_TARGET;
        }
        d->tlen = n;
        v = g_val[V_CAPACITY];
        if (v != 0u && !is_null(v) && !num16(v, 0xFFFFu, &d->capacity)) {
            return HSX_MBX_LOADER_F_CAPACITY;
        }
        d->mode = HSX_MBX_MODE_RDWR;
        v = g_val[V_MODE];
        if (v != 0u && !is_null(v)) {
            if ((g_val[V_MASK] != 0u && !is_null(g_val[V_MASK])) || at(v) != '"' ||
                (d->mode = mode_names(v)) == 0u) {
                return HSX_MBX_LOADER_F_MODE;
            }
        } else if ((v = g_val[V_MASK]) != 0u && !is_null(v)) {
            if (!num16(v, 0xFFu, &x)) {
                return HSX_MBX_LOADER_F_MODE_MASK;
            }
            d->mode = (uint8_t)x;
        }
        v = g_val[V_OWNER];
        if (v != 0u && !is_null(v)) {
            if (!num16(v, 0xFFFFu, &d->owner)) {
                return HSX_MBX_LOADER_F_OWNER_PID;
            }
            d->has_owner = 1;
        }
        v = g_val[V_BINDINGS];
        if (v != 0u && !is_null(v)) {
            uint16_t j = 0;
            uint8_t f;
            if (at(v) != '[') {
                return HSX_MBX_LOADER_F_BINDINGS;
            }
            g_bind = v;
            while ((f = binding(j++)) == F_NONE) {
            }
            if (f != 0xFFu) {
                return f;
            }
        }
        return F_NONE;
    }
}

/* ---------------------------------------------------------------- the three phases */

/* 1. The codec: the JSON root, then every entry; sets g_arr and g_cnt. */
static uint8_t codec(uint32_t entry_count, uint16_t *bad_entry)
{
    uint16_t i, i2;
    uint8_t f;
    g_pos = 0;
    ws();
    g_json = (uint8_t)(at(g_pos) == '{' || at(g_pos) == '[');
    if (g_json) {
        uint16_t one;
        while (g_n != 0u && g_p[g_n - 1u] == 0u) {
            g_n--; /* trailing NUL padding */
        }
        if (!validate()) {
            return HSX_MBX_LOADER_F_SYNTAX;
        }
        g_pos = 0;
        ws();
        g_arr = g_pos;
        if (at(g_arr) == '{') {
            if (!members(g_arr, "version\0mailboxes\0")) {
                return HSX_MBX_LOADER_F_UNKNOWN;
            }
            if (g_val[0] == 0u || !num16(g_val[0], 1u, &one) || one != 1u) {
                return HSX_MBX_LOADER_F_VERSION;
            }
            if (at(g_val[1]) != '[') {
                return HSX_MBX_LOADER_F_MAILBOXES;
            }
            g_arr = g_val[1];
        }
        for (g_cnt = 0; elem(g_arr, g_cnt) != 0u; g_cnt++) {
        }
    } else {
        if (entry_count > g_n / 16u) {
            return HSX_MBX_LOADER_F_ENTRY_COUNT;
        }
        g_cnt = (uint16_t)entry_count;
    }
    for (i = 0; i < g_cnt; i++) {
        *bad_entry = i;
        f = decl(i, &g_cur);
        for (i2 = 0; f == F_NONE && i2 < i; i2++) {
            (void)decl(i2, &g_oth);
            if (g_oth.tlen == g_cur.tlen && memcmp(g_oth.target, g_cur.target, g_cur.tlen) == 0) {
                f = HSX_MBX_LOADER_F_TARGET; /* duplicate of entry i2 (as written) */
            }
        }
        if (f != F_NONE) {
            return f;
        }
    }
    *bad_entry = NO_ENTRY;
    return (g_json && entry_count != g_cnt) ? HSX_MBX_LOADER_F_ENTRY_COUNT : F_NONE;
}

/* 2. The service's checks (model: MailboxService.preload). */
static hsx_mbx_status_t check(uint16_t pid, uint16_t *bad_entry, uint8_t *bad_field)
{
    uint16_t i, i2, j, ndesc = 0, taps = 0, handles;
    loff_t_ bind;
    uint32_t names = 0;
    int32_t arena = 0; /* running sum in load order: a shrink frees bytes for later entries */
    memset(g_used, 0, sizeof(g_used));
    hsx_mbx__ld_room(&g_room);
    for (i = 0; i < g_cnt; i++) {
        uint8_t f;
        *bad_entry = i;
        (void)decl(i, &g_cur);
        bind = g_bind;
        f = hsx_mbx__ld_resolve(pid, &g_cur, &g_inf);
        for (i2 = 0; f == F_NONE && i2 < i; i2++) {
            (void)decl(i2, &g_oth);
            if (hsx_mbx__ld_same(pid, &g_cur, &g_oth)) {
                f = HSX_MBX_LOADER_F_TARGET; /* duplicate of entry i2 */
            }
        }
        if (f == F_NONE) {
            f = g_inf.cm;
        }
        if (f != F_NONE) {
            *bad_field = f;
            return HSX_MBX_STATUS_INVALID_ARGUMENT;
        }
        if (g_inf.id == 0u) {
            ndesc++;
            arena += g_inf.cap;
            names += g_inf.name_len;
        } else {
            arena += (int32_t)g_inf.cap - (int32_t)g_inf.old;
        }
        g_bind = bind;
        for (j = 0; binding(j) == F_NONE; j++) {
            uint16_t slot = hsx_mbx__ld_task(g_bpid, &handles);
            *bad_field = HSX_MBX_LOADER_F_BINDING_PID;
            if (slot == 0u) {
                return HSX_MBX_STATUS_INVALID_ARGUMENT;
            }
            *bad_field = HSX_MBX_LOADER_F_BINDING_FLAGS;
            if ((g_bflags & ~0x07u) != 0u || ((g_bflags & HSX_MBX_MODE_TAP) &&
                                               (!g_room.taps_on || (g_bflags & 0x03u) == HSX_MBX_MODE_WRONLY))) {
                return HSX_MBX_STATUS_INVALID_ARGUMENT;
            }
            if ((uint32_t)handles + ++g_used[slot - 1u] > g_room.hlim) {
                *bad_field = HSX_MBX_LOADER_F_BINDING_PID;
                return HSX_MBX_STATUS_NO_DESCRIPTOR;
            }
            if (g_bflags & HSX_MBX_MODE_TAP) {
                arena += g_inf.cap;
                if (++taps > g_room.taps) {
                    return HSX_MBX_STATUS_NO_DESCRIPTOR;
                }
            }
        }
        *bad_field = HSX_MBX_LOADER_F_TARGET;
        if (ndesc > g_room.descs) {
            return HSX_MBX_STATUS_NO_DESCRIPTOR;
        }
        if (arena > (int32_t)g_room.arena) {
            *bad_field = HSX_MBX_LOADER_F_CAPACITY;
            return HSX_MBX_STATUS_NO_DESCRIPTOR;
        }
        if (names > g_room.names) {
            return HSX_MBX_STATUS_NO_DESCRIPTOR;
        }
    }
    return HSX_MBX_STATUS_OK;
}

hsx_mbx_status_t hsx_mbx_load_section(uint16_t pid, const uint8_t *section, uint32_t size, uint32_t entry_count,
                                      uint16_t *bad_entry, uint8_t *bad_field)
{
    hsx_mbx_status_t st = HSX_MBX_STATUS_INVALID_ARGUMENT;
    uint16_t i, j;
    HSX_MBX_ENTER_CRITICAL();
    g_p = section;
    g_n = (loff_t_)size;
    *bad_entry = NO_ENTRY;
    *bad_field = HSX_MBX_LOADER_F_SYNTAX;
    hsx_mbx__ld_room(&g_room);
    if (!g_room.on) {
        *bad_field = HSX_MBX_LOADER_F_NONE;
    } else if ((uint32_t)(loff_t_)size == size && (*bad_field = codec(entry_count, bad_entry)) == F_NONE) {
        *bad_entry = 0;
        if (hsx_mbx__ld_task(pid, &i) == 0u) {
            *bad_field = HSX_MBX_LOADER_F_PID;
        } else {
            st = check(pid, bad_entry, bad_field);
        }
    }
    if (st == HSX_MBX_STATUS_OK) {
        for (i = 0; i < g_cnt; i++) { /* 3. create: nothing can fail any more */
            uint16_t id;
            (void)decl(i, &g_cur);
            id = hsx_mbx__ld_create(pid, &g_cur);
            for (j = 0; binding(j) == F_NONE; j++) {
                hsx_mbx__ld_open(id, g_bpid, (uint8_t)g_bflags);
            }
        }
        *bad_entry = 0;
        *bad_field = HSX_MBX_LOADER_F_NONE;
    }
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

#endif /* HSX_MBX_CFG_LOADER */

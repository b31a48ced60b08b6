/* hsx_mbx_loader.c: the `.mailbox` section of HXE v2 images (feature loader).
 *
 * Parses both encodings (hxe-mailbox-section.md): JSON (an object with a
 * "mailboxes" array, or a bare array) and the legacy binary table (16-byte
 * little-endian records: u32 name_offset, u16 capacity, u16 mode, 8 reserved,
 * then NUL-terminated strings). The JSON reader is heap-free and non-recursive:
 * it walks the text with an offset and skips nested values with a depth count.
 * Entries are read on demand by index (O(n) each), so nothing is buffered; the
 * validation and the all-or-nothing creation live in hsx_mbx.c
 * (hsx_mbx__preload), next to the state they check.
 */
#include <string.h>

#include "hsx_mbx_internal.h"

#if HSX_MBX_CFG_LOADER

#define BAD 0xFFFFFFFFUL

/* ---------------------------------------------------------------- JSON scanning */

static uint32_t ws(const hsx_mbx_section_t *s, uint32_t i)
{
    while (i < s->size && (s->p[i] == ' ' || s->p[i] == '\t' || s->p[i] == '\n' || s->p[i] == '\r')) {
        i++;
    }
    return i;
}

/* Skips a string starting at its '"'; returns the offset after the closing quote, or 0. */
static uint32_t skip_string(const hsx_mbx_section_t *s, uint32_t i)
{
    i++;
    while (i < s->size) {
        uint8_t c = s->p[i];
        if (c == '"') {
            return i + 1u;
        }
        if (c == '\\') {
            i++;
        } else if (c < 0x20u) {
            return 0;
        }
        i++;
    }
    return 0;
}

/* Skips any value; returns the offset after it, or 0 on a syntax error. */
static uint32_t skip_value(const hsx_mbx_section_t *s, uint32_t i)
{
    uint32_t depth = 0;
    i = ws(s, i);
    do {
        uint8_t c;
        if (i >= s->size) {
            return 0;
        }
        c = s->p[i];
        if (c == '"') {
            i = skip_string(s, i);
            if (i == 0u) {
                return 0;
            }
        } else if (c == '{' || c == '[') {
            depth++;
            i++;
        } else if (c == '}' || c == ']') {
            if (depth == 0u) {
                return 0;
            }
            depth--;
            i++;
        } else if (c == ',' || c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (depth == 0u) {
                return 0;
            }
            i++;
        } else if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' ||
                   (c >= 'a' && c <= 'z')) {
            uint32_t st = i;
            while (i < s->size && ((s->p[i] >= '0' && s->p[i] <= '9') || s->p[i] == '-' || s->p[i] == '+' ||
                                   s->p[i] == '.' || (s->p[i] >= 'a' && s->p[i] <= 'z') || s->p[i] == 'E')) {
                i++;
            }
            if (i == st) {
                return 0;
            }
        } else {
            return 0;
        }
    } while (depth != 0u);
    return i;
}

/* Offset of the i-th element of the array at `arr` ('['), or 0 if there is none
 * (*end set when the array ended normally). */
static uint32_t nth(const hsx_mbx_section_t *s, uint32_t arr, uint32_t n, int *syntax)
{
    uint32_t i = ws(s, arr + 1u), k = 0;
    *syntax = 0;
    if (i < s->size && s->p[i] == ']') {
        return 0;
    }
    for (;;) {
        uint32_t e;
        if (k == n) {
            return i;
        }
        e = skip_value(s, i);
        if (e == 0u) {
            *syntax = 1;
            return 0;
        }
        e = ws(s, e);
        if (e < s->size && s->p[e] == ',') {
            i = ws(s, e + 1u);
            k++;
            continue;
        }
        if (e < s->size && s->p[e] == ']') {
            return 0;
        }
        *syntax = 1;
        return 0;
    }
}

/* Finds key `key` in the object at `obj` ('{'): offset of its value, or 0. */
static uint32_t member(const hsx_mbx_section_t *s, uint32_t obj, const char *key, int *syntax)
{
    uint32_t i = ws(s, obj + 1u);
    size_t kl = strlen(key);
    *syntax = 0;
    if (i < s->size && s->p[i] == '}') {
        return 0;
    }
    for (;;) {
        uint32_t ke, v;
        if (i >= s->size || s->p[i] != '"' || (ke = skip_string(s, i)) == 0u) {
            *syntax = 1;
            return 0;
        }
        v = ws(s, ke);
        if (v >= s->size || s->p[v] != ':') {
            *syntax = 1;
            return 0;
        }
        v = ws(s, v + 1u);
        if (ke - i - 2u == kl && memcmp(&s->p[i + 1u], key, kl) == 0) {
            return v;
        }
        v = skip_value(s, v);
        if (v == 0u) {
            *syntax = 1;
            return 0;
        }
        v = ws(s, v);
        if (v < s->size && s->p[v] == ',') {
            i = ws(s, v + 1u);
            continue;
        }
        if (v < s->size && s->p[v] == '}') {
            return 0;
        }
        *syntax = 1;
        return 0;
    }
}

/* An integer value (no fraction/exponent). Returns 0 if not one; *v = BAD when
 * out of 0..0xFFFFFFFE (negative or too big). */
static int json_int(const hsx_mbx_section_t *s, uint32_t i, uint32_t *v)
{
    int neg = 0;
    uint32_t n = 0, digits = 0;
    if (i < s->size && s->p[i] == '-') {
        neg = 1;
        i++;
    }
    while (i < s->size && s->p[i] >= '0' && s->p[i] <= '9') {
        if (n > 429496728UL) {
            n = BAD; /* saturate */
        } else if (n != BAD) {
            n = n * 10u + (uint32_t)(s->p[i] - '0');
        }
        i++;
        digits++;
    }
    if (digits == 0u || (i < s->size && (s->p[i] == '.' || s->p[i] == 'e' || s->p[i] == 'E'))) {
        return 0;
    }
    *v = (neg && n != 0u) ? BAD : n;
    return 1;
}

/* A string value of plain ASCII (escapes \" \\ \/ only) into out (cap bytes incl.
 * NUL); *len = its length or cap when longer or not printable ASCII. */
static int json_str(const hsx_mbx_section_t *s, uint32_t i, char *out, uint32_t cap, uint32_t *len)
{
    uint32_t n = 0;
    int bad = 0;
    if (i >= s->size || s->p[i] != '"' || skip_string(s, i) == 0u) {
        return 0;
    }
    i++;
    while (s->p[i] != '"') {
        uint8_t c = s->p[i++];
        if (c == '\\') {
            c = s->p[i++];
            if (c != '"' && c != '\\' && c != '/') {
                bad = 1; /* control escapes and \u are never valid in targets/modes */
                if (c == 'u') {
                    i += 4u;
                }
            }
        }
        if (c < 0x20u || c > 0x7Eu) {
            bad = 1;
        }
        if (n + 1u < cap) {
            out[n] = (char)c;
        }
        n++;
    }
    if (bad || n + 1u > cap) {
        n = cap;
    }
    out[n < cap ? n : cap - 1u] = '\0';
    *len = n;
    return 1;
}

/* "RDWR|FANOUT" -> mask; BAD on an unknown name. */
static uint32_t mode_names(const char *m, uint32_t len)
{
    static const char names[] = "RDONLY\0WRONLY\0RDWR\0TAP\0FANOUT\0FANOUT_DROP\0FANOUT_BLOCK\0";
    static const uint8_t bits[] = {HSX_MBX_MODE_RDONLY, HSX_MBX_MODE_WRONLY, HSX_MBX_MODE_RDWR, HSX_MBX_MODE_TAP,
                                   HSX_MBX_MODE_FANOUT, HSX_MBX_MODE_FANOUT_DROP, HSX_MBX_MODE_FANOUT_BLOCK};
    uint32_t mask = 0, i = 0;
    while (i <= len) {
        uint32_t j = i, k;
        const char *n = names;
        int found = 0;
        while (j < len && m[j] != '|') {
            j++;
        }
        for (k = 0; k < sizeof(bits); k++) {
            size_t nl = strlen(n);
            if (nl == j - i && memcmp(n, &m[i], nl) == 0) {
                mask |= bits[k];
                found = 1;
                break;
            }
            n += nl + 1u;
        }
        if (!found) {
            return BAD;
        }
        i = j + 1u;
    }
    return mask;
}

static uint8_t json_decl(const hsx_mbx_section_t *s, uint32_t i, hsx_mbx_decl_t *d)
{
    uint32_t v, len;
    int syn;
    char buf[24];
    if (i >= s->size || s->p[i] != '{') {
        return HSX_MBX_LOADER_F_SYNTAX;
    }
    d->obj = i;
    v = member(s, i, "target", &syn);
    if (syn) {
        return HSX_MBX_LOADER_F_SYNTAX;
    }
    if (v == 0u || !json_str(s, v, d->target, sizeof(d->target), &len)) {
        return HSX_MBX_LOADER_F_TARGET;
    }
    d->tlen = (uint8_t)len;
    v = member(s, i, "capacity", &syn);
    if (v != 0u && !json_int(s, v, &d->capacity)) {
        return HSX_MBX_LOADER_F_CAPACITY;
    }
    if (v != 0u && d->capacity > HSX_MBX_MAX_CAPACITY) {
        return HSX_MBX_LOADER_F_CAPACITY;
    }
    v = member(s, i, "mode_mask", &syn);
    if (v != 0u) {
        if (!json_int(s, v, &d->mode) || d->mode > 0xFFFFu) {
            return HSX_MBX_LOADER_F_MODE;
        }
    } else if ((v = member(s, i, "mode", &syn)) != 0u) {
        if (!json_str(s, v, buf, sizeof(buf), &len) || len >= sizeof(buf) ||
            (d->mode = mode_names(buf, len)) == BAD) {
            return HSX_MBX_LOADER_F_MODE;
        }
    } else {
        d->mode = HSX_MBX_MODE_RDWR;
    }
    v = member(s, i, "owner_pid", &syn);
    if (v != 0u) {
        if (!json_int(s, v, &d->owner) || d->owner > 0xFFFFu) {
            return HSX_MBX_LOADER_F_OWNER_PID;
        }
        d->has_owner = 1;
    }
    v = member(s, i, "bindings", &syn);
    if (v != 0u) {
        uint32_t n = 0;
        if (s->p[v] != '[') {
            return HSX_MBX_LOADER_F_BINDING_PID;
        }
        while (nth(s, v, n, &syn) != 0u) {
            n++;
        }
        if (syn) {
            return HSX_MBX_LOADER_F_SYNTAX;
        }
        d->nbindings = n;
    }
    return HSX_MBX_LOADER_F_NONE;
}

/* ---------------------------------------------------------------- binary table */

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint8_t bin_decl(const hsx_mbx_section_t *s, uint32_t i, hsx_mbx_decl_t *d)
{
    const uint8_t *r;
    uint32_t off, n = 0;
    if (s->entries > s->size / 16u || i >= s->entries) {
        return HSX_MBX_LOADER_F_SYNTAX;
    }
    r = &s->p[16u * i];
    off = le32(r);
    d->capacity = (uint32_t)r[4] | ((uint32_t)r[5] << 8);
    d->mode = (uint32_t)r[6] | ((uint32_t)r[7] << 8);
    if (off < 16u * s->entries || off >= s->size) {
        return HSX_MBX_LOADER_F_TARGET;
    }
    while (off + n < s->size && s->p[off + n] != 0u) {
        if (n < HSX_MBX_MAX_NAME_BYTES) {
            d->target[n] = (char)s->p[off + n];
        }
        n++;
    }
    if (off + n >= s->size) {
        return HSX_MBX_LOADER_F_TARGET; /* unterminated */
    }
    if (n > HSX_MBX_MAX_NAME_BYTES) {
        n = HSX_MBX_MAX_NAME_BYTES + 1u;
    } else {
        d->target[n] = '\0';
    }
    d->tlen = (uint8_t)n;
    return HSX_MBX_LOADER_F_NONE;
}

/* ---------------------------------------------------------------- interface */

uint8_t hsx_mbx__decl_get(const hsx_mbx_section_t *s, uint32_t i, hsx_mbx_decl_t *d)
{
    memset(d, 0, sizeof(*d));
    if (s->json) {
        int syn;
        uint32_t e = nth(s, s->arr, i, &syn);
        if (e == 0u) {
            return HSX_MBX_LOADER_F_SYNTAX;
        }
        return json_decl(s, e, d);
    }
    return bin_decl(s, i, d);
}

uint8_t hsx_mbx__binding_get(const hsx_mbx_section_t *s, const hsx_mbx_decl_t *d, uint32_t j, hsx_mbx_binding_t *b)
{
    int syn;
    uint32_t v = member(s, d->obj, "bindings", &syn), e;
    b->pid = 0;
    b->flags = 0;
    if (v == 0u || (e = nth(s, v, j, &syn)) == 0u || s->p[e] != '{') {
        return HSX_MBX_LOADER_F_BINDING_PID;
    }
    v = member(s, e, "pid", &syn);
    if (syn || v == 0u || !json_int(s, v, &b->pid) || b->pid > 0xFFFFu) {
        return HSX_MBX_LOADER_F_BINDING_PID;
    }
    v = member(s, e, "flags", &syn);
    if (v != 0u && (!json_int(s, v, &b->flags) || b->flags > 0xFFFFu)) {
        return HSX_MBX_LOADER_F_BINDING_FLAGS;
    }
    return HSX_MBX_LOADER_F_NONE;
}

hsx_mbx_status_t hsx_mbx_load_section(uint16_t pid, const uint8_t *section, uint32_t size, uint32_t entry_count,
                                      uint16_t *bad_entry, uint8_t *bad_field)
{
    hsx_mbx_section_t s;
    uint32_t i;
    *bad_entry = 0;
    *bad_field = HSX_MBX_LOADER_F_NONE;
    s.p = section;
    s.size = size;
    s.entries = entry_count;
    s.arr = 0;
    i = ws(&s, 0);
    s.json = (uint8_t)(i < size && (section[i] == '{' || section[i] == '['));
    if (s.json) {
        int syn = 0;
        while (s.size != 0u && section[s.size - 1u] == 0u) {
            s.size--; /* trailing NUL padding (the binary table's strings end in NUL) */
        }
        uint32_t n = 0;
        if (section[i] == '{') {
            uint32_t v = member(&s, i, "mailboxes", &syn);
            if (syn || v == 0u || section[v] != '[') {
                *bad_field = HSX_MBX_LOADER_F_SYNTAX;
                return HSX_MBX_STATUS_INVALID_ARGUMENT;
            }
            i = v;
        }
        if (skip_value(&s, i) == 0u) {
            *bad_field = HSX_MBX_LOADER_F_SYNTAX;
            return HSX_MBX_STATUS_INVALID_ARGUMENT;
        }
        s.arr = i;
        while (nth(&s, i, n, &syn) != 0u) {
            n++;
        }
        s.entries = n;
    }
    return hsx_mbx__preload(pid, &s, bad_entry, bad_field);
}

#endif /* HSX_MBX_CFG_LOADER */

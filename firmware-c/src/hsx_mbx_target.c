/* hsx_mbx_target.c: target names (contract section 3, decisions.md): a target
 * string of a call resolves to a key (namespace, owner, name) that descriptors
 * are looked up by (hsx_mbx_desc.c). */
#include "hsx_mbx_target.h"
#include "hsx_mbx_tasks.h"

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
const char hsx_mbx__prefixes[] HSX_ROM = "pid:svc:app:shared:";
#define PFX_PID 0u, 4u
#define PFX_SVC 4u, 4u
#define PFX_APP 8u, 4u
#define PFX_SHARED 12u, 7u

/* Whether target t (n bytes) starts with the prefix at hsx_mbx__prefixes[off], pn bytes. */
static int prefix(const char *t, uint_fast8_t n, uint_fast8_t off, uint_fast8_t pn)
{
    return n >= pn && HSX_ROM_MEMCMP(t, &hsx_mbx__prefixes[off], pn) == 0;
}

/* Resolves a target for caller pid (contract section 3, decisions.md). */
hsx_mbx_status_t hsx_mbx__resolve_checked(uint16_t pid, const char *t, size_t tlen, hsx_mbx_key_t *k, int check)
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
        if (k->owner != 0u && hsx_mbx__task_find(k->owner) == NULL) {
            return HSX_MBX_STATUS_INVALID_ARGUMENT;
        }
        if (k->ns == HSX_MBX_NS_SVC && pid != 0u && k->owner != pid) {
            return HSX_MBX_STATUS_PERMISSION_DENIED;
        }
    }
    return HSX_MBX_STATUS_OK;
}

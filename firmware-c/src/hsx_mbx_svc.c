/* hsx_mbx_svc.c: SVC dispatch of module 0x05 (the svc feature, HSX_MBX_CFG_SVC).
 *
 * Maps the VM's register convention onto the C API: R0 carries the status on
 * return, R1..R5 the arguments (docs/c-runtime.md, "SVC register convention").
 * Pointers are offsets into the task's memory image `mem` of `mem_size` bytes;
 * a pointer or length outside it is INVALID_ARGUMENT (no event: the service was
 * never reached). The VM is little-endian; the recv info struct is written as
 * five little-endian uint32.
 */
#include <string.h>

#include "hsx_mbx_state.h"

/* A length for the send entry point (hsx_mbx.h): one beyond 16 bits fails as 0xFFFF
 * does on 8-bit targets (no ring holds it). */
#if HSX_MBX_NARROW_CALLS
#define SVC_ARG16(v) ((v) > 0xFFFFu ? (hsx_mbx_fast_arg_t)0xFFFFu : (hsx_mbx_fast_arg_t)(v))
#else
#define SVC_ARG16(v) (v)
#endif

static int span_ok(uint32_t ptr, uint32_t len, uint32_t mem_size)
{
    return ptr <= mem_size && len <= mem_size - ptr;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Length of the NUL-terminated target at ptr: 0..32, or 33 when longer / no NUL
 * inside mem (the service then rejects it as INVALID_ARGUMENT). */
static size_t target_len(const uint8_t *mem, uint32_t ptr, uint32_t mem_size)
{
    size_t n = 0;
    while (ptr + n < mem_size && n <= HSX_MBX_MAX_NAME_BYTES && mem[ptr + n] != 0u) {
        n++;
    }
    if (ptr + n >= mem_size) {
        return HSX_MBX_MAX_NAME_BYTES + 1u;
    }
    return n;
}

static void write_info(uint8_t *mem, uint32_t mem_size, uint32_t ptr, uint32_t status,
                       const hsx_mbx_msg_info_t *m)
{
    if (ptr != 0u && span_ok(ptr, HSX_MBX_RECV_INFO_BYTES, mem_size)) {
        put32(mem + ptr, status);
        put32(mem + ptr + 4u, m->length);
        put32(mem + ptr + 8u, m->flags);
        put32(mem + ptr + 12u, m->channel);
        put32(mem + ptr + 16u, m->src_pid);
    }
}

/* What the call being dispatched returns (one of them per call). Static, not
 * on the stack, because hsx_mbx_svc heads the deepest call path of the runtime
 * (svc -> send/recv/bind -> settle -> ...). The dispatcher is not re-entrant,
 * like the service: its body is one critical section (the hooks nest inside
 * the service's own), so no second SVC can use this record meanwhile. */
static union {
    hsx_mbx_msg_info_t m; /* RECV */
    uint16_t v16;         /* OPEN, BIND: the id; SEND: bytes sent */
} g_svc;

/* PEEK, out of line: its record stays off the frame of the dispatcher (PEEK
 * calls nothing deep). */
static HSX_NOINLINE hsx_mbx_status_t svc_peek(uint16_t pid, uint32_t regs[6])
{
    hsx_mbx_peek_t p;
    hsx_mbx_status_t st = hsx_mbx_peek(pid, (uint16_t)regs[1], &p);
    regs[1] = p.depth;
    regs[2] = p.bytes_used;
    regs[3] = p.next_len;
    return st;
}

static hsx_mbx_status_t dispatch(uint16_t pid, uint8_t fn, uint32_t regs[6], uint8_t *mem, uint32_t mem_size)
{
    hsx_mbx_status_t st;
    g_svc.v16 = 0;
    switch (fn) {
    case HSX_MBX_FN_OPEN:
    case HSX_MBX_FN_BIND: {
        size_t n;
        if (regs[1] >= mem_size) {
            st = HSX_MBX_STATUS_INVALID_ARGUMENT;
            break;
        }
        n = target_len(mem, regs[1], mem_size);
        if (fn == HSX_MBX_FN_OPEN) {
            st = hsx_mbx_open(pid, (const char *)mem + regs[1], n, regs[2], &g_svc.v16);
        } else {
            st = hsx_mbx_bind(pid, (const char *)mem + regs[1], n, regs[2], regs[3], &g_svc.v16);
        }
        regs[1] = g_svc.v16;
        break;
    }
    case HSX_MBX_FN_SEND:
        if (!span_ok(regs[2], regs[3], mem_size)) {
            st = HSX_MBX_STATUS_INVALID_ARGUMENT;
            break;
        }
        /* the SVC form of SEND is always POLL (contract section 4); the entry point
         * itself, not the 32-bit hsx_mbx_send() around it (its frame would deepen the
         * SVC's stack): flags and channel have 16 bits, and a longer length fails as
         * 0xFFFF does (hsx_mbx__send_fast) */
        st = hsx_mbx__send_fast(pid, (uint16_t)regs[1], mem + regs[2], SVC_ARG16(regs[3]),
                                (hsx_mbx_fast_arg_t)(regs[4] & 0xFFFFu), (hsx_mbx_fast_arg_t)(regs[4] >> 16),
                                HSX_MBX_TIMEOUT_POLL, &g_svc.v16 HSX_MBX__WIDE_A(0));
        regs[1] = g_svc.v16;
        break;
    case HSX_MBX_FN_RECV:
        if (regs[1] > 0xFFFFu || !span_ok(regs[2], regs[3], mem_size) ||
            (regs[5] != 0u && !span_ok(regs[5], HSX_MBX_RECV_INFO_BYTES, mem_size))) {
            st = HSX_MBX_STATUS_INVALID_ARGUMENT;
            break;
        }
        st = hsx_mbx__recv_fast(pid, (uint16_t)regs[1], mem + regs[2], (hsx_mbx_fast_arg_t)regs[3],
                                (hsx_mbx_fast_arg_t)regs[4],
                                &g_svc.m HSX_MBX__WIDE_A(!HSX_MBX__FITS(regs[3] | regs[4])));
        if (st == HSX_MBX_BLOCKED) {
            return st; /* R0..R5 untouched; hsx_mbx_svc_complete finishes it */
        }
        write_info(mem, mem_size, regs[5], st, &g_svc.m);
        regs[1] = g_svc.m.length;
        break;
    case HSX_MBX_FN_PEEK:
        st = svc_peek(pid, regs);
        break;
    case HSX_MBX_FN_TAP:
        st = hsx_mbx_tap(pid, (uint16_t)regs[1], (uint8_t)(regs[2] != 0u));
        break;
    case HSX_MBX_FN_CLOSE:
        st = hsx_mbx_close(pid, (uint16_t)regs[1]);
        break;
    default:
        st = HSX_MBX_STATUS_INVALID_ARGUMENT;
        break;
    }
    regs[0] = st;
    return st;
}

hsx_mbx_status_t hsx_mbx_svc(uint16_t pid, uint8_t fn, uint32_t regs[6], uint8_t *mem, uint32_t mem_size)
{
    hsx_mbx_status_t st;
    if (!HAS_SVC) {
        /* the feature off: as an unknown function (compiled out, the rest goes) */
        regs[0] = HSX_MBX_STATUS_INVALID_ARGUMENT;
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK(); /* a hook's SVC would overwrite g_svc of the call it runs in */
    st = dispatch(pid, fn, regs, mem, mem_size);
    HSX_MBX_EXIT_CRITICAL();
    return st;
}

void hsx_mbx_svc_complete(const hsx_mbx_completion_t *c, uint32_t regs[6], uint8_t *mem, uint32_t mem_size)
{
    if (!HAS_SVC) {
        return;
    }
    regs[0] = c->status;
    regs[1] = c->msg.length;
    if (c->kind == HSX_MBX_KIND_RECV) {
        write_info(mem, mem_size, regs[5], c->status, &c->msg);
    }
}


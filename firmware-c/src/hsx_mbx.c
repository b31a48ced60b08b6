/* hsx_mbx.c: the HSX mailbox service (module 0x05), C runtime: init and the
 * error bookkeeping shared by every public call.
 *
 * The Java model (org.hsxmbx.model.MailboxService) is the specification; every
 * observable result of the runtime (status, ids, handle numbering, wake order,
 * completions, events and their fields, stats, resource errors) must equal it.
 *
 * The runtime is one file per concept (docs/c-runtime.md, "Source files"); each
 * public call lives with its operation and follows hsx_mbx_entry.h. All state is
 * in hsx_mbx_state.c.
 */
#include "hsx_mbx_entry.h"

#if !HSX_MBX_CFG_RUNTIME_LIMITS
/* With constant limits the build runs exactly its compiled profile. A profile
 * given to init must be that one: ignoring another would run different limits
 * than the caller asked for, and a caller sizing its own per-task arrays from
 * it (the host shim) would overflow them. Targets pass NULL; the check is one
 * compare against a table in ROM, so it costs them little flash. */
static const uint32_t k_fixed[9] HSX_ROM = {
    HSX_MBX_CFG_MAX_DESCRIPTORS, HSX_MBX_CFG_MAX_TASKS,       HSX_MBX_CFG_HANDLE_LIMIT,
    HSX_MBX_CFG_DEFAULT_CAPACITY, HSX_MBX_CFG_ARENA_BYTES,    HSX_MBX_CFG_TAP_RATE_LIMIT,
    HSX_MBX_CFG_EVENT_RING_SIZE, HSX_MBX_CFG_NAME_POOL_BYTES, HSX_MBX_CFG_MAX_TAPS};
/* the nine uint32_t fields of hsx_mbx_limits_t come first, in k_fixed's order */
typedef char hsx_mbx_limits_layout_ok[offsetof(hsx_mbx_limits_t, max_taps) == 8u * sizeof(uint32_t) ? 1 : -1];

static int limits_are_fixed(const hsx_mbx_limits_t *l)
{
    const uint16_t features = (uint16_t)((HSX_MBX_CFG_FANOUT ? HSX_MBX_FEAT_FANOUT : 0u) |
                                         (HSX_MBX_CFG_TAPS ? HSX_MBX_FEAT_TAPS : 0u) |
                                         (HSX_MBX_CFG_EVENTS ? HSX_MBX_FEAT_EVENTS : 0u) |
                                         (HSX_MBX_CFG_TIMEOUTS ? HSX_MBX_FEAT_TIMEOUTS : 0u) |
                                         (HSX_MBX_CFG_STDIO ? HSX_MBX_FEAT_STDIO : 0u) |
                                         (HSX_MBX_CFG_LOADER ? HSX_MBX_FEAT_LOADER : 0u) |
                                         (HSX_MBX_CFG_INTROSPECTION ? HSX_MBX_FEAT_INTROSPECTION : 0u) |
                                         (HSX_MBX_CFG_SVC ? HSX_MBX_FEAT_SVC : 0u) |
                                         (HSX_MBX_CFG_LOADER_JSON ? HSX_MBX_FEAT_LOADER_JSON : 0u));
    return HSX_ROM_MEMCMP(l, k_fixed, sizeof(k_fixed)) == 0 &&
           (l->task_mailboxes != 0u) == (HSX_MBX_CFG_TASK_MAILBOXES != 0) && l->features == features &&
           l->first_seq == L_FIRSTSEQ && l->event_mask == L_EVMASK;
}
#endif

hsx_mbx_status_t hsx_mbx_init(const hsx_mbx_limits_t *limits)
{
    HSX_MBX_ENTER_CRITICAL();
    HSX_MBX_REFUSE_IN_HOOK();
#if HSX_MBX_CFG_RUNTIME_LIMITS
    if (limits == NULL || limits->max_descriptors < 1u || limits->max_descriptors > HSX_MBX_CFG_MAX_DESCRIPTORS ||
        limits->max_tasks > HSX_MBX_CFG_MAX_TASKS || limits->handle_limit_per_pid < 1u ||
        limits->handle_limit_per_pid > HSX_MBX_CFG_HANDLE_LIMIT || limits->arena_bytes > HSX_MBX_CFG_ARENA_BYTES ||
        limits->default_capacity < HSX_MBX_MIN_CAPACITY || limits->default_capacity > HSX_MBX_MAX_CAPACITY ||
        limits->name_pool_bytes > HSX_MBX_CFG_NAME_POOL_BYTES || limits->max_taps > HSX_MBX_CFG_MAX_TAPS ||
        limits->event_ring_size < 1u || limits->event_ring_size > HSX_MBX_CFG_EVENT_RING_SIZE ||
        limits->tap_rate_limit > 0xFFFFu || (limits->event_mask & ~HSX_MBX_EVMASK_ALL) != 0u) {
        HSX_MBX_EXIT_CRITICAL();
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
#else
    if (limits != NULL && !limits_are_fixed(limits)) {
        HSX_MBX_EXIT_CRITICAL();
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
#endif
    hsx_mbx__state_reset(limits);
    HSX_MBX_EXIT_CRITICAL();
    return HSX_MBX_STATUS_OK;
}


/* fuzz_state.c: src/hsx_mbx.c compiled here, plus the list of its static objects
 * (see fuzz_state.h). Keep the #if conditions in step with hsx_mbx.c's storage
 * section; fuzz-loader.sh fails when a static is missing from the list. */
#include "../src/hsx_mbx.c"

#include "fuzz_state.h"

#define STATE(v)   { #v, (void *)&(v), sizeof(v), FUZZ_STATE }
#define SCRATCH(v) { #v, (void *)&(v), sizeof(v), FUZZ_SCRATCH }

const fuzz_region_t fuzz_regions[] = {
#if HSX_MBX_CFG_RUNTIME_LIMITS
    STATE(g_lim),
#endif
    STATE(g_desc),
    STATE(g_task),
    STATE(g_handle),
    STATE(g_arena),
    STATE(g_names),
#if HSX_MBX_CFG_TAPS
    STATE(g_tap),
    STATE(g_open_stamp),
#endif
#if HSX_MBX_CFG_EVENTS
    STATE(g_ev),
#endif
#if HSX_MBX_CFG_FANOUT
    STATE(g_fan),
#endif
    STATE(g_arena_used),
    STATE(g_names_used),
    STATE(g_now),
    STATE(g_wait_counter),
    STATE(g_active),
    STATE(g_peak_desc),
    STATE(g_pool_exhausted),
    STATE(g_ntasks),
#if HSX_MBX_HAS_HOOKS
    STATE(hsx_mbx__in_hook),
#endif
    /* working copies of send/settle and of bind/open/create: never read before written */
    SCRATCH(g_hdr),
    SCRATCH(g_key),
    /* other translation units: the loader's cursor and records, the SVC dispatcher's */
    { "g_ld", NULL, 0, FUZZ_SCRATCH },
    { "g_svc", NULL, 0, FUZZ_SCRATCH },
};

const size_t fuzz_region_count = sizeof(fuzz_regions) / sizeof(fuzz_regions[0]);

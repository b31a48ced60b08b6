/* fuzz_state.c: the list of the runtime's static objects (see fuzz_state.h): the
 * state of src/hsx_mbx_state.c, by its declarations in hsx_mbx_state.h. Keep the
 * #if conditions in step with hsx_mbx_state.c; fuzz-loader.sh fails when a static
 * object of the runtime is missing from the list. */
#include "../src/hsx_mbx_state.h"

#include "fuzz_state.h"

#define STATE(v)   { #v, (void *)&(v), sizeof(v), FUZZ_STATE }
#define SCRATCH(v) { #v, (void *)&(v), sizeof(v), FUZZ_SCRATCH }

const fuzz_region_t fuzz_regions[] = {
#if HSX_MBX_CFG_RUNTIME_LIMITS
    STATE(hsx_mbx__lim),
#endif
    STATE(hsx_mbx__desc),
    STATE(hsx_mbx__task),
    STATE(hsx_mbx__handle),
    STATE(hsx_mbx__arena),
    STATE(hsx_mbx__names),
#if HSX_MBX_CFG_TAPS
    STATE(hsx_mbx__tap),
    STATE(hsx_mbx__open_stamp),
#endif
#if HSX_MBX_CFG_EVENTS
    STATE(hsx_mbx__ev),
#endif
#if HSX_MBX_CFG_FANOUT
    STATE(hsx_mbx__fan),
#endif
    STATE(hsx_mbx__arena_used),
    STATE(hsx_mbx__names_used),
    STATE(hsx_mbx__now),
    STATE(hsx_mbx__wait_counter),
    STATE(hsx_mbx__active),
    STATE(hsx_mbx__peak_desc),
    STATE(hsx_mbx__pool_exhausted),
    STATE(hsx_mbx__ntasks),
#if HSX_MBX_HAS_HOOKS
    STATE(hsx_mbx__in_hook),
#endif
    /* working copies of send/settle and of bind/open/create: never read before written */
    SCRATCH(hsx_mbx__hdr),
    SCRATCH(hsx_mbx__key),
#if HSX_MBX_CFG_TAPS
    SCRATCH(hsx_mbx__tap_hdr), /* taps_copy: the header of a dropped copy */
#endif
    /* other translation units: the loader's cursor and records, the SVC dispatcher's */
    { "g_ld", NULL, 0, FUZZ_SCRATCH },
    { "g_svc", NULL, 0, FUZZ_SCRATCH },
};

const size_t fuzz_region_count = sizeof(fuzz_regions) / sizeof(fuzz_regions[0]);

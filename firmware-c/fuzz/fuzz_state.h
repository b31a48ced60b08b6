/* fuzz_state.h: the static storage of the runtime, for the loader fuzzer.
 *
 * All of the core's state is in src/hsx_mbx_state.c (declared in hsx_mbx_state.h);
 * fuzz_regions lists every object with its address and size. STATE
 * regions are the service state (compared byte for byte); SCRATCH ones are dead
 * between calls (a call's working copies) and are listed only so that the
 * completeness check (fuzz-loader.sh: every static of the binary must be listed)
 * knows them. The loader's and the SVC dispatcher's statics are scratch of other
 * translation units: listed by name only (address NULL). */
#ifndef FUZZ_STATE_H
#define FUZZ_STATE_H

#include <stddef.h>

enum { FUZZ_STATE, FUZZ_SCRATCH };

typedef struct {
    const char *name;
    void *addr;
    size_t size;
    int kind;
} fuzz_region_t;

extern const fuzz_region_t fuzz_regions[];
extern const size_t fuzz_region_count;

#endif /* FUZZ_STATE_H */

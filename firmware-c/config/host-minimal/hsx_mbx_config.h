/* Host build of the minimal-features target configuration, for the JNA harness.
 *
 * The minimal configuration the cross checks compile (test/cross/minimal: the embedded
 * sizes with Features.MINIMAL, i.e. no fan-out, taps, events or loader and no SVC
 * dispatcher, constant limits), plus the completion hook of the JNA shim. The features
 * that are off are compiled out here as on a target, so this library runs the code a
 * minimal firmware runs: scripts/test.sh plays every vector of the `minimal` profile on it
 * and fuzzes it against the Java model's `minimal` profile (libhsxmbx_host_minimal.so). */
#include "../../test/cross/minimal/hsx_mbx_config.h"

struct hsx_mbx_completion;
void hsx_host_on_complete(const struct hsx_mbx_completion *c);
#define HSX_MBX_ON_COMPLETE(c) hsx_host_on_complete(c)

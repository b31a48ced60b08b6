/* Host build of the embedded target configuration, for the JNA harness.
 *
 * The host library (config/host) has wide maxima and runtime limits, so it never
 * runs the narrow index types, 8-bit wait orders and tap stamps and their
 * renumbering that a target build of the embedded profile uses. This configuration
 * is the all-features embedded one the cross checks compile (test/cross/full:
 * constant limits, HSX_MBX_CFG_RUNTIME_LIMITS 0), plus the completion hook of the
 * JNA shim. scripts/test.sh fuzzes it against the Java model's embedded profile
 * (libhsxmbx_host_embedded.so), and once more with the renumberings forced on
 * nearly every wait and open (libhsxmbx_host_embedded_stress.so). */
#include "../../test/cross/full/hsx_mbx_config.h"

struct hsx_mbx_completion;
void hsx_host_on_complete(const struct hsx_mbx_completion *c);
#define HSX_MBX_ON_COMPLETE(c) hsx_host_on_complete(c)

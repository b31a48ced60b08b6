/* hsx_mbx_config.h of test_features_off: the all-features embedded test
 * configuration (test/cross/full) with introspection, the SVC dispatcher and the
 * JSON encoding of the loader compiled out (the binary loader stays). The instance
 * header (types, storage counts) is test/cross/full's, found through the include path:
 * the sizes are the same. */
#ifndef HSX_MBX_TEST_FEATURES_OFF_CONFIG_H
#define HSX_MBX_TEST_FEATURES_OFF_CONFIG_H

#include "../cross/full/hsx_mbx_config.h"

#undef HSX_MBX_CFG_LOADER_JSON
#undef HSX_MBX_CFG_INTROSPECTION
#undef HSX_MBX_CFG_SVC
#define HSX_MBX_CFG_LOADER_JSON       0
#define HSX_MBX_CFG_INTROSPECTION     0
#define HSX_MBX_CFG_SVC               0

#endif /* HSX_MBX_TEST_FEATURES_OFF_CONFIG_H */

/* fuzz_profiles.h: the built-in profiles (org.hsxmbx.model.Profile.DESKTOP and EMBEDDED)
 * as hsx_mbx_limits_t initialisers, in field order: max_descriptors, max_tasks,
 * handle_limit_per_pid, default_capacity, arena_bytes, tap_rate_limit,
 * event_ring_size, name_pool_bytes, max_taps, task_mailboxes, features, first_seq,
 * event_mask.
 * Used by the loader fuzzer over the host configuration (run-time limits), which holds
 * both. Typed here for C; codegen's FuzzProfilesTest checks every number against the
 * model, so a change there fails the build instead of fuzzing a stale profile. */
#ifndef FUZZ_PROFILES_H
#define FUZZ_PROFILES_H

#define FUZZ_PROFILE_DESKTOP  { 256u, 64u, 64u, 64u, 262144u, 0u, 1024u, 8192u, 64u, 1u, 0x1FFu, 0u, 0x1FFu }
#define FUZZ_PROFILE_EMBEDDED { 16u, 4u, 8u, 64u, 4096u, 20u, 16u, 128u, 4u, 1u, 0x1FFu, 0u, 0x1FFu }

#endif /* FUZZ_PROFILES_H */

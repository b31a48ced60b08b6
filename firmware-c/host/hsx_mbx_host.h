/* hsx_mbx_host.h: flat host API of libhsxmbx_host for JNA (org.hsxmbx.harness).
 *
 * Plain int/long arrays in and out, no structs, no callbacks. Every operation
 * clears the per-call lists of completions and events, runs the core call, and
 * leaves what it caused readable with hsxh_completion()/hsxh_event() until the
 * next operation. Blocked sends/receives use static per-task buffers of the host
 * library (the caller's arrays do not outlive a JNA call).
 *
 * Return value of operations: an HSX_MBX_STATUS_* code, or 0xFE (HSX_MBX_BLOCKED)
 * when the call put the task in WAIT_MBX. */
#ifndef HSX_MBX_HOST_H
#define HSX_MBX_HOST_H

#include <stdint.h>

#if defined(_WIN32)
#define HSXH_API __declspec(dllexport)
#else
#define HSXH_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* features: HSX_MBX_FEAT_* bits (fanout 1, taps 2, events 4, timeouts 8, stdio 16, loader 32,
 * introspection 64, svc 128, loader_json 256). */
HSXH_API int hsxh_init(int32_t max_descriptors, int32_t max_tasks, int32_t handle_limit_per_pid,
                       int32_t default_capacity, int32_t arena_bytes, int32_t tap_rate_limit,
                       int32_t event_ring_size, int32_t name_pool_bytes, int32_t max_taps, int32_t task_mailboxes,
                       int32_t features, int64_t first_seq, int32_t event_mask);
/* Compile-time maxima of this library: out[9] in hsxh_init argument order (the last two unused). */
HSXH_API void hsxh_maxima(int32_t out[9]);
/* A build with constant limits (HSX_MBX_CFG_RUNTIME_LIMITS 0) runs only its own profile:
 * returns 1 and that profile in out[13] (hsxh_init argument order, features as bits,
 * first_seq as the bits of its uint32);
 * hsxh_init refuses any other with INVALID_ARGUMENT. Returns 0 for a run-time-limits build. */
HSXH_API int hsxh_fixed_profile(int32_t out[13]);

HSXH_API int hsxh_task_start(int32_t pid);
HSXH_API int hsxh_task_exit(int32_t pid);
HSXH_API int hsxh_tick(int64_t now_ms);
/* out[0] = descriptor id */
HSXH_API int hsxh_bind(int32_t pid, const uint8_t *target, int32_t target_len, int32_t capacity, int32_t mode,
                       int32_t out[1]);
/* out[0] = handle */
HSXH_API int hsxh_open(int32_t pid, const uint8_t *target, int32_t target_len, int32_t flags, int32_t out[1]);
/* out[0] = bytes sent */
HSXH_API int hsxh_send(int32_t pid, int32_t handle, const uint8_t *payload, int32_t len, int32_t flags,
                       int32_t channel, int32_t timeout, int32_t out[1]);
/* out = {length, flags, channel, src_pid}; buf receives the payload (room for min(max_len, 65535)). */
HSXH_API int hsxh_recv(int32_t pid, int32_t handle, int32_t max_len, int32_t timeout, int32_t out[4], uint8_t *buf);
/* out = {depth, bytes_used, next_len, capacity, head_seq, next_seq, mode} */
HSXH_API int hsxh_peek(int32_t pid, int32_t handle, int64_t out[7]);
HSXH_API int hsxh_tap(int32_t pid, int32_t handle, int32_t enable);
HSXH_API int hsxh_close(int32_t pid, int32_t handle);
/* mask: HSX_MBX_EVMASK_* bits; outside 0..2^32-1 it is passed as 0xFFFFFFFF (invalid bits). */
HSXH_API int hsxh_event_mask(int32_t pid, int64_t mask);

/* What the last operation caused. */
HSXH_API int hsxh_completion_count(void);
/* out = {pid, handle, kind (0 send, 1 recv), status, length, flags, channel, src_pid}; payload gets
 * `length` bytes for receives. Returns 1, 0 if i is out of range. */
HSXH_API int hsxh_completion(int32_t i, int32_t out[8], uint8_t *payload);
HSXH_API int hsxh_event_count(void);
/* out = {seq, time_ms, type, code, pid, desc, a, b, c, d, w} (mapping: docs/c-runtime.md). */
HSXH_API int hsxh_event(int32_t i, int64_t out[11]);

/* out = the 15 contract counters in Stats.KEYS order without handles_per_pid, then name_pool_used. */
HSXH_API void hsxh_stats(int64_t out[16]);
/* index-th live task in pid order: out = {pid, state, handles, step, wake, timeout}. */
HSXH_API int hsxh_task_info(int32_t index, int64_t out[6]);
/* out = {id, ns, owner, capacity, mode, bytes_used, peak, depth, head_seq, next_seq, waiters, taps};
 * name gets the NUL-terminated name (33 bytes). */
HSXH_API int hsxh_desc_snapshot(int32_t id, int64_t out[12], uint8_t *name);
/* out = {pid, handle, backlog, bytes} */
HSXH_API int hsxh_tap_snapshot(int32_t id, int32_t index, int32_t out[4]);

/* .mailbox section for image pid (entry_count: the metadata table's uint32 count, passed
 * as its bits); out = {bad_entry, bad_field (HSX_MBX_LOADER_F_*)}. */
HSXH_API int hsxh_load_section(int32_t pid, const uint8_t *section, int32_t size, int32_t entry_count,
                               int32_t out[2]);
/* SVC call of module 0x05 against a VM memory image mem[mem_size]; regs[6] in/out. */
HSXH_API int hsxh_svc(int32_t pid, int32_t fn, int32_t regs[6], uint8_t *mem, int32_t mem_size);

#ifdef __cplusplus
}
#endif

#endif /* HSX_MBX_HOST_H */

package org.hsxmbx.harness.cbackend;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * The flat host API of the C runtime ({@code firmware-c/host/hsx_mbx_host.h}), bound with JNA
 * direct mapping: static natives, the cheapest JNA call (no proxy, no reflection per call).
 * Every array parameter of the C API is passed as a {@link Pointer} to a native buffer the
 * caller reuses, so no Java array is copied in or out per call. {@code int32_t} is int,
 * {@code int64_t} long.
 */
final class HsxMbxNative {
    private HsxMbxNative() {}

    private static Path loaded;

    /**
     * Binds the natives to the library at {@code lib}, once per JVM; later calls must name the
     * same file (one JVM holds one instance of the C service).
     *
     * @throws HostLibraryException when the file cannot be loaded or lacks a symbol
     */
    static synchronized void load(Path lib) {
        if (loaded != null) {
            if (!loaded.equals(lib)) {
                throw new HostLibraryException("the host C library is already loaded from " + loaded
                        + "; this JVM cannot also load " + lib);
            }
            return;
        }
        try {
            Native.register(HsxMbxNative.class, NativeLibrary.getInstance(lib.toString()));
        } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
            throw new HostLibraryException("cannot use the host C library " + lib + ": " + e.getMessage()
                    + "; rebuild it (" + HostLibraryLocator.BUILD_HINT + ")");
        }
        loaded = lib;
    }

    static native int hsxh_init(int maxDescriptors, int maxTasks, int handleLimitPerPid, int defaultCapacity,
                                int arenaBytes, int tapRateLimit, int eventRingSize, int namePoolBytes, int maxTaps,
                                int taskMailboxes, int features, long firstSeq, int eventMask);

    /** out: int32[9], the compile-time maxima in hsxh_init argument order. */
    static native void hsxh_maxima(Pointer out);

    /** out: int32[11], the one profile of a build with constant limits; returns 0 for a run-time-limits build. */
    static native int hsxh_fixed_profile(Pointer out);

    static native int hsxh_task_start(int pid);

    static native int hsxh_task_exit(int pid);

    static native int hsxh_tick(long nowMs);

    /** out: int32[1] = descriptor id. */
    static native int hsxh_bind(int pid, Pointer target, int targetLen, int capacity, int mode, Pointer out);

    /** out: int32[1] = handle. */
    static native int hsxh_open(int pid, Pointer target, int targetLen, int flags, Pointer out);

    /** out: int32[1] = bytes sent. */
    static native int hsxh_send(int pid, int handle, Pointer payload, int len, int flags, int channel, int timeout,
                                Pointer out);

    /** out: int32[4] = length, flags, channel, src_pid; buf: room for min(max_len, 65535) bytes. */
    static native int hsxh_recv(int pid, int handle, int maxLen, int timeout, Pointer out, Pointer buf);

    /** out: int64[7] = depth, bytes_used, next_len, capacity, head_seq, next_seq, mode. */
    static native int hsxh_peek(int pid, int handle, Pointer out);

    static native int hsxh_tap(int pid, int handle, int enable);

    static native int hsxh_close(int pid, int handle);

    static native int hsxh_event_mask(int pid, long mask);

    static native int hsxh_completion_count();

    /** out: int32[8] = pid, handle, kind, status, length, flags, channel, src_pid; payload: length bytes. */
    static native int hsxh_completion(int i, Pointer out, Pointer payload);

    static native int hsxh_event_count();

    /** out: int64[11] = seq, time_ms, type, code, pid, desc, a, b, c, d, w. */
    static native int hsxh_event(int i, Pointer out);

    /** out: int64[16] = the 15 counters of Stats.KEYS without handles_per_pid, then name_pool_used. */
    static native void hsxh_stats(Pointer out);

    /** out: int64[6] = pid, state, handles, step, wake, timeout. */
    static native int hsxh_task_info(int index, Pointer out);

    /** out: int64[12] = id, ns, owner, capacity, mode, bytes_used, peak, depth, head_seq, next_seq, waiters, taps. */
    static native int hsxh_desc_snapshot(int id, Pointer out, Pointer name);

    /** out: int32[4] = pid, handle, backlog, bytes. */
    static native int hsxh_tap_snapshot(int id, int index, Pointer out);

    /**
     * section: size bytes of a {@code .mailbox} payload; entryCount: the metadata count (uint32 bits);
     * out: int32[2] = bad_entry (0xFFFF: the section), bad_field (HSX_MBX_LOADER_F_*, {@link LoaderField}).
     */
    static native int hsxh_load_section(int pid, Pointer section, int size, int entryCount, Pointer out);

    /** regs: int32[6] = R0..R5 (uint32 bits), updated; mem: memSize bytes of task memory, copied back. */
    static native int hsxh_svc(int pid, int fn, Pointer regs, Pointer mem, int memSize);
}

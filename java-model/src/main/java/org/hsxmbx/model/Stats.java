package org.hsxmbx.model;

import java.util.List;
import java.util.Map;

/**
 * Service statistics (contract section 8). {@code counters} holds the contract's keys in its
 * order; every value is a Long except {@code handles_per_pid}, a map from pid (as a decimal
 * string) to a Long, for every live pid including 0. {@code status} is OK, or INVALID_ARGUMENT
 * with everything empty when the profile's {@code introspection} feature is off.
 */
public record Stats(Map<String, Object> counters, List<DescriptorSnapshot> descriptors, List<TaskInfo> tasks,
                    Status status) {

    /** Keys of {@link #counters()} in order. */
    public static final List<String> KEYS = List.of("max_descriptors", "active_descriptors", "free_descriptors",
            "arena_bytes", "arena_used", "bytes_used", "queue_depth", "handles_total", "handles_per_pid",
            "tap_count", "tap_queue_depth", "waiter_count", "fanout_descriptors", "descriptor_pool_exhausted",
            "peak_descriptors", "events_dropped");

    public Stats {
        counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters));
        descriptors = List.copyOf(descriptors);
        tasks = List.copyOf(tasks);
    }

    /** Statistics that were read (status OK). */
    public Stats(Map<String, Object> counters, List<DescriptorSnapshot> descriptors, List<TaskInfo> tasks) {
        this(counters, descriptors, tasks, Status.OK);
    }

    /** A rejected read: no counters, no snapshots. */
    public static Stats rejected(Status status) {
        return new Stats(Map.of(), List.of(), List.of(), status);
    }

    /** One descriptor; owner is -1 for ownerless ones. */
    public record DescriptorSnapshot(int id, int namespace, String name, int owner, int capacity, int mode,
                                     int bytesUsed, int peakBytesUsed, int depth, long headSeq, long nextSeq,
                                     int waiters, List<TapSnapshot> taps) {
        public DescriptorSnapshot {
            taps = List.copyOf(taps);
        }
    }

    /** One tap: its holder and its backlog (messages, bytes). */
    public record TapSnapshot(int pid, int handle, int backlog, int bytes) {}

    /** One live task with its state (READY or WAIT_MBX) and counters. */
    public record TaskInfo(int pid, String state, long mailboxStep, long mailboxWake, long mailboxTimeout) {}
}

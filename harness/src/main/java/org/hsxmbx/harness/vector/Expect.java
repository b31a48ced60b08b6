package org.hsxmbx.harness.vector;

import java.util.List;

/**
 * What a step expects, flattened into checks of result paths (the same paths
 * {@link ReplyDiff} reports: {@code status}, {@code payload}, {@code completions[0].status},
 * {@code events.length}, {@code descriptors.9.capacity}, ...).
 */
public record Expect(List<Check> checks) {
    public static final Expect NONE = new Expect(List.of());

    /** Marks a check that the path must be absent (a descriptor or task that must not exist). */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "absent";
        }
    };

    public Expect {
        checks = List.copyOf(checks);
    }

    /**
     * One check: the result at {@code path} must equal {@code value} (a Long, String, Boolean,
     * {@link org.hsxmbx.model.Bytes} or {@link #ABSENT}). {@code status} "BLOCKED" means the call
     * blocked.
     */
    public record Check(String path, Object value) {}
}

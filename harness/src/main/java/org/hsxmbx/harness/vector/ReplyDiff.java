package org.hsxmbx.harness.vector;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;

/**
 * Differential comparison of two backends' results: every field of a {@link Reply} (status,
 * blocked, ids, length, flags, channel, src_pid, payload, peek figures, completions and events
 * with all their fields) or of a {@link Stats} (counters, descriptor snapshots, tasks). Reports
 * the first difference in a fixed field order, with the field path
 * ({@code completions[1].status}) and both values.
 */
public final class ReplyDiff {
    private ReplyDiff() {}

    /** The first difference between two replies, or empty if they are identical. */
    public static Optional<Difference> first(Reply left, Reply right) {
        if (left.equals(right)) {
            return Optional.empty(); // the records compare every field; the views only explain a difference
        }
        return first(ResultView.of(left), ResultView.of(right));
    }

    /** The first difference between two stats, or empty if they are identical. */
    public static Optional<Difference> first(Stats left, Stats right) {
        if (left.equals(right)) {
            return Optional.empty();
        }
        return first(ResultView.of(left), ResultView.of(right));
    }

    /** The first difference between two svc results (registers, status, completions, events), or empty. */
    public static Optional<Difference> first(SvcResult left, SvcResult right) {
        return first(ResultView.of(left), ResultView.of(right));
    }

    static Optional<Difference> first(Map<String, Object> left, Map<String, Object> right) {
        for (Map.Entry<String, Object> e : left.entrySet()) {
            Object r = right.get(e.getKey());
            if (!Objects.equals(e.getValue(), r)) {
                return Optional.of(difference(e.getKey(), e.getValue(), r));
            }
        }
        for (Map.Entry<String, Object> e : right.entrySet()) {
            if (!left.containsKey(e.getKey())) {
                return Optional.of(difference(e.getKey(), null, e.getValue()));
            }
        }
        return Optional.empty();
    }

    private static Difference difference(String path, Object l, Object r) {
        return new Difference(path, ResultView.display(path, l), ResultView.display(path, r));
    }

    /** One difference: the field path and both values as printed ("absent" when missing). */
    public record Difference(String path, String left, String right) {
        /** {@code completions[1].status: java=OK c=TIMEOUT}. */
        public String describe(String leftName, String rightName) {
            return path + ": " + leftName + "=" + left + " " + rightName + "=" + right;
        }
    }
}

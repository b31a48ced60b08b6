package org.hsxmbx.harness.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs vectors on backends in lock step. Expectations are checked on the first backend (the
 * reference, normally the Java model); every other backend must return exactly what the first
 * one did at every step, whatever the vector expects. After its first difference a backend is
 * dropped from the rest of that vector, since its state has diverged and later differences
 * would be noise.
 */
public final class VectorPlayer {
    private final List<Backend> backends;

    public VectorPlayer(List<Backend> backends) {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("at least one backend is needed");
        }
        this.backends = List.copyOf(backends);
    }

    /**
     * The outcome of one vector: failure lines ({@code step N (op): ...}, not indented); empty
     * means passed. {@code culprits} names, for each line, the backend it is about: the
     * reference for an expectation it missed, the other backend for a difference or a throw.
     * {@code notAdmitted} is set (and nothing ran) when a backend does not admit the vector's
     * profile ({@link Backend#admits}, or {@link ProfileNotSupportedException} from its reset):
     * the vector is neither passed nor failed, and the verify output counts it with the reason.
     */
    public record Outcome(Vector vector, List<String> failures, List<String> culprits, String notAdmitted) {
        public Outcome {
            failures = List.copyOf(failures);
            culprits = List.copyOf(culprits);
            if (culprits.size() != failures.size()) {
                throw new IllegalArgumentException("one culprit per failure line");
            }
        }

        public Outcome(Vector vector, List<String> failures, List<String> culprits) {
            this(vector, failures, culprits, null);
        }

        public boolean passed() {
            return failures.isEmpty() && notAdmitted == null;
        }
    }

    public Outcome play(Vector v) {
        List<String> failures = new ArrayList<>();
        List<String> culprits = new ArrayList<>();
        List<Backend> live = new ArrayList<>();
        for (Backend b : backends) {
            String refused = b.admits(v.profile());
            if (refused != null) {
                return notAdmitted(v, b, refused);
            }
        }
        for (Backend b : backends) {
            try {
                b.reset(v.profile());
                live.add(b);
            } catch (ProfileNotSupportedException e) {
                return notAdmitted(v, b, e.getMessage());
            } catch (RuntimeException e) {
                failures.add("step 0 (reset): backend " + b.name() + " threw " + describe(e));
                culprits.add(b.name());
            }
        }
        if (live.size() < backends.size()) {
            return new Outcome(v, failures, culprits); // a vector is only meaningful on every backend asked for
        }
        Backend reference = live.get(0);
        for (Step s : v.steps()) {
            String where = "step " + s.number() + " (" + s.op().wireName() + "): ";
            Map<String, Object> ref;
            try {
                ref = run(reference, s);
            } catch (RuntimeException e) {
                failures.add(where + "backend " + reference.name() + " threw " + describe(e));
                culprits.add(reference.name());
                return new Outcome(v, failures, culprits);
            }
            for (Expect.Check c : s.expect().checks()) {
                Object actual = ref.get(c.path());
                if (!matches(c.value(), actual)) {
                    failures.add(where + mismatch(c, actual) + hint(v, s, c, actual, reference));
                    culprits.add(reference.name());
                }
            }
            for (int i = 1; i < live.size(); i++) {
                Backend other = live.get(i);
                try {
                    Optional<ReplyDiff.Difference> d = ReplyDiff.first(ref, run(other, s));
                    if (d.isPresent()) {
                        failures.add(where + d.get().describe(reference.name(), other.name()));
                        culprits.add(other.name());
                        live.remove(i--);
                    }
                } catch (RuntimeException e) {
                    failures.add(where + "backend " + other.name() + " threw " + describe(e));
                    culprits.add(other.name());
                    live.remove(i--);
                }
            }
        }
        return new Outcome(v, failures, culprits);
    }

    private static Outcome notAdmitted(Vector v, Backend b, String why) {
        return new Outcome(v, List.of(), List.of(), "backend " + b.name() + " does not admit this vector: " + why);
    }

    /** Why a resource error happened when the step alone does not show it (task mailboxes at task_start). */
    private static String hint(Vector v, Step s, Expect.Check c, Object actual, Backend reference) {
        if (s.op() != Op.TASK_START || !c.path().equals("status") || !"NO_DESCRIPTOR".equals(actual)) {
            return "";
        }
        return org.hsxmbx.codegen.ResourceHint.taskStart(v.profile(), org.hsxmbx.model.Status.NO_DESCRIPTOR,
                reference.stats());
    }

    /** The result of step {@code s} on {@code b}, flattened. */
    public static Map<String, Object> run(Backend b, Step s) {
        return switch (s.op()) {
            case STATS -> ResultView.of(b.stats());
            case SVC -> ResultView.of(b.svc(s));
            case LOAD -> ResultView.of(b.load(s));
            default -> ResultView.of(b.apply(s));
        };
    }

    private static boolean matches(Object expected, Object actual) {
        return expected == Expect.ABSENT ? actual == null : Objects.equals(expected, actual);
    }

    private static String mismatch(Expect.Check c, Object actual) {
        String path = c.path();
        if (c.value() == Expect.ABSENT) {
            // the check is on the id or pid of a descriptor or task that should not exist
            return path.substring(0, path.lastIndexOf('.')) + ": expected absent, got present";
        }
        return path + ": expected " + ResultView.display(path, c.value()) + ", got "
                + ResultView.display(path, actual);
    }

    private static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}

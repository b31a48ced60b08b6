package org.hsxmbx.harness.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hsxmbx.harness.vector.Backend;
import org.hsxmbx.harness.vector.Op;
import org.hsxmbx.harness.vector.ReplyDiff;
import org.hsxmbx.harness.vector.Step;
import org.hsxmbx.harness.vector.SvcResult;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Reply;

/**
 * Lock-step differential fuzzing: random steps run on every backend, each result compared with
 * the first backend's. On a divergence the failing prefix is shrunk (chunks removed while the
 * divergence persists) to a short reproducing sequence.
 */
public final class Fuzzer {
    /** Replays the shrinker may spend; each replays the candidate on fresh backends. */
    private static final int SHRINK_BUDGET = 3000;
    static final int PROGRESS_EVERY = 1000;

    private final List<Backend> backends;
    private final Profile profile;

    public Fuzzer(List<Backend> backends, Profile profile) {
        if (backends.size() < 2) {
            throw new IllegalArgumentException("fuzzing compares backends: name at least two");
        }
        this.backends = List.copyOf(backends);
        this.profile = profile;
    }

    /** Result of a run: steps executed, and the divergence (shrunk steps + description) if any. */
    public record Result(long steps, List<Step> reproducer, String difference) {
        public boolean diverged() {
            return reproducer != null;
        }
    }

    public Result run(long seed, long ops) {
        return run(seed, ops, done -> { });
    }

    /** @param progress told the operations done so far, every {@value #PROGRESS_EVERY} operations and while shrinking */
    public Result run(long seed, long ops, java.util.function.LongConsumer progress) {
        StepGenerator gen = new StepGenerator(seed);
        reset();
        List<Step> history = new ArrayList<>();
        for (long i = 0; i < ops; i++) {
            if (i % PROGRESS_EVERY == 0) {
                progress.accept(i);
            }
            Step s = gen.next();
            history.add(s);
            Divergence d = apply(s);
            if (d.reference != null) {
                gen.observe(s, d.reference);
            }
            if (d.description != null) {
                List<Step> shrunk = shrink(history);
                return new Result(i + 1, renumber(shrunk), describe(shrunk));
            }
        }
        return new Result(ops, null, null);
    }

    private record Divergence(Reply reference, String description) {}

    private void reset() {
        for (Backend b : backends) {
            b.reset(profile);
        }
    }

    /** Runs one step everywhere; a description when some backend differs from the first. */
    private Divergence apply(Step s) {
        Backend ref = backends.get(0);
        if (s.op() == Op.STATS) {
            var expected = ref.stats();
            for (int i = 1; i < backends.size(); i++) {
                Optional<ReplyDiff.Difference> diff;
                try {
                    diff = ReplyDiff.first(expected, backends.get(i).stats());
                } catch (RuntimeException e) {
                    return new Divergence(null, "stats: " + backends.get(i).name() + " threw " + e);
                }
                if (diff.isPresent()) {
                    return new Divergence(null, "stats: " + diff.get().describe(ref.name(), backends.get(i).name()));
                }
            }
            return new Divergence(null, null);
        }
        if (s.op() == Op.SVC) {
            return applySvc(s);
        }
        Reply expected = ref.apply(s);
        for (int i = 1; i < backends.size(); i++) {
            Backend b = backends.get(i);
            Optional<ReplyDiff.Difference> diff;
            try {
                diff = ReplyDiff.first(expected, b.apply(s));
            } catch (RuntimeException e) {
                return new Divergence(expected, s.op().wireName() + ": " + b.name() + " threw " + e);
            }
            if (diff.isPresent()) {
                return new Divergence(expected, s.op().wireName() + ": " + diff.get().describe(ref.name(), b.name()));
            }
        }
        return new Divergence(expected, null);
    }

    /** An svc step everywhere, compared as vectors compare it (registers, status, completions, events). */
    private Divergence applySvc(Step s) {
        Backend ref = backends.get(0);
        SvcResult expected = ref.svc(s);
        for (int i = 1; i < backends.size(); i++) {
            Backend b = backends.get(i);
            Optional<ReplyDiff.Difference> diff;
            try {
                diff = ReplyDiff.first(expected, b.svc(s));
            } catch (RuntimeException e) {
                return new Divergence(expected.reply(), "svc: " + b.name() + " threw " + e);
            }
            if (diff.isPresent()) {
                return new Divergence(expected.reply(), "svc: " + diff.get().describe(ref.name(), b.name()));
            }
        }
        return new Divergence(expected.reply(), null);
    }

    /** Replays {@code steps} on fresh backends; the first difference, or null. */
    private String replay(List<Step> steps) {
        reset();
        for (Step s : steps) {
            Divergence d = apply(s);
            if (d.description != null) {
                return d.description;
            }
        }
        return null;
    }

    private String describe(List<Step> steps) {
        String d = replay(steps);
        return d == null ? "(not reproducible)" : d;
    }

    /** Removes chunks of halving size while the sequence still diverges; the last step is kept. */
    private List<Step> shrink(List<Step> failing) {
        List<Step> best = new ArrayList<>(failing);
        int budget = SHRINK_BUDGET;
        for (int chunk = Math.max(1, best.size() / 2); chunk >= 1 && budget > 0; chunk /= 2) {
            boolean removed = true;
            while (removed && budget > 0) {
                removed = false;
                for (int from = 0; from + chunk < best.size() && budget > 0; ) {
                    List<Step> candidate = new ArrayList<>(best.subList(0, from));
                    candidate.addAll(best.subList(from + chunk, best.size()));
                    budget--;
                    if (replay(candidate) != null) {
                        best = candidate;
                        removed = true;
                    } else {
                        from += chunk;
                    }
                }
            }
        }
        return best;
    }

    private static List<Step> renumber(List<Step> steps) {
        List<Step> out = new ArrayList<>();
        int n = 1;
        for (Step s : steps) {
            out.add(s.renumbered(n++));
        }
        return out;
    }
}

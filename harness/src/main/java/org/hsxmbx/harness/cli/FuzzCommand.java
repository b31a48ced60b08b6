package org.hsxmbx.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.hsxmbx.harness.fuzz.FuzzReport;
import org.hsxmbx.harness.vector.Backend;
import org.hsxmbx.harness.vector.Backends;
import org.hsxmbx.harness.vector.ProfileNotSupportedException;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.ProfileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hsxmbx fuzz}: random operations in lock step on backends; prints a reproducer on divergence. */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Run random operation sequences in lock step on the backends and compare every result.",
            "On a divergence print the shortest reproducing vector as JSON (stdout) and exit 1.",
            "Exit 0 when no difference was found, 2 on bad options (also a --profile a backend cannot hold: the "
                    + "message names each field that does not fit, its value and the backend's limit)."})
final class FuzzCommand implements Callable<Integer> {
    @Option(names = "--backend", defaultValue = "java,c", description = "Backends, comma separated; the first is the reference (default: ${DEFAULT-VALUE}).")
    String backends;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--ops", defaultValue = "100000", description = "Operations to run (default: ${DEFAULT-VALUE}).")
    long ops;

    @Option(names = "--profile", defaultValue = "embedded",
            description = "Built-in profile name or a profile JSON file (default: ${DEFAULT-VALUE}).")
    String profileName;

    @Option(names = "--seq-wrap", description = "Start every descriptor's sequence numbers a few messages "
            + "before 2^32 (profile first_seq = 2^32 - 8 - seed % 32), so the run crosses the sequence wrap. "
            + "Needs backends that take the profile at run time (not a library built for a fixed profile).")
    boolean seqWrap;

    @Option(names = "--out", description = "Also write the reproducing vector to this file (its directory must exist).")
    Path out;

    @Option(names = "--json", description = "Print one JSON document (schema hsxmbx.fuzz/1, docs/usage.md) on stdout"
            + " instead of the reproducer and the summary line.")
    boolean json;

    @Override
    public Integer call() {
        Profile profile;
        try {
            profile = profile(profileName);
        } catch (IllegalArgumentException | IOException e) {
            return usage("fuzz: --profile " + profileName + ": " + e.getMessage());
        }
        if (out != null) {
            String bad = OutputFiles.problem(out);
            if (bad != null) {
                return usage("fuzz: --out " + out + ": " + bad);
            }
        }
        if (seqWrap) {
            profile = profile.withFirstSeq(0x1_0000_0000L - 8 - Math.floorMod(seed, 32));
        }
        if (ops <= 0) {
            return usage("fuzz: --ops must be positive");
        }
        List<Backend> list;
        try {
            list = Backends.create(Arrays.asList(backends.split(",")));
        } catch (RuntimeException e) {
            return usage("fuzz: --backend: " + e.getMessage());
        }
        try (Progress p = Progress.start("fuzz " + backends + " seed " + seed)) {
            for (Backend b : list) {
                try {
                    b.reset(profile); // before the campaign: a profile a backend cannot hold is bad input
                } catch (ProfileNotSupportedException e) {
                    return usage("fuzz: --profile " + profileName + ": backend " + b.name() + " cannot run it: "
                            + e.getMessage());
                }
            }
            return FuzzReport.run(list, profile, seed, ops, out, json,
                    done -> p.update(done + " of " + ops + " operations"), System.out, System.err);
        } finally {
            list.forEach(Backend::close);
        }
    }

    /** A usage error: the message on stderr, and with --json also the error document on stdout. */
    private int usage(String message) {
        System.err.println(message);
        if (json) {
            System.out.println(Json.pretty(Json.object().put("schema", FuzzReport.SCHEMA).put("error", message)
                    .put("exit", 2)));
        }
        return 2;
    }

    private static Profile profile(String s) throws IOException {
        Profile p = Profile.builtin(s);
        if (p != null) {
            return p;
        }
        Path f = Path.of(s);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("neither a built-in profile (" + Profile.builtinNames() + ") nor a file");
        }
        try {
            return Profile.fromJson(new ObjectMapper().readTree(f.toFile()));
        } catch (ProfileException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
    }
}

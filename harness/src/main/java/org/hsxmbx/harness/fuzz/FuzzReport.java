package org.hsxmbx.harness.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;
import org.hsxmbx.harness.vector.Backend;
import org.hsxmbx.harness.vector.ProfileNotSupportedException;
import org.hsxmbx.model.Profile;

/** Runs a fuzz campaign and prints its outcome; returns the exit code. */
public final class FuzzReport {
    /** Schema of the {@code fuzz --json} document (docs/usage.md). */
    public static final String SCHEMA = "hsxmbx.fuzz/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FuzzReport() {}

    public static int run(List<Backend> backends, Profile profile, long seed, long ops, Path out, PrintStream stdout,
                          PrintStream stderr) {
        return run(backends, profile, seed, ops, out, false, done -> { }, stdout, stderr);
    }

    /**
     * @param json     print one JSON document on stdout (and nothing else there)
     * @param progress told the operations run so far
     */
    public static int run(List<Backend> backends, Profile profile, long seed, long ops, Path out, boolean json,
                          LongConsumer progress, PrintStream stdout, PrintStream stderr) {
        Fuzzer f;
        try {
            f = new Fuzzer(backends, profile);
        } catch (IllegalArgumentException e) {
            stderr.println("fuzz: " + e.getMessage());
            return 2;
        }
        long t0 = System.nanoTime();
        Fuzzer.Result r;
        try {
            r = f.run(seed, ops, progress);
        } catch (ProfileNotSupportedException e) {
            stderr.println("fuzz: profile " + profile.name() + ": " + e.getMessage());
            return 2;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        String names = String.join(",", backends.stream().map(Backend::name).toList());
        String vector = r.diverged()
                ? VectorJson.write("fuzz seed " + seed + ": " + r.difference(), profile, r.reproducer()) : null;
        int code = r.diverged() ? 1 : 0;
        if (vector != null && out != null) {
            try {
                Files.writeString(out, vector + "\n");
            } catch (IOException e) {
                stderr.println("fuzz: --out " + out + ": " + e.getMessage());
                code = 2;
            }
        }
        if (json) {
            stdout.println(document(backends, profile, seed, ops, r, vector, secs, out, code));
            return code;
        }
        if (!r.diverged()) {
            stderr.printf("fuzz: %d operations on %s, seed %d, profile %s: no difference (%.0f ops/s)%n", r.steps(),
                    names, seed, profile.name(), r.steps() / secs);
            return 0;
        }
        stderr.printf("fuzz: divergence after %d operations (seed %d): %s%n", r.steps(), seed, r.difference());
        stderr.printf("fuzz: shortest reproducer found: %d steps%n", r.reproducer().size());
        stdout.println(vector);
        return code;
    }

    private static String document(List<Backend> backends, Profile profile, long seed, long ops, Fuzzer.Result r,
                                   String vector, double secs, Path out, int code) {
        ObjectNode o = JSON.createObjectNode();
        o.put("schema", SCHEMA);
        ArrayNode b = o.putArray("backends");
        backends.forEach(x -> b.add(x.name()));
        o.put("reference", backends.get(0).name());
        o.put("profile", profile.name());
        o.put("seed", seed);
        o.put("ops_requested", ops);
        o.put("ops_run", r.steps());
        o.put("seconds", Math.round(secs * 1000) / 1000.0);
        o.put("ops_per_second", Math.round(r.steps() / Math.max(secs, 1e-9)));
        o.put("diverged", r.diverged());
        try {
            if (r.diverged()) {
                o.put("difference", r.difference());
                o.put("reproducer_steps", r.reproducer().size());
                o.set("reproducer", JSON.readTree(vector));
            } else {
                o.putNull("difference");
                o.put("reproducer_steps", 0);
                o.putNull("reproducer");
            }
            if (out == null || !r.diverged()) {
                o.putNull("out");
            } else {
                o.put("out", out.toString());
            }
            o.put("exit", code);
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reproducer is not valid JSON", e);
        }
    }
}

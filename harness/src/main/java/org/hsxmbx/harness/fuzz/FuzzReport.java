package org.hsxmbx.harness.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hsxmbx.harness.vector.Backend;
import org.hsxmbx.harness.vector.ProfileNotSupportedException;
import org.hsxmbx.model.Profile;

/** Runs a fuzz campaign and prints its outcome; returns the exit code. */
public final class FuzzReport {
    private FuzzReport() {}

    public static int run(List<Backend> backends, Profile profile, long seed, long ops, Path out, PrintStream stdout,
                          PrintStream stderr) {
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
            r = f.run(seed, ops);
        } catch (ProfileNotSupportedException e) {
            stderr.println("fuzz: profile " + profile.name() + ": " + e.getMessage());
            return 2;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        String names = String.join(",", backends.stream().map(Backend::name).toList());
        if (!r.diverged()) {
            stderr.printf("fuzz: %d operations on %s, seed %d, profile %s: no difference (%.0f ops/s)%n", r.steps(),
                    names, seed, profile.name(), r.steps() / secs);
            return 0;
        }
        String json = VectorJson.write("fuzz seed " + seed + ": " + r.difference(), profile, r.reproducer());
        stderr.printf("fuzz: divergence after %d operations (seed %d): %s%n", r.steps(), seed, r.difference());
        stderr.printf("fuzz: shortest reproducer found: %d steps%n", r.reproducer().size());
        stdout.println(json);
        if (out != null) {
            try {
                Files.writeString(out, json + "\n");
            } catch (IOException e) {
                stderr.println("fuzz: --out " + out + ": " + e.getMessage());
                return 2;
            }
        }
        return 1;
    }
}

package org.hsxmbx.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hsxmbx.harness.vector.Backend;
import org.hsxmbx.harness.vector.Backends;
import org.hsxmbx.harness.vector.Vector;
import org.hsxmbx.harness.vector.VectorException;
import org.hsxmbx.harness.vector.VectorPlayer;
import org.hsxmbx.harness.vector.VectorReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./hsxmbx verify}: runs vector files on backends and compares them (output parsed by other tools). */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Run test vectors on one or more backends.",
                "Expectations are checked on the first backend; with several backends every result of every "
                        + "step must also be identical to the first backend's."},
        footer = {"", "Output: one line per vector, 'PASS <name> (<file>)' or 'FAIL <name> (<file>)', then an "
                + "indented line per failing check ('  step N (op): field: expected X, got Y' or "
                + "'  step N (op): field: java=X c=Y'); 'ERROR <file>: <message>' for unusable input (also a "
                + "vector whose profile a backend cannot hold: the message names the profile, each field that does "
                + "not fit, its value and the backend's limit); "
                + "last line 'N passed, N failed'.",
                "", "Exit status: 0 all passed; 1 a vector failed; 2 unusable input (a bad file, a missing path, "
                + "an unknown backend, a vector profile a backend cannot hold), which wins over 1. Files that are fine still run."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--backend", split = ",", paramLabel = "NAME", defaultValue = Backends.DEFAULT_LIST,
            description = "Backends, comma-separated, the first is the reference (default: ${DEFAULT-VALUE}).")
    List<String> backendNames = new ArrayList<>();

    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = "Vector files, or directories (every *.json below them, sorted by path).")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Backend> backends;
        try {
            backends = Backends.create(backendNames);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("verify: " + e.getMessage());
            return 2;
        }
        int passed = 0;
        int failed = 0;
        boolean unusable = false;
        try {
            VectorPlayer player = new VectorPlayer(backends);
            for (Path root : paths) {
                List<Path> files;
                try {
                    files = VectorReader.files(root);
                } catch (VectorException e) {
                    out.println("ERROR " + e.getMessage());
                    unusable = true;
                    continue;
                }
                for (Path f : files) {
                    Vector v;
                    try {
                        v = VectorReader.read(f);
                    } catch (VectorException e) {
                        out.println("ERROR " + e.getMessage());
                        unusable = true;
                        continue;
                    }
                    VectorPlayer.Outcome o = player.play(v);
                    if (o.unusable() != null) {
                        out.println("ERROR " + v.file() + ": " + o.unusable());
                        unusable = true;
                        continue;
                    }
                    out.println((o.passed() ? "PASS " : "FAIL ") + v.name() + " (" + v.file() + ")");
                    for (String line : o.failures()) {
                        out.println("  " + line);
                    }
                    if (o.passed()) {
                        passed++;
                    } else {
                        failed++;
                    }
                }
            }
        } finally {
            for (Backend b : backends) {
                try {
                    b.close();
                } catch (Exception e) {
                    spec.commandLine().getErr().println("verify: closing backend " + b.name() + ": " + e);
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return unusable ? 2 : failed > 0 ? 1 : 0;
    }
}

package org.hsxmbx.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hsxmbx.harness.vector.Backend;
import org.hsxmbx.harness.vector.Backends;
import org.hsxmbx.harness.report.VerifyResult;
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
                + "'  step N (op): field: java=X c=Y'); 'ERROR <file>: <message>' for unusable input; "
                + "'NOT ADMITTED <name> (<file>): <reason>' for a vector whose profile a backend does not admit "
                + "(a host library built with constant limits runs only its own profile, one with run-time limits "
                + "every profile within its maxima: the reason names each field that does not fit, its value and "
                + "the library's); last line 'N passed, N failed' and ', N not admitted' when any was not.",
                "", "Exit status: 0 all passed (vectors not admitted do not count); 1 a vector failed; 2 unusable "
                + "input (a bad file, a missing path, an unknown backend), which wins over 1. Files that are fine "
                + "still run.",
                "", "--json prints one JSON document instead (schema hsxmbx.verify/1); --junit FILE also writes JUnit XML."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--backend", split = ",", paramLabel = "NAME", defaultValue = Backends.DEFAULT_LIST,
            description = "Backends, comma-separated, the first is the reference (default: ${DEFAULT-VALUE}).")
    List<String> backendNames = new ArrayList<>();

    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = "Vector files, or directories (every *.json below them, sorted by path).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON document (schema hsxmbx.verify/1, docs/usage.md) instead"
            + " of the text lines.")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML to FILE"
            + " (one testcase per vector; its directory must exist).")
    Path junit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (junit != null) {
            String bad = OutputFiles.problem(junit);
            if (bad != null) {
                return usage("verify: --junit " + junit + ": " + bad);
            }
        }
        List<Backend> backends;
        try {
            backends = Backends.create(backendNames);
        } catch (IllegalArgumentException e) {
            return usage("verify: " + e.getMessage());
        }
        VerifyResult result;
        try (Progress progress = Progress.start("verify")) {
            result = VerifyResult.run(backends, paths, new VerifyResult.Listener() {
                @Override
                public void started(int index, int total, String file) {
                    progress.update("vector " + index + "/" + total + " " + file);
                }

                @Override
                public void vector(VerifyResult.VectorResult r) {
                    if (!json) {
                        out.println((r.passed() ? "PASS " : "FAIL ") + r.name() + " (" + r.file() + ")");
                        r.failures().forEach(f -> out.println("  " + f.message()));
                        out.flush();
                    }
                }

                @Override
                public void notAdmitted(VerifyResult.NotAdmitted n) {
                    if (!json) {
                        out.println(n.line());
                        out.flush();
                    }
                }

                @Override
                public void error(VerifyResult.InputError e) {
                    if (!json) {
                        out.println("ERROR " + e.line());
                        out.flush();
                    }
                }
            });
        } finally {
            for (Backend b : backends) {
                try {
                    b.close();
                } catch (Exception e) {
                    err.println("verify: closing backend " + b.name() + ": " + e);
                }
            }
        }
        if (json) {
            out.println(Json.pretty(result.toJson()));
        } else {
            out.println(result.summary());
        }
        out.flush();
        if (junit != null) {
            try {
                Files.writeString(junit, result.junitXml(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("verify: --junit " + junit + ": cannot write: " + e.getMessage());
                err.flush();
                return 2;
            }
        }
        return result.exitCode();
    }

    /** A usage error: the message on stderr, and with --json also the error document on stdout. */
    private int usage(String message) {
        spec.commandLine().getErr().println(message);
        spec.commandLine().getErr().flush();
        if (json) {
            spec.commandLine().getOut().println(Json.pretty(Json.object().put("schema", VerifyResult.SCHEMA)
                    .put("error", message).put("exit", 2)));
            spec.commandLine().getOut().flush();
        }
        return 2;
    }
}

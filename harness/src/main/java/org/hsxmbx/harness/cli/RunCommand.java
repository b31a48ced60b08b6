package org.hsxmbx.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hsxmbx.harness.script.ScriptRunner;
import org.hsxmbx.harness.vector.Backend;
import org.hsxmbx.harness.vector.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./hsxmbx run SCRIPT.js}: a JavaScript scenario on backends in lock step (docs/usage.md). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a JavaScript scenario against one or more backends.",
                "The script drives the service through the global 'mbx' (profile, taskStart, taskExit, bind, open, "
                        + "send, recv, peek, tap, close, tick, advance, stats, emitVector) and checks results with "
                        + "assert(cond, msg) and expect(actual, expected, msg). With several backends every call runs "
                        + "on each in lock step and the first difference fails the scenario."},
        footer = {"", "Output: 'PASS <script> (N calls on <backends>)' and 'wrote <file> (N steps)' per emitted vector; "
                + "'FAIL <script>:<line>: <message>' for a failed assert/expect or a backend difference; "
                + "'ERROR <script>:<line>[:<column>]: <message>' for unusable input.",
                "", "Exit status: 0 the scenario passed; 1 an assertion or a backend difference failed; 2 unusable "
                + "input (missing file, syntax error, bad argument, uncaught JavaScript error, unknown backend)."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--backend", split = ",", paramLabel = "NAME", defaultValue = "java",
            description = "Backends, comma-separated, the first is the reference (default: ${DEFAULT-VALUE}).")
    List<String> backendNames = new ArrayList<>();

    @Option(names = "--out-vector", paramLabel = "FILE",
            description = "Write the vector the script emits (mbx.emitVector) to FILE instead of its own path; "
                    + "a script that emits none has all its calls since the last mbx.profile() written there.")
    Path outVector;

    @Parameters(index = "0", paramLabel = "SCRIPT.js", description = "The scenario.")
    Path script;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(script)) {
            out.println("ERROR " + script + ": no such file");
            out.flush();
            return ScriptRunner.UNUSABLE;
        }
        if (outVector != null) {
            String bad = OutputFiles.problem(outVector);
            if (bad != null) {
                out.println("ERROR --out-vector " + outVector + ": " + bad);
                out.flush();
                return ScriptRunner.UNUSABLE;
            }
        }
        List<Backend> backends;
        try {
            backends = Backends.create(backendNames);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("run: --backend: " + e.getMessage());
            return ScriptRunner.UNUSABLE;
        }
        try {
            return ScriptRunner.run(script, script.toString(), backends, outVector, out);
        } finally {
            for (Backend b : backends) {
                try {
                    b.close();
                } catch (Exception e) {
                    spec.commandLine().getErr().println("run: closing backend " + b.name() + ": " + e);
                }
            }
        }
    }
}

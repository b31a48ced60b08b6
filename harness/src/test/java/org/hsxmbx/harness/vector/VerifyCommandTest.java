package org.hsxmbx.harness.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hsxmbx.harness.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and the output contract of {@code ./hsxmbx verify}, through {@link Main#run}. */
class VerifyCommandTest {
    private static final String PASSING = "{\"name\": \"opens\", \"steps\": ["
            + "{\"op\": \"open\", \"pid\": 0, \"target\": \"app:x\", \"expect\": {\"status\": \"OK\", \"handle\": 1}}]}";
    private static final String FAILING = "{\"name\": \"wrong handle\", \"steps\": ["
            + "{\"op\": \"open\", \"pid\": 0, \"target\": \"app:x\", \"expect\": {\"handle\": 2}},"
            + "{\"op\": \"peek\", \"pid\": 0, \"handle\": 1, \"expect\": {\"depth\": 0}}]}";
    private static final String BAD = "{\"steps\": [{\"op\": \"open\", \"pid\": 0, \"target\": \"app:x\", \"flags\": \"SIDEWAYS\"}]}";

    private record Run(int code, List<String> lines) {}

    private static Run verify(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 1];
            all[0] = "verify";
            System.arraycopy(args, 0, all, 1, args.length);
            int code = Main.run(all);
            return new Run(code, buf.toString(StandardCharsets.UTF_8).lines().toList());
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void allPassedExitsZero(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), PASSING);
        Run r = verify("--backend", "java", dir.toString());
        assertEquals(0, r.code());
        assertEquals(List.of("PASS opens (" + dir.resolve("a.json") + ")", "1 passed, 0 failed"), r.lines());
    }

    @Test
    void aFailedVectorExitsOneAndNamesTheStep(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), PASSING);
        Files.writeString(dir.resolve("b.json"), FAILING);
        Run r = verify("--backend", "java", dir.toString());
        assertEquals(1, r.code());
        assertEquals(List.of(
                "PASS opens (" + dir.resolve("a.json") + ")",
                "FAIL wrong handle (" + dir.resolve("b.json") + ")",
                "  step 1 (open): handle: expected 2, got 1",
                "1 passed, 1 failed"), r.lines());
    }

    @Test
    void unusableInputExitsTwoAndTheOtherFilesStillRun(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), PASSING);
        Files.writeString(dir.resolve("b.json"), BAD);
        Files.writeString(dir.resolve("c.json"), FAILING);
        Run r = verify("--backend", "java", dir.toString(), dir.resolve("missing.json").toString());
        assertEquals(2, r.code(), "unusable input wins over a failed vector");
        assertEquals(List.of(
                "PASS opens (" + dir.resolve("a.json") + ")",
                "ERROR " + dir.resolve("b.json") + ": step 1: field 'flags': unknown name 'SIDEWAYS' (known: "
                        + "FANOUT, FANOUT_BLOCK, FANOUT_DROP, RDONLY, RDWR, TAP, WRONLY)",
                "FAIL wrong handle (" + dir.resolve("c.json") + ")",
                "  step 1 (open): handle: expected 2, got 1",
                "ERROR " + dir.resolve("missing.json") + ": no such file or directory",
                "1 passed, 1 failed"), r.lines());
    }

    @Test
    void unknownBackendOrNoPathIsAUsageError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), PASSING);
        assertEquals(2, verify("--backend", "z80", dir.toString()).code());
        assertEquals(2, verify().code());
    }
}

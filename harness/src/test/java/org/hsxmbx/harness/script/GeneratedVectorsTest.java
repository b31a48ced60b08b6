package org.hsxmbx.harness.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed generated vectors are exactly what their generator scripts write today. */
class GeneratedVectorsTest {
    static {
        System.setProperty("polyglot.engine.WarnInterpreterOnly", "false");
    }

    private static final Path ROOT = Path.of(System.getProperty("hsxmbx.root", ".."));

    @Test
    void regeneratingTheTimeoutVectorGivesTheCommittedFileByteForByte(@TempDir Path dir) throws Exception {
        Path script = ROOT.resolve("testvectors/scripts/generate-timeouts.js");
        Path committed = ROOT.resolve("testvectors/generated/staggered-timeouts.json");
        Path fresh = dir.resolve("staggered-timeouts.json");
        RunCommandTest.Run r = RunCommandTest.run(script.toString(), "--out-vector", fresh.toString());
        assertEquals(0, r.code(), String.join("\n", r.lines()));
        assertEquals(List.of("PASS " + script + " (35 calls on java)", "wrote " + shown(fresh) + " (35 steps)"),
                r.lines());
        assertEquals(Files.readString(committed), Files.readString(fresh),
                "regenerate with ./hsxmbx run testvectors/scripts/generate-timeouts.js and commit the result");
    }

    @Test
    void regeneratingTheHandleWrapVectorGivesTheCommittedFileByteForByte(@TempDir Path dir) throws Exception {
        Path script = ROOT.resolve("testvectors/scripts/generate-handle-wrap.js");
        Path committed = ROOT.resolve("testvectors/generated/handle-counter-wrap.json");
        Path fresh = dir.resolve("handle-counter-wrap.json");
        RunCommandTest.Run r = RunCommandTest.run(script.toString(), "--out-vector", fresh.toString());
        assertEquals(0, r.code(), String.join("\n", r.lines()));
        assertEquals(List.of("PASS " + script + " (131077 calls on java)",
                "wrote " + shown(fresh) + " (131077 steps)"), r.lines());
        assertEquals(Files.readString(committed), Files.readString(fresh),
                "regenerate with ./hsxmbx run testvectors/scripts/generate-handle-wrap.js and commit the result");
    }

    private static Path shown(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs) : p;
    }
}

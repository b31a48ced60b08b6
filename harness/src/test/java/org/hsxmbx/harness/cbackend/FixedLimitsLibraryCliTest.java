package org.hsxmbx.harness.cbackend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI with {@code HSXMBX_HOSTLIB} naming {@code libhsxmbx_host_embedded.so}, a host library
 * built with constant limits (the embedded profile, 4 tasks): a profile it cannot hold is bad
 * input, reported with the profile, the field, the value and the library's limit, never a
 * buffer overflow in the shim or a JVM crash. Each run is its own JVM, since one JVM binds one
 * host library (the other tests use the run-time-limits library).
 */
class FixedLimitsLibraryCliTest {
    private static final String LIMIT = "this library is built with constant limits (HSX_MBX_CFG_RUNTIME_LIMITS 0)";

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    /** A constant-limits library Maven built next to libhsxmbx_host (firmware-c/CMakeLists.txt). */
    private static Path library(String name) throws IOException {
        Path build = Path.of(System.getProperty("hsxmbx.host.build", "build/host"));
        try (var s = Files.find(build, 4, (p, a) -> p.getFileName().toString()
                .equals(System.mapLibraryName(name)))) {
            return s.findFirst().orElseThrow(() -> new AssertionError(name + " not built under "
                    + build.toAbsolutePath() + " (mvn install builds it)"));
        }
    }

    private Run cli(String... args) throws Exception {
        return cliOn("hsxmbx_host_embedded", args);
    }

    private Run cliOn(String lib, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dpolyglot.engine.WarnInterpreterOnly=false",
                "org.hsxmbx.harness.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("HSXMBX_HOSTLIB", library(lib).toAbsolutePath().toString());
        pb.redirectOutput(dir.resolve("out.txt").toFile());
        pb.redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("hsxmbx " + String.join(" ", args) + " did not finish in 180 s");
        }
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private static void assertNames(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "missing '" + part + "' in:\n" + text);
        }
    }

    @Test
    void fuzzWithTheDesktopProfileIsBadInput() throws Exception {
        Run r = cli("fuzz", "--backend", "java,c", "--seed", "1", "--ops", "200", "--profile", "desktop");
        assertEquals(2, r.code(), r.err());
        assertNames(r.err(), "fuzz: --profile desktop: backend c cannot run it: profile 'desktop' does not fit the "
                + "host C library ", "libhsxmbx_host_embedded", "max_tasks 64 (the library's: 4)",
                "max_descriptors 256 (the library's: 16)", LIMIT);
        assertEquals("", r.out());
    }

    @Test
    void fuzzWithACustomProfileOfEightTasksNamesTheFileAndTheField() throws Exception {
        Path profile = dir.resolve("eight.json");
        Files.writeString(profile, "{\"base\": \"embedded\", \"max_tasks\": 8}");
        Run r = cli("fuzz", "--backend", "java,c", "--seed", "1", "--ops", "200", "--profile", profile.toString());
        assertEquals(2, r.code(), r.err());
        assertNames(r.err(), "fuzz: --profile " + profile + ": backend c cannot run it: ",
                "max_tasks 8 (the library's: 4)");
        assertTrue(!r.err().contains("max_descriptors"), "only the field that differs is named:\n" + r.err());
    }

    @Test
    void fuzzWithTheLibrarysOwnProfileRuns() throws Exception {
        Run r = cli("fuzz", "--backend", "java,c", "--seed", "3", "--ops", "2000", "--profile", "embedded");
        assertEquals(0, r.code(), r.err());
        assertNames(r.err(), "no difference");
    }

    @Test
    void verifyReportsAVectorWhoseProfileDoesNotFitAsNotAdmitted() throws Exception {
        Path vectors = Files.createDirectory(dir.resolve("vectors"));
        String steps = "\"steps\": [{\"op\": \"task_start\", \"pid\": 1, \"expect\": {\"status\": \"OK\"}}]";
        Files.writeString(vectors.resolve("a-desktop.json"),
                "{\"name\": \"desktop start\", \"profile\": \"desktop\", " + steps + "}");
        Files.writeString(vectors.resolve("b-eight.json"), "{\"name\": \"eight tasks\", \"profile\": "
                + "{\"base\": \"embedded\", \"max_tasks\": 8}, " + steps + "}");
        Files.writeString(vectors.resolve("c-embedded.json"),
                "{\"name\": \"embedded start\", \"profile\": \"embedded\", " + steps + "}");
        Run r = cli("verify", "--backend", "java,c", vectors.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("NOT ADMITTED desktop start (" + vectors.resolve("a-desktop.json")
                + "): backend c does not admit this vector: profile 'desktop' does not fit the host C library "),
                r.out());
        assertNames(lines.get(0), "max_tasks 64 (the library's: 4)", LIMIT);
        assertTrue(lines.get(1).startsWith("NOT ADMITTED eight tasks (" + vectors.resolve("b-eight.json")
                + "): backend c does not admit this vector: profile "), r.out());
        assertNames(lines.get(1), "max_tasks 8 (the library's: 4)");
        assertEquals("PASS embedded start (" + vectors.resolve("c-embedded.json") + ")", lines.get(2));
        assertEquals("1 passed, 0 failed, 2 not admitted", lines.get(3));
        Run json = cli("verify", "--backend", "java,c", "--json", vectors.toString());
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertEquals(2, doc.get("summary").get("not_admitted").asInt(), json.out());
        assertEquals("desktop start", doc.get("not_admitted").get(0).get("name").asText());
        assertEquals(0, doc.get("exit").asInt());
    }

    /**
     * The minimal-features library (fan-out, taps, events and the loader compiled out) runs its
     * own profile: the fuzzer in lock step, and the vectors of the minimal profile, while an
     * embedded vector is not admitted because of its features.
     */
    @Test
    void theMinimalLibraryRunsTheMinimalProfile() throws Exception {
        Run fuzz = cliOn("hsxmbx_host_minimal", "fuzz", "--backend", "java,c", "--seed", "4", "--ops", "3000",
                "--profile", "minimal");
        assertEquals(0, fuzz.code(), fuzz.err());
        assertNames(fuzz.err(), "profile minimal: no difference");
        Path root = Path.of(System.getProperty("hsxmbx.root", "..")).toAbsolutePath().normalize();
        Path vectors = Files.createDirectory(dir.resolve("vectors"));
        Files.writeString(vectors.resolve("embedded.json"), "{\"name\": \"embedded start\", \"profile\": \"embedded\","
                + " \"steps\": [{\"op\": \"task_start\", \"pid\": 1, \"expect\": {\"status\": \"OK\"}}]}");
        Run r = cliOn("hsxmbx_host_minimal", "verify", "--backend", "java,c",
                root.resolve("testvectors/10-minimal").toString(), vectors.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("3 passed, 0 failed, 1 not admitted", lines.get(lines.size() - 1), r.out());
        String all = String.join(",", org.hsxmbx.codegen.FeatureText.on(org.hsxmbx.model.Features.ALL));
        String minimal = String.join(",", org.hsxmbx.codegen.FeatureText.on(org.hsxmbx.model.Features.MINIMAL));
        assertNames(r.out(), "NOT ADMITTED embedded start", "features {" + all + "} (the library's: {" + minimal + "})",
                LIMIT);
    }

    @Test
    void runReportsAProfileTheLibraryCannotHoldAsUnusable() throws Exception {
        Path s = dir.resolve("desktop.js");
        Files.writeString(s, "mbx.profile('embedded');\nmbx.taskStart(1);\nmbx.profile('desktop');\n");
        Run r = cli("run", "--backend", "java,c", s.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertNames(r.out(), "ERROR " + s + ":3: mbx.profile: backend c cannot run it: profile 'desktop' does not "
                + "fit the host C library ", "max_tasks 64 (the library's: 4)");
    }

    @Test
    void runWithoutAProfileOnlyFailsWhenTheScriptCallsUnderTheDefault() throws Exception {
        Path ok = dir.resolve("embedded.js");
        Files.writeString(ok, "mbx.profile('embedded');\nexpect(mbx.taskStart(1).status, 'OK');\n");
        Run good = cli("run", "--backend", "java,c", ok.toString());
        assertEquals(0, good.code(), good.out() + good.err());
        assertNames(good.out(), "PASS " + ok);
        Path bad = dir.resolve("default.js");
        Files.writeString(bad, "mbx.taskStart(1);\n");
        Run r = cli("run", "--backend", "java,c", bad.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertNames(r.out(), "ERROR " + bad + ":1: mbx.taskStart: backend c cannot run the default profile: "
                + "profile 'desktop' does not fit", "max_tasks 64 (the library's: 4)", "call mbx.profile()");
    }
}

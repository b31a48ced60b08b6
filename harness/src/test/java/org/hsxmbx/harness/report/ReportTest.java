package org.hsxmbx.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hsxmbx.harness.cli.Main;
import org.hsxmbx.model.Features;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** build --report: the model's figures agree with the build, and the page renders in headless Chromium. */
class ReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("hsxmbx.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Chromium's output of one headless run: its exit code and log (stderr with --enable-logging). */
    private record Chrome(int code, String log, String stdout) {
        List<String> consoleLines() {
            return log.lines().filter(l -> l.contains(":CONSOLE")).toList();
        }
    }

    private Chrome chromium(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--disable-gpu", "--no-sandbox",
                "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + tmp.resolve("chrome-profile")));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("chromium is needed for this test (scripts/install-deps.sh installs it): " + e);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "chromium finished");
        t.join();
        return new Chrome(p.exitValue(), err.toString(StandardCharsets.UTF_8), out);
    }

    @Test
    void buildReportAgreesWithTheBuildAndRendersWithoutConsoleErrors() throws Exception {
        Path vectors = tmp.resolve("v");
        Files.createDirectories(vectors);
        Files.writeString(vectors.resolve("a.json"), "{\"name\": \"opens\", \"steps\": [{\"op\": \"open\", \"pid\": 0,"
                + " \"target\": \"app:x\", \"expect\": {\"handle\": 1}}]}");
        Files.writeString(vectors.resolve("b.json"), "{\"name\": \"wrong handle\", \"steps\": [{\"op\": \"open\","
                + " \"pid\": 0, \"target\": \"app:x\", \"expect\": {\"handle\": 2}}]}");
        Path report = tmp.resolve("report");
        Run r = cli("build", "--board", "atmega1284p", "--mailboxes",
                ROOT.resolve("testvectors/images/telemetry.hxe").toString(), "--out", tmp.resolve("fw").toString(),
                "--report", report.toString(), "--vectors", vectors.toString(), "--json");
        assertTrue(r.code() == 0 || r.code() == 1, r.out() + r.err());
        JsonNode build = JSON.readTree(r.out());
        assertEquals(report.resolve("index.html").toString(), build.get("report").asText());

        JsonNode m = JSON.readTree(report.resolve("report.json").toFile());
        assertEquals("hsxmbx.report/1", m.get("schema").asText());
        // feature costs: the core plus one step per feature of the profile (all of them), ending at the build's figure
        JsonNode steps = m.get("feature_costs").get("steps");
        int n = org.hsxmbx.codegen.FeatureText.names().size();
        assertEquals(n + 1, steps.size());
        assertEquals("core", steps.get(0).get("feature").asText());
        assertEquals(org.hsxmbx.codegen.FeatureText.names().get(n - 1), steps.get(n).get("feature").asText());
        long sum = 0;
        for (JsonNode s : steps) {
            sum += s.get("delta_bytes").asLong();
            assertTrue(s.get("delta_bytes").asLong() > 0, "every feature costs flash: " + s);
        }
        long runtimeFlash = build.get("budget").get("items").get(0).get("measured_bytes").asLong();
        assertEquals(runtimeFlash, steps.get(n).get("flash_bytes").asLong(), "the last step is the build itself");
        assertEquals(runtimeFlash, sum);
        assertEquals(14336, m.get("feature_costs").get("budget_all_bytes").asLong());
        // the SRAM map covers every storage symbol of the runtime
        long symbols = 0;
        for (Iterator<JsonNode> it = build.get("runtime_sram").elements(); it.hasNext(); ) {
            symbols += it.next().asLong();
        }
        long regions = 0;
        for (JsonNode g : m.get("sram_map").get("regions")) {
            regions += g.get("bytes").asLong();
        }
        assertEquals(symbols, m.get("sram_map").get("total_bytes").asLong());
        assertEquals(symbols, regions);
        // telemetry.hxe: app:telemetry (96, owner pid 1) and shared:metrics (192) read by pid 1 and tapped by pid 0
        JsonNode d = m.get("declared_mailboxes");
        assertEquals(4096, d.get("arena_bytes").asLong());
        assertEquals(4 * 64, d.get("task_arena_bytes").asLong(), "task 1's stdio and pid: mailboxes");
        assertEquals("app:telemetry@1", d.get("entries").get(0).get("target").asText());
        assertEquals(96, d.get("entries").get(0).get("arena_bytes").asLong());
        assertEquals("shared:metrics", d.get("entries").get(1).get("target").asText());
        assertEquals(192 + 192, d.get("entries").get(1).get("arena_bytes").asLong(), "queue + the tap's buffer");
        assertEquals("[\"pid 1\",\"pid 0 (tap)\"]", d.get("entries").get(1).get("bindings").toString());
        // cross-check: java is the reference and misses one expectation, c agrees with java everywhere
        JsonNode c = m.get("cross_check");
        assertEquals(2, c.get("vectors").asInt());
        JsonNode java = c.get("backends").get(0);
        assertEquals("java", java.get("name").asText());
        assertEquals(1, java.get("vectors_failed").asInt());
        assertEquals("step 1 (open): handle: expected 2, got 1", java.get("failures").get(0).get("message").asText());
        assertEquals("c", c.get("backends").get(1).get("name").asText());
        assertEquals(2, c.get("backends").get(1).get("vectors_passed").asInt());

        String html = Files.readString(report.resolve("index.html"));
        assertFalse(html.contains("<script src") || html.contains("<link") || html.contains("<img"),
                "self-contained");
        assertTrue(html.contains("<script type=\"application/json\" id=\"hsxmbx-report\">"), "model embedded");

        // the console scan finds errors when there are some (so finding none below means something)
        Path bad = tmp.resolve("bad.html");
        Files.writeString(bad, "<html><body><script>console.error('planted'); missing();</script></body></html>");
        Chrome control = chromium("--dump-dom", bad.toUri().toString());
        assertEquals(2, control.consoleLines().size(), control.log());

        Path png = tmp.resolve("report.png");
        Chrome shot = chromium("--screenshot=" + png, "--window-size=960,1900",
                report.resolve("index.html").toUri().toString());
        assertEquals(0, shot.code(), shot.log());
        assertEquals(List.of(), shot.consoleLines(), "console messages while rendering the report");
        byte[] img = Files.readAllBytes(png);
        assertTrue(img.length > 20_000, "a screenshot with content: " + img.length + " bytes");
        assertEquals(0x89, img[0] & 0xFF);
        assertEquals('P', img[1]);
        Chrome dom = chromium("--dump-dom", report.resolve("index.html").toUri().toString());
        assertEquals(List.of(), dom.consoleLines());
        for (String heading : List.of("Mailbox budget", "Whole image on the part", "Runtime flash per feature",
                "SRAM map of the instance", "Arena reserved per declared mailbox", "Cross-check per backend")) {
            assertTrue(dom.stdout().contains("<h2>" + heading + "</h2>"), heading);
        }
        assertTrue(dom.stdout().split("<svg").length > 8, "the charts are in the rendered DOM");
        // kept for docs/img/report.png (see docs/usage.md)
        Path keep = ROOT.resolve("harness/target/report-screenshot.png");
        Files.createDirectories(keep.getParent());
        Files.copy(png, keep, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void crossCheckFromAVerifyDocumentKeepsEveryBackend() throws Exception {
        Path doc = tmp.resolve("verify.json");
        Files.writeString(doc, "{\"schema\": \"hsxmbx.verify/1\", \"backends\": [\"java\", \"c\", \"avr\"],"
                + " \"vectors\": [{\"file\": \"t/a.json\", \"name\": \"a\", \"failures\": []},"
                + " {\"file\": \"t/b.json\", \"name\": \"b\", \"failures\": [{\"backend\": \"avr\","
                + " \"message\": \"step 2 (recv): length: java=3 avr=0\"}]}], \"errors\": []}");
        JsonNode c = Report.crossCheck(null, doc, s -> { });
        assertEquals(doc.toString(), c.get("source").asText());
        assertEquals(3, c.get("backends").size());
        assertEquals("[2,2,1]", "[" + c.get("backends").get(0).get("vectors_passed") + ","
                + c.get("backends").get(1).get("vectors_passed") + "," + c.get("backends").get(2).get("vectors_passed")
                + "]");
        assertEquals("step 2 (recv): length: java=3 avr=0",
                c.get("backends").get(2).get("failures").get(0).get("message").asText());
        Files.writeString(doc, "{\"schema\": \"hsxmbx.build/1\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Report.crossCheck(null, doc, s -> { }));
        assertTrue(e.getMessage().contains("field 'schema': not a hsxmbx.verify/1 document"), e.getMessage());
    }
}

package org.hsxmbx.harness.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HxeCommandTest {
    /** Maven runs tests in the module directory; the examples live at the repository root. */
    private static final Path IMAGES = Path.of("..", "testvectors", "images");

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static void assertBadInput(CliRun r, String... fragments) {
        assertEquals(2, r.code(), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void packedExamplesMatchTheCommittedImages(@TempDir Path tmp) throws Exception {
        for (String name : new String[] {"telemetry", "sensor"}) {
            Path out = tmp.resolve(name + ".hxe");
            CliRun r = run("hxe", "pack", IMAGES.resolve(name + ".hxedesc").toString(), "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().startsWith("wrote "), r.out());
            assertArrayEquals(Files.readAllBytes(IMAGES.resolve(name + ".hxe")), Files.readAllBytes(out),
                    name + ".hxe is out of date: re-run hxe pack on " + name + ".hxedesc");
        }
    }

    @Test
    void inspectPrintsHeaderTableAndMailboxes() {
        CliRun r = run("hxe", "inspect", IMAGES.resolve("telemetry.hxe").toString());
        assertEquals(0, r.code(), r.err());
        for (String s : new String[] {"HXE v2 image", "app_name     \"telemetry\"", "code_len     16", "ro_len       5",
                ".mailbox", "mailboxes (json encoding, 2)", "shared:metrics", "RDWR|FANOUT_DROP",
                "binding pid 0 flags 0x0004 (tap)"}) {
            assertTrue(r.out().contains(s), "expected '" + s + "' in:\n" + r.out());
        }
        CliRun b = run("hxe", "inspect", IMAGES.resolve("sensor.hxe").toString());
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("mailboxes (binary encoding, 2)"), b.out());
    }

    @Test
    void inspectJsonIsMachineReadable() throws Exception {
        CliRun r = run("hxe", "inspect", "--json", IMAGES.resolve("telemetry.hxe").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertEquals(2, n.at("/header/version").asInt());
        assertEquals("telemetry", n.at("/header/app_name").asText());
        assertEquals(3, n.at("/metadata/0/section_type").asInt());
        assertEquals("json", n.at("/mailbox_encoding").asText());
        assertEquals("shared:metrics", n.at("/mailboxes/1/target").asText());
        assertEquals(4, n.at("/mailboxes/1/bindings/1/flags").asInt());
    }

    @Test
    void badImagesExitTwoNamingFileAndField(@TempDir Path tmp) throws Exception {
        byte[] b = Files.readAllBytes(IMAGES.resolve("telemetry.hxe"));
        b[b.length - 1] ^= 1;
        Path bad = tmp.resolve("bad.hxe");
        Files.write(bad, b);
        assertBadInput(run("hxe", "inspect", bad.toString()), "bad.hxe", "'crc32'");
        assertBadInput(run("hxe", "load", bad.toString()), "bad.hxe", "'crc32'");
        assertBadInput(run("hxe", "inspect", tmp.resolve("missing.hxe").toString()), "missing.hxe", "not found");
        assertBadInput(run("hxe", "inspect"), "FILE");
        assertBadInput(run("hxe", "pack", "x.json"), "--out");
    }

    @Test
    void packRejectsBadDescriptions(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("o.hxe");
        String[][] cases = {
            {"{\"app_name\":\"a\",\"colour\":1}", "'colour'"},
            {"{\"flags\":1}", "'app_name'"},
            {"{\"app_name\":\"a\",\"entry\":\"0xZZ\"}", "'entry'"},
            {"{\"app_name\":\"a\",\"bss_size\":-1}", "'bss_size'"},
            {"{\"app_name\":\"a\",\"code\":\"nope.bin\"}", "nope.bin", "not found"},
            {"{\"app_name\":\"a\",\"code\":{\"hex\":\"000000\"}}", "'code_len'"},
            {"{\"app_name\":\"a\",\"encoding\":\"xml\"}", "'encoding'"},
            {"{\"app_name\":\"a\",\"mailboxes\":[{\"target\":\"app:a\",\"capacity\":70000}]}",
                "'mailboxes'", "mailbox entry 0, field 'capacity'"},
            {"{\"app_name\":\"a\",\"encoding\":\"binary\",\"mailboxes\":[{\"target\":\"app:a\",\"owner_pid\":1}]}",
                "mailbox entry 0, field 'owner_pid'"},
            {"{\"app_name\":\"a\",", "not valid JSON"},
        };
        for (String[] c : cases) {
            Path desc = tmp.resolve("d.hxedesc");
            Files.writeString(desc, c[0]);
            CliRun r = run("hxe", "pack", desc.toString(), "--out", out.toString());
            String[] want = new String[c.length];
            want[0] = "d.hxedesc";
            System.arraycopy(c, 1, want, 1, c.length - 1);
            assertBadInput(r, want);
        }
        assertFalse(Files.exists(out), "nothing is written for a bad description");
    }

    @Test
    void packReadsDeclarationsFromSourcesAndFiles(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("app.c"), "#pragma hsx_mailbox(target=\"app:a\", capacity=64)\n");
        Files.writeString(tmp.resolve("d.hxedesc"), "{\"app_name\":\"a\",\"mailboxes\":\"app.c\"}");
        Path out = tmp.resolve("a.hxe");
        assertEquals(0, run("hxe", "pack", tmp.resolve("d.hxedesc").toString(), "--out", out.toString()).code());
        CliRun r = run("hxe", "inspect", out.toString());
        assertTrue(r.out().contains("app:a") && r.out().contains("req_caps     0x00000001"), r.out());

        Files.writeString(tmp.resolve("app.c"), "#pragma hsx_mailbox(target=\"app:a\", capacity=seven)\n");
        assertBadInput(run("hxe", "pack", tmp.resolve("d.hxedesc").toString(), "--out", out.toString()),
                "app.c:1", "field 'capacity'");
    }

    @Test
    void loadPreloadsIntoAFreshService() throws Exception {
        CliRun r = run("hxe", "load", IMAGES.resolve("telemetry.hxe").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 mailboxes pre-created for pid 1"), r.out());
        assertTrue(r.out().contains("metrics") && r.out().contains("pid 0 handle 1"), r.out());

        CliRun j = run("hxe", "load", "--json", "--pid", "3", "--profile", "embedded",
                IMAGES.resolve("sensor.hxe").toString());
        assertEquals(0, j.code(), j.err());
        JsonNode n = new ObjectMapper().readTree(j.out());
        boolean found = false;
        for (JsonNode d : n.get("descriptors")) {
            found |= d.get("name").asText().equals("sensor.raw") && d.get("capacity").asInt() == 128;
        }
        assertTrue(found, j.out());
        assertBadInput(run("hxe", "load", "--profile", "nosuch", IMAGES.resolve("sensor.hxe").toString()),
                "--profile", "nosuch");
    }

    @Test
    void loadNamesTheDeclarationTheServiceRejects(@TempDir Path tmp) throws Exception {
        // Capacity 3 passes the codec (0..65535) but the service needs 0 or 8..65535.
        Files.writeString(tmp.resolve("d.hxedesc"),
                "{\"app_name\":\"a\",\"mailboxes\":[{\"target\":\"app:ok\"},{\"target\":\"app:tiny\",\"capacity\":3}]}");
        Path img = tmp.resolve("a.hxe");
        assertEquals(0, run("hxe", "pack", tmp.resolve("d.hxedesc").toString(), "--out", img.toString()).code());
        assertBadInput(run("hxe", "load", img.toString()), "a.hxe", "mailbox entry 1, field 'capacity'");
    }

    @Test
    void loadOnTheCBackendPrintsWhatTheModelPrints(@TempDir Path tmp) throws Exception {
        for (String name : new String[] {"telemetry.hxe", "sensor.hxe"}) {
            for (String[] extra : new String[][] {{}, {"--json"}, {"--profile", "embedded", "--pid", "3"}}) {
                String img = IMAGES.resolve(name).toString();
                CliRun j = run(concat(new String[] {"hxe", "load", "--backend", "java", img}, extra));
                CliRun c = run(concat(new String[] {"hxe", "load", "--backend", "c", img}, extra));
                if (extra.length < 2) {
                    assertEquals(0, j.code(), j.err());
                }
                assertEquals(j.code(), c.code(), c.err());
                assertEquals(j.out(), c.out(), name);
                assertEquals(j.err(), c.err(), name);
            }
        }
        // Rejections: the same line (entry, field, status) and exit code 2 on both.
        Files.writeString(tmp.resolve("d.hxedesc"), "{\"app_name\":\"a\",\"mailboxes\":[{\"target\":\"app:ok\"},"
                + "{\"target\":\"app:tiny\",\"capacity\":3},{\"target\":\"app:x\",\"bindings\":[{\"pid\":9}]}]}");
        Path img = tmp.resolve("a.hxe");
        assertEquals(0, run("hxe", "pack", tmp.resolve("d.hxedesc").toString(), "--out", img.toString()).code());
        CliRun j = run("hxe", "load", "--backend", "java", img.toString());
        CliRun c = run("hxe", "load", "--backend", "c", img.toString());
        assertBadInput(j, "a.hxe", "mailbox entry 1, field 'capacity'", "INVALID_ARGUMENT");
        assertBadInput(c, "a.hxe", "mailbox entry 1, field 'capacity'", "INVALID_ARGUMENT");
        assertEquals(j.err(), c.err());
        CliRun t = run("hxe", "load", "--backend", "c", "--profile", "embedded", "--start-task", "2,3,4,5",
                IMAGES.resolve("telemetry.hxe").toString());
        assertEquals(run("hxe", "load", "--backend", "java", "--profile", "embedded", "--start-task", "2,3,4,5",
                IMAGES.resolve("telemetry.hxe").toString()).err(), t.err());
        assertBadInput(run("hxe", "load", "--backend", "rust", img.toString()), "--backend", "rust");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}

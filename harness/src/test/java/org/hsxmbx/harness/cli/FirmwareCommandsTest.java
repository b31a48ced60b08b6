package org.hsxmbx.harness.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hsxmbx.model.Features;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ./hsxmbx generate, build and flash through the CLI entry point. */
class FirmwareCommandsTest {
    @TempDir
    Path tmp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static void assertBadInput(CliRun r, String... fragments) {
        assertEquals(2, r.code(), r.out() + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void generateIsDeterministic() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        CliRun r = run("generate", "--board", "mps2-an386", "--profile", "embedded", "--out", a.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("generated 8 files for board mps2-an386"), r.out());
        assertEquals(0, run("generate", "--board", "mps2-an386", "--profile", "embedded", "--out", b.toString())
                .code());
        List<Path> files;
        try (Stream<Path> s = Files.list(a)) {
            files = s.sorted().toList();
        }
        assertEquals(8, files.size());
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(b.resolve(f.getFileName())), f.toString());
        }
    }

    @Test
    void badInputNamesWhatIsWrong() throws Exception {
        String out = tmp.resolve("o").toString();
        assertBadInput(run("generate", "--board", "uno", "--out", out), "unknown board 'uno'", "atmega1284p");
        Path profile = tmp.resolve("p.json");
        Files.writeString(profile, "{\"base\": \"embedded\", \"arena_bytes\": -1}");
        assertBadInput(run("generate", "--board", "atmega1284p", "--profile", profile.toString(), "--out", out),
                "p.json", "arena_bytes");
        assertBadInput(run("generate", "--board", "atmega1284p", "--profile", "huge", "--out", out), "huge");
        Path mbx = tmp.resolve("m.json");
        Files.writeString(mbx, "[{\"target\": \"app:big\", \"capacity\": 70000}]");
        assertBadInput(run("generate", "--board", "atmega1284p", "--mailboxes", mbx.toString(), "--out", out),
                "m.json", "capacity");
        assertBadInput(run("build", "--board", "atmega1284p", "--features", "some", "--out", out), "--features");
        CliRun missing = run("generate", "--board", "atmega1284p");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--out"), missing.err());
    }

    @Test
    void flashDryRunPrintsTheProgrammerCommand() {
        Path elf = tmp.resolve("fw").resolve("firmware.elf");
        CliRun avr = run("flash", "--board", "atmega1284p", "--port", "/dev/ttyACM3", "--dry-run", "--elf",
                elf.toString());
        assertEquals(0, avr.code(), avr.err());
        assertEquals("avrdude -p m1284p -c arduino -b 115200 -P /dev/ttyACM3 -U flash:w:"
                + elf.resolveSibling("firmware.hex") + ":i", avr.out().strip());
        CliRun stm = run("flash", "--board", "stm32f405", "--port", "stlink", "--dry-run", "--elf", elf.toString());
        assertEquals(0, stm.code(), stm.err());
        assertTrue(stm.out().startsWith("openocd -f interface/stlink.cfg"), stm.out());
        CliRun qemu = run("flash", "--board", "mps2-an386", "--emulator", "--dry-run", "--elf", elf.toString());
        assertTrue(qemu.out().startsWith("qemu-system-arm -M mps2-an386"), qemu.out());
        assertBadInput(run("flash", "--board", "mps2-an386", "--port", "/dev/ttyUSB0", "--elf", elf.toString()),
                "has no programmer");
        assertBadInput(run("flash", "--board", "atmega1284p", "--elf", elf.toString()), "no firmware at");
    }

    /** Cross-compiles and runs in the emulator; CI installs avr-gcc, simavr, arm-none-eabi-gcc and QEMU. */
    @ParameterizedTest
    @ValueSource(strings = {"atmega1284p", "mps2-an386"})
    void buildThenRunInTheEmulator(String board) {
        Path out = tmp.resolve(board);
        CliRun build = run("build", "--board", board, "--out", out.toString());
        // Exit 0 within budget, 1 over: both mean the firmware was built and measured.
        assertTrue(build.code() == 0 || build.code() == 1, build.out() + build.err());
        // the embedded profile has every feature: its own features are all of them
        assertTrue(build.out().contains("mailbox budget for board " + board + " (the profile's features)"), build.out());
        assertTrue(build.out().contains("whole image on the part"), build.out());
        for (String item : List.of("runtime flash (all features)", "static SRAM excluding the arena",
                "descriptor record", "deepest mailbox call stack")) {
            assertTrue(build.out().contains(item), item + " missing from:\n" + build.out());
        }
        assertEquals(build.out().contains("OVER"), build.code() == 1, build.out());
        CliRun flash = run("flash", "--board", board, "--emulator", "--elf",
                out.resolve("build").resolve("firmware.elf").toString());
        assertEquals(0, flash.code(), flash.out() + flash.err());
        assertTrue(flash.out().startsWith("hsxmbx selfcheck: board " + board), flash.out());
        assertFalse(flash.out().contains("FAIL"), flash.out());
        assertTrue(flash.out().contains("selfcheck: 34 checks, 0 failed"), flash.out());
        assertTrue(flash.out().strip().endsWith("firmware exit status 0"), flash.out());
    }

    /** A copy of a repository board outside the repository, paths in board.json relative to it. */
    private Path outOfTreeBoard(String board, String id) throws Exception {
        Path root = Path.of(System.getProperty("hsxmbx.root", "..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("boards"))) {
            root = Path.of("").toAbsolutePath().getParent();
        }
        Path boards = root.resolve("boards");
        Path dir = tmp.resolve("vendor-boards").resolve(id);
        Files.createDirectories(dir);
        for (String f : List.of("toolchain.cmake", "linker.ld")) {
            if (Files.exists(boards.resolve(board).resolve(f))) {
                Files.copy(boards.resolve(board).resolve(f), dir.resolve(f));
            }
        }
        Path common = tmp.resolve("vendor-boards").resolve("console");
        Files.createDirectories(common);
        for (String f : List.of("cortex-m/startup.c", "cortex-m/semihosting.c", "avr/console_uart0.c")) {
            Files.copy(boards.resolve("common").resolve(f), common.resolve(Path.of(f).getFileName()));
        }
        String json = Files.readString(boards.resolve(board).resolve("board.json"))
                .replace("\"id\": \"" + board + "\"", "\"id\": \"" + id + "\"")
                .replace("../common/cortex-m/", "../console/").replace("../common/avr/", "../console/");
        Files.writeString(dir.resolve("board.json"), json);
        return dir.resolve("board.json");
    }

    @Test
    void generateLibOnlyAndVendor() throws Exception {
        Path lib = tmp.resolve("lib");
        CliRun r = run("generate", "--board", "atmega1284p", "--lib-only", "--out", lib.toString());
        assertEquals(0, r.code(), r.err());
        try (Stream<Path> s = Files.list(lib)) {
            assertEquals(List.of("hsx_fw_mailboxes.c", "hsx_fw_mailboxes.h", "hsx_mbx_config.h", "hsx_mbx_instance.h"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Path ven = tmp.resolve("ven");
        r = run("generate", "--board", "atmega1284p", "--vendor", "--out", ven.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(ven.resolve("PROVENANCE")).contains("# source    hsxmbx commit "));
        assertTrue(Files.isRegularFile(ven.resolve("hsx_mbx.c")));
        assertFalse(Files.exists(ven.resolve("main.c")) || Files.exists(ven.resolve("CMakeLists.txt")));
    }

    @Test
    void boardByPathAndBoardPath() throws Exception {
        Path f = outOfTreeBoard("mps2-an386", "my-m4");
        CliRun byPath = run("generate", "--board", f.toString(), "--lib-only", "--out", tmp.resolve("a").toString());
        assertEquals(0, byPath.code(), byPath.err());
        assertTrue(byPath.out().contains("for board my-m4"), byPath.out());
        assertTrue(Files.readString(tmp.resolve("a/hsx_mbx_config.h")).contains("board     my-m4 (my-m4/board.json,"));
        CliRun byDir = run("generate", "--board", f.getParent().toString(), "--lib-only", "--out",
                tmp.resolve("b").toString());
        assertEquals(0, byDir.code(), byDir.err());
        CliRun byId = run("generate", "--board-path", f.getParent().getParent().toString(), "--board", "my-m4",
                "--lib-only", "--out", tmp.resolve("c").toString());
        assertEquals(0, byId.code(), byId.err());
        assertBadInput(run("generate", "--board", "my-m4", "--out", tmp.resolve("d").toString()),
                "unknown board 'my-m4'", "--board-path", "HSXMBX_BOARD_PATH");
        Path missing = tmp.resolve("nowhere/board.json");
        assertBadInput(run("generate", "--board", missing.toString(), "--out", tmp.resolve("e").toString()),
                "board file '" + missing + "' does not exist");
        Files.writeString(f, Files.readString(f).replace("\"clock_hz\": 25000000", "\"clock_hz\": \"fast\""));
        assertBadInput(run("generate", "--board", f.toString(), "--out", tmp.resolve("f").toString()),
                f.toString(), "field 'clock_hz'", "positive integer");
    }

    @Test
    void flashProgrammerOverrides() {
        Path elf = tmp.resolve("fw").resolve("firmware.elf");
        CliRun avr = run("flash", "--board", "atmega1284p", "--port", "/dev/ttyACM0", "--baud", "57600",
                "--programmer-arg", "-v", "--programmer-arg", "-D", "--dry-run", "--elf", elf.toString());
        assertEquals(0, avr.code(), avr.err());
        assertEquals("avrdude -p m1284p -c arduino -b 57600 -P /dev/ttyACM0 -U flash:w:"
                + elf.resolveSibling("firmware.hex") + ":i -v -D", avr.out().strip());
        assertBadInput(run("flash", "--board", "stm32f405", "--port", "stlink", "--baud", "9600", "--dry-run",
                "--elf", elf.toString()), "programmer.command", "has no {baud}", "board.json");
        assertBadInput(run("flash", "--board", "atmega1284p", "--port", "p", "--baud", "0", "--dry-run",
                "--elf", elf.toString()), "--baud");
    }

    /** A board outside the repository builds and runs like a built-in one. */
    @Test
    void outOfTreeBoardBuildsAndRunsInTheEmulator() throws Exception {
        Path f = outOfTreeBoard("mps2-an386", "my-m4");
        Path out = tmp.resolve("my-m4-fw");
        CliRun build = run("build", "--board", f.toString(), "--out", out.toString());
        assertTrue(build.code() == 0 || build.code() == 1, build.out() + build.err());
        CliRun flash = run("flash", "--board", f.toString(), "--elf",
                out.resolve("build").resolve("firmware.elf").toString());
        assertEquals(0, flash.code(), flash.out() + flash.err());
        assertTrue(flash.out().startsWith("hsxmbx selfcheck: board my-m4"), flash.out());
        assertTrue(flash.out().contains("selfcheck: 34 checks, 0 failed"), flash.out());
    }

    /** The same build as JSON: one document, the budget lines and the whole image as the toolchain's size sees it. */
    @ParameterizedTest
    @ValueSource(strings = {"atmega1284p", "mps2-an386"})
    void buildJsonReportsTheWholeImage(String board) throws Exception {
        Path out = tmp.resolve(board);
        CliRun r = run("build", "--board", board, "--out", out.toString(), "--json");
        assertTrue(r.code() == 0 || r.code() == 1, r.out() + r.err());
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals("hsxmbx.build/1", doc.get("schema").asText());
        assertEquals(board, doc.get("board").get("id").asText());
        assertEquals("profile", doc.get("profile").get("feature_set").asText());
        assertEquals(org.hsxmbx.codegen.FeatureText.names().size(), doc.get("profile").get("features").size());
        assertEquals(4, doc.get("budget").get("items").size());
        assertEquals("runtime_flash", doc.get("budget").get("items").get(0).get("key").asText());
        assertEquals(doc.get("budget").get("over").asBoolean(), r.code() == 1);
        assertEquals(r.code(), doc.get("exit").asInt());
        // the toolchain's own Berkeley figures: flash = text + data, static SRAM = data + bss
        String prefix = board.equals("atmega1284p") ? "avr-" : "arm-none-eabi-";
        Process p = new ProcessBuilder(prefix + "size", "-B", doc.get("elf").asText()).start();
        String[] cols = new String(p.getInputStream().readAllBytes()).lines().skip(1).findFirst().orElseThrow()
                .trim().split("\\s+");
        assertEquals(0, p.waitFor());
        long text = Long.parseLong(cols[0]);
        long data = Long.parseLong(cols[1]);
        long bss = Long.parseLong(cols[2]);
        com.fasterxml.jackson.databind.JsonNode img = doc.get("image");
        assertEquals(text + data, img.get("flash_bytes").asLong(), img.toString());
        assertEquals(data + bss, img.get("sram_bytes").asLong(), img.toString());
        assertEquals(board.equals("atmega1284p") ? 131072 : 262144, img.get("flash_total_bytes").asLong());
        assertEquals(board.equals("atmega1284p") ? 16384 : 65536, img.get("sram_total_bytes").asLong());
    }

    /** Without --features the profile's own features are built; --features replaces them. */
    @Test
    void buildKeepsTheProfilesFeaturesUnlessTold() throws Exception {
        Path profile = tmp.resolve("nofan.json");
        Files.writeString(profile, "{\"name\": \"nofan\", \"base\": \"embedded\", \"features\": {\"fanout\": false,"
                + " \"loader\": false}}");
        Path out = tmp.resolve("nofan");
        CliRun own = run("build", "--board", "atmega1284p", "--profile", profile.toString(), "--out", out.toString());
        assertTrue(own.code() == 0 || own.code() == 1, own.out() + own.err());
        assertTrue(own.out().contains("runtime flash (features: taps events timeouts stdio introspection svc)"), own.out());
        CliRun all = run("build", "--board", "atmega1284p", "--profile", profile.toString(), "--features", "all",
                "--out", out.toString(), "--json");
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(all.out());
        assertEquals("all", doc.get("profile").get("feature_set").asText());
        assertEquals("runtime flash (all features)", doc.get("budget").get("items").get(0).get("name").asText());
        long ownFlash = Long.parseLong(own.out().lines().filter(l -> l.contains("runtime flash"))
                .findFirst().orElseThrow().trim().split("\\)\\s+")[1].split(" ")[0]);
        assertTrue(ownFlash < doc.get("budget").get("items").get(0).get("measured_bytes").asLong(),
                "without fan-out and the loader the runtime is smaller: " + ownFlash);
        // the flash shares follow the features built: the profile's own (no fan-out, no loader) ...
        assertTrue(own.out().contains("runtime flash per feature"), own.out());
        assertTrue(own.out().contains("  + taps "), own.out());
        assertFalse(own.out().contains("  + fanout ") || own.out().contains("  + loader "), own.out());
        assertTrue(own.out().contains(String.format("  %-36s %6d B", "= runtime flash", ownFlash)), own.out());
        // ... and with --features all every feature of Features, summing to the runtime flash line
        com.fasterxml.jackson.databind.JsonNode shares = doc.get("feature_shares");
        List<String> added = new java.util.ArrayList<>();
        long sum = 0;
        for (com.fasterxml.jackson.databind.JsonNode step : shares.get("steps")) {
            added.add(step.get("feature").asText());
            assertTrue(step.get("delta_bytes").asLong() > 0, "every feature costs flash: " + step);
            sum += step.get("delta_bytes").asLong();
        }
        List<String> expected = new java.util.ArrayList<>(List.of("core"));
        expected.addAll(org.hsxmbx.codegen.FeatureText.names());
        assertEquals(expected, added);
        assertEquals(doc.get("budget").get("items").get(0).get("measured_bytes").asLong(), sum);
        assertEquals(sum, shares.get("total_bytes").asLong());
        assertEquals(14336, shares.get("budget_bytes").asLong());
        // --features minimal: the minimal budget, and the shares of the minimal features end at its flash
        CliRun min = run("build", "--board", "atmega1284p", "--profile", profile.toString(), "--features", "minimal",
                "--out", out.toString(), "--json");
        com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(min.out());
        com.fasterxml.jackson.databind.JsonNode flash = m.get("budget").get("items").get(0);
        assertEquals(5120, flash.get("budget_bytes").asLong());
        assertEquals(flash.get("measured_bytes").asLong(), m.get("feature_shares").get("total_bytes").asLong());
        assertEquals(org.hsxmbx.codegen.FeatureText.on(org.hsxmbx.model.Features.MINIMAL).size() + 1,
                m.get("feature_shares").get("steps").size());
    }
}

package org.hsxmbx.harness.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ./hsxmbx generate, build and flash through the CLI entry point. */
class FirmwareCommandsTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
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

    private static void assertBadInput(Run r, String... fragments) {
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
        Run r = run("generate", "--board", "mps2-an386", "--profile", "embedded", "--out", a.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("generated 7 files for board mps2-an386"), r.out());
        assertEquals(0, run("generate", "--board", "mps2-an386", "--profile", "embedded", "--out", b.toString())
                .code());
        List<Path> files;
        try (Stream<Path> s = Files.list(a)) {
            files = s.sorted().toList();
        }
        assertEquals(7, files.size());
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
        Run missing = run("generate", "--board", "atmega1284p");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--out"), missing.err());
    }

    @Test
    void flashDryRunPrintsTheProgrammerCommand() {
        Path elf = tmp.resolve("fw").resolve("firmware.elf");
        Run avr = run("flash", "--board", "atmega1284p", "--port", "/dev/ttyACM3", "--dry-run", "--elf",
                elf.toString());
        assertEquals(0, avr.code(), avr.err());
        assertEquals("avrdude -p m1284p -c arduino -b 115200 -P /dev/ttyACM3 -U flash:w:"
                + elf.resolveSibling("firmware.hex") + ":i", avr.out().strip());
        Run stm = run("flash", "--board", "stm32f405", "--port", "stlink", "--dry-run", "--elf", elf.toString());
        assertEquals(0, stm.code(), stm.err());
        assertTrue(stm.out().startsWith("openocd -f interface/stlink.cfg"), stm.out());
        Run qemu = run("flash", "--board", "mps2-an386", "--emulator", "--dry-run", "--elf", elf.toString());
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
        Run build = run("build", "--board", board, "--out", out.toString());
        // Exit 0 within budget, 1 over: both mean the firmware was built and measured.
        assertTrue(build.code() == 0 || build.code() == 1, build.out() + build.err());
        assertTrue(build.out().contains("mailbox budget for board " + board + " (features all)"), build.out());
        for (String item : List.of("runtime flash (all features)", "static SRAM excluding the arena",
                "descriptor record", "deepest mailbox call stack")) {
            assertTrue(build.out().contains(item), item + " missing from:\n" + build.out());
        }
        assertEquals(build.out().contains("OVER"), build.code() == 1, build.out());
        Run flash = run("flash", "--board", board, "--emulator", "--elf",
                out.resolve("build").resolve("firmware.elf").toString());
        assertEquals(0, flash.code(), flash.out() + flash.err());
        assertTrue(flash.out().startsWith("hsxmbx selfcheck: board " + board), flash.out());
        assertFalse(flash.out().contains("FAIL"), flash.out());
        assertTrue(flash.out().contains("selfcheck: 34 checks, 0 failed"), flash.out());
        assertTrue(flash.out().strip().endsWith("firmware exit status 0"), flash.out());
    }
}

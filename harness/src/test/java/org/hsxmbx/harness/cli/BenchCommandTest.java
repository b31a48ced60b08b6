package org.hsxmbx.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hsxmbx.codegen.Board;
import org.hsxmbx.codegen.BoardReader;
import org.hsxmbx.codegen.EmulatorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./hsxmbx bench: the checks and the output on recorded emulator runs (played back through the
 * same emulator-output reader), and one real bench build (minimal, atmega1284p) run in simavr,
 * with a stand-in anchors script. The full bench is a benchmark, not part of the tests.
 */
class BenchCommandTest {
    private static final ObjectMapper OM = new ObjectMapper();

    @TempDir
    Path tmp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static Path root() {
        FirmwareOptions fo = new FirmwareOptions();
        return fo.repoRoot();
    }

    private static Path resource(String name) throws Exception {
        return Path.of(BenchCommandTest.class.getResource("/bench/" + name).toURI());
    }

    /** The board with an "emulator" that prints a recorded run as the real one did (simavr: on stderr). */
    private static EmulatorRun replay(String boardId, Path recorded) {
        Board b = BoardReader.load(root().resolve("boards"), boardId);
        String sh = b.arch() == Board.Arch.AVR ? "cat \"$0\" >&2" : "cat \"$0\"";
        Board.Emulator emu = new Board.Emulator(List.of("sh", "-c", sh, "{elf}"), b.emulator().output(), 20);
        Board fake = new Board(b.id(), b.description(), b.arch(), b.mcu(), b.clockHz(), b.cpuFlags(), b.optFlags(),
                b.toolchainPrefix(), b.toolchainFile(), b.memory(), b.budget(), b.linkerScript(), b.startup(),
                b.console(), b.defaultProfile(), emu, b.programmer(), b.dir(), b.file());
        return EmulatorRun.run(fake, recorded);
    }

    /** A recorded run with its text changed: old replaced by new (must occur). */
    private Path edited(String name, String old, String now) throws Exception {
        String s = Files.readString(resource(name));
        assertTrue(s.contains(old), old);
        Path p = tmp.resolve("edited-" + name);
        Files.writeString(p, s.replace(old, now));
        return p;
    }

    @Test
    void recordedAvrRunGivesEveryFigureAndJson() throws Exception {
        EmulatorRun r = replay("atmega1284p", resource("atmega1284p-all.simavr"));
        List<BenchOutput.Figure> f = BenchOutput.figures(BenchBuild.ALL, Board.Arch.AVR, r);
        assertEquals(List.of("pair", "fanout4", "open_close", "wake"), f.stream().map(BenchOutput.Figure::op).toList());
        assertEquals(293563, f.get(0).perOpX100());
        assertEquals(256, f.get(0).n());
        List<AnchorFigures.Anchor> anchors = AnchorFigures.parse(
                Files.readString(resource("anchors-atmega1284p.txt")), "atmega1284p");
        assertEquals(5, anchors.size()); // the flash lines are not figures
        BenchCommand.Report rep = new BenchCommand.Report("atmega1284p", "cycles", "-Os", f, anchors);
        JsonNode j = OM.readTree(BenchCommand.json(rep));
        assertEquals("atmega1284p", j.get("board").asText());
        assertEquals("cycles", j.get("unit").asText());
        JsonNode res = j.get("results");
        assertEquals(4, res.size());
        assertEquals("all", res.get(0).get("build").asText());
        assertEquals("pair", res.get(0).get("op").asText());
        assertEquals("2935.63", res.get(0).get("per_op").decimalValue().toPlainString());
        assertEquals(2935.63 / 624.75, res.get(0).get("freertos_ratio").asDouble(), 0.001);
        assertEquals(8860.50 / 2495.00, res.get(1).get("freertos_ratio").asDouble(), 0.001);
        assertFalse(res.get(2).has("freertos_ratio"), "no FreeRTOS open_close figure");
        assertEquals(5, j.get("anchors").size());
        String text = BenchCommand.text(rep, "simavr ...");
        assertTrue(text.contains("all             wake             5163.75    128            -"), text);
        assertTrue(text.contains("4.70"), text);
    }

    @Test
    void recordedCortexMMinimalRunHasNoFanout() throws Exception {
        EmulatorRun r = replay("mps2-an386", resource("mps2-an386-minimal.qemu"));
        List<BenchOutput.Figure> f = BenchOutput.figures(BenchBuild.MINIMAL, Board.Arch.CORTEX_M, r);
        assertEquals(List.of("pair", "open_close", "wake"), f.stream().map(BenchOutput.Figure::op).toList());
        assertEquals(410.0, f.get(0).perOp());
        JsonNode j = OM.readTree(BenchCommand.json(new BenchCommand.Report("mps2-an386", "instructions", "-O2", f,
                null)));
        assertEquals("instructions", j.get("unit").asText());
        assertFalse(j.get("results").get(0).has("freertos_ratio"));
        assertFalse(j.has("anchors"));
        // the same console is not what the all build prints
        BenchException e = assertThrows(BenchException.class,
                () -> BenchOutput.figures(BenchBuild.ALL, Board.Arch.CORTEX_M, r));
        assertTrue(e.getMessage().contains("not the all build"), e.getMessage());
    }

    @Test
    void everyBrokenRunFailsWithTheEmulatorOutput() throws Exception {
        String f = "atmega1284p-all.simavr";
        assertFails(edited(f, "bench events wake n=128", "FAIL wake payload 3.\u001b[0m\u001b[32mbench events wake"
                + " n=128"), "FAIL wake payload 3");
        assertFails(edited(f, "hsx-exit 0", "hsx-exit 1"), "exit status 1");
        assertFails(edited(f, "hsx-exit 0", "still running"), "no 'hsx-exit' line");
        assertFails(edited(f, "bench wake n=128 total=661856 empty=896 net=660960 cycles_per_op_x100=516375",
                "bench x"), "figures [pair, fanout4, open_close], want [pair, fanout4, open_close, wake]");
        assertFails(edited(f, "bench events fanout4", "bench evnts fanout4"), "no 'bench events fanout4' line");
        assertFails(edited(f, "total=4013 empty=0 net=4013 cycles_per_op_x100=401300",
                "total=8026 empty=0 net=8026 cycles_per_op_x100=802600"), "timer check calibrate_4x1000 measured 8026");
        assertFails(edited(f, "cycles_per_op_x100=293563", "cycles_per_op_x100=293564"), "inconsistent figure");
        assertFails(edited(f, "cycles_per_op_x100=293563", "instructions_per_op_x100=293563"), "unit 'instructions'");
        assertFails(edited(f, "bench checksum=", "bench sum="), "no 'bench checksum=' line");
        assertFails(edited(f, "events_off=0", "events_off=1"), "not the all build");
        // QEMU without -icount: the timer check catches it
        BenchException e = assertThrows(BenchException.class, () -> BenchOutput.figures(BenchBuild.MINIMAL,
                Board.Arch.CORTEX_M, replay("mps2-an386", edited("mps2-an386-minimal.qemu",
                "total=2000 empty=0 net=2000 instructions_per_op_x100=200000",
                "total=2590 empty=0 net=2590 instructions_per_op_x100=259000"))));
        assertTrue(e.getMessage().contains("-icount shift=0"), e.getMessage());
    }

    private static void assertFails(Path recorded, String why) {
        BenchException e = assertThrows(BenchException.class,
                () -> BenchOutput.figures(BenchBuild.ALL, Board.Arch.AVR, replay("atmega1284p", recorded)));
        assertTrue(e.getMessage().contains(why), "expected '" + why + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains("emulator output:\nhsxmbx bench: cycles"), e.getMessage());
    }

    @Test
    void buildListsAndBadInput() {
        assertEquals(List.of(BenchBuild.MINIMAL, BenchBuild.ALL), BenchBuild.parseList("minimal, all"));
        assertEquals("111", BenchBuild.ALL_EVENTS_OFF.firmwareLine());
        assertBadInput(run("bench", "--board", "stm32f405"), "no bench for board 'stm32f405'", "mps2-an386");
        assertBadInput(run("bench", "--builds", "all,fast"), "unknown build 'fast'", "all-events-off");
        assertBadInput(run("bench", "--builds", "all,all"), "'all' given twice");
        assertBadInput(run("bench", "--anchors", tmp.resolve("nowhere").toString()), "no run.sh");
        assertBadInput(run("bench", "--jsn"), "Unknown option");
    }

    private static void assertBadInput(CliRun r, String... fragments) {
        assertEquals(2, r.code(), r.out() + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("", r.out());
    }

    /** One real bench: minimal features on atmega1284p in simavr, plus a stand-in anchors script. */
    @Test
    void realMinimalBenchOnSimavr() throws IOException {
        Path anchors = tmp.resolve("anchors");
        Files.createDirectories(anchors);
        Path args = tmp.resolve("anchor-args");
        Files.writeString(anchors.resolve("run.sh"), "echo \"$@\" > '" + args + "'\n"
                + "echo 'anchor board=atmega1284p impl=freertos op=pair unit=cycles per_op=500.00'\n"
                + "echo 'anchor board=atmega1284p impl=freertos flash_link=3240 flash_send_recv=2830'\n");
        CliRun r = run("bench", "--board", "atmega1284p", "--builds", "minimal", "--json", "--out",
                tmp.resolve("out").toString(), "--anchors", anchors.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode j = OM.readTree(r.out());
        assertEquals("cycles", j.get("unit").asText());
        assertEquals("-Os -mcall-prologues -mstrict-X -mrelax", j.get("flags").asText());
        JsonNode res = j.get("results");
        assertEquals(3, res.size(), r.out());
        for (int i = 0; i < 3; i++) {
            assertEquals("minimal", res.get(i).get("build").asText());
            assertEquals(List.of("pair", "open_close", "wake").get(i), res.get(i).get("op").asText());
            // far above a call's cost, far below a batch's timer range: a real measurement
            double per = res.get(i).get("per_op").asDouble();
            assertTrue(per > 100 && per < 16000, r.out());
        }
        assertEquals(res.get(0).get("per_op").asDouble() / 500.0, res.get(0).get("freertos_ratio").asDouble(), 0.001);
        String a = Files.readString(args);
        assertTrue(a.contains("--project " + root()) && a.contains("--board atmega1284p")
                && a.contains("--opt-avr -Os -mcall-prologues -mstrict-X -mrelax"), a);
        assertTrue(Files.isRegularFile(tmp.resolve("out/minimal/build/bench.elf")));
    }
}

package org.hsxmbx.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hsxmbx.codegen.Board;
import org.hsxmbx.codegen.CodegenException;
import org.hsxmbx.codegen.EmulatorRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hsxmbx bench}: emulator benchmark of the mailbox runtime (docs/performance.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Build the benchmark firmware (boards/bench/bench_main.c) with the embedded profile, run it in",
            "the board's emulator and print the net cost per operation: CPU cycles on AVR (simavr, Timer1),",
            "instructions on Cortex-M (QEMU -icount shift=0, SysTick).",
            "Operations: pair (16-byte send + recv, single reader, POLL, no waiters), fanout4 (one send +",
            "4 recvs, fan-out mailbox), open_close (open + close of a handle on an existing mailbox),",
            "wake (pid 1's recv blocks, INFINITE; pid 0's send completes it).",
            "Builds: all (all features, every send and recv recorded as an event), all-events-off (the",
            "same with the event mask 0 from the start), minimal (minimal features, no fanout4).",
            "Every payload, status and event count is checked; a failed check fails the bench.",
            "A benchmark, not a test. Exit 0 ok, 1 a firmware failed to build, run or check, 2 bad input."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--board", paramLabel = "B", defaultValue = "atmega1284p",
            description = "atmega1284p (default) or mps2-an386; run once per board for both")
    String board;

    @Option(names = "--builds", paramLabel = "LIST", defaultValue = "all,all-events-off,minimal",
            description = "comma-separated subset of all, all-events-off, minimal (default: all three)")
    String builds;

    @Option(names = "--opt", paramLabel = "FLAGS",
            description = "optimisation flags of runtime and bench (default: AVR the board's opt_flags,"
                    + " Cortex-M -O2; the anchors' defaults)")
    String opt;

    @Option(names = "--json", description = "print {\"board\", \"unit\", \"results\": [{build, op, per_op}]}"
            + " on stdout")
    boolean json;

    @Option(names = "--anchors", paramLabel = "DIR",
            description = "also run DIR/run.sh (the FreeRTOS queue and floor ring) with the same flags and"
                    + " print each figure as a ratio to the FreeRTOS one")
    Path anchors;

    @Option(names = "--out", paramLabel = "DIR", description = "build directory (default: build/bench/<board>)")
    Path out;

    @Option(names = "--root", paramLabel = "DIR", hidden = true, description = "hsxmbx checkout")
    Path root;

    /** Everything one invocation measured, ready to print. */
    record Report(String board, String unit, String flags, List<BenchOutput.Figure> figures,
                  List<AnchorFigures.Anchor> anchors) {
        Report {
            figures = List.copyOf(figures);
            anchors = anchors == null ? null : List.copyOf(anchors);
        }

        /** per_op / FreeRTOS per_op of the same operation, when the anchors were run and have it. */
        Optional<Double> ratio(BenchOutput.Figure f) {
            if (anchors == null) {
                return Optional.empty();
            }
            return AnchorFigures.find(anchors, "freertos", f.op()).map(a -> f.perOp() / a.perOp());
        }
    }

    @Override
    public Integer call() {
        try {
            FirmwareOptions fo = new FirmwareOptions();
            fo.board = board;
            fo.root = root;
            Path repo = fo.repoRoot();
            if (!BenchFirmware.BOARDS.contains(board)) {
                throw new CodegenException("--board: no bench for board '" + board + "' (benchmarked: "
                        + String.join(", ", BenchFirmware.BOARDS) + ")");
            }
            List<BenchBuild> list;
            try {
                list = BenchBuild.parseList(builds);
            } catch (IllegalArgumentException e) {
                throw new CodegenException(e.getMessage());
            }
            Board b = fo.loadBoard();
            Path anchorScript = anchors == null ? null : AnchorFigures.script(anchors);
            String flags = opt != null ? opt : BenchFirmware.defaultOpt(b);
            Path dir = out != null ? out : repo.resolve("build").resolve("bench").resolve(board);
            Board emu = BenchFirmware.benchBoard(b);
            List<BenchOutput.Figure> figures = new ArrayList<>();
            for (BenchBuild bb : list) {
                System.err.println("bench: " + board + " " + bb.id() + ": building in " + dir.resolve(bb.id())
                        + " (" + flags + ")");
                Path elf = BenchFirmware.build(repo, b, bb, flags, dir.resolve(bb.id()));
                System.err.println("bench: " + board + " " + bb.id() + ": " + String.join(" ",
                        EmulatorRun.command(emu, elf)));
                EmulatorRun run = BenchFirmware.run(emu, elf);
                figures.addAll(BenchOutput.figures(bb, b.arch(), run));
            }
            List<AnchorFigures.Anchor> anchorList = null;
            if (anchorScript != null) {
                System.err.println("bench: anchors: " + anchorScript + " --project " + repo + " --board " + board);
                anchorList = AnchorFigures.run(anchorScript, repo, b, flags, dir.resolve("anchors"));
            }
            Report r = new Report(board, BenchOutput.unit(b.arch()), flags, figures, anchorList);
            System.out.print(json ? json(r) : text(r, String.join(" ", EmulatorRun.command(emu, Path.of("<bench.elf>")))));
            return 0;
        } catch (BenchException e) {
            System.err.println("hsxmbx bench: " + e.getMessage());
            return 1;
        } catch (CodegenException e) {
            System.err.println("hsxmbx bench: " + e.getMessage());
            return 2;
        }
    }

    static String json(Report r) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        root.put("board", r.board());
        root.put("unit", r.unit());
        root.put("flags", r.flags());
        ArrayNode results = root.putArray("results");
        for (BenchOutput.Figure f : r.figures()) {
            ObjectNode o = results.addObject();
            o.put("build", f.build().id());
            o.put("op", f.op());
            o.put("per_op", BigDecimal.valueOf(f.perOpX100(), 2));
            r.ratio(f).ifPresent(x -> o.put("freertos_ratio", round(x)));
        }
        if (r.anchors() != null) {
            ArrayNode an = root.putArray("anchors");
            for (AnchorFigures.Anchor a : r.anchors()) {
                ObjectNode o = an.addObject();
                o.put("impl", a.impl());
                o.put("op", a.op());
                o.put("per_op", BigDecimal.valueOf(a.perOp()).setScale(2, RoundingMode.HALF_UP));
            }
        }
        try {
            return om.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(Report r, String emulator) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("bench %s: %s per operation, profile %s, flags %s%n", r.board(), r.unit(),
                BenchFirmware.PROFILE, r.flags()));
        sb.append(String.format("  emulator: %s%n", emulator));
        boolean ratios = r.anchors() != null;
        sb.append(String.format("  %-15s %-11s %12s %6s%s%n", "build", "op", "per_op", "n", ratios ? "  x FreeRTOS"
                : ""));
        for (BenchOutput.Figure f : r.figures()) {
            sb.append(String.format("  %-15s %-11s %12.2f %6d", f.build().id(), f.op(), f.perOp(), f.n()));
            if (ratios) {
                sb.append(r.ratio(f).map(x -> String.format("  %11.2f", x)).orElse(String.format("  %11s", "-")));
            }
            sb.append('\n');
        }
        if (ratios) {
            sb.append(String.format("  anchors (same flags; fanout4 of freertos: 4 queues, 4 sends + 4 receives):%n"));
            for (AnchorFigures.Anchor a : r.anchors()) {
                sb.append(String.format("  %-15s %-11s %12.2f%n", a.impl(), a.op(), a.perOp()));
            }
        }
        return sb.toString();
    }

    private static BigDecimal round(double x) {
        return BigDecimal.valueOf(x).setScale(3, RoundingMode.HALF_UP);
    }
}

package org.hsxmbx.harness.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hsxmbx.codegen.Board;
import org.hsxmbx.codegen.EmulatorRun;

/**
 * Reads and checks the console of one benchmark firmware run (boards/bench/bench_main.c).
 * The firmware compares every received byte, status and event count itself and prints
 * {@code FAIL} lines; here the run must also have ended with {@code hsx-exit 0}, be the
 * build that was asked for, pass the timer check, and print every figure of its build.
 */
final class BenchOutput {
    private static final Pattern BENCH =
            Pattern.compile("bench (\\S+) n=(\\d+) total=(\\d+) empty=(\\d+) net=(\\d+) (\\w+)_per_op_x100=(\\d+)");
    private static final Pattern EVENTS = Pattern.compile("bench events (\\S+) n=(\\d+) count=(\\d+)");
    private static final Pattern BUILD = Pattern.compile("bench build fanout=(\\d) events=(\\d) events_off=(\\d)");

    private BenchOutput() {}

    /** One measured figure: {@code perOpX100} is the firmware's net cost per operation times 100. */
    record Figure(BenchBuild build, String op, long n, long total, long empty, long net, long perOpX100) {
        double perOp() {
            return perOpX100 / 100.0;
        }
    }

    /** The unit of a board's figures: CPU cycles on AVR, instructions under QEMU -icount on Cortex-M. */
    static String unit(Board.Arch arch) {
        return arch == Board.Arch.AVR ? "cycles" : "instructions";
    }

    /** The figures of a passed run, in the firmware's order; a {@link BenchException} otherwise. */
    static List<Figure> figures(BenchBuild build, Board.Arch arch, EmulatorRun run) {
        if (run.timedOut()) {
            throw failed(build, run, "the emulator did not finish in time");
        }
        List<String> fails = run.console().stream().filter(l -> l.startsWith("FAIL")).toList();
        if (!fails.isEmpty()) {
            throw failed(build, run, "the firmware's checks failed: " + String.join("; ", fails));
        }
        if (run.exitCode() != 0) {
            throw failed(build, run, run.exitCode() < 0 ? "no 'hsx-exit' line (the firmware did not finish)"
                    : "firmware exit status " + run.exitCode());
        }
        String unit = unit(arch);
        Map<String, Figure> byOp = new HashMap<>();
        List<Figure> out = new ArrayList<>();
        Map<String, Long> events = new HashMap<>();
        boolean buildSeen = false;
        boolean checksum = false;
        for (String line : run.console()) {
            Matcher b = BUILD.matcher(line);
            Matcher m = BENCH.matcher(line);
            Matcher e = EVENTS.matcher(line);
            if (b.matches()) {
                String got = b.group(1) + b.group(2) + b.group(3);
                if (!got.equals(build.firmwareLine())) {
                    throw failed(build, run, "the firmware is not the " + build.id() + " build: '" + line
                            + "' (want fanout, events, events_off = " + build.firmwareLine() + ")");
                }
                buildSeen = true;
            } else if (e.matches()) {
                events.put(e.group(1), Long.parseLong(e.group(3)));
            } else if (m.matches()) {
                if (!m.group(6).equals(unit)) {
                    throw failed(build, run, "unit '" + m.group(6) + "' in '" + line + "', want " + unit);
                }
                Figure f = new Figure(build, m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(7)));
                if (f.net() != f.total() - f.empty() || f.n() == 0
                        || f.perOpX100() != (f.net() * 100 + f.n() / 2) / f.n()) {
                    throw failed(build, run, "inconsistent figure '" + line + "'");
                }
                byOp.put(f.op(), f);
                if (!f.op().startsWith("calibrate")) {
                    out.add(f);
                }
            } else if (line.startsWith("bench checksum=")) {
                checksum = true;
            }
        }
        if (!buildSeen) {
            throw failed(build, run, "no 'bench build' line");
        }
        if (!checksum) {
            throw failed(build, run, "no 'bench checksum=' line");
        }
        checkTimer(build, arch, run, byOp);
        List<String> want = build.ops();
        List<String> got = out.stream().map(Figure::op).toList();
        if (!got.equals(want)) {
            throw failed(build, run, "figures " + got + ", want " + want);
        }
        for (String op : want) {
            if (!events.containsKey(op)) {
                throw failed(build, run, "no 'bench events " + op + "' line (the event count was not checked)");
            }
        }
        return out;
    }

    /** A loop of known cost, 1000 iterations of 4 cycles (AVR) or 2 instructions (Cortex-M). */
    private static void checkTimer(BenchBuild build, Board.Arch arch, EmulatorRun run, Map<String, Figure> byOp) {
        String name = arch == Board.Arch.AVR ? "calibrate_4x1000" : "calibrate_2x1000";
        long want = arch == Board.Arch.AVR ? 4000 : 2000;
        Figure c = byOp.get(name);
        if (c == null) {
            throw failed(build, run, "no 'bench " + name + "' line (timer check)");
        }
        // AVR: a few cycles of timer start/stop on top; exact on the Cortex-M SysTick (as anchors/report.py)
        if (c.total() < want || c.total() * 100 > want * 101) {
            throw failed(build, run, "timer check " + name + " measured " + c.total() + ", want " + want
                    + (arch == Board.Arch.AVR ? " plus a few" : "") + ": the emulator is not timing as the method"
                    + " assumes (QEMU needs -icount shift=0)");
        }
    }

    private static BenchException failed(BenchBuild build, EmulatorRun run, String why) {
        String raw = run.raw().replaceAll("\u001b\\[[0-9;]*m", "").strip(); // simavr's colours
        if (raw.length() > 6000) {
            raw = "..." + raw.substring(raw.length() - 6000);
        }
        return new BenchException("build " + build.id() + ": " + why + "\nemulator output:\n" + raw);
    }
}

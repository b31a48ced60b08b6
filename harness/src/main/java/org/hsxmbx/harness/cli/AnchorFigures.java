package org.hsxmbx.harness.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hsxmbx.codegen.Board;
import org.hsxmbx.codegen.CodegenException;
import org.hsxmbx.codegen.Exec;

/**
 * The yardstick: {@code DIR/run.sh --project ROOT} (the shared anchors: the FreeRTOS-Kernel queue
 * and a floor ring built with this checkout's board files and timed by a copy of bench_main.c's
 * timer code), run with the bench's flags; its {@code anchor ... per_op=} lines.
 */
final class AnchorFigures {
    private static final Pattern LINE = Pattern.compile(
            "anchor board=(\\S+) impl=(\\S+) op=(\\S+) unit=(\\S+) per_op=([0-9]+(?:\\.[0-9]+)?)");

    /** One anchor figure. */
    record Anchor(String impl, String op, String unit, double perOp) {}

    private AnchorFigures() {}

    /** Checks that DIR holds the anchors' run.sh: bad input (exit 2) otherwise. */
    static Path script(Path dir) {
        Path sh = dir.resolve("run.sh");
        if (!Files.isRegularFile(sh)) {
            throw new CodegenException("--anchors " + dir + ": no run.sh there (the shared anchors folder, e.g."
                    + " ../shared/anchors)");
        }
        return sh;
    }

    static List<Anchor> run(Path script, Path root, Board board, String opt, Path out) {
        List<String> cmd = List.of("bash", script.toString(), "--project", root.toString(), "--board", board.id(),
                "--out", out.toString(), board.arch() == Board.Arch.AVR ? "--opt-avr" : "--opt-arm", opt);
        Exec.Result r = Exec.run(cmd, null, 900);
        if (!r.ok()) {
            throw new BenchException("anchors: " + r.failure());
        }
        List<Anchor> list = parse(r.stdout(), board.id());
        String unit = BenchOutput.unit(board.arch());
        if (find(list, "freertos", "pair").isEmpty()) {
            throw new BenchException("anchors: no 'impl=freertos op=pair' figure for board " + board.id()
                    + " in the output of " + String.join(" ", cmd) + ":\n" + r.stdout() + r.stderr());
        }
        for (Anchor a : list) {
            if (!a.unit().equals(unit)) {
                throw new BenchException("anchors: unit " + a.unit() + " for " + a.impl() + " " + a.op() + ", the"
                        + " bench's is " + unit);
            }
        }
        return list;
    }

    /** The per-operation lines of one board (the flash lines are not used here). */
    static List<Anchor> parse(String stdout, String boardId) {
        List<Anchor> out = new ArrayList<>();
        for (String line : stdout.split("\r?\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches() && m.group(1).equals(boardId)) {
                out.add(new Anchor(m.group(2), m.group(3), m.group(4), Double.parseDouble(m.group(5))));
            }
        }
        return out;
    }

    static Optional<Anchor> find(List<Anchor> list, String impl, String op) {
        return list.stream().filter(a -> a.impl().equals(impl) && a.op().equals(op)).findFirst();
    }
}

package org.hsxmbx.codegen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs firmware in its board's emulator and recovers the console. Firmware ends with the
 * console line {@code hsx-exit N} (boards/common/hsx_console.h); on AVR that line is the only
 * way to learn the status, on Cortex-M the emulator's exit code must agree with it.
 *
 * @param console   console lines, the {@code hsx-exit} line excluded
 * @param exitCode  the firmware's status, or -1 when it never reported one
 * @param raw       the emulator's own output, for diagnostics
 */
public record EmulatorRun(List<String> console, int exitCode, boolean timedOut, String raw) {
    private static final Pattern SIMAVR_UART = Pattern.compile("\u001b\\[32m(.*?)\u001b\\[0m", Pattern.DOTALL);
    private static final Pattern EXIT = Pattern.compile("hsx-exit (-?\\d+)");

    public EmulatorRun {
        console = List.copyOf(console);
    }

    public boolean passed() {
        return exitCode == 0 && !timedOut;
    }

    /** The command that runs {@code elf} in the board's emulator. */
    public static List<String> command(Board board, Path elf) {
        return Board.expand(board.emulator().command(), Map.of("elf", elf.toString()));
    }

    public static EmulatorRun run(Board board, Path elf) {
        if (!Files.isRegularFile(elf)) {
            throw new CodegenException("no firmware at " + elf + " (run ./hsxmbx build --board " + board.id()
                    + " first)");
        }
        Exec.Result r = Exec.run(command(board, elf), null, board.emulator().timeoutSeconds());
        List<String> lines = switch (board.emulator().output()) {
            case "simavr-uart" -> simavrLines(r.stderr());
            default -> plainLines(r.stdout() + r.stderr());
        };
        int status = -1;
        List<String> console = new ArrayList<>();
        for (String line : lines) {
            Matcher m = EXIT.matcher(line);
            if (m.matches()) {
                status = Integer.parseInt(m.group(1));
            } else {
                console.add(line);
            }
        }
        if (board.arch() == Board.Arch.CORTEX_M && !r.timedOut() && status >= 0 && r.exitCode() != status) {
            status = r.exitCode() == 0 ? status : r.exitCode();
        }
        return new EmulatorRun(console, status, r.timedOut(), r.stdout() + r.stderr());
    }

    /** simavr prints each UART line in green with the newline shown as a final '.'. */
    static List<String> simavrLines(String stderr) {
        List<String> out = new ArrayList<>();
        Matcher m = SIMAVR_UART.matcher(stderr);
        while (m.find()) {
            String line = m.group(1);
            if (line.endsWith("\n")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.endsWith(".")) {
                line = line.substring(0, line.length() - 1);
            }
            out.add(line);
        }
        return out;
    }

    static List<String> plainLines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }
}

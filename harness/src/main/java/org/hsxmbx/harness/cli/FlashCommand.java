package org.hsxmbx.harness.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hsxmbx.codegen.Board;
import org.hsxmbx.codegen.CodegenException;
import org.hsxmbx.codegen.EmulatorRun;
import org.hsxmbx.codegen.Exec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./hsxmbx flash}: run the built firmware in the emulator, or program a real board. */
@Command(name = "flash", mixinStandardHelpOptions = true,
        description = {"Run the built firmware in the board's emulator, or program a real board.",
            "The emulator's console is printed. With --port, runs the board's programmer (board.json",
            "programmer.command; --baud replaces its {baud}, --programmer-arg appends arguments);",
            "--dry-run prints the exact command instead.",
            "Exit: the firmware's status in the emulator; the programmer's exit code; 2 on bad input."})
final class FlashCommand implements Callable<Integer> {
    @Mixin
    FirmwareOptions opts;

    static final class Target {
        @Option(names = "--emulator", description = "run in the board's emulator (the default)")
        boolean emulator;

        @Option(names = "--port", paramLabel = "P", description = "program a real board on this port")
        String port;
    }

    @ArgGroup(exclusive = true)
    Target target;

    @Option(names = "--dry-run", description = "print the command instead of running it")
    boolean dryRun;

    @Option(names = "--baud", paramLabel = "N",
            description = "programmer baud rate, for boards whose programmer command has {baud}"
                    + " (default: board.json programmer.default_baud)")
    Long baud;

    @Option(names = "--programmer-arg", paramLabel = "ARG",
            description = "extra argument appended to the programmer command; repeatable")
    List<String> programmerArgs = new ArrayList<>();

    @Option(names = "--elf", paramLabel = "FILE",
            description = "firmware ELF (default: build/firmware/<board>/build/firmware.elf)")
    Path elf;

    @Override
    public Integer call() {
        try {
            Board b = opts.loadBoard();
            Path fw = elf != null ? elf : opts.defaultOut().resolve("build").resolve("firmware.elf");
            boolean useProgrammer = target != null && target.port != null;
            if (!useProgrammer) {
                List<String> cmd = EmulatorRun.command(b, fw);
                if (dryRun) {
                    System.out.println(String.join(" ", cmd));
                    return 0;
                }
                EmulatorRun run;
                try (Progress p = Progress.start("running in " + cmd.get(0))) {
                    run = EmulatorRun.run(b, fw);
                }
                run.console().forEach(System.out::println);
                if (run.timedOut()) {
                    System.err.println("hsxmbx flash: the firmware did not finish within "
                            + b.emulator().timeoutSeconds() + " s");
                    return 1;
                }
                System.out.println("firmware exit status " + run.exitCode());
                return run.exitCode() < 0 ? 1 : run.exitCode();
            }
            if (b.programmer() == null) {
                System.err.println("hsxmbx flash: board " + b.id() + " has no programmer (board.json programmer is"
                        + " null); use --emulator");
                return 2;
            }
            Path hex = fw.resolveSibling("firmware.hex");
            Board.Programmer prog = b.programmer();
            if (baud != null && prog.defaultBaud() == null) {
                System.err.println("hsxmbx flash: --baud: the programmer command of board " + b.id() + " ("
                        + b.file() + ", field 'programmer.command') has no {baud}; use --programmer-arg");
                return 2;
            }
            if (baud != null && baud <= 0) {
                System.err.println("hsxmbx flash: --baud must be a positive integer");
                return 2;
            }
            Map<String, String> values = new HashMap<>(Map.of("elf", fw.toString(), "hex", hex.toString(),
                    "port", target.port));
            if (prog.defaultBaud() != null) {
                values.put("baud", String.valueOf(baud != null ? baud : prog.defaultBaud()));
            }
            List<String> cmd = new ArrayList<>(Board.expand(prog.command(), values));
            cmd.addAll(programmerArgs);
            System.out.println(String.join(" ", cmd));
            if (dryRun) {
                return 0;
            }
            if (!Files.isRegularFile(fw)) {
                throw new CodegenException("no firmware at " + fw + " (run ./hsxmbx build --board " + b.id()
                        + " first)");
            }
            Exec.Result r = Exec.run(cmd, null, 600);
            System.out.print(r.stdout());
            System.err.print(r.stderr());
            return r.exitCode();
        } catch (CodegenException e) {
            System.err.println("hsxmbx flash: " + e.getMessage());
            return 2;
        }
    }
}

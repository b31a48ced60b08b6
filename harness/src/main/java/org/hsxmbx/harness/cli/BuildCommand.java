package org.hsxmbx.harness.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hsxmbx.codegen.Board;
import org.hsxmbx.codegen.CodegenException;
import org.hsxmbx.codegen.FirmwareBuild;
import org.hsxmbx.codegen.FirmwareSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./hsxmbx build}: generate, cross-compile, and check the mailbox budget. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Generate, cross-compile and check the firmware against the board's mailbox budget.",
            "Builds with CMake and the board's cross toolchain, then prints the runtime's flash,",
            "static SRAM, descriptor size and deepest stack against the budget (docs/boards.md).",
            "Exit 0 within budget, 1 over budget, 2 on bad input or a failed build."})
final class BuildCommand implements Callable<Integer> {
    @Mixin
    FirmwareOptions opts;

    @Option(names = "--features", paramLabel = "SET", defaultValue = "all",
            description = "all (default) or minimal: single-reader, no taps, events or loader")
    String features;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: build/firmware/<board>)")
    Path out;

    @Override
    public Integer call() {
        try {
            Board b = opts.loadBoard();
            FirmwareSpec spec = opts.spec(b, features);
            Path dir = out != null ? out : opts.defaultOut();
            FirmwareBuild.Result r = FirmwareBuild.build(spec, opts.repoRoot(), dir);
            System.out.println("built " + r.elf());
            System.out.print(r.sizes().render());
            if (r.sizes().overBudget()) {
                System.out.println("OVER BUDGET");
                return 1;
            }
            return 0;
        } catch (CodegenException e) {
            System.err.println("hsxmbx build: " + e.getMessage());
            return 2;
        }
    }
}

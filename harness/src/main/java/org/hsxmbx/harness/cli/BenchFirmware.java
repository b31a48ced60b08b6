package org.hsxmbx.harness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hsxmbx.codegen.Board;
import org.hsxmbx.codegen.EmulatorRun;
import org.hsxmbx.codegen.Exec;
import org.hsxmbx.codegen.FirmwareSpec;
import org.hsxmbx.codegen.Generator;
import org.hsxmbx.codegen.MailboxSource;
import org.hsxmbx.codegen.ProfileChoice;

/**
 * Generates, builds and runs one benchmark firmware: the configuration {@code ./hsxmbx
 * generate --profile embedded --features F} writes, compiled with boards/bench/CMakeLists.txt
 * (runtime and bench_main.c with the same flags) into {@code <dir>/gen} and {@code <dir>/build}.
 */
final class BenchFirmware {
    /** The boards with a benchmark (the anchors' boards). */
    static final List<String> BOARDS = List.of("atmega1284p", "mps2-an386");
    static final String PROFILE = "embedded";

    private BenchFirmware() {}

    /** Flags of a board's bench unless --opt says otherwise: AVR the board's opt_flags, Cortex-M -O2. */
    static String defaultOpt(Board b) {
        return b.arch() == Board.Arch.AVR ? String.join(" ", b.optFlags()) : "-O2";
    }

    /**
     * The board's emulator command with instruction counting on Cortex-M: QEMU {@code -icount
     * shift=0} makes one instruction one nanosecond, which the SysTick figures rely on.
     */
    static Board benchBoard(Board b) {
        if (b.arch() != Board.Arch.CORTEX_M) {
            return b;
        }
        List<String> cmd = new ArrayList<>(b.emulator().command());
        int k = cmd.indexOf("-kernel");
        if (k < 0) {
            throw new BenchException("board " + b.id() + ": emulator command " + cmd + " has no -kernel");
        }
        cmd.addAll(k, List.of("-icount", "shift=0"));
        Board.Emulator emu = new Board.Emulator(cmd, b.emulator().output(), b.emulator().timeoutSeconds());
        return new Board(b.id(), b.description(), b.arch(), b.mcu(), b.clockHz(), b.cpuFlags(), b.optFlags(),
                b.toolchainPrefix(), b.toolchainFile(), b.memory(), b.budget(), b.linkerScript(), b.startup(),
                b.console(), b.defaultProfile(), emu, b.programmer(), b.dir(), b.file());
    }

    /** Builds {@code build} for the board into {@code dir}; returns the ELF. */
    static Path build(Path root, Board board, BenchBuild build, String opt, Path dir) {
        ProfileChoice.Resolved p = ProfileChoice.resolve(PROFILE, build.features(), board);
        FirmwareSpec spec = new FirmwareSpec(board, p.profile(), p.label(), p.featureSet(), MailboxSource.NONE);
        Path gen = dir.resolve("gen");
        Path bin = dir.resolve("build");
        Generator.write(spec, gen);
        List<String> configure = new ArrayList<>(List.of("cmake", "-S", root.resolve("boards/bench").toString(),
                "-B", bin.toString(), "-DCMAKE_BUILD_TYPE=", "-DCMAKE_TOOLCHAIN_FILE=" + board.toolchainFile(),
                "-DHSX_GEN_DIR=" + gen, "-DHSX_BENCH_OPT=" + opt,
                "-DHSX_BENCH_DEFINES=" + (build.eventsOff() ? "BENCH_EVENTS_OFF=1" : "")));
        check(Exec.run(configure, null, 300), build, "cmake configure");
        check(Exec.run(List.of("cmake", "--build", bin.toString()), null, 600), build, "build");
        return bin.resolve("bench.elf");
    }

    /** Runs the ELF in the board's (bench) emulator. */
    static EmulatorRun run(Board benchBoard, Path elf) {
        return EmulatorRun.run(benchBoard, elf);
    }

    private static void check(Exec.Result r, BenchBuild build, String what) {
        if (!r.ok()) {
            throw new BenchException("build " + build.id() + ": " + what + " failed: " + r.failure());
        }
    }
}

package org.hsxmbx.codegen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates a firmware and builds it with CMake and the board's toolchain file. The CMake
 * binary directory is {@code <out>/build}; the ELF, HEX and map land there.
 */
public final class FirmwareBuild {
    private FirmwareBuild() {}

    /** What a build produced. */
    public record Result(Generator.Output generated, Path outDir, Path buildDir, Path elf, SizeReport sizes) {}

    public static Result build(FirmwareSpec spec, Path repoRoot, Path outDir) {
        return build(spec, repoRoot, outDir, phase -> { });
    }

    /** @param progress told each phase as it starts ("generating", "configuring", ...), for a progress line */
    public static Result build(FirmwareSpec spec, Path repoRoot, Path outDir,
                               java.util.function.Consumer<String> progress) {
        if (!Files.isDirectory(repoRoot.resolve("firmware-c/include"))) {
            throw new CodegenException(repoRoot + " is not an hsxmbx checkout (no firmware-c/include)");
        }
        progress.accept("generating");
        Generator.Output gen = Generator.write(spec, outDir);
        checkFits(spec, gen.sram());
        Path buildDir = outDir.resolve("build");
        List<String> configure = new ArrayList<>(List.of("cmake", "-S", outDir.toString(), "-B", buildDir.toString(),
                "-DHSX_ROOT=" + repoRoot.toAbsolutePath().normalize(), "-DHSX_BOARD_DIR=" + spec.board().dir(),
                "-DCMAKE_TOOLCHAIN_FILE=" + spec.board().toolchainFile()));
        progress.accept("configuring with CMake");
        Exec.check(configure, null, 300);
        progress.accept("compiling for " + spec.board().id());
        Exec.check(List.of("cmake", "--build", buildDir.toString()), null, 600);
        progress.accept("measuring");
        Path elf = buildDir.resolve(CMakeListsWriter.ELF);
        SizeReport sizes = SizeReport.measure(spec.board(), spec.featureSet(), spec.profile().features(), gen.sram(),
                buildDir);
        return new Result(gen, outDir, buildDir, elf, sizes);
    }

    /**
     * A profile whose static storage alone exceeds the board's SRAM cannot link; say so in the
     * profile's terms before the linker says it in section names.
     */
    static void checkFits(FirmwareSpec spec, SramModel.Report sram) {
        long need = sram.staticExcludingArena() + sram.arenaBytes();
        long have = spec.board().memory().sramBytes();
        if (need > have) {
            throw new CodegenException("profile " + spec.profileLabel() + " needs " + need + " bytes of static SRAM for "
                    + "the mailbox service (arena " + sram.arenaBytes() + " + tables " + sram.staticExcludingArena()
                    + "), more than board " + spec.board().id() + "'s " + have + " bytes; choose a smaller profile "
                    + "(e.g. --profile embedded or a JSON profile, docs/profiles.md)");
        }
    }
}

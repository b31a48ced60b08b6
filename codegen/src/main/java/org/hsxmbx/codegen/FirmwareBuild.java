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
        if (!Files.isDirectory(repoRoot.resolve("firmware-c/include"))) {
            throw new CodegenException(repoRoot + " is not an hsxmbx checkout (no firmware-c/include)");
        }
        Generator.Output gen = Generator.write(spec, outDir);
        Path buildDir = outDir.resolve("build");
        List<String> configure = new ArrayList<>(List.of("cmake", "-S", outDir.toString(), "-B", buildDir.toString(),
                "-DHSX_ROOT=" + repoRoot.toAbsolutePath().normalize(),
                "-DCMAKE_TOOLCHAIN_FILE=" + spec.board().toolchainFile()));
        Exec.check(configure, null, 300);
        Exec.check(List.of("cmake", "--build", buildDir.toString()), null, 600);
        Path elf = buildDir.resolve(CMakeListsWriter.ELF);
        SizeReport sizes = SizeReport.measure(spec.board(), spec.featureSet(), gen.sram(), buildDir);
        return new Result(gen, outDir, buildDir, elf, sizes);
    }
}

package org.hsxmbx.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates the statically sized C of one firmware from a {@link FirmwareSpec}:
 * <ul>
 *   <li>{@code hsx_mbx_config.h}: the runtime's configuration (sizes, features, critical sections);</li>
 *   <li>{@code hsx_mbx_constants.h}: the ABI constants ({@link ConstantsHeader});</li>
 *   <li>{@code hsx_fw_mailboxes.h/.c}: the declared mailboxes, created at start-up;</li>
 *   <li>{@code hsx_fw_layout.h}: the static SRAM the Java model predicts, checked by the compiler;</li>
 *   <li>{@code main.c}: start-up and a self-check with results predicted by the Java model;</li>
 *   <li>{@code CMakeLists.txt}: the build for the board's toolchain.</li>
 * </ul>
 * Output depends only on the inputs: the same inputs give byte-identical files.
 */
public final class Generator {
    public static final String VERSION = "0.1.0";

    private Generator() {}

    /** The generated files by name (sorted), plus what the build needs to know about them. */
    public record Output(Map<String, String> files, int selfCheckCount, long declaredArenaBytes,
                         SramModel.Report sram) {
        public Output {
            files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
        }
    }

    /** The SVC dispatcher is part of every build but the minimal one. */
    static boolean svcEnabled(FirmwareSpec spec) {
        return !"minimal".equals(spec.featureSet());
    }

    public static Output generate(FirmwareSpec spec) {
        Map<String, String> files = new TreeMap<>();
        files.put(ConfigHeader.FILE_NAME, ConfigHeader.render(spec));
        files.put(ConstantsHeader.FILE_NAME, ConstantsHeader.render());
        SelfCheck sc = SelfCheck.render(spec);
        files.put(DeclaredMailboxes.HEADER, sc.declared().header());
        files.put(DeclaredMailboxes.SOURCE, sc.declared().source());
        files.put(SelfCheck.FILE_NAME, sc.mainSource());
        SramModel.Report sram = SramModel.of(spec.board().arch(), spec.profile(), svcEnabled(spec));
        files.put(SramModel.LAYOUT_CHECK, sram.layoutCheckSource(spec));
        files.put(CMakeListsWriter.FILE_NAME, CMakeListsWriter.render(spec));
        return new Output(files, sc.checks(), sc.declared().declaredArenaBytes(), sram);
    }

    /** Generates into {@code dir} (created if needed); files of the same names are replaced. */
    public static Output write(FirmwareSpec spec, Path dir) {
        Output out = generate(spec);
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> e : out.files().entrySet()) {
                Path f = dir.resolve(e.getKey());
                byte[] bytes = e.getValue().getBytes(StandardCharsets.US_ASCII);
                if (!Files.exists(f) || !java.util.Arrays.equals(Files.readAllBytes(f), bytes)) {
                    Files.write(f, bytes); // unchanged files keep their time: no needless rebuilds
                }
            }
        } catch (IOException e) {
            throw new CodegenException(dir + ": cannot write the generated files: " + e.getMessage(), e);
        }
        return out;
    }
}

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
 *   <li>{@code hsx_mbx_instance.h}: the index, offset and counter types of the instance ({@link InstanceHeader});</li>
 *   <li>{@code hsx_mbx_constants.h}: the ABI constants ({@link ConstantsHeader});</li>
 *   <li>{@code hsx_fw_mailboxes.h/.c}: the declared mailboxes, created at start-up;</li>
 *   <li>{@code hsx_fw_layout.h}: the static SRAM the Java model predicts, checked by the compiler;</li>
 *   <li>{@code main.c}: start-up and a self-check with results predicted by the Java model;</li>
 *   <li>{@code CMakeLists.txt}: the build for the board's toolchain.</li>
 * </ul>
 * {@link Layout#LIB_ONLY} writes only what a firmware project commits next to its own code: the
 * configuration, the instance types and the declared-mailbox table. {@link Layout#VENDOR} adds the runtime sources
 * the configuration compiles, the constants and layout check, and a {@code PROVENANCE} file
 * (source commit, SHA-256 of every copied file), so the directory builds on its own.
 * Output depends only on the inputs: the same inputs give byte-identical files.
 */
public final class Generator {
    public static final String VERSION = "0.1.0";

    /** Name of the provenance file of a vendored runtime. */
    public static final String PROVENANCE = "PROVENANCE";

    private Generator() {}

    /** What {@code generate} writes. */
    public enum Layout {
        /** the repository's self-check firmware: every file, main.c and CMakeLists.txt included */
        FIRMWARE,
        /** hsx_mbx_config.h, hsx_mbx_instance.h and hsx_fw_mailboxes.h/.c: builds with the runtime of a checkout or install */
        LIB_ONLY,
        /** LIB_ONLY plus the runtime sources it compiles and their PROVENANCE: builds without hsxmbx */
        VENDOR
    }

    /** The generated files by name (sorted), plus what the build needs to know about them. */
    public record Output(Map<String, String> files, int selfCheckCount, long declaredArenaBytes,
                         SramModel.Report sram) {
        public Output {
            files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
        }
    }

    /** The SVC dispatcher is compiled when the profile has the svc feature (not in the minimal build). */
    static boolean svcEnabled(FirmwareSpec spec) {
        return spec.profile().features().svc();
    }

    public static Output generate(FirmwareSpec spec) {
        return generate(spec, Layout.FIRMWARE, null);
    }

    /** @param runtime where the runtime sources come from; required for {@link Layout#VENDOR} only */
    public static Output generate(FirmwareSpec spec, Layout layout, RuntimeSources runtime) {
        Map<String, String> files = new TreeMap<>();
        files.put(ConfigHeader.FILE_NAME, ConfigHeader.render(spec));
        files.put(InstanceHeader.FILE_NAME, InstanceHeader.render(Banner.c(InstanceHeader.FILE_NAME,
                        "types and storage counts of the mailbox runtime for this firmware.", spec), spec.profile(),
                false, InstanceHeader.Scope.of(spec.board().arch())));
        SelfCheck sc = SelfCheck.render(spec);
        files.put(DeclaredMailboxes.HEADER, sc.declared().header());
        files.put(DeclaredMailboxes.SOURCE, sc.declared().source());
        SramModel.Report sram = SramModel.of(spec.board().arch(), spec.profile(), svcEnabled(spec));
        switch (layout) {
            case FIRMWARE -> {
                files.put(ConstantsHeader.FILE_NAME, ConstantsHeader.render());
                files.put(SelfCheck.FILE_NAME, sc.mainSource());
                files.put(SramModel.LAYOUT_CHECK, sram.layoutCheckSource(spec));
                files.put(CMakeListsWriter.FILE_NAME, CMakeListsWriter.render(spec));
            }
            case VENDOR -> {
                if (runtime == null) {
                    throw new IllegalArgumentException("--vendor needs the runtime sources");
                }
                files.put(SramModel.LAYOUT_CHECK, sram.layoutCheckSource(spec));
                Map<String, String> copies = runtime.read(spec);
                for (Map.Entry<String, String> e : copies.entrySet()) {
                    files.put(Path.of(e.getKey()).getFileName().toString(), e.getValue());
                }
                files.put(PROVENANCE, provenance(spec, runtime, copies));
            }
            case LIB_ONLY -> { }
            default -> throw new IllegalStateException(layout.toString());
        }
        return new Output(files, layout == Layout.FIRMWARE ? sc.checks() : 0, sc.declared().declaredArenaBytes(),
                sram);
    }

    /**
     * The vendored files' origin: the generator, the source commit (and any file that differs
     * from it), the inputs, and one {@code sha256sum} line per copied file, so that
     * {@code grep -v '^#' PROVENANCE | sha256sum -c} checks the copies.
     */
    static String provenance(FirmwareSpec spec, RuntimeSources runtime, Map<String, String> copies) {
        StringBuilder sb = new StringBuilder();
        sb.append("# PROVENANCE: the HSX mailbox runtime sources in this directory, copied unchanged by\n");
        sb.append("# `hsxmbx generate --vendor` (hsxmbx codegen ").append(VERSION).append(").\n#\n");
        sb.append("# source    hsxmbx commit ").append(runtime.commit()).append('\n');
        if (!runtime.modified().isEmpty()) {
            sb.append("#           with uncommitted changes in: ").append(String.join(", ", runtime.modified()))
                    .append('\n');
        }
        sb.append("# board     ").append(spec.board().id()).append(" (").append(spec.board().fileLabel())
                .append(", sha256 ").append(Hashes.shortSha256(spec.board().file())).append(")\n");
        sb.append("# profile   ").append(spec.profileLabel()).append('\n');
        sb.append("# features  ").append(spec.featureSet()).append(": ")
                .append(FeatureText.describe(spec.profile().features())).append('\n');
        sb.append("# mailboxes ").append(spec.mailboxes().label()).append('\n');
        sb.append("# The generated files (hsx_mbx_config.h, hsx_fw_*) name their inputs in their first comment.\n");
        sb.append("#\n# SHA-256 of each copy and the file it was copied from; check with\n");
        sb.append("#   grep -v '^#' PROVENANCE | sha256sum -c\n");
        for (String rel : copies.keySet()) {
            sb.append("#   ").append(Path.of(rel).getFileName()).append(" <- ").append(rel).append('\n');
        }
        for (Map.Entry<String, String> e : copies.entrySet()) {
            sb.append(Hashes.sha256(e.getValue().getBytes(StandardCharsets.ISO_8859_1))).append("  ")
                    .append(Path.of(e.getKey()).getFileName()).append('\n');
        }
        return sb.toString();
    }

    /** Generates into {@code dir} (created if needed); files of the same names are replaced. */
    public static Output write(FirmwareSpec spec, Path dir) {
        return write(spec, Layout.FIRMWARE, null, dir);
    }

    public static Output write(FirmwareSpec spec, Layout layout, RuntimeSources runtime, Path dir) {
        Output out = generate(spec, layout, runtime);
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> e : out.files().entrySet()) {
                Path f = dir.resolve(e.getKey());
                byte[] bytes = e.getValue().getBytes(StandardCharsets.ISO_8859_1); // copies byte for byte
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

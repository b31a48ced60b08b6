package org.hsxmbx.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hsxmbx.model.Features;

/**
 * The C runtime's sources as {@code generate --vendor} copies them: which files a
 * configuration needs, their text, and where they came from (the commit of the checkout or
 * of the installed tree, and which of them differ from it).
 *
 * @param root     the checkout (or installed tree) holding {@code firmware-c/include} and {@code src}
 * @param commit   the source commit, or {@code unknown}
 * @param modified files (paths relative to root) that differ from the commit, sorted
 */
public record RuntimeSources(Path root, String commit, List<String> modified) {
    /** Written by cmake --install next to the installed runtime: the commit it was installed from. */
    static final String COMMIT_FILE = "SOURCE_COMMIT";

    public RuntimeSources {
        modified = List.copyOf(modified);
    }

    /** Reads the provenance of {@code root}: git when it is a checkout, else its SOURCE_COMMIT file. */
    public static RuntimeSources of(Path root) {
        if (!Files.isRegularFile(root.resolve("firmware-c/src/hsx_mbx.c"))) {
            throw new CodegenException(root + " holds no runtime sources (firmware-c/src/hsx_mbx.c)");
        }
        Exec.Result head = git(root, "rev-parse", "HEAD");
        if (head != null && head.exitCode() == 0 && root.toAbsolutePath().normalize().equals(topLevel(root))) {
            Exec.Result st = git(root, "status", "--porcelain", "--", "firmware-c/include", "firmware-c/src");
            List<String> changed = new ArrayList<>();
            for (String line : st.stdout().split("\n")) {
                if (line.length() > 3) {
                    changed.add(line.substring(3).strip());
                }
            }
            changed.sort(null);
            return new RuntimeSources(root, head.stdout().strip(), changed);
        }
        Path f = root.resolve(COMMIT_FILE);
        try {
            String commit = Files.isRegularFile(f) ? Files.readString(f).strip() : "unknown";
            return new RuntimeSources(root, commit.isEmpty() ? "unknown" : commit, List.of());
        } catch (IOException e) {
            throw new CodegenException(f + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Path topLevel(Path root) {
        Exec.Result r = git(root, "rev-parse", "--show-toplevel");
        return r != null && r.exitCode() == 0 ? Path.of(r.stdout().strip()).toAbsolutePath().normalize() : null;
    }

    /** A git command in {@code root}, or null when git is not installed (an installed tree needs none). */
    private static Exec.Result git(Path root, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
        cmd.addAll(List.of(args));
        try {
            return Exec.run(cmd, null, 30);
        } catch (CodegenException e) {
            return null;
        }
    }

    /** The runtime's headers: every configuration includes all of them (a feature that is off is inline stubs). */
    static final List<String> HEADERS = List.of("include/hsx_mbx.h", "include/hsx_mbx_constants.h",
            "src/hsx_mbx_internal.h", "src/hsx_mbx_state.h", "src/hsx_mbx_arena.h", "src/hsx_mbx_desc.h",
            "src/hsx_mbx_entry.h", "src/hsx_mbx_events.h", "src/hsx_mbx_fanout.h", "src/hsx_mbx_preload.h",
            "src/hsx_mbx_ring.h", "src/hsx_mbx_taps.h", "src/hsx_mbx_target.h", "src/hsx_mbx_tasks.h",
            "src/hsx_mbx_wait.h");
    /** The sources every configuration compiles: one file per concept (docs/c-runtime.md, "Source files"). */
    static final List<String> CORE = List.of("hsx_mbx.c", "hsx_mbx_state.c", "hsx_mbx_tasks.c", "hsx_mbx_desc.c",
            "hsx_mbx_target.c", "hsx_mbx_ring.c", "hsx_mbx_arena.c", "hsx_mbx_wait.c", "hsx_mbx_msg.c",
            "hsx_mbx_events.c", "hsx_mbx_introspect.c", "hsx_mbx_svc.c");

    /**
     * The files a firmware of {@code spec} compiles, by their repository path: every header,
     * the core sources (with the introspection and SVC entry points, which reject when their
     * feature is off), and the fan-out, taps and loader sources only when the configuration
     * has the feature (without it they compile to nothing).
     */
    static List<String> needed(FirmwareSpec spec) {
        Features f = spec.profile().features();
        List<String> out = new ArrayList<>();
        HEADERS.forEach(h -> out.add("firmware-c/" + h));
        List<String> sources = new ArrayList<>(CORE);
        if (f.fanout()) {
            sources.add("hsx_mbx_fanout.c");
        }
        if (f.taps()) {
            sources.add("hsx_mbx_taps.c");
        }
        if (f.loader()) {
            sources.add("hsx_mbx_loader.c");
            sources.add("hsx_mbx_preload.c");
        }
        sources.forEach(c -> out.add("firmware-c/src/" + c));
        return out;
    }

    /** The needed files' text by repository path, in {@link #needed} order. */
    Map<String, String> read(FirmwareSpec spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String rel : needed(spec)) {
            Path p = root.resolve(rel);
            try {
                out.put(rel, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new CodegenException(p + ": cannot read the runtime source: " + e.getMessage(), e);
            }
        }
        return out;
    }
}

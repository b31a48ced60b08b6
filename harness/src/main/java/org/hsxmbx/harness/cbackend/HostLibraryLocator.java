package org.hsxmbx.harness.cbackend;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds the host shared library {@code libhsxmbx_host} (target {@code hsxmbx_host} of the
 * top-level CMakeLists, built into {@code build/host} by Maven). In order: the system property
 * {@value #PROPERTY} or the environment variable {@value #ENV} (a file, used as is); else the
 * build directory given by {@code hsxmbx.host.build}, {@code hsxmbx.root}/build/host, the
 * repository this jar or class directory was built in, and ./build/host, each searched a few
 * levels deep.
 */
final class HostLibraryLocator {
    static final String PROPERTY = "hsxmbx.hostlib";
    static final String ENV = "HSXMBX_HOSTLIB";
    static final String BUILD_HINT = "mvn -o install -DskipTests from the repository root, or "
            + "cmake -S . -B build/host && cmake --build build/host --target hsxmbx_host";
    /** How deep below a build directory the library may sit ({@code build/host/firmware-c/...}). */
    private static final int MAX_DEPTH = 4;

    private final Function<String, String> properties;
    private final Function<String, String> environment;

    private HostLibraryLocator(Function<String, String> properties, Function<String, String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** The locator of this process (system properties and environment). */
    static HostLibraryLocator system() {
        return new HostLibraryLocator(System::getProperty, System::getenv);
    }

    /** A locator with given properties and environment (tests). */
    static HostLibraryLocator of(Map<String, String> properties, Map<String, String> environment) {
        return new HostLibraryLocator(properties::get, environment::get);
    }

    /** The file name of the library on this platform ({@code libhsxmbx_host.so}). */
    static String fileName() {
        return System.mapLibraryName("hsxmbx_host");
    }

    /**
     * The library file.
     *
     * @throws HostLibraryException naming where it looked and what to build
     */
    Path locate() {
        String override = properties.apply(PROPERTY);
        String source = "system property " + PROPERTY;
        if (override == null || override.isBlank()) {
            override = environment.apply(ENV);
            source = "environment variable " + ENV;
        }
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p)) {
                throw new HostLibraryException("host C library not found: " + source + " names " + p
                        + ", which is not a file");
            }
            return p;
        }
        List<Path> dirs = buildDirectories();
        for (Path dir : dirs) {
            Optional<Path> found = search(dir);
            if (found.isPresent()) {
                return found.get();
            }
        }
        List<String> looked = new ArrayList<>();
        for (Path d : dirs) {
            looked.add(d.toString());
        }
        throw new HostLibraryException("host C library " + fileName() + " not found (looked in "
                + (looked.isEmpty() ? "no build directory" : String.join(", ", looked)) + "); build it with "
                + BUILD_HINT + ", or name the file with -D" + PROPERTY + "=FILE or " + ENV + "=FILE");
    }

    private List<Path> buildDirectories() {
        Set<Path> dirs = new LinkedHashSet<>();
        String build = properties.apply("hsxmbx.host.build");
        if (build != null && !build.isBlank()) {
            dirs.add(Path.of(build));
        }
        String root = properties.apply("hsxmbx.root");
        if (root != null && !root.isBlank()) {
            dirs.add(Path.of(root, "build", "host"));
        }
        codeRoot().ifPresent(r -> dirs.add(r.resolve("build").resolve("host")));
        dirs.add(Path.of("build", "host"));
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            Path n = d.toAbsolutePath().normalize();
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** The repository root, from harness/target/classes or harness/target/hsxmbx-harness-*.jar. */
    private static Optional<Path> codeRoot() {
        try {
            var src = HostLibraryLocator.class.getProtectionDomain().getCodeSource();
            if (src == null) {
                return Optional.empty();
            }
            Path p = Path.of(src.getLocation().toURI()).toAbsolutePath();
            for (Path q = p; q != null; q = q.getParent()) {
                if (q.getFileName() != null && q.getFileName().toString().equals("target") && q.getParent() != null
                        && q.getParent().getParent() != null) {
                    return Optional.of(q.getParent().getParent());
                }
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException
                 | java.nio.file.FileSystemNotFoundException e) {
            // no usable code location: the other directories still apply
        }
        return Optional.empty();
    }

    /** The newest library file at most MAX_DEPTH levels below dir. */
    private static Optional<Path> search(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        String name = fileName();
        try (Stream<Path> s = Files.find(dir, MAX_DEPTH,
                (p, a) -> a.isRegularFile() && p.getFileName().toString().equals(name))) {
            return s.max((a, b) -> Long.compare(modified(a), modified(b)));
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}

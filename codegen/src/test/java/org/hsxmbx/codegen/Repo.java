package org.hsxmbx.codegen;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in (Maven runs them with the module as working directory). */
final class Repo {
    private Repo() {}

    static Path root() {
        String prop = System.getProperty("hsxmbx.root");
        if (prop != null && !prop.isEmpty()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("boards")) && Files.isDirectory(p.resolve("firmware-c"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the hsxmbx checkout above " + Path.of("").toAbsolutePath());
    }

    static Path boards() {
        return root().resolve("boards");
    }

    static Board board(String id) {
        return BoardReader.load(boards(), id);
    }

    /** Fails loudly (never skips) when a cross tool is missing: CI installs them with scripts/install-deps.sh. */
    static void requireTool(String tool) {
        Exec.Result r = Exec.run(java.util.List.of(tool, "--version"), null, 30);
        if (r.exitCode() != 0) {
            throw new AssertionError(tool + " is not usable (install it with scripts/install-deps.sh): "
                    + r.failure());
        }
    }
}

package org.hsxmbx.harness.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an output file option before any work is done, so a long run never ends in "cannot write". */
final class OutputFiles {
    private OutputFiles() {}

    /**
     * Why {@code file} cannot be written, or null when it can: its directory must already exist
     * (nothing is created silently) and it must not be a directory itself.
     */
    static String problem(Path file) {
        if (Files.isDirectory(file)) {
            return "is a directory (name a file)";
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            return Files.exists(parent) ? "'" + parent + "' is not a directory"
                    : "directory '" + parent + "' does not exist (create it first)";
        }
        if (parent != null && !Files.isWritable(parent)) {
            return "directory '" + parent + "' is not writable";
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            return "not writable";
        }
        return null;
    }
}

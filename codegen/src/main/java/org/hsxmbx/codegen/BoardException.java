package org.hsxmbx.codegen;

import java.nio.file.Path;

/** A board description that cannot be used; the message names the file and the field. */
public final class BoardException extends CodegenException {
    private final Path file;
    private final String field;

    public BoardException(Path file, String field, String problem) {
        super(file + ": field '" + field + "': " + problem);
        this.file = file;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    public String field() {
        return field;
    }
}

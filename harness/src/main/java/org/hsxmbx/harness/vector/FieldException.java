package org.hsxmbx.harness.vector;

/** A bad field inside one step or the top level; the reader adds the file and step. */
final class FieldException extends RuntimeException {
    private final String field;

    FieldException(String field, String problem) {
        super(problem, null, false, false);
        this.field = field;
    }

    String field() {
        return field;
    }
}

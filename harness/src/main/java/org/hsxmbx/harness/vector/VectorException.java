package org.hsxmbx.harness.vector;

/**
 * Unusable vector input. The message reads {@code FILE: step N: field 'X': what is wrong}
 * (without the step for top-level fields, without the field for whole-file problems).
 */
public final class VectorException extends Exception {
    private final String file;
    private final int step;
    private final String field;

    public VectorException(String file, int step, String field, String problem) {
        super(format(file, step, field, problem));
        this.file = file;
        this.step = step;
        this.field = field;
    }

    private static String format(String file, int step, String field, String problem) {
        StringBuilder b = new StringBuilder(file).append(": ");
        if (step > 0) {
            b.append("step ").append(step).append(": ");
        }
        if (field != null) {
            b.append("field '").append(field).append("': ");
        }
        return b.append(problem).toString();
    }

    public String file() {
        return file;
    }

    /** 1-based step, or 0 for a top-level problem. */
    public int step() {
        return step;
    }

    /** The offending field (dotted path), or null. */
    public String field() {
        return field;
    }
}

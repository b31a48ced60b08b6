package org.hsxmbx.model;

/** A profile field that is out of range or of the wrong type; names the field. */
public final class ProfileException extends IllegalArgumentException {
    private final String field;

    public ProfileException(String field, String rule) {
        super("profile field '" + field + "': " + rule);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

package org.hsxmbx.model;

/**
 * A declared mailbox that cannot be created; names the entry (0-based) and the field.
 * When it is thrown the service is exactly as it was before the load.
 */
public final class DeclarationException extends Exception {
    private final int entry;
    private final String field;

    public DeclarationException(int entry, String field, String message) {
        super("mailbox entry " + entry + ", field '" + field + "': " + message);
        this.entry = entry;
        this.field = field;
    }

    public int entry() {
        return entry;
    }

    public String field() {
        return field;
    }
}

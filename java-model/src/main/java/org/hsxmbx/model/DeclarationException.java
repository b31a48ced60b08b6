package org.hsxmbx.model;

/**
 * A declared mailbox that cannot be created; names the entry (0-based) and the field.
 * When it is thrown the service is exactly as it was before the load.
 */
public final class DeclarationException extends Exception {
    private final int entry;
    private final String field;
    private final Status status;

    /** A rule violation: status INVALID_ARGUMENT. */
    public DeclarationException(int entry, String field, String message) {
        this(entry, field, Status.INVALID_ARGUMENT, message);
    }

    /** @param status INVALID_ARGUMENT for a rule, NO_DESCRIPTOR for a resource shortage (as the C loader returns) */
    public DeclarationException(int entry, String field, Status status, String message) {
        super("mailbox entry " + entry + ", field '" + field + "': " + message);
        this.entry = entry;
        this.field = field;
        this.status = status;
    }

    public Status status() {
        return status;
    }

    public int entry() {
        return entry;
    }

    public String field() {
        return field;
    }
}

package org.hsxmbx.model.hxe;

/**
 * An HXE image, a {@code .mailbox} payload, a declaration file or a source pragma that breaks
 * a rule of the format. The message names the field (and the offset, metadata entry, mailbox
 * entry or source line); {@link #field()} and {@link #entry()} expose them for tests and tools.
 */
public final class HxeFormatException extends Exception {
    private final String field;
    private final int entry;

    /**
     * @param field   the offending field, as the format spells it ({@code code_len}, {@code capacity})
     * @param entry   index of the metadata or mailbox entry, or the source line; -1 when not applicable
     * @param message complete human readable text (already naming the field)
     */
    public HxeFormatException(String field, int entry, String message) {
        super(message);
        this.field = field;
        this.entry = entry;
    }

    public String field() {
        return field;
    }

    public int entry() {
        return entry;
    }

    /** The same error prefixed with where it came from (a file name). */
    public HxeFormatException in(String source) {
        HxeFormatException e = new HxeFormatException(field, entry, source + ": " + getMessage());
        e.setStackTrace(getStackTrace());
        return e;
    }

    static HxeFormatException header(String field, int offset, String detail) {
        return new HxeFormatException(field, -1,
                String.format("header field '%s' (offset 0x%02X): %s", field, offset, detail));
    }

    static HxeFormatException meta(int index, String field, long offset, String detail) {
        return new HxeFormatException(field, index,
                String.format("metadata entry %d, field '%s' (offset 0x%X): %s", index, field, offset, detail));
    }

    static HxeFormatException mailbox(int index, String field, String detail) {
        return new HxeFormatException(field, index,
                String.format("mailbox entry %d, field '%s': %s", index, field, detail));
    }

    static HxeFormatException section(String field, String detail) {
        return new HxeFormatException(field, -1, String.format("mailbox section, field '%s': %s", field, detail));
    }
}

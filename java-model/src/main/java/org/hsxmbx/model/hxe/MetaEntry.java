package org.hsxmbx.model.hxe;

/**
 * One 16-byte row of the metadata table: four big-endian uint32. {@code offset} is from the
 * start of the file.
 */
public record MetaEntry(long type, long offset, long size, long entryCount) {
    public static final int SIZE = 16;
    public static final int TYPE_VALUE = 1;
    public static final int TYPE_CMD = 2;
    public static final int TYPE_MAILBOX = 3;

    /** {@code .value}, {@code .cmd}, {@code .mailbox}, or {@code unknown(N)}. */
    public String typeName() {
        return typeName(type);
    }

    static String typeName(long type) {
        if (type == TYPE_VALUE) {
            return ".value";
        } else if (type == TYPE_CMD) {
            return ".cmd";
        } else if (type == TYPE_MAILBOX) {
            return ".mailbox";
        }
        return "unknown(" + type + ")";
    }

    static boolean isKnown(long type) {
        return type == TYPE_VALUE || type == TYPE_CMD || type == TYPE_MAILBOX;
    }
}

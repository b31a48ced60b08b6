package org.hsxmbx.model;

import java.util.Locale;

/**
 * The functions a {@code mailbox_error} event names in its {@code fn} field, with their C code
 * (the ordinal, {@code HSX_MBX_FNCODE_*}): module 0x05's functions in ABI order, then the
 * executive's.
 */
public enum ServiceFn {
    OPEN, BIND, SEND, RECV, PEEK, TAP, CLOSE, TASK_START, TASK_EXIT, TICK, PRELOAD, EVENT_MASK;

    public int code() {
        return ordinal();
    }

    /** The name in events and vectors: {@code task_start}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

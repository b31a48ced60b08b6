package org.hsxmbx.model;

import java.util.Locale;

/**
 * The {@code reason} of {@code mailbox_overrun} (why a message was dropped) and of
 * {@code mailbox_exhausted} (which resource ran out), with its C code (the ordinal,
 * {@code HSX_MBX_REASON_*}).
 */
public enum EventReason {
    NONE, FANOUT_DROP, RESIZE, TAP_DROP, DESCRIPTOR_POOL_FULL, HANDLE_LIMIT, ARENA, NAME_POOL, TAP_POOL, TASK_LIMIT;

    public int code() {
        return ordinal();
    }

    /** The name in events and vectors: {@code fanout_drop}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

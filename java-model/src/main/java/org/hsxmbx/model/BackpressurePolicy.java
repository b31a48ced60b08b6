package org.hsxmbx.model;

import java.util.Locale;

/**
 * The {@code policy} of {@code mailbox_backpressure}: what held a message back, with its C code
 * (the ordinal, {@code HSX_MBX_POLICY_*}).
 */
public enum BackpressurePolicy {
    /** a single-reader queue is full (or senders are queued before this one) */
    SINGLE,
    /** a blocking fan-out queue is full */
    FANOUT_BLOCK,
    /** a tap's copies per window are used up */
    TAP_RATE_LIMIT;

    public int code() {
        return ordinal();
    }

    /** The name in events and vectors: {@code fanout_block}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

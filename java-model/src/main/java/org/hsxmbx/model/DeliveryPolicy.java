package org.hsxmbx.model;

/** How a descriptor delivers (contract section 4): its stored mode's fan-out bits as one value. */
enum DeliveryPolicy {
    /** one reader takes each message; a full queue blocks the sender */
    SINGLE,
    /** every reader sees each message; a full queue drops the oldest */
    FANOUT_DROP,
    /** every reader sees each message; a full queue blocks the sender */
    FANOUT_BLOCK;

    /** The policy of a normalised mode. */
    static DeliveryPolicy of(int mode) {
        if ((mode & Mbx.MODE_FANOUT) == 0) {
            return SINGLE;
        }
        return (mode & Mbx.MODE_FANOUT_DROP) != 0 ? FANOUT_DROP : FANOUT_BLOCK;
    }

    boolean fanout() {
        return this != SINGLE;
    }

    /** The policy a mailbox_backpressure names when this descriptor holds a sender back. */
    BackpressurePolicy backpressure() {
        return this == SINGLE ? BackpressurePolicy.SINGLE : BackpressurePolicy.FANOUT_BLOCK;
    }
}

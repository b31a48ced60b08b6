package org.hsxmbx.model;

/**
 * The fan-out rules of contract section 4: every reader keeps a cursor, a message stays until
 * no reader still has to read it, and a dropped message marks the readers that missed it.
 */
final class Fanout {
    private Fanout() {}

    /** Eager reclamation: drops head messages that no reader still has to read. */
    static void reclaim(Descriptor d) {
        while (!d.queue.isEmpty()) {
            int head = d.headSeq();
            for (Handle h : d.handles) {
                if (Descriptor.isReader(h) && head - h.lastSeq > 0) {
                    return;
                }
            }
            d.pop();
        }
    }

    /** After {@code dropped} left the queue unread: its readers get OVERRUN and skip past it. */
    static void markMissed(Descriptor d, Message dropped) {
        for (Handle h : d.handles) {
            if (Descriptor.isReader(h) && dropped.seq() - h.lastSeq > 0) {
                h.pendingOverrun = true;
                h.lastSeq = dropped.seq();
            }
        }
    }

    /** The next message for reader {@code h}: after its cursor on fan-out, the head otherwise. */
    static Message next(Descriptor d, Handle h) {
        return d.fanout() ? d.firstAfter(h.lastSeq) : d.queue.peekFirst();
    }
}

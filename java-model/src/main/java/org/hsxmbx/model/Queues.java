package org.hsxmbx.model;

/**
 * Messages into and out of a descriptor's queue: enqueue (with its event and the tap copies),
 * consume (pop, or advance a fan-out cursor), the recv result, and dropping the head.
 */
final class Queues {
    private final EventLog events;
    private final Taps taps;

    Queues(EventLog events, Taps taps) {
        this.events = events;
        this.taps = taps;
    }

    /** Queues {@code m} (taking the next seq), emits mailbox_send and copies it to the taps. */
    void enqueue(Descriptor d, Handle from, Message m) {
        Message q = new Message(m.payload(), m.flags(), m.srcPid(), m.channel(), d.nextSeq);
        d.nextSeq++;
        d.push(q);
        events.emit(EventSchema.Type.MAILBOX_SEND, m.srcPid(), d.id, from.id, m.length(), m.flags(), m.channel(),
                m.srcPid());
        taps.copyToAll(d, q);
    }

    /** Takes message {@code m} for handle {@code h}: pops it (single-reader) or advances the cursor (fan-out). */
    Completion consume(int pid, Handle h, Descriptor d, Message m, int maxLen) {
        boolean overrun = h.pendingOverrun;
        h.pendingOverrun = false;
        if (d.fanout()) {
            h.lastSeq = m.seq();
            h.sender = false;
        } else {
            d.pop();
        }
        return deliver(pid, h, m, maxLen, overrun);
    }

    /** Takes the oldest copy of tap handle {@code h}, or null when it has none. */
    Completion consumeCopy(int pid, Handle h, int maxLen) {
        TapBuffer tb = h.tap;
        if (tb.copies.isEmpty()) {
            return null;
        }
        Message m = tb.copies.removeFirst();
        tb.bytes -= m.cost();
        boolean overrun = tb.pendingOverrun;
        tb.pendingOverrun = false;
        return deliver(pid, h, m, maxLen, overrun);
    }

    /** The recv result with truncation and OVERRUN. */
    private static Completion deliver(int pid, Handle h, Message m, int maxLen, boolean overrun) {
        int len = Math.min(maxLen, m.length());
        int flags = m.flags() | (overrun ? Mbx.MSG_OVERRUN : 0) | (len < m.length() ? Mbx.MSG_TRUNCATED : 0);
        return new Completion(pid, h.id, Completion.Kind.RECV, Status.OK, len, flags, m.channel(), m.srcPid(),
                m.payload().prefix(len));
    }

    void recvEvent(Descriptor d, Completion c) {
        events.emit(EventSchema.Type.MAILBOX_RECV, c.pid(), d.id, c.handle(), c.length(), c.flags(), c.channel(),
                c.srcPid());
    }

    /** Drops the head message: readers that had not read it get OVERRUN. */
    void dropHead(Descriptor d, int pid, EventReason reason) {
        Message m = d.pop();
        if (d.fanout()) {
            Fanout.markMissed(d, m);
        }
        events.overrun(pid, d.id, m.seq() & 0xFFFFFFFFL, m, reason, d.queue.size());
    }
}

package org.hsxmbx.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** One mailbox (contract section 2). Mutable state owned by {@link MailboxService}. */
final class Descriptor {
    final int id;
    final Target.Key key;
    int capacity;
    int mode;
    final ArrayDeque<Message> queue = new ArrayDeque<>();
    int bytesUsed;
    int peakBytesUsed;
    /** Seq the next queued message takes; wraps modulo 2^32. */
    int nextSeq;
    /** Handles on this descriptor in the order they were opened (deterministic iteration). */
    final List<Handle> handles = new ArrayList<>();

    Descriptor(int id, Target.Key key, int capacity, int mode, int firstSeq) {
        this.id = id;
        this.nextSeq = firstSeq;
        this.key = key;
        this.capacity = capacity;
        this.mode = mode;
    }

    DeliveryPolicy policy() {
        return DeliveryPolicy.of(mode);
    }

    boolean fanout() {
        return (mode & Mbx.MODE_FANOUT) != 0;
    }

    boolean ownerless() {
        return key.owner() < 0;
    }

    int headSeq() {
        return nextSeq - queue.size();
    }

    void push(Message m) {
        queue.addLast(m);
        bytesUsed += m.cost();
        if (bytesUsed > peakBytesUsed) {
            peakBytesUsed = bytesUsed;
        }
    }

    Message pop() {
        Message m = queue.removeFirst();
        bytesUsed -= m.cost();
        return m;
    }

    /** First message with seq after {@code cursor} (serial arithmetic), or null. */
    Message firstAfter(int cursor) {
        int head = headSeq();
        // Seqs in the queue are contiguous, so the answer is found by index, not by a scan.
        int skip = cursor - head + 1;
        if (skip <= 0) {
            return queue.peekFirst();
        }
        if (skip >= queue.size()) {
            return null;
        }
        int i = 0;
        for (Message m : queue) {
            if (i++ == skip) {
                return m;
            }
        }
        return null;
    }

    /** A reader holds fan-out messages back: read access, not a tap, not a sender. */
    static boolean isReader(Handle h) {
        return (h.access & Mbx.MODE_RDONLY) != 0 && h.tap == null && !h.sender;
    }
}

package org.hsxmbx.model;

/**
 * Completes what a change on a descriptor made possible (decisions.md, "Settling"): wake
 * receivers, reclaim, then retry the oldest blocked sender, and again while senders fit.
 */
final class Settler {
    private final Waits waits;
    private final Queues queues;

    Settler(Waits waits, Queues queues) {
        this.waits = waits;
        this.queues = queues;
    }

    void settle(Descriptor d) {
        if (waits.none()) {
            if (d.fanout()) {
                Fanout.reclaim(d);
            }
            return;
        }
        while (true) {
            wakeReceivers(d);
            if (d.fanout()) {
                Fanout.reclaim(d);
            }
            Wait w = waits.oldest(d, Completion.Kind.SEND);
            if (w == null || d.bytesUsed + w.message().cost() > d.capacity) {
                return;
            }
            Message m = w.message();
            queues.enqueue(d, w.handle(), m);
            waits.finish(w, new Completion(w.handle().pid, w.handle().id, Completion.Kind.SEND, Status.OK,
                    m.length(), m.flags(), m.channel(), m.srcPid(), Bytes.EMPTY), d);
        }
    }

    private void wakeReceivers(Descriptor d) {
        for (Wait w : waits.on(d, Completion.Kind.RECV)) {
            Handle h = w.handle();
            Message m = Fanout.next(d, h);
            if (m == null) {
                if (d.fanout()) {
                    continue;
                }
                return;
            }
            waits.finish(w, queues.consume(h.pid, h, d, m, w.maxLen()), d);
        }
    }

    /**
     * After a shrink: every blocked sender whose message can no longer fit at all completes
     * with MSG_TOO_LARGE, in FIFO order, so that it does not hold back the senders queued
     * behind it forever (contract section 4, decisions.md "bind and open").
     */
    void failSendersTooLarge(Descriptor d) {
        for (Wait w : waits.on(d, Completion.Kind.SEND)) {
            if (w.message().cost() > d.capacity) {
                waits.finish(w, Status.MSG_TOO_LARGE, d);
            }
        }
    }
}

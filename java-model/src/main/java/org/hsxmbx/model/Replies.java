package org.hsxmbx.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The operation in progress and the {@link Reply} it returns: the seq of its first event and
 * the completions of other tasks' waits it caused. Every public operation calls {@link #begin}
 * first; the service is not re-entrant, so one record serves them all.
 */
final class Replies {
    private final EventLog events;
    private final List<Completion> completions = new ArrayList<>();
    private long mark;

    Replies(EventLog events) {
        this.events = events;
    }

    void begin() {
        completions.clear();
        mark = events.nextSeq();
    }

    void completed(Completion c) {
        completions.add(c);
    }

    Reply ok() {
        return status(Status.OK);
    }

    /** A result that is not an error and carries nothing (OK, WOULDBLOCK, NO_DATA). */
    Reply status(Status s) {
        return reply(s, false, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null);
    }

    /** A rejected call: mailbox_error with {@code fn}, then the status. */
    Reply error(int pid, ServiceFn fn, Status s) {
        events.error(pid, fn, s);
        return status(s);
    }

    /** The call put the task in WAIT_MBX. */
    Reply blocked() {
        return reply(Status.OK, true, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null);
    }

    Reply descriptor(int id) {
        return reply(Status.OK, false, id, 0, 0, 0, 0, 0, Bytes.EMPTY, null);
    }

    Reply handle(int id) {
        return reply(Status.OK, false, 0, id, 0, 0, 0, 0, Bytes.EMPTY, null);
    }

    Reply sent(int length) {
        return reply(Status.OK, false, 0, 0, length, 0, 0, 0, Bytes.EMPTY, null);
    }

    Reply received(Completion c) {
        return reply(c.status(), false, 0, 0, c.length(), c.flags(), c.channel(), c.srcPid(), c.payload(), null);
    }

    Reply peeked(Peek p) {
        return reply(Status.OK, false, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, p);
    }

    private Reply reply(Status s, boolean blocked, int descriptor, int handle, int length, int flags, int channel,
                        int srcPid, Bytes payload, Peek peek) {
        return new Reply(s, blocked, descriptor, handle, length, flags, channel, srcPid, payload, peek,
                completions.isEmpty() ? List.of() : List.copyOf(completions), events.since(mark));
    }
}

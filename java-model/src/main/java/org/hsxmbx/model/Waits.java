package org.hsxmbx.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Blocked calls (contract section 5) in the order they began, FIFO across all descriptors, and
 * how they end: woken, timed out or cancelled, each reported as a completion with its event.
 */
final class Waits {
    private final Clock clock;
    private final EventLog events;
    private final Replies replies;
    private final TaskTable tasks;
    private final List<Wait> waits = new ArrayList<>();
    private long begun;

    Waits(Clock clock, EventLog events, Replies replies, TaskTable tasks) {
        this.clock = clock;
        this.events = events;
        this.replies = replies;
        this.tasks = tasks;
    }

    boolean none() {
        return waits.isEmpty();
    }

    int count() {
        return waits.size();
    }

    void block(Task t, Completion.Kind kind, Descriptor d, Handle h, int timeout, Message m, int maxLen) {
        // The clock is 32-bit like the C runtime's: a finite deadline wraps modulo 2^32.
        long deadline = clock.deadline(timeout);
        Wait w = new Wait(kind, d, h, deadline, begun++, m, maxLen);
        t.wait = w;
        waits.add(w);
        events.emit(EventSchema.Type.MAILBOX_WAIT, t.pid, d.id, h.id, timeout,
                deadline < 0 ? Mbx.NO_DEADLINE : deadline);
    }

    /** Removes the task's wait without a completion (the task itself goes away). */
    void end(Task t) {
        waits.remove(t.wait);
        t.wait = null;
    }

    /** Ends {@code w} with {@code c}: counters, mailbox_wake or mailbox_timeout, and the completion. */
    void finish(Wait w, Completion c, Descriptor d) {
        Task t = tasks.holder(w);
        end(t);
        EventSchema.Type type;
        if (c.status() == Status.TIMEOUT) {
            t.timeouts++;
            type = EventSchema.Type.MAILBOX_TIMEOUT;
        } else {
            t.wakes++;
            type = EventSchema.Type.MAILBOX_WAKE;
        }
        events.emit(type, t.pid, d.id, c.handle(), c.status().code(), c.length(), c.flags(), c.channel(), c.srcPid());
        replies.completed(c);
    }

    /** Ends {@code w} with {@code status} and nothing else (timeout, cancel, too large). */
    void finish(Wait w, Status status, Descriptor d) {
        finish(w, Completion.empty(w.handle().pid, w.handle().id, w.kind(), status), d);
    }

    /** The oldest wait of {@code kind} on {@code d}, or null. */
    Wait oldest(Descriptor d, Completion.Kind kind) {
        for (Wait w : waits) {
            if (w.descriptor() == d && w.kind() == kind) {
                return w;
            }
        }
        return null;
    }

    /** Waits on {@code d} (of {@code kind}, or all if null) in FIFO order, as a copy. */
    List<Wait> on(Descriptor d, Completion.Kind kind) {
        List<Wait> out = new ArrayList<>();
        for (Wait w : waits) {
            if (w.descriptor() == d && (kind == null || w.kind() == kind)) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * The waits whose deadline has come, the longest overdue first (so a deadline just past
     * the clock's wrap sorts after one just before it), ties in the order the waits began.
     */
    List<Wait> due() {
        List<Wait> due = new ArrayList<>();
        for (Wait w : waits) {
            if (w.deadline() >= 0 && clock.reached(w.deadline())) {
                due.add(w);
            }
        }
        due.sort(Comparator.comparingInt((Wait w) -> clock.until(w.deadline())).thenComparingLong(Wait::order));
        return due;
    }
}

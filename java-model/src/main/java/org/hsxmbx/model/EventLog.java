package org.hsxmbx.model;

import java.util.List;

/**
 * The events the service emits (contract section 7): the bounded ring, the event mask, and one
 * method per event that carries a code, so that callers name reasons, policies and functions by
 * their enum, never by a string. With the events feature off nothing is recorded.
 */
final class EventLog {
    private final boolean enabled;
    private final EventRing ring;
    private final Clock clock;
    /** Event types emitted (contract section 4, event_mask): bit code - 1 per type. */
    private int mask;

    EventLog(Profile profile, Clock clock) {
        this.enabled = profile.features().events();
        this.ring = new EventRing(profile.eventRingSize());
        this.clock = clock;
        this.mask = profile.eventMask();
    }

    void emit(EventSchema.Type type, long... values) {
        // A masked type costs nothing: not recorded, not counted as dropped, not passed on.
        if (enabled && (mask & type.bit()) != 0) {
            ring.add(clock.now(), type, values);
        }
    }

    void error(int pid, ServiceFn fn, Status s) {
        emit(EventSchema.Type.MAILBOX_ERROR, pid, fn.code(), s.code());
    }

    void exhausted(int pid, EventReason reason, int descriptor, long requested) {
        emit(EventSchema.Type.MAILBOX_EXHAUSTED, pid, reason.code(), descriptor, requested);
    }

    /** A dropped message: {@code droppedSeq} 0 when the copy does not keep its seq (tap buffers). */
    void overrun(int pid, int descriptor, long droppedSeq, Message m, EventReason reason, int queueDepth) {
        emit(EventSchema.Type.MAILBOX_OVERRUN, pid, descriptor, droppedSeq, m.length(), m.flags(), m.channel(),
                reason.code(), queueDepth);
    }

    void backpressure(int pid, int descriptor, BackpressurePolicy policy, int capacity, int bytesUsed, int requested) {
        emit(EventSchema.Type.MAILBOX_BACKPRESSURE, pid, descriptor, policy.code(), capacity, bytesUsed, requested);
    }

    boolean enabled() {
        return enabled;
    }

    int mask() {
        return mask;
    }

    void setMask(int mask) {
        this.mask = mask;
    }

    long nextSeq() {
        return ring.nextSeq();
    }

    List<Event> since(long mark) {
        return ring.since(mark);
    }

    long dropped() {
        return ring.dropped();
    }
}

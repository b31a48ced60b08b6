package org.hsxmbx.model;

/**
 * Taps (contract section 6): a read handle that receives a copy of every message sent to its
 * descriptor into a buffer of its own, within the tap pool, the arena and the rate limit.
 */
final class Taps {
    private final Profile profile;
    private final Clock clock;
    private final EventLog events;
    private final Resources resources;
    private final DescriptorTable descriptors;

    Taps(Profile profile, Clock clock, EventLog events, Resources resources, DescriptorTable descriptors) {
        this.profile = profile;
        this.clock = clock;
        this.events = events;
        this.resources = resources;
        this.descriptors = descriptors;
    }

    /** A tap of {@code capacity} fits (plus {@code extraArena} for a descriptor created with it); else the exhausted event. */
    boolean fits(int pid, int descriptorId, int capacity, int extraArena) {
        if (resources.freeTaps() <= 0) {
            events.exhausted(pid, EventReason.TAP_POOL, descriptorId, 1);
            return false;
        }
        if (resources.freeArena() < (long) capacity + extraArena) {
            events.exhausted(pid, EventReason.ARENA, descriptorId, capacity);
            return false;
        }
        return true;
    }

    void enable(Handle h) {
        h.tap = new TapBuffer(h.descriptor.capacity);
        resources.takeTap(h.tap.capacity);
    }

    void free(Handle h) {
        resources.giveTap(h.tap.capacity);
        h.tap = null;
    }

    /** Copies a queued message to every tap on {@code d}. */
    void copyToAll(Descriptor d, Message m) {
        if (!profile.features().taps() || resources.tapsInUse() == 0) {
            return;
        }
        for (Handle t : d.handles) {
            if (t.tap != null) {
                copy(d, t, m);
            }
        }
    }

    /** One copy into a tap, subject to its rate limit and buffer. */
    private void copy(Descriptor d, Handle t, Message m) {
        TapBuffer tb = t.tap;
        int limit = profile.tapRateLimit();
        if (limit > 0) {
            if (!tb.windowOpen || windowEnded(tb)) {
                tb.windowOpen = true;
                tb.windowStart = clock.now();
                tb.windowCount = 0;
            }
            if (tb.windowCount >= limit) {
                tb.pendingOverrun = true;
                events.backpressure(t.pid, d.id, BackpressurePolicy.TAP_RATE_LIMIT, tb.capacity, tb.bytes, m.cost());
                return;
            }
            tb.windowCount++;
        }
        if (m.cost() > tb.capacity) {
            tb.pendingOverrun = true;
            events.overrun(t.pid, d.id, m.seq() & 0xFFFFFFFFL, m, EventReason.TAP_DROP, tb.copies.size());
            return;
        }
        while (tb.bytes + m.cost() > tb.capacity) {
            Message old = tb.copies.removeFirst();
            tb.bytes -= old.cost();
            tb.pendingOverrun = true;
            // A tap buffer holds copies with the 8-byte header only, as the C ring does: the seq of
            // an evicted copy is not kept, so dropped_seq is 0 (decisions.md, Taps).
            events.overrun(t.pid, d.id, 0L, old, EventReason.TAP_DROP, tb.copies.size());
        }
        tb.copies.addLast(m);
        tb.bytes += m.cost();
    }

    /** Whether the rate window of a tap has ended: its end compared with serial arithmetic. */
    private boolean windowEnded(TapBuffer tb) {
        return clock.reached(tb.windowStart + Mbx.TAP_RATE_WINDOW_MS);
    }

    /**
     * Closes every tap rate window that has ended (decisions.md, Taps): a window is at most
     * 1000 ms long, and ticks move at most 2^31 - 1 ms, so an open window checked at every tick
     * is always judged right by serial arithmetic, however long the tap then stays idle.
     */
    void closeExpiredWindows() {
        if (profile.tapRateLimit() == 0 || resources.tapsInUse() == 0) {
            return;
        }
        for (Descriptor d : descriptors.live()) {
            for (Handle h : d.handles) {
                if (h.tap != null && h.tap.windowOpen && windowEnded(h.tap)) {
                    h.tap.windowOpen = false;
                }
            }
        }
    }
}

package org.hsxmbx.model;

import java.util.List;

/**
 * The bounded event ring of contract section 7, as the C runtime keeps it: a full ring drops
 * its oldest event and counts the loss. Sequence numbers are consecutive, so the events of one
 * operation are the newest {@code nextSeq - mark} entries and are found without a scan.
 */
final class EventRing {
    private final Event[] slots;
    private int oldest;
    private int size;
    private long nextSeq;
    private long dropped;

    EventRing(int capacity) {
        slots = new Event[capacity];
    }

    long nextSeq() {
        return nextSeq;
    }

    long dropped() {
        return dropped;
    }

    void add(long timeMs, EventSchema.Type type, long... values) {
        Event e = Event.owning(nextSeq++, timeMs, type, values);
        if (size == slots.length) {
            slots[oldest] = e;
            oldest = (oldest + 1) % slots.length;
            dropped++;
        } else {
            slots[(oldest + size) % slots.length] = e;
            size++;
        }
    }

    /** Events with seq >= mark that are still in the ring, oldest first. */
    List<Event> since(long mark) {
        long n = Math.min(nextSeq - mark, size);
        if (n <= 0) {
            return List.of();
        }
        if (n == 1) {
            return List.of(slots[(oldest + size - 1) % slots.length]);
        }
        Event[] out = new Event[(int) n];
        for (int i = 0; i < n; i++) {
            out[i] = slots[(oldest + size - (int) n + i) % slots.length];
        }
        return List.of(out); // immutable, so Reply keeps it without copying

    }
}

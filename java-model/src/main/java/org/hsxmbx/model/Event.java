package org.hsxmbx.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One debugger event (contract section 7, schema in docs/events.md). Values are stored as
 * numbers in the order of {@link EventSchema.Type#fields()}, like the C ring stores them; the
 * fields {@code reason}, {@code policy} and {@code fn} hold a code that {@link #get} turns into
 * its name.
 */
public final class Event {
    private final long seq;
    private final long timeMs;
    private final EventSchema.Type type;
    private final long[] values;

    public Event(long seq, long timeMs, EventSchema.Type type, long... values) {
        this(seq, timeMs, type, values.clone(), true);
    }

    private Event(long seq, long timeMs, EventSchema.Type type, long[] values, boolean checked) {
        if (values.length != type.fields().size()) {
            throw new IllegalArgumentException(type + " takes " + type.fields().size() + " values");
        }
        this.seq = seq;
        this.timeMs = timeMs;
        this.type = type;
        this.values = values;
    }

    /** An event that takes ownership of {@code values} (the ring's varargs array, never shared). */
    static Event owning(long seq, long timeMs, EventSchema.Type type, long[] values) {
        return new Event(seq, timeMs, type, values, true);
    }

    public long seq() {
        return seq;
    }

    public long timeMs() {
        return timeMs;
    }

    public EventSchema.Type type() {
        return type;
    }

    /** The wire name, {@code mailbox_send}. */
    public String typeName() {
        return type.wireName();
    }

    /** A field as a Long, or as a String for reason/policy/fn; null if the type has no such field. */
    public Object get(String field) {
        int i = type.fields().indexOf(field);
        if (i < 0) {
            return null;
        }
        List<String> table = codeTable(field);
        return table == null ? (Object) values[i] : table.get((int) values[i]);
    }

    /** The raw number of a field (codes for reason/policy/fn), for the C binding. */
    public long raw(String field) {
        int i = type.fields().indexOf(field);
        if (i < 0) {
            throw new IllegalArgumentException(type.wireName() + " has no field " + field);
        }
        return values[i];
    }

    /** Fields in schema order. */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : type.fields()) {
            m.put(f, get(f));
        }
        return Collections.unmodifiableMap(m);
    }

    static List<String> codeTable(String field) {
        return switch (field) {
            case "reason" -> EventSchema.REASONS;
            case "policy" -> EventSchema.POLICIES;
            case "fn" -> EventSchema.FNS;
            default -> null;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && e.seq == seq && e.timeMs == timeMs && e.type == type
                && Arrays.equals(e.values, values);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "#" + seq + " @" + timeMs + " " + typeName() + " " + fields();
    }
}

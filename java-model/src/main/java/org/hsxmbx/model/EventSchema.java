package org.hsxmbx.model;

import java.util.List;

/**
 * The event schema (contract section 7 and docs/events.md): the types with their codes and
 * fields, and the code tables of the string-valued fields. The C runtime stores the codes;
 * its constants header and the JNA binding take them from here.
 */
public final class EventSchema {
    private EventSchema() {}

    /** Event types with their C code and fields in order (every event also has seq, time_ms, type). */
    public enum Type {
        MAILBOX_SEND(1, "pid", "descriptor", "handle", "length", "flags", "channel", "src_pid"),
        MAILBOX_RECV(2, "pid", "descriptor", "handle", "length", "flags", "channel", "src_pid"),
        MAILBOX_WAIT(3, "pid", "descriptor", "handle", "timeout", "deadline"),
        MAILBOX_WAKE(4, "pid", "descriptor", "handle", "status", "length", "flags", "channel", "src_pid"),
        MAILBOX_TIMEOUT(5, "pid", "descriptor", "handle", "status", "length", "flags", "channel", "src_pid"),
        MAILBOX_OVERRUN(6, "pid", "descriptor", "dropped_seq", "dropped_length", "dropped_flags", "channel",
                "reason", "queue_depth"),
        MAILBOX_EXHAUSTED(7, "pid", "reason", "descriptor", "requested"),
        MAILBOX_BACKPRESSURE(8, "pid", "descriptor", "policy", "capacity", "bytes_used", "requested"),
        MAILBOX_ERROR(9, "pid", "fn", "status");

        private final int code;
        private final List<String> fields;

        Type(int code, String... fields) {
            this.code = code;
            this.fields = List.of(fields);
        }

        public int code() {
            return code;
        }

        public List<String> fields() {
            return fields;
        }

        /** The bit of this type in an event mask: bit {@code code - 1} (contract section 4). */
        public int bit() {
            return 1 << (code - 1);
        }

        /** The name in vectors and JSON: {@code mailbox_send}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Type ofWireName(String s) {
            for (Type t : values()) {
                if (t.wireName().equals(s)) {
                    return t;
                }
            }
            return null;
        }

        public static Type ofCode(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown event type code " + code);
        }
    }

    /** The event mask with every type: the default of the profile's {@code event_mask}. */
    public static final int ALL_TYPES = (1 << Type.values().length) - 1;

    /** The mask of type names joined by '|' ({@code "mailbox_error|mailbox_overrun"}), or -1 if one is unknown. */
    public static int maskOf(String names) {
        int m = 0;
        for (String part : names.split("\\|", -1)) {
            Type t = Type.ofWireName(part.trim());
            if (t == null) {
                return -1;
            }
            m |= t.bit();
        }
        return m;
    }

    /** The wire names of the types, comma separated (messages). */
    public static String typeNames() {
        StringBuilder b = new StringBuilder();
        for (Type t : Type.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(t.wireName());
        }
        return b.toString();
    }

    /** Values of the {@code reason} field of mailbox_overrun and mailbox_exhausted, by C code (index). */
    public static final List<String> REASONS = wireNames(EventReason.values(), EventReason::wireName);
    /** Values of the {@code policy} field of mailbox_backpressure, by C code (index). */
    public static final List<String> POLICIES = wireNames(BackpressurePolicy.values(), BackpressurePolicy::wireName);
    /** Values of the {@code fn} field of mailbox_error, by C code (index): module 0x05 fns, then the executive's. */
    public static final List<String> FNS = wireNames(ServiceFn.values(), ServiceFn::wireName);

    private static <E extends Enum<E>> List<String> wireNames(E[] values, java.util.function.Function<E, String> name) {
        return java.util.Arrays.stream(values).map(name).toList();
    }

    /** The C code of a string value, for the constants header. */
    public static int code(List<String> table, String value) {
        int i = table.indexOf(value);
        if (i < 0) {
            throw new IllegalArgumentException("unknown value " + value);
        }
        return i;
    }
}

package org.hsxmbx.harness.vector;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import org.hsxmbx.model.EventSchema;
import org.hsxmbx.model.Mbx;

/**
 * Numbers in vectors: JSON integers or strings ({@code "27"}, {@code "0x1B"}); mode and flag
 * fields also take names joined by {@code |} ({@code "RDWR|FANOUT_DROP"}), each part a name
 * or a number.
 */
final class Numbers {
    static final long U16 = 0xFFFF;
    static final long U32 = 0xFFFF_FFFFL;

    private Numbers() {}

    /** Which name table a field uses. */
    enum Names {
        NONE(s -> -1),
        MODE(Mbx::modeBit),
        FLAG(Mbx::flagBit),
        /** Event type names ({@code mailbox_error}): their event_mask bits. */
        EVENT(n -> {
            EventSchema.Type t = EventSchema.Type.ofWireName(n);
            return t == null ? -1 : t.bit();
        });

        private final ToIntFunction<String> lookup;

        Names(ToIntFunction<String> lookup) {
            this.lookup = lookup;
        }

        int bit(String name) {
            return lookup.applyAsInt(name);
        }

        String known() {
            if (this == EVENT) {
                return EventSchema.typeNames();
            }
            Map<String, Integer> m = this == MODE ? Mbx.modeNames() : Mbx.flagNames();
            return String.join(", ", new TreeMap<>(m).keySet());
        }
    }

    /** A number in 0..max, naming {@code field} in the error. */
    static long parse(JsonNode v, String field, long max, Names names) {
        long value;
        if (v.isIntegralNumber()) {
            BigInteger b = v.bigIntegerValue();
            if (b.signum() < 0 || b.bitLength() > 62) {
                throw outOfRange(field, b.toString(), max);
            }
            value = b.longValue();
        } else if (v.isTextual()) {
            value = parseText(v.asText(), field, max, names);
        } else {
            throw new FieldException(field, "must be an integer or a string such as \"0x1B\""
                    + (names == Names.NONE ? "" : " or names joined by '|'") + ", got " + describe(v));
        }
        if (value > max) {
            throw outOfRange(field, Long.toString(value), max);
        }
        return value;
    }

    private static long parseText(String s, String field, long max, Names names) {
        if (names == Names.NONE || !s.contains("|") && !isNameLike(s)) {
            return parseLiteral(s.trim(), field, max);
        }
        long value = 0;
        for (String part : s.split("\\|", -1)) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw new FieldException(field, "empty name in \"" + s + "\"");
            }
            if (isNameLike(p)) {
                int bit = names.bit(p);
                if (bit < 0) {
                    throw new FieldException(field, "unknown name '" + p + "' (known: " + names.known() + ")");
                }
                value |= bit;
            } else {
                value |= parseLiteral(p, field, max);
            }
        }
        return value;
    }

    private static boolean isNameLike(String s) {
        return !s.isEmpty() && Character.isLetter(s.charAt(0)) && !s.startsWith("0x");
    }

    private static long parseLiteral(String s, String field, long max) {
        boolean hex = s.startsWith("0x") || s.startsWith("0X");
        String digits = hex ? s.substring(2) : s;
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(c -> hex
                ? Character.digit(c, 16) >= 0 : c >= '0' && c <= '9')) {
            throw new FieldException(field, "\"" + s + "\" is not a number (write 27 or \"0x1B\")");
        }
        long value = Long.parseLong(digits, hex ? 16 : 10);
        if (value > max) {
            throw outOfRange(field, s, max);
        }
        return value;
    }

    private static FieldException outOfRange(String field, String got, long max) {
        return new FieldException(field, "must be 0.." + max + ", got " + got);
    }

    static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "string \"" + v.asText() + "\"";
        }
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "an array";
        }
        return v.toString();
    }
}

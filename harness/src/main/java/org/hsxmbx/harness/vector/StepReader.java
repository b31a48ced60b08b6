package org.hsxmbx.harness.vector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.hsxmbx.model.Bytes;

/** Parses one step object: op, arguments with their ranges and defaults, payload and expect. */
final class StepReader {
    private StepReader() {}

    static Step step(JsonNode s, int number) {
        if (!s.isObject()) {
            throw new FieldException("step", "must be an object, got " + Numbers.describe(s));
        }
        JsonNode opNode = s.get("op");
        if (opNode == null) {
            throw new FieldException("op", "missing (one of " + Op.wireNames() + ")");
        }
        Op op = opNode.isTextual() ? Op.ofWireName(opNode.asText()) : null;
        if (op == null) {
            throw new FieldException("op", "unknown op " + Numbers.describe(opNode) + " (known: " + Op.wireNames() + ")");
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!Op.STEP_KEYS.contains(k) && !op.args().contains(k)) {
                List<String> known = new ArrayList<>(op.args());
                known.add("expect");
                known.add("comment");
                throw new FieldException(k, "unknown key for op " + op.wireName() + " (known: "
                        + String.join(", ", known) + ")");
            }
        }
        for (String k : op.required()) {
            if (!s.has(k)) {
                throw new FieldException(k, "missing (required by op " + op.wireName() + ")");
            }
        }
        if (s.has("comment") && !s.get("comment").isTextual()) {
            throw new FieldException("comment", "must be a string");
        }
        if (s.has("text") && s.has("hex")) {
            throw new FieldException("hex", "give either 'text' or 'hex', not both");
        }
        if (op == Op.LOAD && !s.has("text") && !s.has("hex")) {
            throw new FieldException("text", "missing (load needs the section as 'text' (JSON) or 'hex')");
        }
        if (op == Op.SEND && !s.has("text") && !s.has("hex")) {
            throw new FieldException("text", "missing (send needs 'text' or 'hex'; \"\" for a zero-length send)");
        }
        Bytes payload = payload(s, "text", "hex");
        if (payload.length() > Numbers.U16 && op != Op.LOAD) {
            throw new FieldException(s.has("text") ? "text" : "hex", "payload longer than 65535 bytes");
        }
        String target = null;
        if (s.has("target")) {
            JsonNode t = s.get("target");
            if (!t.isTextual()) {
                throw new FieldException("target", "must be a string, got " + Numbers.describe(t));
            }
            target = t.asText();
        }
        boolean enable = false;
        if (s.has("enable")) {
            JsonNode e = s.get("enable");
            if (!e.isBoolean()) {
                throw new FieldException("enable", "must be true or false, got " + Numbers.describe(e));
            }
            enable = e.asBoolean();
        }
        // open flags are access bits and TAP (mode names); send flags are message flags
        Numbers.Names flagNames = op == Op.OPEN ? Numbers.Names.MODE : Numbers.Names.FLAG;
        Expect expect = s.has("expect") ? ExpectReader.expect(s.get("expect"), op) : Expect.NONE;
        return new Step(number, op,
                u16(s, "pid", Numbers.Names.NONE, 0),
                target,
                u16(s, "capacity", Numbers.Names.NONE, 0),
                u16(s, "mode", Numbers.Names.MODE, 0),
                u16(s, "flags", flagNames, 0),
                u16(s, "handle", Numbers.Names.NONE, 0),
                u16(s, "channel", Numbers.Names.NONE, 0),
                u16(s, "timeout", Numbers.Names.NONE, 0),
                u16(s, "max_len", Numbers.Names.NONE, Step.DEFAULT_MAX_LEN),
                enable,
                s.has("now_ms") ? Numbers.parse(s.get("now_ms"), "now_ms", Numbers.U32, Numbers.Names.NONE) : 0,
                payload,
                expect,
                s.has("mask") ? Numbers.parse(s.get("mask"), "mask", Numbers.U32, Numbers.Names.EVENT) : 0,
                s.has("fn") ? (int) Numbers.parse(s.get("fn"), "fn", 0xFF, Numbers.Names.NONE) : 0,
                op == Op.SVC ? registers(s) : List.of(),
                s.has("entry_count") ? Numbers.parse(s.get("entry_count"), "entry_count", Numbers.U32,
                        Numbers.Names.NONE) : 0);
    }

    /** R1..R5 of an svc step, 0 when not given. */
    private static List<Long> registers(JsonNode s) {
        List<Long> regs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String k = "r" + i;
            regs.add(s.has(k) ? Numbers.parse(s.get(k), k, Numbers.U32, Numbers.Names.NONE) : 0L);
        }
        return regs;
    }

    private static int u16(JsonNode s, String key, Numbers.Names names, int dflt) {
        return s.has(key) ? (int) Numbers.parse(s.get(key), key, Numbers.U16, names) : dflt;
    }

    /** A payload from {@code text} (UTF-8) or {@code hex}; empty when neither is present. */
    static Bytes payload(JsonNode s, String textKey, String hexKey) {
        return payload(s, textKey, hexKey, "");
    }

    static Bytes payload(JsonNode s, String textKey, String hexKey, String prefix) {
        if (s.has(textKey)) {
            JsonNode t = s.get(textKey);
            if (!t.isTextual()) {
                throw new FieldException(prefix + textKey, "must be a string, got " + Numbers.describe(t));
            }
            return Bytes.utf8(t.asText());
        }
        if (s.has(hexKey)) {
            JsonNode h = s.get(hexKey);
            if (!h.isTextual()) {
                throw new FieldException(prefix + hexKey, "must be a string of hex digits, got " + Numbers.describe(h));
            }
            try {
                return Bytes.hex(h.asText());
            } catch (IllegalArgumentException e) {
                throw new FieldException(prefix + hexKey, "not an even number of hex digits: \"" + h.asText() + "\"");
            }
        }
        return Bytes.EMPTY;
    }
}

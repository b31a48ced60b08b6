package org.hsxmbx.harness.vector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.hsxmbx.model.EventSchema;
import org.hsxmbx.model.Stats;
import org.hsxmbx.model.Status;

/**
 * Parses a step's {@code expect} object into {@link Expect.Check}s on the paths of
 * {@link ResultView}. Only keys that the op produces are accepted, so a typo cannot
 * silently check nothing.
 */
final class ExpectReader {
    private static final List<String> COMPLETION_KEYS = List.of("pid", "handle", "kind", "status", "length",
            "flags", "channel", "src_pid", "text", "hex");
    private static final List<String> DESCRIPTOR_KEYS = List.of("namespace", "name", "owner", "capacity", "mode",
            "bytes_used", "peak_bytes_used", "depth", "head_seq", "next_seq", "waiters", "taps");
    private static final List<String> TAP_KEYS = List.of("pid", "handle", "backlog", "bytes");
    private static final List<String> TASK_KEYS = List.of("state", "mailbox_step", "mailbox_wake", "mailbox_timeout");
    private static final List<String> NAMESPACES = List.of("PID", "SVC", "APP", "SHARED");

    private final List<Expect.Check> checks = new ArrayList<>();

    private ExpectReader() {}

    static Expect expect(JsonNode e, Op op) {
        if (!e.isObject()) {
            throw new FieldException("expect", "must be an object, got " + Numbers.describe(e));
        }
        ExpectReader r = new ExpectReader();
        if (op == Op.STATS) {
            r.stats(e);
        } else {
            r.reply(e, op);
        }
        return new Expect(r.checks);
    }

    private void add(String path, Object value) {
        checks.add(new Expect.Check(path, value));
    }

    private void reply(JsonNode e, Op op) {
        List<String> known = new ArrayList<>(Op.COMMON_EXPECT);
        known.addAll(op.results());
        keys(e, "expect.", known, "op " + op.wireName());
        if (e.has("text") && e.has("hex")) {
            throw new FieldException("expect.hex", "give either 'text' or 'hex', not both");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String k = f.getKey();
            JsonNode v = f.getValue();
            String field = "expect." + k;
            switch (k) {
                case "status" -> add("status", status(v, field, true));
                case "text", "hex" -> add("payload", StepReader.payload(e, "text", "hex", "expect."));
                case "flags" -> add(k, Numbers.parse(v, field, Numbers.U16, Numbers.Names.FLAG));
                case "mode" -> add(k, Numbers.parse(v, field, Numbers.U16, Numbers.Names.MODE));
                case "head_seq", "next_seq" -> add(k, Numbers.parse(v, field, Numbers.U32, Numbers.Names.NONE));
                case "completions" -> completions(v, field);
                case "events" -> events(v, field);
                case "r1", "r2", "r3", "r4", "r5" -> add(k, Numbers.parse(v, field, Numbers.U32, Numbers.Names.NONE));
                // the section as a whole is entry -1
                case "entry" -> add(k, v.isIntegralNumber() && v.asLong() == -1 ? -1L
                        : Numbers.parse(v, field, Numbers.U16, Numbers.Names.NONE));
                case "field" -> {
                    if (!v.isTextual() && !v.isNull()) {
                        throw new FieldException(field, "must be a field name or null, got " + Numbers.describe(v));
                    }
                    add(k, v.isNull() ? Expect.ABSENT : v.asText());
                }
                default -> add(k, Numbers.parse(v, field, Numbers.U16, Numbers.Names.NONE));
            }
        }
    }

    private void completions(JsonNode v, String field) {
        array(v, field);
        add("completions.length", (long) v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode c = v.get(i);
            String f = field + "[" + i + "]";
            String p = "completions[" + i + "].";
            object(c, f);
            keys(c, f + ".", COMPLETION_KEYS, "a completion");
            if (c.has("text") && c.has("hex")) {
                throw new FieldException(f + ".hex", "give either 'text' or 'hex', not both");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                String ff = f + "." + k;
                switch (k) {
                    case "status" -> add(p + k, status(e.getValue(), ff, false));
                    case "kind" -> add(p + k, oneOf(e.getValue(), ff, List.of("send", "recv")));
                    case "text", "hex" -> add(p + "payload", StepReader.payload(c, "text", "hex", f + "."));
                    case "flags" -> add(p + k, Numbers.parse(e.getValue(), ff, Numbers.U16, Numbers.Names.FLAG));
                    default -> add(p + k, Numbers.parse(e.getValue(), ff, Numbers.U16, Numbers.Names.NONE));
                }
            }
        }
    }

    private void events(JsonNode v, String field) {
        array(v, field);
        add("events.length", (long) v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode ev = v.get(i);
            String f = field + "[" + i + "]";
            String p = "events[" + i + "].";
            object(ev, f);
            JsonNode t = ev.get("type");
            if (t == null) {
                throw new FieldException(f + ".type", "missing (every expected event names its type)");
            }
            EventSchema.Type type = t.isTextual() ? EventSchema.Type.ofWireName(t.asText()) : null;
            if (type == null) {
                List<String> names = new ArrayList<>();
                for (EventSchema.Type x : EventSchema.Type.values()) {
                    names.add(x.wireName());
                }
                throw new FieldException(f + ".type", "unknown event type " + Numbers.describe(t) + " (known: "
                        + String.join(", ", names) + ")");
            }
            List<String> known = new ArrayList<>(List.of("type", "seq", "time_ms"));
            known.addAll(type.fields());
            keys(ev, f + ".", known, "event " + type.wireName());
            for (Iterator<Map.Entry<String, JsonNode>> it = ev.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                String ff = f + "." + k;
                JsonNode x = e.getValue();
                switch (k) {
                    case "type" -> add(p + k, type.wireName());
                    case "reason" -> add(p + k, oneOf(x, ff, EventSchema.REASONS));
                    case "policy" -> add(p + k, oneOf(x, ff, EventSchema.POLICIES));
                    case "fn" -> add(p + k, oneOf(x, ff, EventSchema.FNS));
                    case "status" -> add(p + k, eventStatus(x, ff));
                    case "flags", "dropped_flags" -> add(p + k, Numbers.parse(x, ff, Numbers.U16, Numbers.Names.FLAG));
                    default -> add(p + k, Numbers.parse(x, ff, Numbers.U32, Numbers.Names.NONE));
                }
            }
        }
    }

    private void stats(JsonNode e) {
        List<String> known = new ArrayList<>(Stats.KEYS);
        known.add("descriptors");
        known.add("tasks");
        known.add("status");
        keys(e, "expect.", known, "op stats");
        for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String k = f.getKey();
            JsonNode v = f.getValue();
            String field = "expect." + k;
            switch (k) {
                case "handles_per_pid" -> {
                    object(v, field);
                    for (Iterator<Map.Entry<String, JsonNode>> p = v.fields(); p.hasNext(); ) {
                        Map.Entry<String, JsonNode> pe = p.next();
                        long pid = id(pe.getKey(), field, "pid");
                        String ff = field + "." + pe.getKey();
                        add(k + "." + pid, pe.getValue().isNull() ? Expect.ABSENT
                                : Numbers.parse(pe.getValue(), ff, Numbers.U16, Numbers.Names.NONE));
                    }
                }
                case "descriptors" -> descriptors(v, field);
                case "tasks" -> tasks(v, field);
                case "status" -> add(k, status(v, field, false));
                default -> add(k, Numbers.parse(v, field, Numbers.U32, Numbers.Names.NONE));
            }
        }
    }

    private void descriptors(JsonNode v, String field) {
        object(v, field);
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> d = it.next();
            long id = id(d.getKey(), field, "descriptor id");
            String f = field + "." + d.getKey();
            String p = "descriptors." + id + ".";
            if (d.getValue().isNull()) {
                add(p + "id", Expect.ABSENT);
                continue;
            }
            object(d.getValue(), f);
            keys(d.getValue(), f + ".", DESCRIPTOR_KEYS, "a descriptor snapshot");
            add(p + "id", id);
            for (Iterator<Map.Entry<String, JsonNode>> fi = d.getValue().fields(); fi.hasNext(); ) {
                Map.Entry<String, JsonNode> e = fi.next();
                String k = e.getKey();
                String ff = f + "." + k;
                JsonNode x = e.getValue();
                switch (k) {
                    case "name" -> {
                        if (!x.isTextual()) {
                            throw new FieldException(ff, "must be a string, got " + Numbers.describe(x));
                        }
                        add(p + k, x.asText());
                    }
                    case "namespace" -> add(p + k, x.isTextual() && NAMESPACES.contains(x.asText())
                            ? (long) NAMESPACES.indexOf(x.asText()) : Numbers.parse(x, ff, 3, Numbers.Names.NONE));
                    // ownerless descriptors report owner -1; vectors write null
                    case "owner" -> add(p + k, x.isNull() ? -1L : Numbers.parse(x, ff, Numbers.U16, Numbers.Names.NONE));
                    case "mode" -> add(p + k, Numbers.parse(x, ff, Numbers.U16, Numbers.Names.MODE));
                    case "head_seq", "next_seq" -> add(p + k, Numbers.parse(x, ff, Numbers.U32, Numbers.Names.NONE));
                    case "taps" -> taps(x, ff, p + "taps");
                    default -> add(p + k, Numbers.parse(x, ff, Numbers.U32, Numbers.Names.NONE));
                }
            }
        }
    }

    private void taps(JsonNode v, String field, String path) {
        array(v, field);
        add(path + ".length", (long) v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode t = v.get(i);
            String f = field + "[" + i + "]";
            object(t, f);
            keys(t, f + ".", TAP_KEYS, "a tap snapshot");
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                add(path + "[" + i + "]." + e.getKey(),
                        Numbers.parse(e.getValue(), f + "." + e.getKey(), Numbers.U32, Numbers.Names.NONE));
            }
        }
    }

    private void tasks(JsonNode v, String field) {
        object(v, field);
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            long pid = id(t.getKey(), field, "pid");
            String f = field + "." + t.getKey();
            String p = "tasks." + pid + ".";
            if (t.getValue().isNull()) {
                add(p + "pid", Expect.ABSENT);
                continue;
            }
            object(t.getValue(), f);
            keys(t.getValue(), f + ".", TASK_KEYS, "a task");
            add(p + "pid", pid);
            for (Iterator<Map.Entry<String, JsonNode>> fi = t.getValue().fields(); fi.hasNext(); ) {
                Map.Entry<String, JsonNode> e = fi.next();
                String ff = f + "." + e.getKey();
                if (e.getKey().equals("state")) {
                    add(p + "state", oneOf(e.getValue(), ff, List.of("READY", "WAIT_MBX")));
                } else {
                    add(p + e.getKey(), Numbers.parse(e.getValue(), ff, Numbers.U32, Numbers.Names.NONE));
                }
            }
        }
    }

    private static String status(JsonNode v, String field, boolean blockedAllowed) {
        if (v.isTextual()) {
            String s = v.asText();
            if (blockedAllowed && s.equals("BLOCKED")) {
                return s;
            }
            for (Status st : Status.values()) {
                if (st.name().equals(s)) {
                    return s;
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (Status st : Status.values()) {
            names.add(st.name());
        }
        if (blockedAllowed) {
            names.add("BLOCKED");
        }
        throw new FieldException(field, "unknown status " + Numbers.describe(v) + " (known: "
                + String.join(", ", names) + ")");
    }

    /** Event status fields carry the numeric code; vectors may write the name instead. */
    private static long eventStatus(JsonNode x, String field) {
        if (x.isTextual()) {
            for (Status st : Status.values()) {
                if (st.name().equals(x.asText())) {
                    return st.code();
                }
            }
        }
        return Numbers.parse(x, field, 0xFF, Numbers.Names.NONE);
    }

    private static String oneOf(JsonNode v, String field, List<String> allowed) {
        if (!v.isTextual() || !allowed.contains(v.asText())) {
            throw new FieldException(field, "must be one of " + String.join(", ", allowed) + ", got "
                    + Numbers.describe(v));
        }
        return v.asText();
    }

    private static long id(String key, String field, String what) {
        if (key.isEmpty() || key.length() > 5 || !key.chars().allMatch(c -> c >= '0' && c <= '9')
                || Long.parseLong(key) > Numbers.U16) {
            throw new FieldException(field + "." + key, "key must be a decimal " + what + " 0..65535");
        }
        return Long.parseLong(key);
    }

    private static void keys(JsonNode o, String prefix, List<String> known, String what) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new FieldException(prefix + k, "unknown key for " + what + " (known: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    private static void array(JsonNode v, String field) {
        if (!v.isArray()) {
            throw new FieldException(field, "must be an array, got " + Numbers.describe(v));
        }
    }

    private static void object(JsonNode v, String field) {
        if (!v.isObject()) {
            throw new FieldException(field, "must be an object, got " + Numbers.describe(v));
        }
    }
}

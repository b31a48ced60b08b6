package org.hsxmbx.harness.vector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.Completion;
import org.hsxmbx.model.Event;
import org.hsxmbx.model.Mbx;
import org.hsxmbx.model.Peek;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;

/**
 * A result flattened into ordered (path, value) pairs, so that expectations and the
 * differential comparison look at exactly the same things and report the same paths.
 * Values are Long, String, Boolean or {@link Bytes}. A list contributes its {@code .length}
 * before its elements, so a missing completion shows as a length difference first; stats
 * descriptors and tasks are keyed by id and pid so that partial checks do not depend on order.
 */
final class ResultView {
    private ResultView() {}

    static Map<String, Object> of(Reply r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.blocked() ? "BLOCKED" : name(r.status()));
        m.put("descriptor", (long) r.descriptor());
        m.put("handle", (long) r.handle());
        m.put("length", (long) r.length());
        m.put("flags", (long) r.flags());
        m.put("channel", (long) r.channel());
        m.put("src_pid", (long) r.srcPid());
        m.put("payload", r.payload() == null ? Bytes.EMPTY : r.payload());
        Peek p = r.peek();
        if (p != null) {
            m.put("depth", (long) p.depth());
            m.put("bytes_used", (long) p.bytesUsed());
            m.put("next_len", (long) p.nextLen());
            m.put("capacity", (long) p.capacity());
            m.put("head_seq", p.headSeq());
            m.put("next_seq", p.nextSeq());
            m.put("mode", (long) p.mode());
        }
        addCompletionsAndEvents(m, r);
        return m;
    }

    /** An svc step: status (R0, or BLOCKED), R1..R5, completions and events. */
    static Map<String, Object> of(SvcResult x) {
        Map<String, Object> m = new LinkedHashMap<>();
        Reply r = x.reply();
        m.put("status", r.blocked() ? "BLOCKED" : name(r.status()));
        for (int i = 1; i <= 5; i++) {
            m.put("r" + i, x.regs().get(i));
        }
        addCompletionsAndEvents(m, r);
        return m;
    }

    /** A load step: status, the rejected entry and field, completions and events. */
    static Map<String, Object> of(LoadResult x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", name(x.reply().status()));
        m.put("entry", (long) x.entry());
        if (x.field() != null) {
            m.put("field", x.field());
        }
        addCompletionsAndEvents(m, x.reply());
        return m;
    }

    private static void addCompletionsAndEvents(Map<String, Object> m, Reply r) {
        List<Completion> cs = r.completions();
        m.put("completions.length", (long) cs.size());
        for (int i = 0; i < cs.size(); i++) {
            Completion c = cs.get(i);
            String k = "completions[" + i + "].";
            m.put(k + "pid", (long) c.pid());
            m.put(k + "handle", (long) c.handle());
            m.put(k + "kind", c.kind() == null ? "null" : c.kind().name().toLowerCase(java.util.Locale.ROOT));
            m.put(k + "status", name(c.status()));
            m.put(k + "length", (long) c.length());
            m.put(k + "flags", (long) c.flags());
            m.put(k + "channel", (long) c.channel());
            m.put(k + "src_pid", (long) c.srcPid());
            m.put(k + "payload", c.payload() == null ? Bytes.EMPTY : c.payload());
        }
        List<Event> es = r.events();
        m.put("events.length", (long) es.size());
        for (int i = 0; i < es.size(); i++) {
            Event e = es.get(i);
            String k = "events[" + i + "].";
            m.put(k + "type", e.typeName());
            m.put(k + "seq", e.seq());
            m.put(k + "time_ms", e.timeMs());
            e.fields().forEach((f, v) -> m.put(k + f, normalise(v)));
        }
    }

    static Map<String, Object> of(Stats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", name(s.status()));
        s.counters().forEach((k, v) -> {
            if (v instanceof Map<?, ?> perPid) {
                // pid order, numerically, whatever order the backend produced
                Map<Long, Object> sorted = new TreeMap<>();
                perPid.forEach((pid, n) -> sorted.put(Long.parseLong(String.valueOf(pid)), normalise(n)));
                sorted.forEach((pid, n) -> m.put(k + "." + pid, n));
            } else {
                m.put(k, normalise(v));
            }
        });
        for (Stats.DescriptorSnapshot d : s.descriptors()) {
            String k = "descriptors." + d.id() + ".";
            m.put(k + "id", (long) d.id());
            m.put(k + "namespace", (long) d.namespace());
            m.put(k + "name", d.name());
            m.put(k + "owner", (long) d.owner());
            m.put(k + "capacity", (long) d.capacity());
            m.put(k + "mode", (long) d.mode());
            m.put(k + "bytes_used", (long) d.bytesUsed());
            m.put(k + "peak_bytes_used", (long) d.peakBytesUsed());
            m.put(k + "depth", (long) d.depth());
            m.put(k + "head_seq", d.headSeq());
            m.put(k + "next_seq", d.nextSeq());
            m.put(k + "waiters", (long) d.waiters());
            m.put(k + "taps.length", (long) d.taps().size());
            for (int i = 0; i < d.taps().size(); i++) {
                Stats.TapSnapshot t = d.taps().get(i);
                String tk = k + "taps[" + i + "].";
                m.put(tk + "pid", (long) t.pid());
                m.put(tk + "handle", (long) t.handle());
                m.put(tk + "backlog", (long) t.backlog());
                m.put(tk + "bytes", (long) t.bytes());
            }
        }
        for (Stats.TaskInfo t : s.tasks()) {
            String k = "tasks." + t.pid() + ".";
            m.put(k + "pid", (long) t.pid());
            m.put(k + "state", t.state());
            m.put(k + "mailbox_step", t.mailboxStep());
            m.put(k + "mailbox_wake", t.mailboxWake());
            m.put(k + "mailbox_timeout", t.mailboxTimeout());
        }
        return m;
    }

    private static String name(Enum<?> e) {
        return e == null ? "null" : e.name();
    }

    /** Backends may hand over Integer or Short; compare numbers as Long. */
    private static Object normalise(Object v) {
        if (v instanceof Number n && !(v instanceof Long)) {
            return n.longValue();
        }
        return v;
    }

    /** How a value is printed in messages; flags and modes also show their names. */
    static String display(String path, Object v) {
        if (v == null || v == Expect.ABSENT) {
            return "absent";
        }
        if (v instanceof Long n) {
            String last = path.substring(path.lastIndexOf('.') + 1);
            if (last.equals("flags") || last.equals("dropped_flags")) {
                return n + names(n, Mbx.flagNames());
            }
            if (last.equals("mode")) {
                return n + names(n, Mbx.modeNames());
            }
            return n.toString();
        }
        if (v instanceof Bytes b) {
            return b.toString();
        }
        return v.toString();
    }

    private static String names(long n, Map<String, Integer> table) {
        if (n == 0) {
            return "";
        }
        StringJoiner j = new StringJoiner("|", " (", ")");
        long rest = n;
        // single bits only, lowest first, so RDWR shows as RDONLY|WRONLY and nothing is hidden
        for (Map.Entry<String, Integer> e : new TreeMap<>(table).entrySet()) {
            int bit = e.getValue();
            if (Integer.bitCount(bit) == 1 && (n & bit) != 0) {
                rest &= ~bit;
            }
        }
        for (int b = 0; b < 16; b++) {
            long bit = 1L << b;
            if ((n & bit) != 0 && (rest & bit) == 0) {
                for (Map.Entry<String, Integer> e : table.entrySet()) {
                    if (e.getValue() == bit) {
                        j.add(e.getKey());
                    }
                }
            }
        }
        if (rest != 0) {
            j.add(String.format("0x%X", rest));
        }
        return j.toString();
    }
}

package org.hsxmbx.harness.script;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.graalvm.polyglot.HostAccess;
import org.hsxmbx.harness.vector.Backend;
import org.hsxmbx.harness.vector.Backends;
import org.hsxmbx.harness.vector.Op;
import org.hsxmbx.harness.vector.ReplyDiff;
import org.hsxmbx.harness.vector.Step;
import org.hsxmbx.harness.vector.Vector;
import org.hsxmbx.harness.vector.VectorException;
import org.hsxmbx.harness.vector.VectorPlayer;
import org.hsxmbx.harness.vector.VectorReader;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.Completion;
import org.hsxmbx.model.Event;
import org.hsxmbx.model.Mbx;
import org.hsxmbx.model.Peek;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.ProfileException;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;
import org.hsxmbx.model.Status;

/**
 * The host object behind the script's {@code mbx} global (see {@link Prelude}). Every call
 * becomes one vector step, parsed by {@link VectorReader} (so arguments follow vectors.md),
 * runs on every backend in lock step and is compared with {@link ReplyDiff}; the reference
 * (first) backend's result goes back to JavaScript as JSON. Calls since the last
 * {@code mbx.profile()} are recorded so that {@code mbx.emitVector} can write them as a vector
 * whose {@code expect}s hold the reference's results.
 */
public final class ScriptHost {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMESPACES = List.of("PID", "SVC", "APP", "SHARED");

    private final List<Backend> backends;
    private final String scriptName;
    private final Path scriptDir;
    private final Path outVector;

    private JsonNode profileNode = TextNode.valueOf("desktop");
    private final List<Recorded> recorded = new ArrayList<>();
    private final Map<Path, String> vectors = new LinkedHashMap<>();
    private String note;
    private long now;
    private long calls;
    private String firstFailure;

    /** One recorded call: the step as the script gave it, and the reference's result (Reply or Stats). */
    private record Recorded(ObjectNode step, Op op, Object result) {}

    /**
     * @param scriptName the script as the user named it (messages, vector file names)
     * @param outVector  where the emitted vector goes instead of the script's own path, or null
     */
    ScriptHost(List<Backend> backends, String scriptName, Path scriptDir, Path outVector) {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("at least one backend is needed");
        }
        this.backends = List.copyOf(backends);
        this.scriptName = scriptName;
        this.scriptDir = scriptDir;
        this.outVector = outVector;
    }

    /** Resets the backends with the desktop profile, as if the script had called {@code mbx.profile()}. */
    void start() {
        reset(Profile.DESKTOP, TextNode.valueOf("desktop"), "start");
    }

    long calls() {
        return calls;
    }

    /** The first failure thrown into the script, even if the script caught it; null if none. */
    String firstFailure() {
        return firstFailure;
    }

    /** Vector files to write once the scenario has passed, with their text. */
    Map<Path, String> vectors() {
        return vectors;
    }

    /** With {@code --out-vector}, a script that emitted nothing has all its calls written there. */
    void emitDefaultIfAsked() {
        if (outVector != null && vectors.isEmpty() && !recorded.isEmpty()) {
            String stem = Path.of(scriptName).getFileName().toString().replaceFirst("\\.js$", "");
            vectors.put(outVector, vector(stem, null, false, "counters", false, outVector.toString()));
        }
    }

    // ---- the host API (called by the prelude only) ----

    @HostAccess.Export
    public void profile(String json) {
        JsonNode node = parse(json);
        Profile p;
        try {
            p = Profile.fromJson(node);
        } catch (ProfileException e) {
            throw usageError("mbx.profile: " + e.getMessage());
        }
        reset(p, node, "mbx.profile");
    }

    @HostAccess.Export
    public String call(String fn, String wireOp, String argsJson) {
        ObjectNode step = JSON.createObjectNode();
        step.put("op", wireOp);
        JsonNode args = parse(argsJson);
        if (args instanceof ObjectNode o) {
            step.setAll(o);
        }
        Step s = parseStep(fn, step);
        String where = "mbx." + fn + ": ";
        Backend ref = backends.get(0);
        Object result = run(ref, s, where);
        for (int i = 1; i < backends.size(); i++) {
            Backend other = backends.get(i);
            Object r = run(other, s, where);
            Optional<ReplyDiff.Difference> d = result instanceof Stats st
                    ? ReplyDiff.first(st, (Stats) r) : ReplyDiff.first((Reply) result, (Reply) r);
            if (d.isPresent()) {
                throw failure(where + d.get().describe(ref.name(), other.name()));
            }
        }
        calls++;
        if (s.op() == Op.TICK && result instanceof Reply r && r.status() == Status.OK) {
            now = s.nowMs();
        }
        if (note != null) {
            step.put("comment", note);
            note = null;
        }
        recorded.add(new Recorded(step, s.op(), result));
        return (result instanceof Stats st ? statsJson(st) : replyJson(s.op(), (Reply) result)).toString();
    }

    @HostAccess.Export
    public long now() {
        return now;
    }

    @HostAccess.Export
    public void note(String text) {
        note = note == null ? text : note + "; " + text;
    }

    @HostAccess.Export
    public void fail(String message) {
        throw failure(message);
    }

    @HostAccess.Export
    public void usage(String message) {
        throw usageError(message);
    }

    @HostAccess.Export
    public String constants() {
        return JSON.valueToTree(Mbx.all()).toString();
    }

    @HostAccess.Export
    public String backendNames() {
        ArrayNode a = JSON.createArrayNode();
        backends.forEach(b -> a.add(b.name()));
        return a.toString();
    }

    @HostAccess.Export
    public void emitVector(String file, String optsJson) {
        JsonNode o = parse(optsJson);
        String name = text(o, "name", null);
        String description = text(o, "description", null);
        boolean events = false;
        if (o.has("events")) {
            if (!o.get("events").isBoolean()) {
                throw usageError("mbx.emitVector: option 'events' must be true or false");
            }
            events = o.get("events").asBoolean();
        }
        boolean quiet = false;
        if (o.has("quiet")) {
            if (!o.get("quiet").isBoolean()) {
                throw usageError("mbx.emitVector: option 'quiet' must be true or false");
            }
            quiet = o.get("quiet").asBoolean();
        }
        String stats = text(o, "stats", "counters");
        if (!stats.equals("counters") && !stats.equals("full")) {
            throw usageError("mbx.emitVector: option 'stats' must be \"counters\" or \"full\", got \"" + stats + "\"");
        }
        if (recorded.isEmpty()) {
            throw usageError("mbx.emitVector: no calls recorded since the last mbx.profile()");
        }
        Path target;
        if (outVector != null) {
            if (!vectors.isEmpty()) {
                throw usageError("mbx.emitVector: --out-vector takes one vector, and this script emits more than one");
            }
            target = outVector;
        } else {
            if (!file.endsWith(".json")) {
                throw usageError("mbx.emitVector: the file name must end in .json, got \"" + file + "\"");
            }
            Path base = scriptDir == null ? Path.of("") : scriptDir;
            target = base.resolve(file).normalize();
            if (vectors.containsKey(target)) {
                throw usageError("mbx.emitVector: " + target + " is emitted twice");
            }
        }
        if (name == null) {
            name = Path.of(file).getFileName().toString().replaceFirst("\\.json$", "");
        }
        vectors.put(target, vector(name, description, events, stats, quiet, target.toString()));
    }

    // ---- running steps ----

    private void reset(Profile p, JsonNode node, String fn) {
        for (Backend b : backends) {
            try {
                b.reset(p);
            } catch (RuntimeException e) {
                throw failure(fn + ": backend " + b.name() + " threw " + describe(e));
            }
        }
        profileNode = node;
        recorded.clear();
        note = null;
        now = 0;
    }

    private Step parseStep(String fn, ObjectNode step) {
        ObjectNode v = JSON.createObjectNode();
        v.putArray("steps").add(step);
        try {
            return VectorReader.parse(v.toString(), scriptName, "script").steps().get(0);
        } catch (VectorException e) {
            String msg = e.getMessage();
            String prefix = scriptName + ": step 1: ";
            throw usageError("mbx." + fn + ": " + (msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg));
        }
    }

    private Object run(Backend b, Step s, String where) {
        try {
            return s.op() == Op.STATS ? b.stats() : b.apply(s);
        } catch (RuntimeException e) {
            throw failure(where + "backend " + b.name() + " threw " + describe(e));
        }
    }

    private ScenarioFailure failure(String message) {
        if (firstFailure == null) {
            firstFailure = message;
        }
        return new ScenarioFailure(message);
    }

    private static ScriptError usageError(String message) {
        return new ScriptError(message);
    }

    private static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the prelude passed invalid JSON: " + json, e);
        }
    }

    private static String text(JsonNode o, String key, String dflt) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw usageError("mbx.emitVector: option '" + key + "' must be a string");
        }
        return v.asText();
    }

    // ---- results for JavaScript ----

    private static ObjectNode replyJson(Op op, Reply r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("status", r.blocked() ? "BLOCKED" : r.status().name());
        n.put("blocked", r.blocked());
        switch (op) {
            case BIND -> n.put("descriptor", r.descriptor());
            case OPEN -> n.put("handle", r.handle());
            case SEND -> n.put("length", r.length());
            case RECV -> {
                n.put("length", r.length()).put("flags", r.flags()).put("channel", r.channel())
                        .put("src_pid", r.srcPid());
                payload(n, r.payload());
            }
            case PEEK -> {
                Peek p = r.peek();
                if (p != null) {
                    n.put("depth", p.depth()).put("bytes_used", p.bytesUsed()).put("next_len", p.nextLen())
                            .put("capacity", p.capacity()).put("head_seq", p.headSeq()).put("next_seq", p.nextSeq())
                            .put("mode", p.mode());
                }
            }
            default -> { }
        }
        ArrayNode cs = n.putArray("completions");
        for (Completion c : r.completions()) {
            ObjectNode cn = cs.addObject();
            cn.put("pid", c.pid()).put("handle", c.handle())
                    .put("kind", c.kind() == null ? null : c.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .put("status", c.status().name()).put("length", c.length()).put("flags", c.flags())
                    .put("channel", c.channel()).put("src_pid", c.srcPid());
            payload(cn, c.payload());
        }
        ArrayNode es = n.putArray("events");
        for (Event e : r.events()) {
            es.add(eventJson(e));
        }
        return n;
    }

    private static ObjectNode eventJson(Event e) {
        ObjectNode en = JSON.createObjectNode();
        en.put("type", e.typeName()).put("seq", e.seq()).put("time_ms", e.timeMs());
        e.fields().forEach((k, v) -> {
            if (v instanceof Number num) {
                en.put(k, num.longValue());
            } else {
                en.put(k, String.valueOf(v));
            }
        });
        return en;
    }

    private static void payload(ObjectNode n, Bytes b) {
        Bytes p = b == null ? Bytes.EMPTY : b;
        n.put("text", p.textOrNull());
        n.put("hex", p.hex());
    }

    private static ObjectNode statsJson(Stats s) {
        ObjectNode n = JSON.createObjectNode();
        counters(n, s);
        ObjectNode ds = n.putObject("descriptors");
        for (Stats.DescriptorSnapshot d : s.descriptors()) {
            ObjectNode dn = ds.putObject(Integer.toString(d.id()));
            dn.put("id", d.id());
            descriptor(dn, d, false);
        }
        ObjectNode ts = n.putObject("tasks");
        for (Stats.TaskInfo t : s.tasks()) {
            ObjectNode tn = ts.putObject(Integer.toString(t.pid()));
            tn.put("pid", t.pid());
            task(tn, t);
        }
        return n;
    }

    private static void counters(ObjectNode n, Stats s) {
        s.counters().forEach((k, v) -> {
            if (v instanceof Map<?, ?> perPid) {
                ObjectNode pn = n.putObject(k);
                new java.util.TreeMap<Long, Object>(perPid.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        e -> Long.parseLong(String.valueOf(e.getKey())), Map.Entry::getValue)))
                        .forEach((pid, c) -> pn.put(Long.toString(pid), ((Number) c).longValue()));
            } else {
                n.put(k, ((Number) v).longValue());
            }
        });
    }

    private static void descriptor(ObjectNode dn, Stats.DescriptorSnapshot d, boolean forVector) {
        dn.put("namespace", d.namespace() >= 0 && d.namespace() < NAMESPACES.size()
                ? NAMESPACES.get(d.namespace()) : Integer.toString(d.namespace()));
        dn.put("name", d.name());
        if (d.owner() < 0) {
            dn.putNull("owner");
        } else {
            dn.put("owner", d.owner());
        }
        dn.put("capacity", d.capacity());
        if (forVector) {
            dn.put("mode", modeNames(d.mode()));
        } else {
            dn.put("mode", d.mode());
        }
        dn.put("bytes_used", d.bytesUsed()).put("peak_bytes_used", d.peakBytesUsed()).put("depth", d.depth())
                .put("head_seq", d.headSeq()).put("next_seq", d.nextSeq()).put("waiters", d.waiters());
        ArrayNode taps = dn.putArray("taps");
        for (Stats.TapSnapshot t : d.taps()) {
            taps.addObject().put("pid", t.pid()).put("handle", t.handle()).put("backlog", t.backlog())
                    .put("bytes", t.bytes());
        }
    }

    private static void task(ObjectNode tn, Stats.TaskInfo t) {
        tn.put("state", t.state()).put("mailbox_step", t.mailboxStep()).put("mailbox_wake", t.mailboxWake())
                .put("mailbox_timeout", t.mailboxTimeout());
    }

    // ---- emitted vectors ----

    /**
     * The recorded calls as a vector. {@code quiet}: a step without a note whose result is a plain
     * OK (not blocked, no completions) is written without {@code expect}, so that a long generated
     * loop stays small; verify still compares every step between backends.
     */
    private String vector(String name, String description, boolean events, String stats, boolean quiet,
                          String file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        if (description != null) {
            root.put("description", description);
        }
        root.set("profile", profileNode);
        ArrayNode steps = root.putArray("steps");
        for (Recorded r : recorded) {
            ObjectNode step = r.step().deepCopy();
            if (quiet && !step.has("comment") && r.result() instanceof Reply q && q.status() == Status.OK
                    && !q.blocked() && q.completions().isEmpty()) {
                steps.add(step);
                continue;
            }
            step.set("expect", r.result() instanceof Stats s ? statsExpect(s, stats.equals("full"))
                    : replyExpect(r.op(), (Reply) r.result(), events));
            steps.add(step);
        }
        String text = VectorText.write(root);
        // The vector must read back and pass on the model, or it is of no use to verify.
        Vector v;
        try {
            v = VectorReader.parse(text, file, name);
        } catch (VectorException e) {
            throw new IllegalStateException("emitted vector does not read back: " + e.getMessage(), e);
        }
        try (Backend java = Backends.create("java")) {
            VectorPlayer.Outcome o = new VectorPlayer(List.of(java)).play(v);
            if (!o.passed()) {
                throw failure("mbx.emitVector: " + file + " does not pass on the java model: " + o.failures().get(0));
            }
        }
        return text;
    }

    private static ObjectNode replyExpect(Op op, Reply r, boolean events) {
        ObjectNode e = JSON.createObjectNode();
        e.put("status", r.blocked() ? "BLOCKED" : r.status().name());
        if (!r.blocked() && r.status() == Status.OK) {
            switch (op) {
                case BIND -> e.put("descriptor", r.descriptor());
                case OPEN -> e.put("handle", r.handle());
                case SEND -> e.put("length", r.length());
                case RECV -> {
                    e.put("length", r.length());
                    putFlags(e, "flags", r.flags());
                    e.put("channel", r.channel()).put("src_pid", r.srcPid());
                    expectPayload(e, r.payload());
                }
                case PEEK -> {
                    Peek p = r.peek();
                    if (p != null) {
                        e.put("depth", p.depth()).put("bytes_used", p.bytesUsed()).put("next_len", p.nextLen())
                                .put("capacity", p.capacity()).put("head_seq", p.headSeq())
                                .put("next_seq", p.nextSeq()).put("mode", modeNames(p.mode()));
                    }
                }
                default -> { }
            }
        }
        if (!r.completions().isEmpty()) {
            ArrayNode cs = e.putArray("completions");
            for (Completion c : r.completions()) {
                ObjectNode cn = cs.addObject();
                cn.put("pid", c.pid()).put("handle", c.handle());
                if (c.kind() != null) {
                    cn.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
                }
                cn.put("status", c.status().name()).put("length", c.length());
                putFlags(cn, "flags", c.flags());
                cn.put("channel", c.channel()).put("src_pid", c.srcPid());
                Bytes p = c.payload() == null ? Bytes.EMPTY : c.payload();
                if (c.kind() == Completion.Kind.RECV || p.length() > 0) {
                    expectPayload(cn, p);
                }
            }
        }
        if (events) {
            ArrayNode es = e.putArray("events");
            for (Event ev : r.events()) {
                ObjectNode en = eventJson(ev);
                for (String f : List.of("flags", "dropped_flags")) {
                    if (en.has(f)) {
                        putFlags(en, f, en.get(f).asInt());
                    }
                }
                es.add(en);
            }
        }
        return e;
    }

    private static ObjectNode statsExpect(Stats s, boolean full) {
        ObjectNode e = JSON.createObjectNode();
        counters(e, s);
        if (full) {
            ObjectNode ds = e.putObject("descriptors");
            for (Stats.DescriptorSnapshot d : s.descriptors()) {
                descriptor(ds.putObject(Integer.toString(d.id())), d, true);
            }
            ObjectNode ts = e.putObject("tasks");
            for (Stats.TaskInfo t : s.tasks()) {
                task(ts.putObject(Integer.toString(t.pid())), t);
            }
        }
        return e;
    }

    private static void expectPayload(ObjectNode n, Bytes p) {
        String t = p.textOrNull();
        if (t != null) {
            n.put("text", t);
        } else {
            n.put("hex", p.hex());
        }
    }

    /** Message flags as names ({@code "OVERRUN|TRUNCATED"}) when every bit has one, else the number. */
    private static void putFlags(ObjectNode n, String key, int flags) {
        String names = names(flags, List.of("STDOUT", "STDERR", "OOB", "OVERRUN", "TRUNCATED"), true);
        if (names == null) {
            n.put(key, flags);
        } else {
            n.put(key, names);
        }
    }

    /** A mode as names ({@code "RDWR|FANOUT|FANOUT_DROP"}), or the number when a bit has no name. */
    private static JsonNode modeNames(int mode) {
        int rest = mode;
        List<String> parts = new ArrayList<>();
        if ((rest & Mbx.MODE_RDWR) == Mbx.MODE_RDWR) {
            parts.add("RDWR");
            rest &= ~Mbx.MODE_RDWR;
        }
        String more = names(rest, List.of("RDONLY", "WRONLY", "TAP", "FANOUT", "FANOUT_DROP", "FANOUT_BLOCK"), false);
        if (more == null) {
            return JSON.getNodeFactory().numberNode(mode);
        }
        if (!more.isEmpty()) {
            parts.add(more);
        }
        return parts.isEmpty() ? JSON.getNodeFactory().numberNode(0) : TextNode.valueOf(String.join("|", parts));
    }

    /** Names of the set bits, joined by '|'; null if a bit has no name; "" for 0 (flags: null for 0). */
    private static String names(int value, List<String> order, boolean flags) {
        if (value == 0) {
            return flags ? null : "";
        }
        int rest = value;
        List<String> parts = new ArrayList<>();
        for (String n : order) {
            int bit = flags ? Mbx.flagBit(n) : Mbx.modeBit(n);
            if ((rest & bit) == bit) {
                parts.add(n);
                rest &= ~bit;
            }
        }
        return rest != 0 ? null : String.join("|", parts);
    }

}

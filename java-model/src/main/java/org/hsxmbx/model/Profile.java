package org.hsxmbx.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A profile fixes every size of the service (contract section 8). The C runtime's static
 * storage is computed from these fields by the code generator.
 *
 * @param maxDescriptors   descriptor ids 1..maxDescriptors
 * @param maxTasks         live tasks, pid 0 not counted
 * @param handleLimitPerPid handles one pid may hold (pid 0 included)
 * @param defaultCapacity  capacity of a bind with capacity 0
 * @param arenaBytes       bytes for all queues and tap buffers
 * @param tapRateLimit     copies per tap per 1000 ms window, 0 = unlimited
 * @param eventRingSize    events kept before the oldest is dropped
 * @param taskMailboxes    task_start binds stdio and pid: mailboxes
 * @param namePoolBytes    bytes for descriptor names (PID descriptors store none)
 * @param maxTaps          tap handles at once
 * @param eventMask        event types emitted at start, bit {@code code - 1} per type
 *                         ({@link EventSchema.Type#bit()}); default all
 * @param firstSeq         the {@code next_seq} of every new descriptor, 0..2^32-1 (default 0): lets
 *                         tests cross the 2^32 wrap of sequence numbers
 */
public record Profile(
        String name,
        int maxDescriptors,
        int maxTasks,
        int handleLimitPerPid,
        int defaultCapacity,
        int arenaBytes,
        int tapRateLimit,
        int eventRingSize,
        boolean taskMailboxes,
        int namePoolBytes,
        int maxTaps,
        int eventMask,
        long firstSeq,
        Features features) {

    public static final Profile DESKTOP = new Profile("desktop", 256, 64, 64, 64, 262144, 0, 1024, true, 8192, 64,
            Features.ALL);
    public static final Profile EMBEDDED = new Profile("embedded", 16, 4, 8, 64, 4096, 20, 16, true, 128, 4,
            Features.ALL);
    /**
     * The embedded sizes with the minimal features ({@link Features#MINIMAL}): the profile of the
     * minimal-features host library (firmware-c/config/host-minimal) and of the minimal budget.
     */
    public static final Profile MINIMAL = EMBEDDED.withFeatures("minimal", Features.MINIMAL);

    public Profile {
        check(name != null && !name.isEmpty(), "name", "must be a non-empty string");
        check(maxDescriptors >= 1 && maxDescriptors <= 255 * 256, "max_descriptors", "must be 1..65280");
        check(maxTasks >= 0 && maxTasks <= 65535, "max_tasks", "must be 0..65535");
        check(handleLimitPerPid >= 1 && handleLimitPerPid <= 65535, "handle_limit_per_pid", "must be 1..65535");
        check(defaultCapacity >= Mbx.MIN_CAPACITY && defaultCapacity <= Mbx.MAX_CAPACITY, "default_capacity",
                "must be 8..65535");
        check(arenaBytes >= 0 && arenaBytes <= (1 << 24), "arena_bytes", "must be 0..16777216");
        check(tapRateLimit >= 0 && tapRateLimit <= 65535, "tap_rate_limit", "must be 0..65535");
        check(eventRingSize >= 1 && eventRingSize <= 65535, "event_ring_size", "must be 1..65535");
        check(namePoolBytes >= 0 && namePoolBytes <= 65535 * 32, "name_pool_bytes", "must be 0..2097120");
        check(maxTaps >= 0 && maxTaps <= 65535, "max_taps", "must be 0..65535");
        check(eventMask >= 0 && eventMask <= EventSchema.ALL_TYPES, "event_mask",
                "must be 0.." + EventSchema.ALL_TYPES + " (event type bits) or a string of event type names");
        check(firstSeq >= 0 && firstSeq <= 0xFFFFFFFFL, "first_seq", "must be 0..4294967295");
        check(features != null, "features", "must be given");
    }

    /** A profile with every type of event emitted and sequence numbers from 0 (the defaults). */
    public Profile(String name, int maxDescriptors, int maxTasks, int handleLimitPerPid, int defaultCapacity,
                   int arenaBytes, int tapRateLimit, int eventRingSize, boolean taskMailboxes, int namePoolBytes,
                   int maxTaps, Features features) {
        this(name, maxDescriptors, maxTasks, handleLimitPerPid, defaultCapacity, arenaBytes, tapRateLimit,
                eventRingSize, taskMailboxes, namePoolBytes, maxTaps, EventSchema.ALL_TYPES, 0L, features);
    }

    private static void check(boolean ok, String field, String rule) {
        if (!ok) {
            throw new ProfileException(field, rule);
        }
    }

    public static List<Profile> builtins() {
        return List.of(DESKTOP, EMBEDDED, MINIMAL);
    }

    /** The built-in profiles' names, comma-separated, for messages: {@code desktop, embedded, minimal}. */
    public static String builtinNames() {
        return String.join(", ", builtins().stream().map(Profile::name).toList());
    }

    /** A built-in profile by name, or null. */
    public static Profile builtin(String name) {
        for (Profile p : builtins()) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** Copy with other features (used for the minimal build). */
    public Profile withFeatures(String newName, Features f) {
        return new Profile(newName, maxDescriptors, maxTasks, handleLimitPerPid, defaultCapacity, arenaBytes,
                tapRateLimit, eventRingSize, taskMailboxes, namePoolBytes, maxTaps, eventMask, firstSeq, f);
    }

    /** Copy whose new descriptors start at sequence number {@code seq} (the fuzzer's sequence wrap). */
    public Profile withFirstSeq(long seq) {
        return new Profile(name, maxDescriptors, maxTasks, handleLimitPerPid, defaultCapacity, arenaBytes,
                tapRateLimit, eventRingSize, taskMailboxes, namePoolBytes, maxTaps, eventMask, seq, features);
    }

    /**
     * A profile from JSON: a string names a built-in; an object gives fields, starting from the
     * built-in named by its {@code base} field (default {@code desktop}).
     *
     * @throws ProfileException naming the field that is wrong
     */
    public static Profile fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return DESKTOP;
        }
        if (node.isTextual()) {
            Profile p = builtin(node.asText());
            if (p == null) {
                throw new ProfileException("profile", "unknown built-in profile '" + node.asText()
                        + "' (known: " + builtinNames() + ")");
            }
            return p;
        }
        if (!node.isObject()) {
            throw new ProfileException("profile", "must be a built-in name or an object");
        }
        Profile base = DESKTOP;
        if (node.has("base")) {
            base = fromJson(node.get("base"));
        }
        String name = node.has("name") ? text(node, "name") : "custom";
        int maxDescriptors = base.maxDescriptors;
        int maxTasks = base.maxTasks;
        int handleLimit = base.handleLimitPerPid;
        int defaultCapacity = base.defaultCapacity;
        int arena = base.arenaBytes;
        int rate = base.tapRateLimit;
        int ring = base.eventRingSize;
        boolean taskMailboxes = base.taskMailboxes;
        int names = base.namePoolBytes;
        int taps = base.maxTaps;
        int mask = base.eventMask;
        long firstSeq = base.firstSeq;
        Features f = base.features;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            switch (k) {
                case "base", "name" -> { }
                case "max_descriptors" -> maxDescriptors = integer(node, k);
                case "max_tasks" -> maxTasks = integer(node, k);
                case "handle_limit_per_pid" -> handleLimit = integer(node, k);
                case "default_capacity" -> defaultCapacity = integer(node, k);
                case "arena_bytes" -> arena = integer(node, k);
                case "tap_rate_limit" -> rate = integer(node, k);
                case "event_ring_size" -> ring = integer(node, k);
                case "task_mailboxes" -> taskMailboxes = bool(node, k);
                case "name_pool_bytes" -> names = integer(node, k);
                case "max_taps" -> taps = integer(node, k);
                case "event_mask" -> mask = eventMask(node, k);
                case "first_seq" -> firstSeq = u32(node, k);
                case "features" -> f = features(e.getValue(), f);
                default -> throw new ProfileException(k, "unknown profile field");
            }
        }
        return new Profile(name, maxDescriptors, maxTasks, handleLimit, defaultCapacity, arena, rate, ring,
                taskMailboxes, names, taps, mask, firstSeq, f);
    }

    /**
     * The features object: each key a boolean, a missing key keeps the base's value. An
     * unstated {@code loader_json} follows {@code loader} (off with it); an explicit
     * {@code loader_json: true} beside {@code loader: false} is an error.
     */
    private static Features features(JsonNode n, Features base) {
        if (!n.isObject()) {
            throw new ProfileException("features", "must be an object of booleans");
        }
        java.util.Set<Features.Feature> on = base.on();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            Features.Feature f = Features.Feature.ofKey(k);
            if (f == null) {
                throw new ProfileException("features." + k, "unknown feature (known: " + Features.Feature.keys() + ")");
            }
            if (bool(n, k)) {
                on.add(f);
            } else {
                on.remove(f);
            }
        }
        if (!on.contains(Features.Feature.LOADER) && !n.has("loader_json")) {
            on.remove(Features.Feature.LOADER_JSON);
        }
        return Features.of(on);
    }

    private static String text(JsonNode n, String k) {
        JsonNode v = n.get(k);
        if (!v.isTextual()) {
            throw new ProfileException(k, "must be a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String k) {
        JsonNode v = n.get(k);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ProfileException(k, "must be an integer");
        }
        return v.asInt();
    }

    private static long u32(JsonNode n, String k) {
        JsonNode v = n.get(k);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > 0xFFFFFFFFL) {
            throw new ProfileException(k, "must be an integer 0..4294967295");
        }
        return v.asLong();
    }

    /** An event mask: a number, or event type names joined by '|' ({@code "mailbox_error|mailbox_overrun"}). */
    private static int eventMask(JsonNode n, String k) {
        JsonNode v = n.get(k);
        if (v.isTextual()) {
            int m = EventSchema.maskOf(v.asText());
            if (m < 0) {
                throw new ProfileException(k, "unknown event type in \"" + v.asText() + "\" (known: "
                        + EventSchema.typeNames() + ")");
            }
            return m;
        }
        return integer(n, k);
    }

    private static boolean bool(JsonNode n, String k) {
        JsonNode v = n.get(k);
        if (!v.isBoolean()) {
            throw new ProfileException(k, "must be true or false");
        }
        return v.asBoolean();
    }
}

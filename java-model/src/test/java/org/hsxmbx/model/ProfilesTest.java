package org.hsxmbx.model;

import static org.hsxmbx.model.TestKit.bind;
import static org.hsxmbx.model.TestKit.blocked;
import static org.hsxmbx.model.TestKit.counter;
import static org.hsxmbx.model.TestKit.n;
import static org.hsxmbx.model.TestKit.ok;
import static org.hsxmbx.model.TestKit.open;
import static org.hsxmbx.model.TestKit.recv;
import static org.hsxmbx.model.TestKit.send;
import static org.hsxmbx.model.TestKit.snap;
import static org.hsxmbx.model.TestKit.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract section 8: profiles, exact arena accounting, stats and snapshots (docs/profiles.md). */
class ProfilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    // ------------------------------------------------------------ built-ins

    @Test
    void desktopBuiltin() {
        Profile p = Profile.builtin("desktop");
        assertSame(Profile.DESKTOP, p);
        assertEquals(256, p.maxDescriptors());
        assertEquals(64, p.handleLimitPerPid());
        assertEquals(64, p.defaultCapacity());
        assertEquals(64, p.maxTasks());
        assertEquals(262144, p.arenaBytes());
        assertEquals(0, p.tapRateLimit());
        assertEquals(1024, p.eventRingSize());
        assertTrue(p.taskMailboxes());
        assertEquals(8192, p.namePoolBytes());
        assertEquals(64, p.maxTaps());
        assertEquals(Features.ALL, p.features());
    }

    @Test
    void embeddedBuiltin() {
        Profile p = Profile.builtin("embedded");
        assertSame(Profile.EMBEDDED, p);
        assertEquals(16, p.maxDescriptors());
        assertEquals(8, p.handleLimitPerPid());
        assertEquals(64, p.defaultCapacity());
        assertEquals(4, p.maxTasks());
        assertEquals(4096, p.arenaBytes());
        assertEquals(20, p.tapRateLimit());
        assertEquals(16, p.eventRingSize());
        assertTrue(p.taskMailboxes());
        assertEquals(128, p.namePoolBytes());
        assertEquals(4, p.maxTaps());
        assertEquals(Features.ALL, p.features());
    }

    @Test
    void builtinsAreDesktopAndEmbedded() {
        assertEquals(List.of(Profile.DESKTOP, Profile.EMBEDDED, Profile.MINIMAL), Profile.builtins());
        assertNull(Profile.builtin("tiny"));
        assertEquals(Mbx.DEFAULT_RING_CAPACITY, Profile.DESKTOP.defaultCapacity());
    }

    @Test
    void embeddedFitsFourTasksExactly() {
        MailboxService s = new MailboxService(Profile.EMBEDDED);
        for (int pid = 1; pid <= 4; pid++) {
            ok(s.taskStart(pid));
        }
        assertEquals(16, counter(s, "active_descriptors"));
        assertEquals(0, counter(s, "free_descriptors"));
        assertEquals(1024, counter(s, "arena_used"));
    }

    @Test
    void minimalFeatures() {
        assertEquals(Features.ALL.without(Features.Feature.FANOUT, Features.Feature.TAPS, Features.Feature.EVENTS,
                Features.Feature.LOADER, Features.Feature.INTROSPECTION, Features.Feature.SVC), Features.MINIMAL);
        Profile p = Profile.EMBEDDED.withFeatures("min", Features.MINIMAL);
        assertEquals("min", p.name());
        assertEquals(Features.MINIMAL, p.features());
        assertEquals(Profile.EMBEDDED.arenaBytes(), p.arenaBytes());
    }

    // ------------------------------------------------------------ JSON profiles

    @Test
    void jsonNamesABuiltinOrDefaultsToDesktop() throws Exception {
        assertSame(Profile.EMBEDDED, Profile.fromJson(json("'embedded'")));
        assertSame(Profile.DESKTOP, Profile.fromJson(null));
        assertSame(Profile.DESKTOP, Profile.fromJson(json("null")));
    }

    @Test
    void jsonObjectFromTheDocs() throws Exception {
        Profile p = Profile.fromJson(json("{'base': 'embedded', 'name': 'embedded-8tasks', 'max_tasks': 8,"
                + " 'max_descriptors': 40, 'arena_bytes': 6144, 'name_pool_bytes': 256,"
                + " 'features': {'taps': false, 'events': false}}"));
        assertEquals(new Profile("embedded-8tasks", 40, 8, 8, 64, 6144, 20, 16, true, 256, 4,
                Features.ALL.without(Features.Feature.TAPS, Features.Feature.EVENTS)), p);
    }

    @Test
    void jsonDefaultsBaseDesktopAndNameCustom() throws Exception {
        Profile p = Profile.fromJson(json("{'tap_rate_limit': 5}"));
        assertEquals(new Profile("custom", 256, 64, 64, 64, 262144, 5, 1024, true, 8192, 64, Features.ALL), p);
    }

    @Test
    void jsonEveryField() throws Exception {
        Profile p = Profile.fromJson(json("{'name': 'all', 'max_descriptors': 3, 'max_tasks': 2,"
                + " 'handle_limit_per_pid': 5, 'default_capacity': 32, 'arena_bytes': 100, 'tap_rate_limit': 1,"
                + " 'event_ring_size': 9, 'task_mailboxes': false, 'name_pool_bytes': 7, 'max_taps': 0,"
                + " 'features': {'fanout': false, 'taps': false, 'events': false, 'timeouts': false,"
                + " 'stdio': false, 'loader': false}}"));
        assertEquals(new Profile("all", 3, 2, 5, 32, 100, 1, 9, false, 7, 0,
                Features.ALL.without(Features.Feature.FANOUT, Features.Feature.TAPS, Features.Feature.EVENTS, Features.Feature.TIMEOUTS, Features.Feature.STDIO, Features.Feature.LOADER)), p);
    }

    @Test
    void jsonNestedBase() throws Exception {
        Profile p = Profile.fromJson(json("{'base': {'base': 'embedded', 'max_tasks': 2}, 'max_taps': 1}"));
        assertEquals(2, p.maxTasks());
        assertEquals(1, p.maxTaps());
        assertEquals(16, p.maxDescriptors());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{'arena_bytes': 16777217}|arena_bytes|profile field 'arena_bytes': must be 0..16777216",
        "{'arena_bytes': -1}|arena_bytes|profile field 'arena_bytes': must be 0..16777216",
        "{'arena_bytes': 'big'}|arena_bytes|profile field 'arena_bytes': must be an integer",
        "{'arena_bytes': 1.5}|arena_bytes|profile field 'arena_bytes': must be an integer",
        "{'arena_bytes': 99999999999}|arena_bytes|profile field 'arena_bytes': must be an integer",
        "{'features': {'tap': true}}|features.tap|profile field 'features.tap': unknown feature (known: fanout, taps, events, timeouts, stdio, loader, introspection, svc, loader_json)",
        "{'features': {'taps': 1}}|taps|profile field 'taps': must be true or false",
        "{'features': true}|features|profile field 'features': must be an object of booleans",
        "{'max_descriptor': 3}|max_descriptor|profile field 'max_descriptor': unknown profile field",
        "{'task_mailboxes': 1}|task_mailboxes|profile field 'task_mailboxes': must be true or false",
        "{'name': 3}|name|profile field 'name': must be a string",
        "{'name': ''}|name|profile field 'name': must be a non-empty string",
        "{'base': 'tiny'}|profile|profile field 'profile': unknown built-in profile 'tiny' (known: desktop, embedded, minimal)",
        "'tiny'|profile|profile field 'profile': unknown built-in profile 'tiny' (known: desktop, embedded, minimal)",
        "[1]|profile|profile field 'profile': must be a built-in name or an object",
        "{'max_descriptors': 0}|max_descriptors|profile field 'max_descriptors': must be 1..65280",
        "{'max_descriptors': 65281}|max_descriptors|profile field 'max_descriptors': must be 1..65280",
        "{'max_tasks': 65536}|max_tasks|profile field 'max_tasks': must be 0..65535",
        "{'handle_limit_per_pid': 0}|handle_limit_per_pid|profile field 'handle_limit_per_pid': must be 1..65535",
        "{'default_capacity': 7}|default_capacity|profile field 'default_capacity': must be 8..65535",
        "{'default_capacity': 65536}|default_capacity|profile field 'default_capacity': must be 8..65535",
        "{'tap_rate_limit': 65536}|tap_rate_limit|profile field 'tap_rate_limit': must be 0..65535",
        "{'event_ring_size': 0}|event_ring_size|profile field 'event_ring_size': must be 1..65535",
        "{'name_pool_bytes': 2097121}|name_pool_bytes|profile field 'name_pool_bytes': must be 0..2097120",
        "{'max_taps': -1}|max_taps|profile field 'max_taps': must be 0..65535",
        "{'first_seq': 4294967296}|first_seq|profile field 'first_seq': must be an integer 0..4294967295",
        "{'first_seq': -1}|first_seq|profile field 'first_seq': must be an integer 0..4294967295",
        "{'first_seq': '5'}|first_seq|profile field 'first_seq': must be an integer 0..4294967295",
        "{'event_mask': 512}|event_mask|profile field 'event_mask': must be 0..511 (event type bits) or a string of event type names",
        "{'event_mask': true}|event_mask|profile field 'event_mask': must be an integer",
        "{'event_mask': 'mailbox_eror'}|event_mask|profile field 'event_mask': unknown event type in \"mailbox_eror\" (known: mailbox_send, mailbox_recv, mailbox_wait, mailbox_wake, mailbox_timeout, mailbox_overrun, mailbox_exhausted, mailbox_backpressure, mailbox_error)",
    })
    void badJsonNamesTheField(String text, String field, String message) throws Exception {
        ProfileException e = assertThrows(ProfileException.class, () -> Profile.fromJson(json(text)));
        assertEquals(field, e.field());
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'max_descriptors': 1}", "{'max_descriptors': 65280}", "{'max_tasks': 0}",
            "{'arena_bytes': 0}", "{'arena_bytes': 16777216}", "{'default_capacity': 8}",
            "{'default_capacity': 65535}", "{'event_ring_size': 65535}", "{'name_pool_bytes': 2097120}",
            "{'max_taps': 0}", "{'tap_rate_limit': 65535}", "{'handle_limit_per_pid': 65535}",
            "{'first_seq': 4294967295}", "{'event_mask': 0}", "{'event_mask': 511}"})
    void rangeBoundsAreAccepted(String text) throws Exception {
        Profile.fromJson(json(text));
    }

    @Test
    void firstSeqAndEventMaskFromJson() throws Exception {
        Profile p = Profile.fromJson(json("{'base': 'embedded', 'first_seq': 4294967295,"
                + " 'event_mask': 'mailbox_error | mailbox_overrun'}"));
        assertEquals(0xFFFFFFFFL, p.firstSeq());
        assertEquals(EventSchema.Type.MAILBOX_ERROR.bit() | EventSchema.Type.MAILBOX_OVERRUN.bit(), p.eventMask());
        assertEquals(p.firstSeq(), p.withFeatures("m", Features.MINIMAL).firstSeq());
        assertEquals(p.eventMask(), p.withFeatures("m", Features.MINIMAL).eventMask());
        assertEquals(0, Profile.EMBEDDED.firstSeq());
        assertEquals(0x1FF, Profile.DESKTOP.eventMask());
        MailboxService s = new MailboxService(p);
        ok(s.taskStart(1));
        assertEquals(0xFFFFFFFFL, TestKit.peek(s, 1, 1).nextSeq(), "stdio descriptors start at first_seq too");
    }

    @Test
    void defaultCapacityIsUsedByBindAndOpen() throws Exception {
        MailboxService s = new MailboxService(Profile.fromJson(json("{'default_capacity': 24,"
                + " 'task_mailboxes': false}")));
        int d = bind(s, 0, "app:a", 0, 0);
        assertEquals(24, snap(s, d).capacity());
        open(s, 0, "app:b");
        assertEquals(48, counter(s, "arena_used"));
    }

    // ------------------------------------------------------------ exact arena accounting

    @Test
    void arenaIsExactWhateverTheFreeOrder() {
        for (long seed = 1; seed <= 20; seed++) {
            arenaRun(seed);
        }
    }

    /**
     * Random binds of ownerless descriptors, resizes, taps and closes, in any order: every request
     * succeeds exactly when the free bytes cover it, and arena_used is the sum of what is held.
     */
    private static void arenaRun(long seed) {
        Random rnd = new Random(seed);
        int arena = 1000;
        Profile p = new Profile("arena", 64, 8, 64, 64, arena, 0, 64, false, 4096, 64, Features.ALL);
        MailboxService s = new MailboxService(p);
        Map<String, Integer> caps = new LinkedHashMap<>(); // target -> capacity
        Map<String, Integer> handles = new LinkedHashMap<>(); // target -> handle
        Map<String, Integer> taps = new LinkedHashMap<>(); // target -> tap buffer bytes
        int nextName = 0;
        for (int step = 0; step < 400; step++) {
            int used = caps.values().stream().mapToInt(Integer::intValue).sum()
                    + taps.values().stream().mapToInt(Integer::intValue).sum();
            assertEquals(used, counter(s, "arena_used"), "seed " + seed + " step " + step);
            int free = arena - used;
            int op = rnd.nextInt(10);
            List<String> live = new ArrayList<>(caps.keySet());
            String msg = "seed " + seed + " step " + step + " free " + free;
            if (op < 4 || live.isEmpty()) {
                String t = "app:m" + nextName++;
                int cap = 8 + rnd.nextInt(300);
                Reply r = s.open(0, t, 0);
                int c0 = p.defaultCapacity();
                if (c0 <= free) {
                    ok(r);
                    handles.put(t, r.handle());
                    caps.put(t, c0);
                    // then resize to a random capacity
                    Reply rb = s.bind(0, t, cap, 0);
                    if (cap - c0 <= free - c0) {
                        ok(rb);
                        caps.put(t, cap);
                    } else {
                        status(Status.NO_DESCRIPTOR, rb);
                        assertEquals("arena", rb.events().get(0).get("reason"), msg);
                    }
                } else {
                    status(Status.NO_DESCRIPTOR, r);
                    assertEquals("arena", r.events().get(0).get("reason"), msg);
                }
            } else {
                String t = live.get(rnd.nextInt(live.size()));
                int h = handles.get(t);
                if (op < 6) {
                    ok(s.close(0, h));
                    caps.remove(t);
                    handles.remove(t);
                    taps.remove(t);
                } else if (op < 8) {
                    if (taps.containsKey(t)) {
                        ok(s.tap(0, h, false));
                        taps.remove(t);
                    } else {
                        Reply r = s.tap(0, h, true);
                        if (caps.get(t) <= free) {
                            ok(r);
                            taps.put(t, caps.get(t));
                        } else {
                            status(Status.NO_DESCRIPTOR, r);
                        }
                    }
                } else {
                    int cap = 8 + rnd.nextInt(300);
                    Reply r = s.bind(0, t, cap, 0);
                    if (cap - caps.get(t) <= free) {
                        ok(r);
                        caps.put(t, cap);
                    } else {
                        status(Status.NO_DESCRIPTOR, r);
                    }
                }
            }
        }
    }

    @Test
    void freedBytesAreUsableWhicheverBlockWasFreed() {
        Profile p = new Profile("arena", 16, 8, 16, 64, 300, 0, 64, false, 4096, 4, Features.ALL);
        MailboxService s = new MailboxService(p);
        int a = open(s, 0, "app:a");
        open(s, 0, "app:b");
        int c = open(s, 0, "app:c");
        ok(s.bind(0, "app:a", 100, 0));
        ok(s.bind(0, "app:b", 100, 0));
        ok(s.bind(0, "app:c", 100, 0));
        // free two separate 100-byte blocks, then ask for 200 in one piece
        ok(s.close(0, a));
        ok(s.close(0, c));
        open(s, 0, "app:big");
        ok(s.bind(0, "app:big", 200, 0));
        assertEquals(300, counter(s, "arena_used"));
        status(Status.NO_DESCRIPTOR, s.open(0, "app:more", 0));
    }

    // ------------------------------------------------------------ stats

    @Test
    void statsKeysInContractOrder() {
        assertEquals(List.of("max_descriptors", "active_descriptors", "free_descriptors", "arena_bytes",
                "arena_used", "bytes_used", "queue_depth", "handles_total", "handles_per_pid", "tap_count",
                "tap_queue_depth", "waiter_count", "fanout_descriptors", "descriptor_pool_exhausted",
                "peak_descriptors", "events_dropped"), Stats.KEYS);
        MailboxService s = new MailboxService(Profile.EMBEDDED);
        assertEquals(Stats.KEYS, List.copyOf(s.stats().counters().keySet()));
    }

    @Test
    void statsValues() {
        MailboxService s = new MailboxService(Profile.EMBEDDED);
        Map<String, Object> fresh = new LinkedHashMap<>();
        fresh.put("max_descriptors", 16L);
        fresh.put("active_descriptors", 0L);
        fresh.put("free_descriptors", 16L);
        fresh.put("arena_bytes", 4096L);
        fresh.put("arena_used", 0L);
        fresh.put("bytes_used", 0L);
        fresh.put("queue_depth", 0L);
        fresh.put("handles_total", 0L);
        fresh.put("handles_per_pid", Map.of("0", 0L));
        fresh.put("tap_count", 0L);
        fresh.put("tap_queue_depth", 0L);
        fresh.put("waiter_count", 0L);
        fresh.put("fanout_descriptors", 0L);
        fresh.put("descriptor_pool_exhausted", 0L);
        fresh.put("peak_descriptors", 0L);
        fresh.put("events_dropped", 0L);
        assertEquals(fresh, s.stats().counters());

        ok(s.taskStart(1));
        ok(s.taskStart(2));
        int f = bind(s, 1, "shared:f", 40, 0);
        int w = open(s, 1, "shared:f", Mbx.MODE_WRONLY);
        int r = open(s, 2, "shared:f");
        int t = open(s, 0, "shared:f", Mbx.MODE_TAP | Mbx.MODE_RDONLY);
        send(s, 1, w, "abc"); // 11
        send(s, 1, w, "de"); // 10
        int q = open(s, 0, "app:q");
        blocked(s.recv(0, q, 64, 100));
        Map<String, Object> c = s.stats().counters();
        assertEquals(10L, c.get("active_descriptors"));
        assertEquals(6L, c.get("free_descriptors"));
        assertEquals(8L * 64 + 40 + 40 + 64, c.get("arena_used"));
        assertEquals(21L, c.get("bytes_used"));
        assertEquals(2L, c.get("queue_depth"));
        assertEquals(10L, c.get("handles_total"));
        assertEquals(Map.of("0", 2L, "1", 4L, "2", 4L), c.get("handles_per_pid"));
        assertEquals(List.of("0", "1", "2"), List.copyOf(((Map<?, ?>) c.get("handles_per_pid")).keySet()));
        assertEquals(1L, c.get("tap_count"));
        assertEquals(2L, c.get("tap_queue_depth"));
        assertEquals(1L, c.get("waiter_count"));
        assertEquals(1L, c.get("fanout_descriptors"));
        assertEquals(10L, c.get("peak_descriptors"));

        Stats.DescriptorSnapshot d = snap(s, f);
        assertEquals(new Stats.DescriptorSnapshot(f, Mbx.NS_SHARED, "f", -1, 40, 0x1B, 21, 21, 2, 0L, 2L, 0,
                List.of(new Stats.TapSnapshot(0, t, 2, 21))), d);
        recv(s, 2, r);
        Stats.DescriptorSnapshot d2 = snap(s, f);
        assertEquals(10, d2.bytesUsed());
        assertEquals(21, d2.peakBytesUsed(), "peak stays");
        assertEquals(1L, d2.headSeq());
        Stats.DescriptorSnapshot qs = snap(s, 10);
        assertEquals(1, qs.waiters());
        assertEquals(Mbx.NS_APP, qs.namespace());
    }

    @Test
    void peakAndPoolExhaustionCounters() {
        MailboxService s = new MailboxService(TestKit.plain(2, 16, 4096, 0, 64, 4));
        int a = open(s, 0, "app:a");
        open(s, 0, "app:b");
        status(Status.NO_DESCRIPTOR, s.open(0, "app:c", 0));
        status(Status.NO_DESCRIPTOR, s.bind(0, "app:c", 0, 0));
        ok(s.close(0, a));
        assertEquals(1, counter(s, "active_descriptors"));
        assertEquals(2, counter(s, "peak_descriptors"));
        assertEquals(2, counter(s, "descriptor_pool_exhausted"));
    }

    @Test
    void descriptorPoolExhaustedCountsBindAndOpenShortagesNotTaskStart() {
        // model's choice (decisions.md is silent; the C runtime agrees): task_start's stdio check emits
        // mailbox_exhausted descriptor_pool_full but does not count in descriptor_pool_exhausted
        MailboxService s = new MailboxService(new Profile("p", 6, 8, 8, 64, 4096, 0, 64, true, 1024, 4,
                Features.ALL));
        ok(s.taskStart(1));
        Reply r = status(Status.NO_DESCRIPTOR, s.taskStart(2));
        assertEquals("descriptor_pool_full", r.events().get(0).get("reason"));
        assertEquals(0, counter(s, "descriptor_pool_exhausted"));
        open(s, 1, "app:a");
        open(s, 1, "app:b");
        status(Status.NO_DESCRIPTOR, s.open(1, "app:c", 0));
        assertEquals(1, counter(s, "descriptor_pool_exhausted"));
    }

    @Test
    void tasksInStatsHaveStateAndCounters() {
        MailboxService s = new MailboxService(TestKit.plain());
        ok(s.taskStart(3));
        int h = open(s, 3, "app:q");
        status(Status.NO_DATA, s.recv(3, h, 8, 0));
        assertEquals(List.of(new Stats.TaskInfo(0, "READY", 0, 0, 0), new Stats.TaskInfo(3, "READY", 1, 0, 0)),
                s.stats().tasks());
        send(s, 3, h, n(3).textOrNull());
    }

    @Test
    void snapshotsAreOrderedByIdAndOwnerlessHaveOwnerMinusOne() {
        MailboxService s = new MailboxService(TestKit.plain());
        ok(s.taskStart(1));
        bind(s, 1, "svc:z", 0, 0);
        bind(s, 1, "app:y", 0, 0);
        bind(s, 1, "pid:", 0, 0);
        List<Stats.DescriptorSnapshot> ds = s.stats().descriptors();
        assertEquals(List.of(1, 2, 3), ds.stream().map(Stats.DescriptorSnapshot::id).toList());
        assertEquals(List.of(1, -1, 1), ds.stream().map(Stats.DescriptorSnapshot::owner).toList());
    }
}

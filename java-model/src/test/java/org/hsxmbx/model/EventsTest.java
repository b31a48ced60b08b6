package org.hsxmbx.model;

import static org.hsxmbx.model.TestKit.b;
import static org.hsxmbx.model.TestKit.bind;
import static org.hsxmbx.model.TestKit.blocked;
import static org.hsxmbx.model.TestKit.counter;
import static org.hsxmbx.model.TestKit.n;
import static org.hsxmbx.model.TestKit.ok;
import static org.hsxmbx.model.TestKit.only;
import static org.hsxmbx.model.TestKit.open;
import static org.hsxmbx.model.TestKit.recv;
import static org.hsxmbx.model.TestKit.send;
import static org.hsxmbx.model.TestKit.status;
import static org.hsxmbx.model.TestKit.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract section 7: event types and fields, order, ring overflow, mailbox_error. */
class EventsTest {
    private MailboxService s;

    @BeforeEach
    void setUp() {
        s = new MailboxService(TestKit.plain());
        for (int pid = 1; pid <= 3; pid++) {
            ok(s.taskStart(pid));
        }
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            m.put((String) kv[i], v instanceof Integer x ? Long.valueOf(x) : v);
        }
        return m;
    }

    // ------------------------------------------------------------ schema

    @Test
    void schemaHasTheContractsTypesAndFields() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        List<String> msg = List.of("pid", "descriptor", "handle", "length", "flags", "channel", "src_pid");
        List<String> done = List.of("pid", "descriptor", "handle", "status", "length", "flags", "channel", "src_pid");
        expected.put("mailbox_send", msg);
        expected.put("mailbox_recv", msg);
        expected.put("mailbox_wait", List.of("pid", "descriptor", "handle", "timeout", "deadline"));
        expected.put("mailbox_wake", done);
        expected.put("mailbox_timeout", done);
        expected.put("mailbox_overrun", List.of("pid", "descriptor", "dropped_seq", "dropped_length",
                "dropped_flags", "channel", "reason", "queue_depth"));
        expected.put("mailbox_exhausted", List.of("pid", "reason", "descriptor", "requested"));
        expected.put("mailbox_backpressure", List.of("pid", "descriptor", "policy", "capacity", "bytes_used",
                "requested"));
        expected.put("mailbox_error", List.of("pid", "fn", "status"));
        Map<String, List<String>> actual = new LinkedHashMap<>();
        for (EventSchema.Type t : EventSchema.Type.values()) {
            actual.put(t.wireName(), t.fields());
            assertEquals(t, EventSchema.Type.ofWireName(t.wireName()));
            assertEquals(t, EventSchema.Type.ofCode(t.code()));
            assertEquals(t.ordinal() + 1, t.code(), "codes are 1..9 in schema order");
        }
        assertEquals(expected, actual);
        assertNull(EventSchema.Type.ofWireName("mailbox_nothing"));
    }

    @Test
    void codeTables() {
        assertEquals(List.of("none", "fanout_drop", "resize", "tap_drop", "descriptor_pool_full", "handle_limit",
                "arena", "name_pool", "tap_pool", "task_limit"), EventSchema.REASONS);
        assertEquals(List.of("single", "fanout_block", "tap_rate_limit"), EventSchema.POLICIES);
        assertEquals(List.of("open", "bind", "send", "recv", "peek", "tap", "close"), EventSchema.FNS.subList(0, 7));
        assertEquals(Mbx.FN_OPEN, EventSchema.code(EventSchema.FNS, "open"));
        assertEquals(Mbx.FN_BIND, EventSchema.code(EventSchema.FNS, "bind"));
        assertEquals(Mbx.FN_SEND, EventSchema.code(EventSchema.FNS, "send"));
        assertEquals(Mbx.FN_RECV, EventSchema.code(EventSchema.FNS, "recv"));
        assertEquals(Mbx.FN_PEEK, EventSchema.code(EventSchema.FNS, "peek"));
        assertEquals(Mbx.FN_TAP, EventSchema.code(EventSchema.FNS, "tap"));
        assertEquals(Mbx.FN_CLOSE, EventSchema.code(EventSchema.FNS, "close"));
        assertThrows(IllegalArgumentException.class, () -> EventSchema.code(EventSchema.POLICIES, "drop"));
    }

    @Test
    void eventGivesNamesForCodedFieldsAndRawCodes() {
        Event e = new Event(4, 10, EventSchema.Type.MAILBOX_EXHAUSTED, 1, 6, 2, 64);
        assertEquals("arena", e.get("reason"));
        assertEquals(6L, e.raw("reason"));
        assertEquals(64L, e.get("requested"));
        assertNull(e.get("policy"));
        assertThrows(IllegalArgumentException.class, () -> e.raw("policy"));
        assertThrows(IllegalArgumentException.class, () -> new Event(0, 0, EventSchema.Type.MAILBOX_ERROR, 1, 2));
        assertEquals(List.of("pid", "reason", "descriptor", "requested"), List.copyOf(e.fields().keySet()));
    }

    // ------------------------------------------------------------ every type with its fields

    @Test
    void sendRecvWaitWakeTimeoutFields() {
        ok(s.tick(100));
        int d = bind(s, 0, "app:q", 64, 0);
        int w = open(s, 1, "app:q");
        int r = open(s, 2, "app:q");
        Reply sr = ok(s.send(1, w, b("hey"), Mbx.MSG_OOB, 7, 0));
        Event se = only(sr, EventSchema.Type.MAILBOX_SEND);
        assertEquals(fields("pid", 1, "descriptor", d, "handle", w, "length", 3, "flags", Mbx.MSG_OOB,
                "channel", 7, "src_pid", 1), se.fields());
        assertEquals(100L, se.timeMs());

        Reply rr = ok(s.recv(2, r, 2, 0));
        assertEquals(fields("pid", 2, "descriptor", d, "handle", r, "length", 2, "flags",
                Mbx.MSG_OOB | Mbx.MSG_TRUNCATED, "channel", 7, "src_pid", 1),
                only(rr, EventSchema.Type.MAILBOX_RECV).fields());

        Reply wr = blocked(s.recv(2, r, 64, 50));
        assertEquals(fields("pid", 2, "descriptor", d, "handle", r, "timeout", 50, "deadline", 150),
                only(wr, EventSchema.Type.MAILBOX_WAIT).fields());

        Reply wake = ok(s.send(1, w, b("yo"), 0, 3, 0));
        assertEquals(List.of("mailbox_send", "mailbox_wake"), types(wake));
        assertEquals(fields("pid", 2, "descriptor", d, "handle", r, "status", 0, "length", 2, "flags", 0,
                "channel", 3, "src_pid", 1), wake.events().get(1).fields());

        blocked(s.recv(2, r, 64, 50));
        Reply to = ok(s.tick(160));
        Event te = only(to, EventSchema.Type.MAILBOX_TIMEOUT);
        assertEquals(fields("pid", 2, "descriptor", d, "handle", r, "status", Status.TIMEOUT.code(), "length", 0,
                "flags", 0, "channel", 0, "src_pid", 0), te.fields());
        assertEquals(160L, te.timeMs());
    }

    @Test
    void wakeOfABlockedSenderDescribesItsMessage() {
        int d = bind(s, 0, "app:q", 20, 0);
        int w = open(s, 1, "app:q");
        int r = open(s, 2, "app:q");
        send(s, 1, w, "0123456789");
        Reply b1 = blocked(s.send(3, open(s, 3, "app:q"), b("abc"), Mbx.MSG_STDERR, 9, Mbx.TIMEOUT_INFINITE));
        assertEquals(List.of("mailbox_backpressure", "mailbox_wait"), types(b1));
        assertEquals(0xFFFFFFFFL, b1.events().get(1).get("deadline"));
        Reply rr = recv(s, 2, r);
        assertEquals(List.of("mailbox_recv", "mailbox_send", "mailbox_wake"), types(rr));
        Event se = rr.events().get(1);
        assertEquals(3L, se.get("pid"));
        assertEquals(3L, se.get("src_pid"));
        assertEquals(fields("pid", 3, "descriptor", d, "handle", 1, "status", 0, "length", 3, "flags",
                Mbx.MSG_STDERR, "channel", 9, "src_pid", 3), rr.events().get(2).fields());
    }

    @Test
    void exhaustedFields() {
        MailboxService m = new MailboxService(TestKit.plain(1, 16, 4096, 0, 64, 4));
        bind(m, 0, "svc:a", 0, 0);
        Reply r = status(Status.NO_DESCRIPTOR, m.bind(0, "svc:b", 0, 0));
        assertEquals(List.of("mailbox_exhausted", "mailbox_error"), types(r));
        assertEquals(fields("pid", 0, "reason", "descriptor_pool_full", "descriptor", 0, "requested", 1),
                r.events().get(0).fields());
        assertEquals(1, counter(m, "descriptor_pool_exhausted"));
        status(Status.NO_DESCRIPTOR, m.open(0, "svc:c", 0));
        assertEquals(2, counter(m, "descriptor_pool_exhausted"));
    }

    @Test
    void namePoolExhaustion() {
        Profile p = new Profile("np", 16, 8, 16, 64, 4096, 0, 64, false, 10, 4, Features.ALL);
        MailboxService m = new MailboxService(p);
        bind(m, 0, "svc:123456", 0, 0);
        Reply r = status(Status.NO_DESCRIPTOR, m.bind(0, "svc:12345", 0, 0));
        assertEquals(fields("pid", 0, "reason", "name_pool", "descriptor", 0, "requested", 5),
                r.events().get(0).fields());
        bind(m, 0, "svc:1234", 0, 0); // exactly the 4 bytes left
        bind(m, 0, "pid:", 0, 0); // PID descriptors store no name
    }

    @Test
    void errorEventForEveryFunction() {
        assertEquals(fields("pid", 1, "fn", "open", "status", 8), only(s.open(1, "", 0),
                EventSchema.Type.MAILBOX_ERROR).fields());
        assertEquals(fields("pid", 1, "fn", "bind", "status", 8), only(s.bind(1, "", 0, 0),
                EventSchema.Type.MAILBOX_ERROR).fields());
        assertEquals(fields("pid", 1, "fn", "send", "status", 2), only(s.send(1, 9, b("x"), 0, 0, 0),
                EventSchema.Type.MAILBOX_ERROR).fields());
        assertEquals(fields("pid", 1, "fn", "recv", "status", 2), only(s.recv(1, 9, 1, 0),
                EventSchema.Type.MAILBOX_ERROR).fields());
        assertEquals(fields("pid", 1, "fn", "peek", "status", 2), only(s.peek(1, 9),
                EventSchema.Type.MAILBOX_ERROR).fields());
        assertEquals(fields("pid", 1, "fn", "tap", "status", 2), only(s.tap(1, 9, true),
                EventSchema.Type.MAILBOX_ERROR).fields());
        assertEquals(fields("pid", 1, "fn", "close", "status", 2), only(s.close(1, 9),
                EventSchema.Type.MAILBOX_ERROR).fields());
        assertEquals("task_start", only(s.taskStart(1), EventSchema.Type.MAILBOX_ERROR).get("fn"));
        assertEquals("task_exit", only(s.taskExit(9), EventSchema.Type.MAILBOX_ERROR).get("fn"));
        ok(s.tick(5));
        assertEquals(fields("pid", 0, "fn", "tick", "status", 8), only(s.tick(4),
                EventSchema.Type.MAILBOX_ERROR).fields());
        int h = open(s, 1, "app:q", Mbx.MODE_RDONLY);
        assertEquals(fields("pid", 1, "fn", "send", "status", 9), only(s.send(1, h, b("x"), 0, 0, 0),
                EventSchema.Type.MAILBOX_ERROR).fields());
        int h2 = open(s, 1, "app:q");
        assertEquals(fields("pid", 1, "fn", "send", "status", 4), only(s.send(1, h2, n(60), 0, 0, 0),
                EventSchema.Type.MAILBOX_ERROR).fields());
    }

    @Test
    void wouldBlockNoDataAndTimeoutAreNotErrors() {
        int h = open(s, 1, "app:q");
        assertTrue(status(Status.NO_DATA, s.recv(1, h, 64, 0)).events().isEmpty());
        send(s, 1, h, n(56));
        assertEquals(List.of("mailbox_backpressure"), types(status(Status.WOULDBLOCK,
                s.send(1, h, b("x"), 0, 0, 0))));
        recv(s, 1, h);
        blocked(s.recv(1, h, 64, 1));
        assertEquals(List.of("mailbox_timeout"), types(ok(s.tick(1))));
    }

    @Test
    void successfulBindOpenPeekTapCloseEmitNothing() {
        assertTrue(ok(s.bind(1, "app:q", 0, 0)).events().isEmpty());
        int h = open(s, 1, "app:q");
        assertTrue(ok(s.open(1, "app:q", 0)).events().isEmpty());
        assertTrue(ok(s.peek(1, h)).events().isEmpty());
        assertTrue(ok(s.tap(1, h, true)).events().isEmpty());
        assertTrue(ok(s.tap(1, h, false)).events().isEmpty());
        assertTrue(ok(s.close(1, h)).events().isEmpty());
        assertTrue(ok(s.taskStart(4)).events().isEmpty());
        assertTrue(ok(s.taskExit(4)).events().isEmpty());
        assertTrue(ok(s.tick(3)).events().isEmpty());
    }

    @Test
    void errorIsLastInItsStep() {
        MailboxService m = new MailboxService(TestKit.plain(16, 16, 100, 0, 64, 4));
        bind(m, 0, "svc:a", 64, 0);
        Reply r = status(Status.NO_DESCRIPTOR, m.bind(0, "svc:b", 64, 0));
        assertEquals(List.of("mailbox_exhausted", "mailbox_error"), types(r));
        assertEquals("arena", r.events().get(0).get("reason"));
        assertEquals(64L, r.events().get(0).get("requested"));
        assertEquals(5L, r.events().get(1).get("status"));
    }

    // ------------------------------------------------------------ order within a step

    @Test
    void sendOrderIsOverrunsThenSendThenTapDropsThenWakes() {
        int d = bind(s, 0, "shared:f", 40, 0);
        int w = open(s, 1, "shared:f", Mbx.MODE_WRONLY);
        int r2 = open(s, 2, "shared:f");
        int r3 = open(s, 3, "shared:f");
        int t0 = open(s, 0, "shared:f", Mbx.MODE_TAP | Mbx.MODE_RDONLY);
        send(s, 1, w, "AAAAAAAAAA");
        send(s, 1, w, "BBBBBBBBBB");
        recv(s, 2, r2);
        recv(s, 2, r2);
        blocked(s.recv(2, r2, 64, Mbx.TIMEOUT_INFINITE));
        Reply r = ok(s.send(1, w, b("CCCCCCCCCC"), 0, 0, 0));
        assertEquals(List.of("mailbox_overrun", "mailbox_send", "mailbox_overrun", "mailbox_wake"), types(r));
        assertEquals("fanout_drop", r.events().get(0).get("reason"));
        assertEquals(1L, r.events().get(0).get("pid"));
        assertEquals("tap_drop", r.events().get(2).get("reason"));
        assertEquals(0L, r.events().get(2).get("pid"));
        assertEquals(2L, r.events().get(3).get("pid"));
        assertEquals((long) d, r.events().get(3).get("descriptor"));
        long seq = r.events().get(0).seq();
        for (int i = 0; i < r.events().size(); i++) {
            assertEquals(seq + i, r.events().get(i).seq());
        }
        assertTrue(r3 > 0 && t0 > 0);
    }

    @Test
    void rateLimitedTapCopyComesAfterTheSend() {
        MailboxService m = new MailboxService(TestKit.plain(16, 16, 4096, 1, 256, 4));
        int w = open(m, 0, "shared:f", Mbx.MODE_WRONLY);
        open(m, 0, "shared:f", Mbx.MODE_TAP | Mbx.MODE_RDONLY);
        send(m, 0, w, "a");
        assertEquals(List.of("mailbox_send", "mailbox_backpressure"), types(ok(m.send(0, w, b("b"), 0, 0, 0))));
    }

    @Test
    void sequenceNumbersStartAtZeroAndIncreaseByOne() {
        MailboxService m = new MailboxService(TestKit.plain());
        List<Event> all = new ArrayList<>();
        int h = open(m, 0, "app:q");
        all.addAll(m.recv(0, h, 64, 0).events());
        all.addAll(m.send(0, h, b("a"), 0, 0, 0).events());
        all.addAll(m.recv(0, h, 64, 0).events());
        all.addAll(m.close(0, 99).events());
        all.addAll(m.tick(7).events());
        all.addAll(m.recv(0, 99, 1, 0).events());
        assertEquals(4, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i, all.get(i).seq());
        }
        assertEquals(7L, all.get(3).timeMs());
        assertEquals(0L, all.get(2).timeMs());
    }

    // ------------------------------------------------------------ ring

    @Test
    void fullRingDropsTheOldestAndCountsTheLoss() {
        MailboxService m = new MailboxService(TestKit.plain(16, 16, 4096, 0, 3, 4));
        for (int pid = 1; pid <= 4; pid++) {
            ok(m.taskStart(pid));
        }
        int w = open(m, 0, "shared:f", Mbx.MODE_WRONLY);
        for (int pid = 1; pid <= 4; pid++) {
            blocked(m.recv(pid, open(m, pid, "shared:f"), 64, Mbx.TIMEOUT_INFINITE));
        }
        assertEquals(1, counter(m, "events_dropped"));
        Reply r = ok(m.send(0, w, b("all"), 0, 0, 0));
        assertEquals(4, r.completions().size(), "events never change behaviour");
        assertEquals(List.of("mailbox_wake", "mailbox_wake", "mailbox_wake"), types(r),
                "the step's own oldest events were dropped too");
        assertEquals(List.of(6L, 7L, 8L), r.events().stream().map(Event::seq).toList());
        assertEquals(9 - 3, counter(m, "events_dropped"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 1024})
    void eventsNeverChangeBehaviour(int ring) {
        Profile base = TestKit.plain(16, 8, 600, 2, ring, 2);
        Profile off = base.withFeatures("off", Features.ALL.without(Features.Feature.EVENTS));
        Trace a = run(new MailboxService(base), 1234);
        Trace c = run(new MailboxService(off), 1234);
        assertEquals(a.replies, c.replies);
        assertEquals(a.stats, c.stats);
        assertTrue(c.events.isEmpty(), "events feature off: no events at all");
        assertEquals(0L, c.dropped);
        // the run exercises the service, not only its error paths
        if (ring >= 16) {
            for (EventSchema.Type t : EventSchema.Type.values()) {
                assertTrue(a.events.stream().anyMatch(e -> e.type() == t), "the run emits " + t.wireName());
            }
            assertTrue(a.events.stream().filter(e -> e.type() == EventSchema.Type.MAILBOX_RECV).count() > 50);
            assertTrue(a.events.stream().filter(e -> e.type() == EventSchema.Type.MAILBOX_WAKE).count() > 5);
        }
    }

    private record Trace(List<String> replies, List<Stats> stats, List<Event> events, long dropped) {}

    /** A seeded random sequence of operations; replies without their events, stats without events_dropped. */
    private static Trace run(MailboxService m, long seed) {
        Random rnd = new Random(seed);
        String[] targets = {"app:a", "shared:b", "svc:c", "pid:1", "app:d@2", "shared:e"};
        int[] modes = {0, 0x01, 0x03, 0x18, 0x28, 0x1B, 0x13};
        int[] flags = {0, 0, 0, 1, 2, 3, 5};
        List<List<Integer>> handles = new ArrayList<>();
        for (int pid = 0; pid <= 3; pid++) {
            handles.add(new ArrayList<>());
            if (pid > 0) {
                ok(m.taskStart(pid));
            }
        }
        List<String> replies = new ArrayList<>();
        List<Stats> stats = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 2000; i++) {
            List<Integer> ready = m.stats().tasks().stream().filter(t -> t.state().equals("READY"))
                    .map(Stats.TaskInfo::pid).toList();
            int pid = ready.isEmpty() || rnd.nextInt(10) == 0 ? rnd.nextInt(4) : ready.get(rnd.nextInt(ready.size()));
            List<Integer> mine = handles.get(pid);
            int h = mine.isEmpty() || rnd.nextInt(20) == 0 ? 1 + rnd.nextInt(9) : mine.get(rnd.nextInt(mine.size()));
            int op = rnd.nextInt(100);
            Reply r;
            if (op < 2) {
                int p = 1 + rnd.nextInt(3);
                r = m.taskExit(p);
                if (r.status() == Status.OK) {
                    handles.get(p).clear();
                }
            } else if (op < 5) {
                r = m.taskStart(1 + rnd.nextInt(3));
            } else if (op < 10) {
                r = m.bind(pid, targets[rnd.nextInt(targets.length)], rnd.nextBoolean() ? 0 : 8 + rnd.nextInt(80),
                        rnd.nextBoolean() ? 0 : modes[rnd.nextInt(modes.length)]);
            } else if (op < 20) {
                r = m.open(pid, targets[rnd.nextInt(targets.length)], flags[rnd.nextInt(flags.length)]);
                if (r.status() == Status.OK) {
                    mine.add(r.handle());
                }
            } else if (op < 50) {
                r = m.send(pid, h, n(rnd.nextInt(30)), rnd.nextInt(4), rnd.nextInt(3),
                        rnd.nextInt(3) != 0 ? 0 : rnd.nextInt(200));
            } else if (op < 75) {
                r = m.recv(pid, h, rnd.nextInt(40), rnd.nextInt(3) != 0 ? 0 : rnd.nextInt(200));
            } else if (op < 78) {
                r = m.tap(pid, h, rnd.nextBoolean());
            } else if (op < 82) {
                r = m.peek(pid, h);
            } else if (op < 88) {
                r = m.close(pid, h);
                if (r.status() == Status.OK) {
                    mine.remove(Integer.valueOf(h));
                }
            } else {
                r = m.tick(now += rnd.nextInt(120));
            }
            replies.add(r.status() + " " + r.blocked() + " " + r.descriptor() + " " + r.handle() + " "
                    + r.length() + " " + r.flags() + " " + r.channel() + " " + r.srcPid() + " " + r.payload()
                    + " " + r.peek() + " " + r.completions());
            events.addAll(r.events());
            Stats st = m.stats();
            Map<String, Object> c = new LinkedHashMap<>(st.counters());
            c.remove("events_dropped");
            stats.add(new Stats(c, st.descriptors(), st.tasks()));
        }
        return new Trace(replies, stats, events, counter(m, "events_dropped"));
    }

    // ------------------------------------------------------------ event_mask

    @Test
    void eventMaskSelectsTypesAndMaskedOnesCostNothing() {
        MailboxService m = new MailboxService(TestKit.plain(16, 16, 4096, 0, 4, 4));
        int h = open(m, 0, "app:q");
        int only = EventSchema.Type.MAILBOX_ERROR.bit();
        assertEquals(List.of(), ok(m.eventMask(0, only)).events());
        for (int i = 0; i < 10; i++) {
            assertEquals(List.of(), ok(m.send(0, h, b("x"), 0, 0, 0)).events());
            assertEquals(List.of(), recv(m, 0, h).events());
        }
        assertEquals(0L, counter(m, "events_dropped"), "masked events are not counted as dropped");
        assertEquals(List.of("mailbox_error"), types(status(Status.INVALID_HANDLE, m.close(0, 99))));
        assertEquals(0, m.close(0, 99).events().get(0).seq() - 1, "seq counts emitted events only");
        ok(m.eventMask(0, EventSchema.ALL_TYPES));
        assertEquals(List.of("mailbox_send"), types(ok(m.send(0, h, b("x"), 0, 0, 0))));
    }

    @Test
    void eventMaskIsForPidZeroWithKnownBitsOnly() {
        Reply r = status(Status.PERMISSION_DENIED, s.eventMask(1, 0));
        assertEquals("event_mask", only(r, EventSchema.Type.MAILBOX_ERROR).get("fn"));
        status(Status.INVALID_ARGUMENT, s.eventMask(7, 0));
        status(Status.INVALID_ARGUMENT, s.eventMask(0, 0x200));
        assertEquals(EventSchema.ALL_TYPES, s.eventMask());
        MailboxService off = new MailboxService(TestKit.plain().withFeatures("off",
                Features.ALL.without(Features.Feature.EVENTS)));
        status(Status.INVALID_ARGUMENT, off.eventMask(0, 0));
    }
}

package org.hsxmbx.model;

import static org.hsxmbx.model.TestKit.assertError;
import static org.hsxmbx.model.TestKit.b;
import static org.hsxmbx.model.TestKit.bind;
import static org.hsxmbx.model.TestKit.blocked;
import static org.hsxmbx.model.TestKit.counter;
import static org.hsxmbx.model.TestKit.n;
import static org.hsxmbx.model.TestKit.num;
import static org.hsxmbx.model.TestKit.ok;
import static org.hsxmbx.model.TestKit.only;
import static org.hsxmbx.model.TestKit.open;
import static org.hsxmbx.model.TestKit.peek;
import static org.hsxmbx.model.TestKit.recv;
import static org.hsxmbx.model.TestKit.send;
import static org.hsxmbx.model.TestKit.snap;
import static org.hsxmbx.model.TestKit.status;
import static org.hsxmbx.model.TestKit.text;
import static org.hsxmbx.model.TestKit.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract section 6: taps (and decisions.md "Taps"). */
class TapsTest {
    private static final int TAP_RO = Mbx.MODE_TAP | Mbx.MODE_RDONLY;
    private MailboxService s;

    @BeforeEach
    void setUp() {
        s = new MailboxService(TestKit.plain());
        for (int pid = 1; pid <= 3; pid++) {
            ok(s.taskStart(pid));
        }
    }

    /** Tap recv until NO_DATA; texts in order. */
    private List<String> drain(MailboxService m, int pid, int h) {
        List<String> out = new ArrayList<>();
        while (true) {
            Reply r = m.recv(pid, h, 0xFFFF, 0);
            if (r.status() == Status.NO_DATA) {
                return out;
            }
            ok(r);
            out.add(text(r));
        }
    }

    @Test
    void tapGetsACopyOfEveryQueuedMessageWithoutConsumingIt() {
        int d = bind(s, 0, "app:q", 64, 0);
        int w = open(s, 1, "app:q");
        int t = open(s, 2, "app:q", TAP_RO);
        ok(s.send(1, w, b("hello"), Mbx.MSG_STDOUT, 3, 0));
        Reply c = recv(s, 2, t);
        assertEquals("hello", text(c));
        assertEquals(Mbx.MSG_STDOUT, c.flags());
        assertEquals(3, c.channel());
        assertEquals(1, c.srcPid());
        assertEquals(List.of("mailbox_recv"), types(c));
        assertEquals(1, snap(s, d).depth(), "the reader still has it");
        assertEquals("hello", text(recv(s, 1, w)));
    }

    @Test
    void tapRecvNeverBlocks() {
        bind(s, 0, "app:q", 64, 0);
        int t = open(s, 2, "app:q", TAP_RO);
        Reply r = status(Status.NO_DATA, s.recv(2, t, 64, Mbx.TIMEOUT_INFINITE));
        assertTrue(r.events().isEmpty());
        assertEquals("READY", TestKit.task(s, 2).state());
        assertEquals(0, counter(s, "waiter_count"));
    }

    @Test
    void enablingOnAnOpenHandleMakesItATap() {
        int w = open(s, 1, "app:q");
        int t = open(s, 2, "app:q");
        ok(s.tap(2, t, true));
        send(s, 1, w, "x");
        assertEquals("x", text(recv(s, 2, t)));
        assertEquals("x", text(recv(s, 1, w)), "the tap did not consume it");
        ok(s.tap(2, t, false));
        send(s, 1, w, "y");
        assertEquals("y", text(recv(s, 2, t)), "a disabled tap reads the queue again");
    }

    @Test
    void tapOverflowDropsItsOldestCopiesAndCarriesOverrun() {
        bind(s, 0, "app:q", 40, 0);
        int w = open(s, 1, "app:q");
        int t = open(s, 2, "app:q", TAP_RO);
        send(s, 1, w, "AAAAAAAAAA");
        recv(s, 1, w);
        send(s, 1, w, "BBBBBBBBBB");
        recv(s, 1, w);
        Reply r = ok(s.send(1, w, b("CCCCCCCCCC"), Mbx.MSG_OOB, 0, 0));
        assertEquals(List.of("mailbox_send", "mailbox_overrun"), types(r));
        Event ov = r.events().get(1);
        assertEquals("tap_drop", ov.get("reason"));
        assertEquals(2L, num(ov, "pid"), "pid = the tap's pid");
        assertEquals(0L, num(ov, "dropped_seq"));
        assertEquals(10L, num(ov, "dropped_length"));
        assertEquals(1L, num(ov, "queue_depth"), "the tap's backlog after the drop");
        Reply c1 = recv(s, 2, t);
        assertEquals("BBBBBBBBBB", text(c1));
        assertEquals(Mbx.MSG_OVERRUN, c1.flags());
        Reply c2 = recv(s, 2, t);
        assertEquals("CCCCCCCCCC", text(c2));
        assertEquals(Mbx.MSG_OOB, c2.flags());
        status(Status.NO_DATA, s.recv(2, t, 64, 0));
    }

    @Test
    void copyLargerThanTheTapBufferIsDroppedWithOverrun() {
        int d = bind(s, 0, "app:q", 40, 0);
        int w = open(s, 1, "app:q");
        int t = open(s, 2, "app:q", TAP_RO);
        send(s, 1, w, "small");
        ok(s.bind(0, "app:q", 100, 0)); // tap buffers keep their size (40)
        Reply r = ok(s.send(1, w, n(40), 0, 0, 0)); // cost 48 > 40
        Event ov = only(r, EventSchema.Type.MAILBOX_OVERRUN);
        assertEquals("tap_drop", ov.get("reason"));
        assertEquals(1L, num(ov, "dropped_seq"), "the copy itself");
        assertEquals(40L, num(ov, "dropped_length"));
        assertEquals(1L, num(ov, "queue_depth"), "the older copy is kept");
        Stats.TapSnapshot ts = snap(s, d).taps().get(0);
        assertEquals(new Stats.TapSnapshot(2, t, 1, 13), ts);
        Reply c = recv(s, 2, t);
        assertEquals("small", text(c));
        assertEquals(Mbx.MSG_OVERRUN, c.flags());
    }

    @Test
    void tapsNeverBlockSenders() {
        bind(s, 0, "app:q", 20, 0);
        int w = open(s, 1, "app:q");
        int t = open(s, 2, "app:q", TAP_RO);
        for (int i = 0; i < 10; i++) {
            send(s, 1, w, "m" + i);
            assertEquals("m" + i, text(recv(s, 1, w)));
        }
        // the tap buffer (20 bytes) holds only the last two copies
        assertEquals(List.of("m8", "m9"), drain(s, 2, t));
    }

    @Test
    void tapsNeverHoldBackFanoutReclamation() {
        int d = bind(s, 0, "shared:f", 40, 0);
        int w = open(s, 1, "shared:f", Mbx.MODE_WRONLY);
        int r = open(s, 3, "shared:f");
        int t = open(s, 2, "shared:f", TAP_RO);
        send(s, 1, w, "x");
        recv(s, 3, r);
        assertEquals(0, snap(s, d).depth());
        assertEquals("x", text(recv(s, 2, t)));
    }

    @Test
    void fanoutWithOnlyATapKeepsNothingButTheTapGetsCopies() {
        int d = bind(s, 0, "shared:f", 40, 0);
        int w = open(s, 1, "shared:f", Mbx.MODE_WRONLY);
        int t = open(s, 2, "shared:f", TAP_RO);
        send(s, 1, w, "a");
        send(s, 1, w, "b");
        assertEquals(0, snap(s, d).depth());
        assertEquals(List.of("a", "b"), drain(s, 2, t));
    }

    @Test
    void enablingATapReleasesWhatTheHandleHeldBackAsAReader() {
        int d = bind(s, 0, "shared:f", 40, 0);
        int w = open(s, 1, "shared:f", Mbx.MODE_WRONLY);
        int r = open(s, 3, "shared:f");
        int t = open(s, 2, "shared:f");
        send(s, 1, w, "x");
        recv(s, 3, r);
        assertEquals(1, snap(s, d).depth());
        ok(s.tap(2, t, true));
        assertEquals(0, snap(s, d).depth());
        status(Status.NO_DATA, s.recv(2, t, 64, 0));
    }

    @Test
    void disabledTapBecomesAReaderAtNextSeqMinusOne() {
        int d = bind(s, 0, "shared:f", 40, 0);
        int w = open(s, 1, "shared:f", Mbx.MODE_WRONLY);
        int r = open(s, 3, "shared:f");
        int t = open(s, 2, "shared:f", TAP_RO);
        send(s, 1, w, "old");
        ok(s.tap(2, t, false));
        status(Status.NO_DATA, s.recv(2, t, 64, 0));
        send(s, 1, w, "new");
        recv(s, 3, r);
        recv(s, 3, r);
        assertEquals(1, snap(s, d).depth(), "the former tap is a reader now");
        assertEquals("new", text(recv(s, 2, t)));
    }

    @Test
    void tapsAreNeverInWaitLists() {
        bind(s, 0, "app:q", 64, 0);
        int t = open(s, 2, "app:q", TAP_RO);
        status(Status.NO_DATA, s.recv(2, t, 64, 100));
        assertEquals(0, snap(s, 1).waiters());
        assertTrue(s.tick(1000).completions().isEmpty());
    }

    @Test
    void enablingNeedsReadAccess() {
        bind(s, 0, "app:q", 64, 0);
        int wo = open(s, 1, "app:q", Mbx.MODE_WRONLY);
        assertError(status(Status.PERMISSION_DENIED, s.tap(1, wo, true)), 1, "tap", Status.PERMISSION_DENIED);
        assertError(status(Status.PERMISSION_DENIED, s.open(1, "app:q", Mbx.MODE_TAP | Mbx.MODE_WRONLY)), 1,
                "open", Status.PERMISSION_DENIED);
        assertEquals(0, counter(s, "tap_count"));
    }

    @Test
    void tapPoolExhaustion() {
        MailboxService m = new MailboxService(TestKit.plain(16, 16, 4096, 0, 64, 1));
        int d = bind(m, 0, "app:q", 40, 0);
        open(m, 0, "app:q", TAP_RO);
        int h = open(m, 0, "app:q");
        Stats before = m.stats();
        Reply r = status(Status.NO_DESCRIPTOR, m.tap(0, h, true));
        assertEquals(List.of("mailbox_exhausted", "mailbox_error"), types(r));
        Event ex = r.events().get(0);
        assertEquals("tap_pool", ex.get("reason"));
        assertEquals((long) d, num(ex, "descriptor"));
        assertEquals(1L, num(ex, "requested"));
        assertEquals(before, m.stats());
        Reply o = status(Status.NO_DESCRIPTOR, m.open(0, "app:q", TAP_RO));
        assertEquals("tap_pool", o.events().get(0).get("reason"));
    }

    @Test
    void tapArenaExhaustion() {
        MailboxService m = new MailboxService(TestKit.plain(16, 16, 100, 0, 64, 4));
        int d = bind(m, 0, "app:q", 60, 0);
        int h = open(m, 0, "app:q");
        Reply r = status(Status.NO_DESCRIPTOR, m.tap(0, h, true));
        Event ex = r.events().get(0);
        assertEquals("arena", ex.get("reason"));
        assertEquals((long) d, num(ex, "descriptor"));
        assertEquals(60L, num(ex, "requested"));
        assertEquals(60, counter(m, "arena_used"));
        ok(m.bind(0, "app:q", 50, 0));
        ok(m.tap(0, h, true));
        assertEquals(100, counter(m, "arena_used"));
    }

    @Test
    void openingATapOnANewDescriptorNeedsArenaForBoth() {
        MailboxService m = new MailboxService(TestKit.plain(16, 16, 127, 0, 64, 4));
        Reply r = status(Status.NO_DESCRIPTOR, m.open(0, "app:q", TAP_RO));
        assertEquals("arena", r.events().get(0).get("reason"));
        assertEquals(0L, r.events().get(0).get("descriptor"));
        // model's choice: requested is the tap buffer's size, not descriptor + tap buffer (128)
        assertEquals(64L, r.events().get(0).get("requested"));
        assertEquals(0, counter(m, "active_descriptors"));
        MailboxService m2 = new MailboxService(TestKit.plain(16, 16, 128, 0, 64, 4));
        open(m2, 0, "app:q", TAP_RO);
        assertEquals(128, counter(m2, "arena_used"));
    }

    @Test
    void disableClearsThePendingTapOverrun() {
        bind(s, 0, "app:q", 20, 0);
        int w = open(s, 1, "app:q");
        int t = open(s, 2, "app:q", TAP_RO);
        for (int i = 0; i < 3; i++) {
            send(s, 1, w, "m" + i);
            recv(s, 1, w);
        }
        ok(s.tap(2, t, false));
        ok(s.tap(2, t, true));
        send(s, 1, w, "z");
        Reply c = recv(s, 2, t);
        assertEquals("z", text(c));
        assertEquals(0, c.flags());
    }

    @Test
    void peekOnATapReportsTheDescriptorsFigures() {
        bind(s, 0, "shared:f", 40, 0);
        int w = open(s, 1, "shared:f", Mbx.MODE_WRONLY);
        int r = open(s, 3, "shared:f");
        int t = open(s, 2, "shared:f", TAP_RO);
        send(s, 1, w, "aa");
        send(s, 1, w, "bbbb");
        recv(s, 2, t);
        recv(s, 2, t);
        Peek p = peek(s, 2, t);
        assertEquals(new Peek(2, 22, 2, 40, 0L, 2L, 0x1B), p);
        assertEquals(p, peek(s, 3, r));
    }

    @Test
    void statsCountTapsAndTheirBacklog() {
        int d = bind(s, 0, "app:q", 64, 0);
        int w = open(s, 1, "app:q");
        int t3 = open(s, 3, "app:q", TAP_RO);
        int t2 = open(s, 2, "app:q", TAP_RO);
        send(s, 1, w, "abc");
        send(s, 1, w, "de");
        recv(s, 3, t3);
        assertEquals(2, counter(s, "tap_count"));
        assertEquals(3, counter(s, "tap_queue_depth"));
        assertEquals(List.of(new Stats.TapSnapshot(2, t2, 2, 21), new Stats.TapSnapshot(3, t3, 1, 10)),
                snap(s, d).taps());
    }

    @Test
    void zeroLengthSendMakesNoTapCopy() {
        bind(s, 0, "app:q", 64, 0);
        int w = open(s, 1, "app:q");
        int t = open(s, 2, "app:q", TAP_RO);
        ok(s.send(1, w, Bytes.EMPTY, 0, 0, 0));
        status(Status.NO_DATA, s.recv(2, t, 64, 0));
    }

    @Test
    void blockedSendCopiesToTheTapWhenItIsQueued() {
        bind(s, 0, "app:q", 20, 0);
        int w = open(s, 1, "app:q");
        int t = open(s, 2, "app:q", TAP_RO);
        send(s, 1, w, "first");
        blocked(s.send(3, open(s, 3, "app:q"), b("later"), 0, 0, Mbx.TIMEOUT_INFINITE));
        assertEquals(List.of("first"), drain(s, 2, t));
        recv(s, 1, w);
        assertEquals(List.of("later"), drain(s, 2, t));
    }

    @Test
    void tapsFeatureOffRejectsTaps() {
        MailboxService m = new MailboxService(TestKit.plain().withFeatures("notaps",
                Features.ALL.without(Features.Feature.TAPS)));
        int h = open(m, 0, "app:q");
        status(Status.INVALID_ARGUMENT, m.tap(0, h, true));
        status(Status.INVALID_ARGUMENT, m.open(0, "app:q", TAP_RO));
    }

    @Test
    void rateLimitAcceptsAtMostRCopiesPerWindow() {
        MailboxService m = new MailboxService(TestKit.plain(16, 16, 4096, 2, 256, 4));
        ok(m.taskStart(1));
        ok(m.taskStart(2));
        bind(m, 0, "shared:f", 64, 0);
        int w = open(m, 1, "shared:f", Mbx.MODE_WRONLY);
        int t = open(m, 2, "shared:f", TAP_RO);
        send(m, 1, w, "1");
        send(m, 1, w, "2");
        Reply r3 = ok(m.send(1, w, b("3"), 0, 0, 0));
        assertEquals(List.of("mailbox_send", "mailbox_backpressure"), types(r3));
        Event bp = r3.events().get(1);
        assertEquals("tap_rate_limit", bp.get("policy"));
        assertEquals(2L, num(bp, "pid"));
        assertEquals(64L, num(bp, "capacity"), "the tap buffer's capacity");
        assertEquals(18L, num(bp, "bytes_used"), "the tap's backlog bytes");
        assertEquals(9L, num(bp, "requested"));
        ok(m.tick(999));
        send(m, 1, w, "4"); // dropped: the window started at 0
        ok(m.tick(1000));
        send(m, 1, w, "5"); // new window from 1000
        send(m, 1, w, "6");
        send(m, 1, w, "7"); // dropped
        Reply first = ok(m.recv(2, t, 64, 0));
        assertEquals("1", text(first));
        assertEquals(Mbx.MSG_OVERRUN, first.flags());
        assertEquals(List.of("2", "5", "6"), drain(m, 2, t));
        ok(m.tick(2500));
        send(m, 1, w, "8"); // the window starts at the first copy after expiry: 2500
        ok(m.tick(3400));
        send(m, 1, w, "9");
        ok(m.tick(3450));
        send(m, 1, w, "10"); // dropped: 2 copies since 2500
        ok(m.tick(3500));
        send(m, 1, w, "11");
        assertEquals(List.of("8", "9", "11"), drain(m, 2, t));
    }

    @Test
    void rateLimitIsPerTap() {
        MailboxService m = new MailboxService(TestKit.plain(16, 16, 4096, 1, 256, 4));
        ok(m.taskStart(1));
        bind(m, 0, "shared:f", 64, 0);
        int w = open(m, 1, "shared:f", Mbx.MODE_WRONLY);
        int t1 = open(m, 0, "shared:f", TAP_RO);
        send(m, 1, w, "a");
        int t2 = open(m, 1, "shared:f", TAP_RO);
        Reply r = ok(m.send(1, w, b("b"), 0, 0, 0));
        assertEquals(List.of("mailbox_send", "mailbox_backpressure"), types(r));
        assertEquals(0L, num(r.events().get(1), "pid"));
        assertEquals(List.of("a"), drain(m, 0, t1));
        assertEquals(List.of("b"), drain(m, 1, t2));
    }
}

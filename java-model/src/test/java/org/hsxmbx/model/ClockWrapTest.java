package org.hsxmbx.model;

import static org.hsxmbx.model.TestKit.b;
import static org.hsxmbx.model.TestKit.bind;
import static org.hsxmbx.model.TestKit.blocked;
import static org.hsxmbx.model.TestKit.num;
import static org.hsxmbx.model.TestKit.ok;
import static org.hsxmbx.model.TestKit.only;
import static org.hsxmbx.model.TestKit.open;
import static org.hsxmbx.model.TestKit.status;
import static org.hsxmbx.model.TestKit.text;
import static org.hsxmbx.model.TestKit.types;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract sections 4-6: the 32-bit clock wraps and nothing notices (serial arithmetic). */
class ClockWrapTest {
    private static final long TOP = 0xFFFFFFFFL;
    private MailboxService s;
    private final int[] h = new int[6];

    @BeforeEach
    void setUp() {
        s = new MailboxService(TestKit.plain());
        for (int pid = 1; pid <= 5; pid++) {
            ok(s.taskStart(pid));
            h[pid] = open(s, pid, "app:q");
        }
    }

    /** Moves the clock to {@code to} in steps a tick may take (at most 2^31 - 1 ms). */
    private void clockTo(long to) {
        ok(s.tick(0x7FFFFFFFL));
        ok(s.tick(0xFFFFFF00L));
        ok(s.tick(to));
    }

    private static List<Integer> pids(Reply r) {
        return r.completions().stream().map(Completion::pid).toList();
    }

    @Test
    void aWaitThatStraddlesTheWrapLastsItsWholeTimeout() {
        clockTo(0xFFFFFF00L);
        Reply r = blocked(s.recv(1, h[1], 64, 1000));
        assertEquals(0x2E8, num(only(r, EventSchema.Type.MAILBOX_WAIT), "deadline"));
        assertEquals(List.of(), ok(s.tick(TOP)).completions(), "not expired 745 ms early");
        assertEquals(List.of(), ok(s.tick(0)).completions(), "a tick after the wrap is accepted");
        assertEquals(List.of(), ok(s.tick(0x2E7)).completions());
        assertEquals(List.of(1), pids(ok(s.tick(0x2E8))));
    }

    @Test
    void aWaitBegunAtTheTopOfTheClockDoesNotExpireAtTheNextTick() {
        clockTo(TOP);
        Reply r = blocked(s.recv(1, h[1], 64, 5));
        assertEquals(4, num(only(r, EventSchema.Type.MAILBOX_WAIT), "deadline"));
        assertEquals(List.of(), ok(s.tick(TOP)).completions());
        assertEquals(List.of(), ok(s.tick(3)).completions());
        assertEquals(List.of(1), pids(ok(s.tick(4))));
    }

    @Test
    void deadlinesOnBothSidesOfTheWrapExpireInSerialOrderTiesByWaitOrder() {
        clockTo(0xFFFFFFF0L);
        blocked(s.recv(1, h[1], 64, 10)); // 0xFFFFFFFA
        blocked(s.recv(2, h[2], 64, 30)); // 14
        ok(s.tick(0xFFFFFFF5L));
        blocked(s.recv(3, h[3], 64, 5)); // 0xFFFFFFFA, tie with 1
        blocked(s.recv(4, h[4], 64, 25)); // 14, tie with 2
        blocked(s.recv(5, h[5], 64, 20)); // 9
        assertEquals(List.of(1, 3, 5, 2, 4), pids(ok(s.tick(20))));
    }

    @Test
    void aTickBehindThePreviousOneAfterTheWrapIsRejectedAndChangesNothing() {
        clockTo(0xFFFFFFF0L);
        ok(s.tick(16));
        blocked(s.recv(1, h[1], 64, 50));
        Reply r = status(Status.INVALID_ARGUMENT, s.tick(0xFFFFFFF8L));
        assertEquals(List.of("mailbox_error"), types(r));
        status(Status.INVALID_ARGUMENT, s.tick(16 + 0x80000000L)); // half the clock ahead: behind
        status(Status.INVALID_ARGUMENT, s.tick(TOP + 1));
        assertEquals(16, s.now());
        assertEquals(List.of(), ok(s.tick(65)).completions());
        assertEquals(List.of(1), pids(ok(s.tick(65 + 0x7FFFFFFFL))));
    }

    @Test
    void aTapRateWindowAcrossTheWrapEndsAfter1000MsAndAnIdleWindowNeverGoesStale() {
        s = new MailboxService(TestKit.plain(16, 16, 4096, 1, 256, 4));
        ok(s.taskStart(1));
        bind(s, 0, "app:r", 256, 0);
        int tap = open(s, 1, "app:r", Mbx.MODE_RDONLY | Mbx.MODE_TAP);
        int w = open(s, 0, "app:r");
        ok(s.tick(0x7FFFFFFFL));
        ok(s.tick(0xFFFFFE00L));
        ok(s.send(0, w, b("1"), 0, 0, 0));
        ok(s.tick(0x1E7)); // 999 ms into the window
        assertEquals(List.of("mailbox_send", "mailbox_backpressure"), types(ok(s.send(0, w, b("2"), 0, 0, 0))));
        ok(s.tick(0x1E8));
        assertEquals(List.of("mailbox_send"), types(ok(s.send(0, w, b("3"), 0, 0, 0))));
        // idle for 0xFFFFFFFE ms: serial arithmetic alone would put the window's start 2 ms ahead
        ok(s.tick(0x1E8 + 0x7FFFFFFFL));
        ok(s.tick(0x1E6));
        assertEquals(List.of("mailbox_send"), types(ok(s.send(0, w, b("4"), 0, 0, 0))));
        assertEquals("1", text(ok(s.recv(1, tap, 64, 0))));
        assertEquals("3", text(ok(s.recv(1, tap, 64, 0))));
        assertEquals("4", text(ok(s.recv(1, tap, 64, 0))));
    }
}

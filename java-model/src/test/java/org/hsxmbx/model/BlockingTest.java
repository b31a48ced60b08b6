package org.hsxmbx.model;

import static org.hsxmbx.model.TestKit.assertCompletion;
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
import static org.hsxmbx.model.TestKit.recv;
import static org.hsxmbx.model.TestKit.send;
import static org.hsxmbx.model.TestKit.snap;
import static org.hsxmbx.model.TestKit.status;
import static org.hsxmbx.model.TestKit.task;
import static org.hsxmbx.model.TestKit.text;
import static org.hsxmbx.model.TestKit.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract section 5: blocking, wake, timeouts, counters and task states (decisions.md "Blocking and wake"). */
class BlockingTest {
    private MailboxService s;
    private final int[] h = new int[5];
    private int d;

    @BeforeEach
    void setUp() {
        s = new MailboxService(TestKit.plain());
        for (int pid = 1; pid <= 4; pid++) {
            ok(s.taskStart(pid));
        }
    }

    /** Every task 1..4 opens target; handle ids in h[pid]. */
    private void openAll(String target, int capacity, int mode) {
        d = bind(s, 0, target, capacity, mode);
        for (int pid = 1; pid <= 4; pid++) {
            h[pid] = open(s, pid, target);
        }
    }

    private static List<Integer> pids(Reply r) {
        return r.completions().stream().map(Completion::pid).toList();
    }

    // ------------------------------------------------------------ shrink below a blocked sender

    @Test
    void aShrinkBelowABlockedSendersMessageCompletesItWithMsgTooLargeAndTheMailboxGoesOn() {
        openAll("app:q", 64, 0);
        send(s, 1, h[1], n(40));
        blocked(s.send(2, h[2], n(30), 0, 0, Mbx.TIMEOUT_INFINITE));
        blocked(s.send(3, h[3], n(4), 0, 0, Mbx.TIMEOUT_INFINITE));
        Reply r = ok(s.bind(0, "app:q", 32, 0));
        assertEquals(List.of(2, 3), pids(r));
        assertCompletion(r.completions().get(0), 2, h[2], Completion.Kind.SEND, Status.MSG_TOO_LARGE);
        assertEquals(0, r.completions().get(0).length());
        assertCompletion(r.completions().get(1), 3, h[3], Completion.Kind.SEND, Status.OK);
        assertEquals(List.of("mailbox_overrun", "mailbox_wake", "mailbox_send", "mailbox_wake"), types(r));
        assertEquals(1, task(s, 2).mailboxWake());
        send(s, 1, h[1], "later");
    }

    @Test
    void aShrinkFailsEverySenderThatCanNeverFitInFifoOrderAndKeepsTheOthers() {
        openAll("app:q", 64, 0);
        send(s, 1, h[1], n(30));
        blocked(s.send(2, h[2], n(20), 0, 0, Mbx.TIMEOUT_INFINITE));
        blocked(s.send(3, h[3], n(50), 0, 0, 100));
        blocked(s.send(4, h[4], n(36), 0, 0, Mbx.TIMEOUT_INFINITE));
        Reply r = ok(s.bind(0, "app:q", 40, 0));
        assertEquals(List.of(3, 4), pids(r));
        assertEquals(1L, counter(s, "waiter_count"));
        assertEquals(List.of(), ok(s.tick(100)).completions());
        assertEquals(List.of(2), pids(ok(s.recv(1, h[1], 64, 0))));
    }

    // ------------------------------------------------------------ receivers

    @Test
    void singleReaderWakesTheOldestWaiterPerMessage() {
        openAll("app:q", 64, 0);
        blocked(s.recv(2, h[2], 64, Mbx.TIMEOUT_INFINITE));
        blocked(s.recv(3, h[3], 64, Mbx.TIMEOUT_INFINITE));
        blocked(s.recv(1, h[1], 64, Mbx.TIMEOUT_INFINITE));
        assertEquals(3, counter(s, "waiter_count"));
        assertEquals(3, snap(s, d).waiters());

        Reply r = ok(s.send(4, h[4], b("a"), Mbx.MSG_OOB, 9, 0));
        assertEquals(List.of(2), pids(r));
        Completion c = r.completions().get(0);
        assertCompletion(c, 2, h[2], Completion.Kind.RECV, Status.OK);
        assertEquals(1, c.length());
        assertEquals(Mbx.MSG_OOB, c.flags());
        assertEquals(9, c.channel());
        assertEquals(4, c.srcPid());
        assertEquals(b("a"), c.payload());
        assertEquals(List.of("mailbox_send", "mailbox_wake"), types(r));
        assertEquals(0, snap(s, d).depth(), "the woken receiver consumed it");

        assertEquals(List.of(3), pids(ok(s.send(4, h[4], b("b"), 0, 0, 0))));
        assertEquals(List.of(1), pids(ok(s.send(4, h[4], b("c"), 0, 0, 0))));
        assertEquals(0, counter(s, "waiter_count"));
        send(s, 4, h[4], "d");
        assertEquals(1, snap(s, d).depth(), "no one left waiting");
    }

    @Test
    void fanoutWakesEveryWaitingReaderInFifoOrder() {
        openAll("shared:f", 64, 0);
        blocked(s.recv(3, h[3], 64, Mbx.TIMEOUT_INFINITE));
        blocked(s.recv(1, h[1], 64, 100));
        blocked(s.recv(2, h[2], 64, Mbx.TIMEOUT_INFINITE));
        Reply r = ok(s.send(4, h[4], b("all"), 0, 0, 0));
        assertEquals(List.of(3, 1, 2), pids(r));
        for (Completion c : r.completions()) {
            assertEquals(b("all"), c.payload());
            assertEquals(Status.OK, c.status());
        }
        assertEquals(List.of("mailbox_send", "mailbox_wake", "mailbox_wake", "mailbox_wake"), types(r));
        assertEquals(0, snap(s, d).depth(), "every reader read it: reclaimed");
    }

    @Test
    void blockedReceiveKeepsItsMaxLen() {
        openAll("app:q", 64, 0);
        blocked(s.recv(1, h[1], 2, Mbx.TIMEOUT_INFINITE));
        Completion c = ok(s.send(2, h[2], b("hello"), 0, 0, 0)).completions().get(0);
        assertEquals(2, c.length());
        assertEquals(b("he"), c.payload());
        assertEquals(Mbx.MSG_TRUNCATED, c.flags());
    }

    // ------------------------------------------------------------ senders

    @Test
    void blockedSenderCompletesWhenSpaceIsFreed() {
        openAll("app:q", 40, 0);
        send(s, 1, h[1], "0123456789");
        send(s, 1, h[1], "0123456789");
        Reply b1 = blocked(s.send(2, h[2], b("abc"), Mbx.MSG_STDOUT, 5, 200));
        assertEquals(List.of("mailbox_backpressure", "mailbox_wait"), types(b1));
        Event w = b1.events().get(1);
        assertEquals(200L, num(w, "timeout"));
        assertEquals(200L, num(w, "deadline"));
        assertEquals("WAIT_MBX", task(s, 2).state());

        Reply r = recv(s, 3, h[3]);
        assertEquals(List.of("mailbox_recv", "mailbox_send", "mailbox_wake"), types(r));
        Completion c = r.completions().get(0);
        assertCompletion(c, 2, h[2], Completion.Kind.SEND, Status.OK);
        assertEquals(3, c.length());
        assertEquals(Mbx.MSG_STDOUT, c.flags());
        assertEquals(5, c.channel());
        assertEquals(2, c.srcPid());
        assertEquals(Bytes.EMPTY, c.payload());
        assertEquals("READY", task(s, 2).state());
        assertEquals(2, snap(s, d).depth());
        recv(s, 3, h[3]);
        Reply last = recv(s, 3, h[3]);
        assertEquals("abc", text(last));
        assertEquals(Mbx.MSG_STDOUT, last.flags());
        assertEquals(5, last.channel());
    }

    @Test
    void blockedSendersAreRetriedFifoStoppingAtTheFirstThatDoesNotFit() {
        openAll("app:q", 60, 0);
        send(s, 1, h[1], "AAAAAAAAAAAA"); // 20
        send(s, 1, h[1], "BBBBBBBBBBBB"); // 40
        send(s, 1, h[1], "CCCCCCCCCCCC"); // 60: full
        blocked(s.send(2, h[2], n(30), 0, 0, Mbx.TIMEOUT_INFINITE)); // needs 38
        blocked(s.send(3, h[3], n(2), 0, 0, Mbx.TIMEOUT_INFINITE)); // needs 10
        // 20 free: pid 2 does not fit, so pid 3 (which would) waits behind it
        Reply r1 = recv(s, 4, h[4]);
        assertTrue(r1.completions().isEmpty(), () -> "" + r1.completions());
        // a new sender may not overtake the blocked ones either
        Reply wb = status(Status.WOULDBLOCK, s.send(1, h[1], n(1), 0, 0, 0));
        assertEquals("single", only(wb, EventSchema.Type.MAILBOX_BACKPRESSURE).get("policy"));
        // 40 free: pid 2 fits (58 used), pid 3 then does not
        assertEquals(List.of(2), pids(recv(s, 4, h[4])));
        // C leaves: 38 used, pid 3 fits
        assertEquals(List.of(3), pids(recv(s, 4, h[4])));
        assertEquals(n(30), recv(s, 4, h[4]).payload());
        assertEquals(n(2), recv(s, 4, h[4]).payload());
    }

    @Test
    void severalBlockedSendersCanCompleteInOneStep() {
        openAll("app:q", 60, 0);
        send(s, 1, h[1], n(44)); // 52
        blocked(s.send(2, h[2], n(2), 0, 0, Mbx.TIMEOUT_INFINITE));
        blocked(s.send(3, h[3], n(2), 0, 0, Mbx.TIMEOUT_INFINITE));
        blocked(s.send(1, h[1], n(42), 0, 0, Mbx.TIMEOUT_INFINITE));
        Reply r = recv(s, 4, h[4]);
        assertEquals(List.of(2, 3), pids(r));
        assertEquals(List.of("mailbox_recv", "mailbox_send", "mailbox_wake", "mailbox_send", "mailbox_wake"),
                types(r));
        assertEquals("WAIT_MBX", task(s, 1).state());
    }

    // ------------------------------------------------------------ timeouts

    @Test
    void timeoutsCompleteInDeadlineOrderTiesByWaitOrder() {
        openAll("app:q", 64, 0);
        blocked(s.recv(1, h[1], 64, 100)); // deadline 100
        blocked(s.recv(2, h[2], 64, 50)); // deadline 50, began before pid 3
        ok(s.tick(10));
        blocked(s.recv(3, h[3], 64, 40)); // deadline 50
        blocked(s.recv(4, h[4], 64, Mbx.TIMEOUT_INFINITE));
        assertTrue(s.tick(49).completions().isEmpty());
        Reply r = ok(s.tick(100));
        assertEquals(List.of(2, 3, 1), pids(r));
        for (Completion c : r.completions()) {
            assertEquals(Status.TIMEOUT, c.status());
            assertEquals(Completion.Kind.RECV, c.kind());
            assertEquals(0, c.length());
            assertEquals(0, c.srcPid());
            assertEquals(Bytes.EMPTY, c.payload());
        }
        assertEquals(List.of("mailbox_timeout", "mailbox_timeout", "mailbox_timeout"), types(r));
        assertEquals((long) Status.TIMEOUT.code(), num(r.events().get(0), "status"));
        assertEquals(100L, r.events().get(0).timeMs());
        assertEquals("WAIT_MBX", task(s, 4).state());
        assertEquals("READY", task(s, 1).state());
    }

    @Test
    void deadlineEqualToNowExpires() {
        openAll("app:q", 64, 0);
        blocked(s.recv(1, h[1], 64, 50));
        assertTrue(s.tick(49).completions().isEmpty());
        assertEquals(List.of(1), pids(ok(s.tick(50))));
    }

    @Test
    void infiniteNeverTimesOut() {
        openAll("app:q", 64, 0);
        Reply r = blocked(s.recv(1, h[1], 64, Mbx.TIMEOUT_INFINITE));
        Event w = only(r, EventSchema.Type.MAILBOX_WAIT);
        assertEquals(0xFFFFL, num(w, "timeout"));
        assertEquals(0xFFFFFFFFL, num(w, "deadline"));
        assertTrue(s.tick(0xFFFFFFFFL).completions().isEmpty());
        assertEquals("WAIT_MBX", task(s, 1).state());
    }

    @Test
    void deadlineIsNowPlusTimeout() {
        openAll("app:q", 64, 0);
        ok(s.tick(1000));
        Event w = only(blocked(s.recv(1, h[1], 64, 0xFFFE)), EventSchema.Type.MAILBOX_WAIT);
        assertEquals(1000L + 0xFFFE, num(w, "deadline"));
        assertEquals(1000L, w.timeMs());
        assertTrue(s.tick(1000L + 0xFFFD).completions().isEmpty());
        assertEquals(List.of(1), pids(ok(s.tick(1000L + 0xFFFE))));
    }

    @Test
    void timedOutSenderReleasesTheSmallerSendersBehindIt() {
        openAll("app:q", 40, 0);
        send(s, 1, h[1], "0123456789"); // 18 used, 22 free
        blocked(s.send(2, h[2], n(22), 0, 0, 10)); // needs 30
        blocked(s.send(3, h[3], n(2), 0, 0, Mbx.TIMEOUT_INFINITE)); // needs 10, waits behind
        Reply r = ok(s.tick(10));
        assertEquals(2, r.completions().size());
        assertCompletion(r.completions().get(0), 2, h[2], Completion.Kind.SEND, Status.TIMEOUT);
        assertCompletion(r.completions().get(1), 3, h[3], Completion.Kind.SEND, Status.OK);
        assertEquals(2, r.completions().get(1).length());
        assertEquals(List.of("mailbox_timeout", "mailbox_send", "mailbox_wake"), types(r));
        assertEquals(2, snap(s, d).depth());
    }

    @Test
    void exitOfABlockedSenderReleasesTheSendersBehindIt() {
        openAll("app:q", 40, 0);
        send(s, 1, h[1], "0123456789");
        blocked(s.send(2, h[2], n(22), 0, 0, Mbx.TIMEOUT_INFINITE));
        blocked(s.send(3, h[3], n(2), 0, 0, Mbx.TIMEOUT_INFINITE));
        Reply r = ok(s.taskExit(2));
        assertEquals(1, r.completions().size());
        assertCompletion(r.completions().get(0), 3, h[3], Completion.Kind.SEND, Status.OK);
    }

    @Test
    void tickBackwardsIsInvalidArgumentAndKeepsTheClock() {
        ok(s.tick(500));
        ok(s.tick(500));
        Reply r = status(Status.INVALID_ARGUMENT, s.tick(499));
        assertError(r, 0, "tick", Status.INVALID_ARGUMENT);
        assertEquals(500, s.now());
        status(Status.INVALID_ARGUMENT, s.tick(-1));
        status(Status.INVALID_ARGUMENT, s.tick(0x1_0000_0000L));
        assertEquals(500, s.now());
    }

    @Test
    void clockStartsAtZero() {
        assertEquals(0, s.now());
        ok(s.tick(0));
    }

    @Test
    void timeoutsFeatureOffAllowsOnlyPoll() {
        Profile p = TestKit.plain().withFeatures("nt", Features.ALL.without(Features.Feature.TIMEOUTS));
        MailboxService m = new MailboxService(p);
        int hh = open(m, 0, "app:q");
        status(Status.INVALID_ARGUMENT, m.recv(0, hh, 64, 10));
        status(Status.INVALID_ARGUMENT, m.recv(0, hh, 64, Mbx.TIMEOUT_INFINITE));
        status(Status.NO_DATA, m.recv(0, hh, 64, 0));
    }

    // ------------------------------------------------------------ counters and states

    @Test
    void countersStepWakeTimeout() {
        openAll("app:q", 40, 0);
        status(Status.NO_DATA, s.recv(1, h[1], 64, 0)); // step
        status(Status.INVALID_HANDLE, s.recv(1, 99, 64, 0)); // step
        status(Status.INVALID_ARGUMENT, s.send(1, h[1], b("x"), 0x10000, 0, 0)); // step
        ok(s.peek(1, h[1])); // not a step
        blocked(s.recv(1, h[1], 64, 100)); // step
        send(s, 2, h[2], "x"); // pid 2 step; wakes pid 1
        blocked(s.recv(1, h[1], 64, 100)); // step
        ok(s.tick(1000)); // pid 1 timeout
        Stats.TaskInfo t1 = task(s, 1);
        assertEquals(5, t1.mailboxStep());
        assertEquals(1, t1.mailboxWake());
        assertEquals(1, t1.mailboxTimeout());
        Stats.TaskInfo t2 = task(s, 2);
        assertEquals(1, t2.mailboxStep());
        assertEquals(0, t2.mailboxWake());
        assertEquals(0, t2.mailboxTimeout());
        // a blocked sender's completion is a wake too
        send(s, 3, h[3], n(20));
        blocked(s.send(3, h[3], n(20), 0, 0, Mbx.TIMEOUT_INFINITE));
        recv(s, 4, h[4]);
        assertEquals(1, task(s, 3).mailboxWake());
        assertEquals(2, task(s, 3).mailboxStep());
    }

    @Test
    void taskStatesAreReadyAndWaitMbx() {
        openAll("app:q", 40, 0);
        for (Stats.TaskInfo t : s.stats().tasks()) {
            assertEquals("READY", t.state());
        }
        blocked(s.recv(1, h[1], 64, 100));
        assertEquals("WAIT_MBX", task(s, 1).state());
        assertEquals("READY", task(s, 0).state());
        ok(s.tick(100));
        assertEquals("READY", task(s, 1).state());
    }

    @Test
    void pidZeroBlocksLikeAnyTask() {
        int hh = open(s, 0, "app:q");
        int h1 = open(s, 1, "app:q");
        blocked(s.recv(0, hh, 64, Mbx.TIMEOUT_INFINITE));
        assertEquals("WAIT_MBX", task(s, 0).state());
        assertEquals(List.of(0), pids(ok(s.send(1, h1, b("host"), 0, 0, 0))));
    }
}

package org.hsxmbx.model;

import static org.hsxmbx.model.TestKit.assertCompletion;
import static org.hsxmbx.model.TestKit.b;
import static org.hsxmbx.model.TestKit.bind;
import static org.hsxmbx.model.TestKit.blocked;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract section 4 (fan-out): drop, block, eager reclamation, readers and senders. */
class FanoutTest {
    private MailboxService s;
    private int d;
    /** Writer (pid 1, WRONLY), readers pid 2 and pid 3. */
    private int w;
    private int r2;
    private int r3;

    @BeforeEach
    void setUp() {
        s = new MailboxService(TestKit.plain());
        for (int pid = 1; pid <= 3; pid++) {
            ok(s.taskStart(pid));
        }
    }

    private void fan(int mode) {
        d = bind(s, 0, "shared:f", 40, mode);
        w = open(s, 1, "shared:f", Mbx.MODE_WRONLY);
        r2 = open(s, 2, "shared:f", Mbx.MODE_RDONLY);
        r3 = open(s, 3, "shared:f", Mbx.MODE_RDONLY);
    }

    // ------------------------------------------------------------ FANOUT_DROP

    @ParameterizedTest
    @ValueSource(ints = {0, Mbx.MODE_FANOUT, Mbx.MODE_FANOUT_DROP, Mbx.MODE_FANOUT | Mbx.MODE_FANOUT_DROP})
    void dropMarksOnlyTheLaggingReaderOverrun(int mode) {
        fan(mode);
        send(s, 1, w, "AAAAAAAAAA"); // seq 0, 18
        send(s, 1, w, "BBBBBBBBBB"); // seq 1, 36
        assertEquals("AAAAAAAAAA", text(recv(s, 2, r2)));
        Reply r = ok(s.send(1, w, b("CCCCCCCCCC"), Mbx.MSG_OOB, 0, 0));
        assertEquals(List.of("mailbox_overrun", "mailbox_send"), types(r));
        Event ov = r.events().get(0);
        assertEquals("fanout_drop", ov.get("reason"));
        assertEquals(1L, num(ov, "pid"), "pid = the sender");
        assertEquals((long) d, num(ov, "descriptor"));
        assertEquals(0L, num(ov, "dropped_seq"));
        assertEquals(10L, num(ov, "dropped_length"));
        assertEquals(0L, num(ov, "dropped_flags"));
        assertEquals(1L, num(ov, "queue_depth"));
        assertTrue(r.completions().isEmpty());

        Reply lag = recv(s, 3, r3);
        assertEquals("BBBBBBBBBB", text(lag));
        assertEquals(Mbx.MSG_OVERRUN, lag.flags());
        Reply next = recv(s, 3, r3);
        assertEquals("CCCCCCCCCC", text(next));
        assertEquals(Mbx.MSG_OOB, next.flags(), "OVERRUN is reported once");
        Reply fast = recv(s, 2, r2);
        assertEquals("BBBBBBBBBB", text(fast));
        assertEquals(0, fast.flags(), "the reader that had read the dropped message is not overrun");
    }

    @Test
    void dropsAsManyOldestMessagesAsNeededEachWithAnEvent() {
        fan(0);
        ok(s.send(1, w, b("AA"), Mbx.MSG_STDOUT, 4, 0)); // seq 0, 10
        send(s, 1, w, "BB"); // seq 1, 20
        send(s, 1, w, "CC"); // seq 2, 30
        Reply r = ok(s.send(1, w, n(20), 0, 0, 0)); // 28: needs 2 drops
        assertEquals(List.of("mailbox_overrun", "mailbox_overrun", "mailbox_send"), types(r));
        assertEquals(0L, num(r.events().get(0), "dropped_seq"));
        assertEquals((long) Mbx.MSG_STDOUT, num(r.events().get(0), "dropped_flags"));
        assertEquals(4L, num(r.events().get(0), "channel"));
        assertEquals(2L, num(r.events().get(0), "queue_depth"));
        assertEquals(1L, num(r.events().get(1), "dropped_seq"));
        assertEquals(1L, num(r.events().get(1), "queue_depth"));
        Peek p = peek(s, 2, r2);
        assertEquals(2, p.depth());
        assertEquals(38, p.bytesUsed());
        assertEquals(2L, p.headSeq());
        assertEquals(4L, p.nextSeq());
        Reply a = recv(s, 2, r2);
        assertEquals("CC", text(a));
        assertEquals(Mbx.MSG_OVERRUN, a.flags());
    }

    @Test
    void sendersAreNotMarkedOverrun() {
        d = bind(s, 0, "shared:f", 40, 0);
        int sr = open(s, 1, "shared:f"); // RDWR, becomes a sender
        r2 = open(s, 2, "shared:f");
        send(s, 1, sr, "AAAAAAAAAA");
        send(s, 1, sr, "BBBBBBBBBB");
        send(s, 1, sr, "CCCCCCCCCC");
        // pid 1's recv makes it a reader again: it starts from the head, without OVERRUN
        Reply r = recv(s, 1, sr);
        assertEquals("BBBBBBBBBB", text(r));
        assertEquals(0, r.flags());
    }

    // ------------------------------------------------------------ FANOUT_BLOCK

    @Test
    void blockPolicyBehavesLikeSingleReaderWhenFull() {
        fan(Mbx.MODE_FANOUT_BLOCK);
        send(s, 1, w, "AAAAAAAAAA");
        send(s, 1, w, "BBBBBBBBBB");
        Reply wb = status(Status.WOULDBLOCK, s.send(1, w, b("CCCCCCCCCC"), 0, 0, 0));
        Event bp = only(wb, EventSchema.Type.MAILBOX_BACKPRESSURE);
        assertEquals("fanout_block", bp.get("policy"));
        assertEquals(40L, num(bp, "capacity"));
        assertEquals(36L, num(bp, "bytes_used"));
        assertEquals(18L, num(bp, "requested"));
        assertFalse(types(wb).contains("mailbox_overrun"));

        blocked(s.send(1, w, b("CCCCCCCCCC"), 0, 0, Mbx.TIMEOUT_INFINITE));
        // pid 2 reading is not enough: pid 3 still needs seq 0
        assertTrue(recv(s, 2, r2).completions().isEmpty());
        Reply r = recv(s, 3, r3);
        assertEquals(1, r.completions().size());
        assertCompletion(r.completions().get(0), 1, w, Completion.Kind.SEND, Status.OK);
        assertEquals(List.of("mailbox_recv", "mailbox_send", "mailbox_wake"), types(r));
        assertEquals(2, snap(s, d).depth());
        assertEquals("BBBBBBBBBB", text(recv(s, 3, r3)));
        assertEquals("BBBBBBBBBB", text(recv(s, 2, r2)));
        assertEquals("CCCCCCCCCC", text(recv(s, 2, r2)));
    }

    @Test
    void closingTheLaggingReaderCompletesBlockedSender() {
        fan(Mbx.MODE_FANOUT_BLOCK);
        send(s, 1, w, "AAAAAAAAAA");
        send(s, 1, w, "BBBBBBBBBB");
        recv(s, 2, r2);
        recv(s, 2, r2);
        blocked(s.send(1, w, b("CCCCCCCCCC"), 0, 0, 100));
        Reply c = ok(s.close(3, r3));
        assertEquals(1, c.completions().size());
        assertEquals(Status.OK, c.completions().get(0).status());
        assertEquals(1, snap(s, d).depth());
    }

    @Test
    void exitOfTheLaggingReaderCompletesBlockedSender() {
        fan(Mbx.MODE_FANOUT_BLOCK);
        send(s, 1, w, "AAAAAAAAAA");
        send(s, 1, w, "BBBBBBBBBB");
        recv(s, 2, r2);
        recv(s, 2, r2);
        blocked(s.send(1, w, b("CCCCCCCCCC"), 0, 0, 100));
        Reply c = ok(s.taskExit(3));
        assertEquals(1, c.completions().size());
        assertCompletion(c.completions().get(0), 1, w, Completion.Kind.SEND, Status.OK);
    }

    // ------------------------------------------------------------ eager reclamation

    @Test
    void messageIsReclaimedAsSoonAsEveryReaderHasReadIt() {
        fan(0);
        send(s, 1, w, "one");
        recv(s, 2, r2);
        assertEquals(1, snap(s, d).depth());
        recv(s, 3, r3);
        Stats.DescriptorSnapshot sn = snap(s, d);
        assertEquals(0, sn.depth());
        assertEquals(0, sn.bytesUsed());
        assertEquals(1L, sn.headSeq());
        assertEquals(1L, sn.nextSeq());
    }

    @Test
    void withNoReaderASendSucceedsAndKeepsNothing() {
        d = bind(s, 0, "shared:f", 40, 0);
        w = open(s, 1, "shared:f", Mbx.MODE_WRONLY);
        for (int i = 0; i < 5; i++) {
            Reply r = ok(s.send(1, w, n(20), 0, 0, 0));
            assertEquals(List.of("mailbox_send"), types(r), "nothing to drop: nothing was kept");
        }
        Stats.DescriptorSnapshot sn = snap(s, d);
        assertEquals(0, sn.depth());
        assertEquals(0, sn.bytesUsed());
        assertEquals(5L, sn.nextSeq());
    }

    @Test
    void aSenderHandleDoesNotHoldMessagesBack() {
        d = bind(s, 0, "shared:f", 40, 0);
        int sr = open(s, 1, "shared:f"); // RDWR: a reader until it sends
        r2 = open(s, 2, "shared:f");
        int other = open(s, 3, "shared:f", Mbx.MODE_WRONLY);
        send(s, 3, other, "x");
        assertEquals(1, snap(s, d).depth(), "pid 1 is still a reader");
        recv(s, 2, r2);
        assertEquals(1, snap(s, d).depth());
        send(s, 1, sr, "y"); // pid 1 becomes a sender: stops holding "x" and "y"
        recv(s, 2, r2);
        assertEquals(0, snap(s, d).depth());
    }

    @Test
    void recvClearsIsSenderEvenWhenItReturnsNoData() {
        d = bind(s, 0, "shared:f", 40, 0);
        int sr = open(s, 1, "shared:f");
        r2 = open(s, 2, "shared:f");
        send(s, 1, sr, "mine");
        recv(s, 2, r2);
        status(Status.NO_DATA, s.recv(1, sr, 64, 0));
        int other = open(s, 3, "shared:f", Mbx.MODE_WRONLY);
        send(s, 3, other, "theirs");
        recv(s, 2, r2);
        assertEquals(1, snap(s, d).depth(), "pid 1 reads again, so it holds the message");
        assertEquals("theirs", text(recv(s, 1, sr)));
        assertEquals(0, snap(s, d).depth());
    }

    @Test
    void aBlockingRecvClearsIsSender() {
        d = bind(s, 0, "shared:f", 40, 0);
        int sr = open(s, 1, "shared:f");
        int other = open(s, 3, "shared:f", Mbx.MODE_WRONLY);
        send(s, 1, sr, "mine");
        blocked(s.recv(1, sr, 64, Mbx.TIMEOUT_INFINITE));
        Reply r = ok(s.send(3, other, b("theirs"), 0, 0, 0));
        assertEquals(1, r.completions().size());
        assertEquals(b("theirs"), r.completions().get(0).payload());
    }

    @Test
    void writeOnlyHandlesAreNeverReaders() {
        fan(0);
        ok(s.close(2, r2));
        ok(s.close(3, r3));
        int wo = open(s, 2, "shared:f", Mbx.MODE_WRONLY);
        send(s, 1, w, "x");
        assertEquals(0, snap(s, d).depth());
        assertTrue(wo > 0);
    }

    @Test
    void peekNextLenIsPerHandle() {
        fan(0);
        send(s, 1, w, "a");
        send(s, 1, w, "bbb");
        recv(s, 2, r2);
        assertEquals(3, peek(s, 2, r2).nextLen());
        assertEquals(1, peek(s, 3, r3).nextLen());
        Peek p = peek(s, 2, r2);
        assertEquals(2, p.depth(), "depth is the descriptor's queue");
        assertEquals(0x1B, p.mode());
    }

    @Test
    void fanoutWakeSkipsNothingAndLeavesNonWaitingReadersTheirCopy() {
        fan(0);
        blocked(s.recv(2, r2, 64, Mbx.TIMEOUT_INFINITE));
        Reply r = ok(s.send(1, w, b("hi"), 0, 0, 0));
        assertEquals(1, r.completions().size());
        assertEquals(1, snap(s, d).depth(), "pid 3 has not read it");
        assertEquals("hi", text(recv(s, 3, r3)));
        assertEquals(0, snap(s, d).depth());
    }

    @Test
    void sequenceNumbersWrapModulo2To32() throws Exception {
        d = bind(s, 0, "shared:f", 64, 0);
        setNextSeq(d, 0xFFFFFFFE);
        w = open(s, 1, "shared:f", Mbx.MODE_WRONLY);
        r2 = open(s, 2, "shared:f");
        r3 = open(s, 3, "shared:f");
        send(s, 1, w, "a"); // seq 0xFFFFFFFE
        send(s, 1, w, "b"); // seq 0xFFFFFFFF
        send(s, 1, w, "c"); // seq 0
        Peek p = peek(s, 2, r2);
        assertEquals(0xFFFFFFFEL, p.headSeq());
        assertEquals(1L, p.nextSeq());
        assertEquals(3, p.depth());
        assertEquals("a", text(recv(s, 2, r2)));
        assertEquals("b", text(recv(s, 2, r2)));
        assertEquals("c", text(recv(s, 2, r2)));
        status(Status.NO_DATA, s.recv(2, r2, 64, 0));
        assertEquals("a", text(recv(s, 3, r3)));
        assertEquals(2, snap(s, d).depth());
        send(s, 1, w, n(20)); // 18 + 28 = 46
        send(s, 1, w, n(30)); // + 38 > 64: drops seqs 0xFFFFFFFF, 0, 1 across the wrap
        Reply lag = recv(s, 3, r3);
        assertEquals(Mbx.MSG_OVERRUN, lag.flags() & Mbx.MSG_OVERRUN);
        assertEquals(n(30), lag.payload());
    }

    /** White box: moves a fresh descriptor's next_seq next to the 32-bit wrap. */
    private void setNextSeq(int id, int seq) {
        Descriptor desc = s.state().descriptors().live().stream().filter(d -> d.id == id).findFirst().orElseThrow();
        assertTrue(desc.handles.isEmpty() && desc.queue.isEmpty());
        desc.nextSeq = seq;
    }
}

package org.hsxmbx.model;

import static org.hsxmbx.model.TestKit.assertCompletion;
import static org.hsxmbx.model.TestKit.assertError;
import static org.hsxmbx.model.TestKit.b;
import static org.hsxmbx.model.TestKit.bind;
import static org.hsxmbx.model.TestKit.blocked;
import static org.hsxmbx.model.TestKit.counter;
import static org.hsxmbx.model.TestKit.exists;
import static org.hsxmbx.model.TestKit.handlesPerPid;
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
import static org.hsxmbx.model.TestKit.task;
import static org.hsxmbx.model.TestKit.text;
import static org.hsxmbx.model.TestKit.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract section 4: the operations (with decisions.md "bind and open", "Messages", "task_exit"). */
class OperationsTest {
    private MailboxService s;

    @BeforeEach
    void setUp() {
        s = new MailboxService(TestKit.plain());
        ok(s.taskStart(1));
        ok(s.taskStart(2));
    }

    private int mode(int descriptor) {
        return snap(s, descriptor).mode();
    }

    // ================================================================ bind

    @Nested
    class Bind {
        @Test
        void newKeysGetTheLowestFreeDescriptorId() {
            assertEquals(1, bind(s, 1, "svc:a", 0, 0));
            assertEquals(2, bind(s, 1, "app:b", 0, 0));
            assertEquals(3, bind(s, 1, "svc:c", 0, 0));
            int h = open(s, 1, "app:b");
            ok(s.close(1, h)); // ownerless and last handle: frees id 2
            assertFalse(exists(s, 2));
            assertEquals(2, bind(s, 1, "svc:d", 0, 0));
            assertEquals(4, bind(s, 1, "svc:e", 0, 0));
        }

        @Test
        void existingKeyReturnsTheSameDescriptor() {
            int d = bind(s, 1, "svc:a", 0, 0);
            assertEquals(d, bind(s, 1, "svc:a", 0, 0));
            assertEquals(1, counter(s, "active_descriptors"));
        }

        @Test
        void capacityZeroIsTheProfileDefault() {
            int d = bind(s, 1, "svc:a", 0, 0);
            assertEquals(64, snap(s, d).capacity());
            assertEquals(64, counter(s, "arena_used"));
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 7, 65536, -1})
        void capacityOutsideEightTo65535IsInvalid(int cap) {
            Reply r = status(Status.INVALID_ARGUMENT, s.bind(1, "svc:a", cap, 0));
            assertError(r, 1, "bind", Status.INVALID_ARGUMENT);
            assertEquals(0, counter(s, "active_descriptors"));
        }

        @Test
        void capacityEightIsTheMinimum() {
            MailboxService big = new MailboxService(TestKit.plain(16, 16, 70000, 0, 64, 4));
            assertEquals(8, snap(big, bind(big, 0, "svc:a", 8, 0)).capacity());
            assertEquals(65535, snap(big, bind(big, 0, "svc:b", 65535, 0)).capacity());
        }

        @ParameterizedTest(name = "{0}: mode {1} -> {2}")
        @CsvSource({
            "svc:a, 0x00, 0x03",
            "svc:a, 0x01, 0x01",
            "svc:a, 0x02, 0x02",
            "svc:a, 0x03, 0x03",
            "svc:a, 0x08, 0x18",
            "svc:a, 0x10, 0x18",
            "svc:a, 0x20, 0x28",
            "svc:a, 0x13, 0x1B",
            "svc:a, 0x0B, 0x1B",
            "svc:a, 0x23, 0x2B",
            "svc:a, 0x04, 0x04",
            "shared:a, 0x00, 0x1B",
            "shared:a, 0x01, 0x19",
            "shared:a, 0x03, 0x1B",
            "shared:a, 0x20, 0x28",
            "shared:a, 0x08, 0x18",
            "app:a, 0x00, 0x03",
        })
        void modeIsNormalisedOnANewDescriptor(String target, String raw, String stored) {
            int d = bind(s, 1, target, 0, Integer.decode(raw));
            assertEquals((int) Integer.decode(stored), mode(d));
            int h = open(s, 1, target);
            assertEquals((int) Integer.decode(stored), peek(s, 1, h).mode(), "peek reports the stored mode");
        }

        @ParameterizedTest
        @ValueSource(ints = {0x30, 0x38, 0x40, 0x100, -1})
        void invalidModesAreRejected(int mode) {
            status(Status.INVALID_ARGUMENT, s.bind(1, "svc:a", 0, mode));
            assertEquals(0, counter(s, "active_descriptors"));
        }

        @Test
        void fanoutBitsWithFanoutFeatureOffAreInvalidAndSharedStaysSingleReader() {
            Profile p = TestKit.plain().withFeatures("nofan", Features.ALL.without(Features.Feature.FANOUT));
            MailboxService m = new MailboxService(p);
            status(Status.INVALID_ARGUMENT, m.bind(0, "svc:a", 0, Mbx.MODE_FANOUT));
            status(Status.INVALID_ARGUMENT, m.bind(0, "svc:a", 0, Mbx.MODE_FANOUT_BLOCK));
            int d = bind(m, 0, "shared:a", 0, 0);
            assertEquals(Mbx.MODE_RDWR, snap(m, d).mode());
        }

        @Test
        void rebindWithSameCapacityAndModeZeroChangesNothing() {
            int d = bind(s, 1, "svc:a", 40, Mbx.MODE_FANOUT_BLOCK);
            int w = open(s, 1, "svc:a");
            int r = open(s, 1, "svc:a");
            send(s, 1, w, "hello");
            Stats before = s.stats();
            Reply rr = ok(s.bind(1, "svc:a", 40, 0));
            assertEquals(d, rr.descriptor());
            assertTrue(rr.events().isEmpty());
            assertEquals(before, s.stats());
            assertEquals("hello", text(recv(s, 1, r)));
        }

        @Test
        void rebindWithModeReplacesAndNormalisesIt() {
            int d = bind(s, 1, "svc:a", 0, 0);
            ok(s.bind(1, "svc:a", 0, Mbx.MODE_FANOUT));
            assertEquals(0x18, mode(d));
            ok(s.bind(1, "svc:a", 0, Mbx.MODE_RDONLY));
            assertEquals(0x01, mode(d));
            int sh = bind(s, 1, "shared:x", 0, 0);
            ok(s.bind(1, "shared:x", 0, Mbx.MODE_RDWR));
            assertEquals(0x1B, mode(sh), "shared: gets fan-out bits also when a rebind replaces the mode");
            ok(s.bind(1, "shared:x", 0, Mbx.MODE_FANOUT_BLOCK));
            assertEquals(0x28, mode(sh));
        }

        @Test
        void shrinkDropsOldestMessagesWithResizeOverruns() {
            int d = bind(s, 1, "svc:a", 64, 0);
            int h = open(s, 1, "svc:a");
            send(s, 1, h, "0123456789"); // cost 18
            send(s, 1, h, "abcdefghij");
            send(s, 1, h, "ABCDEFGHIJ"); // 54 used
            Reply r = ok(s.bind(1, "svc:a", 40, 0));
            Event ov = only(r, EventSchema.Type.MAILBOX_OVERRUN);
            assertEquals("resize", ov.get("reason"));
            assertEquals(0L, num(ov, "dropped_seq"));
            assertEquals(10L, num(ov, "dropped_length"));
            assertEquals(2L, num(ov, "queue_depth"));
            assertEquals(1L, num(ov, "pid"));
            assertEquals((long) d, num(ov, "descriptor"));
            Stats.DescriptorSnapshot sn = snap(s, d);
            assertEquals(40, sn.capacity());
            assertEquals(36, sn.bytesUsed());
            assertEquals(2, sn.depth());
            assertEquals(1L, sn.headSeq());
            assertEquals(40, counter(s, "arena_used"));
            assertEquals("abcdefghij", text(recv(s, 1, h)));
        }

        @Test
        void shrinkMarksFanoutReadersThatHadNotReadTheDroppedMessage() {
            bind(s, 1, "svc:f", 64, Mbx.MODE_FANOUT_DROP);
            int w = open(s, 1, "svc:f", Mbx.MODE_WRONLY);
            int r1 = open(s, 2, "app:dummy"); // keep handle numbering apart
            int reader = open(s, 0, "svc:f@1");
            int other = open(s, 1, "svc:f", Mbx.MODE_RDONLY);
            send(s, 1, w, "0123456789");
            send(s, 1, w, "abcdefghij");
            send(s, 1, w, "ABCDEFGHIJ");
            assertEquals("0123456789", text(recv(s, 1, other)));
            ok(s.bind(1, "svc:f", 40, 0));
            // seq 0 was read by `other` but not by `reader`
            Reply a = recv(s, 0, reader);
            assertEquals("abcdefghij", text(a));
            assertEquals(Mbx.MSG_OVERRUN, a.flags() & Mbx.MSG_OVERRUN);
            Reply c = recv(s, 1, other);
            assertEquals("abcdefghij", text(c));
            assertEquals(0, c.flags() & Mbx.MSG_OVERRUN);
            assertTrue(r1 > 0);
        }

        @Test
        void growNeedsArenaElseNoDescriptorAndNothingChanges() {
            MailboxService m = new MailboxService(TestKit.plain(16, 16, 100, 0, 64, 4));
            int d = bind(m, 0, "svc:a", 64, 0);
            int h = open(m, 0, "svc:a");
            send(m, 0, h, "abc");
            Stats before = m.stats();
            Reply r = status(Status.NO_DESCRIPTOR, m.bind(0, "svc:a", 101, Mbx.MODE_FANOUT));
            assertEquals(List.of("mailbox_exhausted", "mailbox_error"), types(r));
            Event ex = r.events().get(0);
            assertEquals("arena", ex.get("reason"));
            assertEquals((long) d, num(ex, "descriptor"));
            assertEquals(37L, num(ex, "requested"));
            assertEquals(before, m.stats(), "a failed resize changes nothing (mode included)");
            ok(m.bind(0, "svc:a", 100, 0));
            assertEquals(100, snap(m, d).capacity());
            assertEquals(100, counter(m, "arena_used"));
        }

        @Test
        void growWakesBlockedSender() {
            bind(s, 1, "svc:a", 20, 0);
            int h = open(s, 1, "svc:a");
            int h2 = open(s, 0, "svc:a@1");
            send(s, 1, h, "0123456789"); // 18 of 20
            blocked(s.send(0, h2, b("abcd"), 0, 0, 100));
            Reply r = ok(s.bind(1, "svc:a", 64, 0));
            assertEquals(1, r.completions().size());
            assertCompletion(r.completions().get(0), 0, h2, Completion.Kind.SEND, Status.OK);
            assertEquals(4, r.completions().get(0).length());
        }

        @Test
        void modeChangeResetsEveryCursorToNextSeqMinusOne() {
            int d = bind(s, 1, "svc:f", 0, Mbx.MODE_FANOUT);
            int w = open(s, 1, "svc:f", Mbx.MODE_WRONLY);
            int r = open(s, 1, "svc:f", Mbx.MODE_RDONLY);
            send(s, 1, w, "one");
            send(s, 1, w, "two");
            assertEquals(3, peek(s, 1, r).nextLen());
            ok(s.bind(1, "svc:f", 0, Mbx.MODE_FANOUT_BLOCK));
            assertEquals(0x28, mode(d));
            assertEquals(0, peek(s, 1, r).nextLen());
            status(Status.NO_DATA, s.recv(1, r, 64, 0));
            // the reset cursors leave no reader needing the old messages: eagerly reclaimed
            assertEquals(0, snap(s, d).depth());
            assertEquals(2L, snap(s, d).nextSeq());
            send(s, 1, w, "three");
            assertEquals("three", text(recv(s, 1, r)));
        }

        @Test
        void resizeAndModeChangeInOneCall() {
            int d = bind(s, 1, "svc:a", 64, 0);
            ok(s.bind(1, "svc:a", 32, Mbx.MODE_FANOUT_DROP));
            assertEquals(32, snap(s, d).capacity());
            assertEquals(0x18, mode(d));
        }
    }

    // ================================================================ open

    @Nested
    class Open {
        @Test
        void openBindsImplicitlyWithDefaults() {
            int h = open(s, 1, "svc:new");
            Stats.DescriptorSnapshot d = s.stats().descriptors().get(0);
            assertEquals("new", d.name());
            assertEquals(64, d.capacity());
            assertEquals(Mbx.MODE_RDWR, d.mode());
            assertEquals(1, h);
            int sh = open(s, 1, "shared:bus");
            assertEquals(0x1B, peek(s, 1, sh).mode());
        }

        @Test
        void handleIdsArePerPidStartAtOneAndIncrease() {
            assertEquals(1, open(s, 1, "app:a"));
            assertEquals(2, open(s, 1, "app:a"));
            assertEquals(1, open(s, 2, "app:a"));
            assertEquals(3, open(s, 1, "app:b"));
            assertEquals(1, open(s, 0, "app:b"));
        }

        @Test
        void closedIdsAreNotReused() {
            int a = open(s, 1, "svc:a");
            int c = open(s, 1, "svc:a");
            ok(s.close(1, c));
            ok(s.close(1, a));
            assertEquals(3, open(s, 1, "svc:a"));
            assertEquals(4, open(s, 1, "svc:a"));
        }

        @Test
        void idsWrapAt16BitsSkippingZeroAndIdsInUse() {
            MailboxService m = new MailboxService(TestKit.plain(16, 16, 4096, 0, 64, 4));
            assertEquals(1, open(m, 0, "svc:a"));
            assertEquals(2, open(m, 0, "svc:a"));
            assertEquals(3, open(m, 0, "svc:a"));
            ok(m.close(0, 2));
            for (int expected = 4; expected <= 0xFFFF; expected++) {
                int h = m.open(0, "svc:a", 0).handle();
                if (h != expected) {
                    assertEquals(expected, h);
                }
                ok(m.close(0, h));
            }
            // the counter wraps: 0 and 1 (in use) are skipped, 2 is free again, 3 is in use
            assertEquals(2, open(m, 0, "svc:a"));
            assertEquals(4, open(m, 0, "svc:a"));
        }

        @Test
        void handleLimitGivesNoDescriptorAndHandleLimitEvent() {
            MailboxService m = new MailboxService(TestKit.plain(16, 3, 4096, 0, 64, 4));
            open(m, 0, "svc:a");
            open(m, 0, "svc:a");
            open(m, 0, "svc:b");
            Stats before = m.stats();
            Reply r = status(Status.NO_DESCRIPTOR, m.open(0, "svc:c", 0));
            assertEquals(List.of("mailbox_exhausted", "mailbox_error"), types(r));
            Event ex = r.events().get(0);
            assertEquals("handle_limit", ex.get("reason"));
            assertEquals(0L, num(ex, "pid"));
            assertEquals(0L, num(ex, "descriptor"));
            assertEquals(1L, num(ex, "requested"));
            assertError(r, 0, "open", Status.NO_DESCRIPTOR);
            assertEquals(before, m.stats(), "the descriptor of the refused open is not created");
            ok(m.close(0, 1));
            open(m, 0, "svc:c");
        }

        @Test
        void handleLimitIsPerPid() {
            MailboxService m = new MailboxService(TestKit.plain(16, 2, 4096, 0, 64, 4));
            ok(m.taskStart(1));
            open(m, 0, "app:a");
            open(m, 0, "app:a");
            open(m, 1, "app:a");
            open(m, 1, "app:a");
            status(Status.NO_DESCRIPTOR, m.open(1, "app:a", 0));
            status(Status.NO_DESCRIPTOR, m.open(0, "app:a", 0));
        }

        @ParameterizedTest
        @ValueSource(ints = {0x08, 0x10, 0x20, 0x100, -1})
        void openFlagsOtherThanAccessAndTapAreInvalid(int flags) {
            Reply r = status(Status.INVALID_ARGUMENT, s.open(1, "svc:a", flags));
            assertError(r, 1, "open", Status.INVALID_ARGUMENT);
            assertEquals(0, counter(s, "active_descriptors"));
        }

        @Test
        void accessZeroMeansReadWrite() {
            int h = open(s, 1, "svc:a", 0);
            send(s, 1, h, "x");
            assertEquals("x", text(recv(s, 1, h)));
        }

        @Test
        void newFanoutHandleSeesOnlyLaterMessages() {
            bind(s, 1, "svc:f", 0, Mbx.MODE_FANOUT);
            int w = open(s, 1, "svc:f", Mbx.MODE_WRONLY);
            int early = open(s, 1, "svc:f", Mbx.MODE_RDONLY);
            send(s, 1, w, "old");
            int late = open(s, 1, "svc:f", Mbx.MODE_RDONLY);
            assertEquals(0, peek(s, 1, late).nextLen());
            status(Status.NO_DATA, s.recv(1, late, 64, 0));
            send(s, 1, w, "new");
            assertEquals("new", text(recv(s, 1, late)));
            assertEquals("old", text(recv(s, 1, early)));
            assertEquals("new", text(recv(s, 1, early)));
        }
    }

    // ================================================================ send / recv

    @Nested
    class SendRecv {
        private int h;
        private int d;

        @BeforeEach
        void mailbox() {
            d = bind(s, 1, "app:q", 40, 0);
            h = open(s, 1, "app:q");
        }

        @Test
        void sendThenRecvReturnsMessageFields() {
            Reply sr = ok(s.send(1, h, b("hello"), Mbx.MSG_STDERR | Mbx.MSG_OOB, 7, 0));
            assertEquals(5, sr.length());
            int h2 = open(s, 2, "app:q");
            Reply r = recv(s, 2, h2);
            assertEquals(5, r.length());
            assertEquals(Mbx.MSG_STDERR | Mbx.MSG_OOB, r.flags());
            assertEquals(7, r.channel());
            assertEquals(1, r.srcPid());
            assertEquals(b("hello"), r.payload());
        }

        @Test
        void singleReaderIsFifo() {
            send(s, 1, h, "a");
            send(s, 1, h, "b");
            send(s, 1, h, "c");
            assertEquals("a", text(recv(s, 1, h)));
            assertEquals("b", text(recv(s, 1, h)));
            assertEquals("c", text(recv(s, 1, h)));
            status(Status.NO_DATA, s.recv(1, h, 64, 0));
        }

        @Test
        void sendNeedsWriteAccess() {
            int ro = open(s, 1, "app:q", Mbx.MODE_RDONLY);
            Reply r = status(Status.PERMISSION_DENIED, s.send(1, ro, b("x"), 0, 0, 0));
            assertError(r, 1, "send", Status.PERMISSION_DENIED);
            assertEquals(0, peek(s, 1, h).depth());
        }

        @Test
        void recvNeedsReadAccess() {
            int wo = open(s, 1, "app:q", Mbx.MODE_WRONLY);
            send(s, 1, wo, "x");
            Reply r = status(Status.PERMISSION_DENIED, s.recv(1, wo, 64, 0));
            assertError(r, 1, "recv", Status.PERMISSION_DENIED);
            assertEquals(1, peek(s, 1, h).depth());
        }

        @Test
        void unknownHandlesAreInvalidHandle() {
            assertError(status(Status.INVALID_HANDLE, s.send(1, 99, b("x"), 0, 0, 0)), 1, "send",
                    Status.INVALID_HANDLE);
            assertError(status(Status.INVALID_HANDLE, s.recv(1, 99, 64, 0)), 1, "recv", Status.INVALID_HANDLE);
            assertError(status(Status.INVALID_HANDLE, s.peek(1, 99)), 1, "peek", Status.INVALID_HANDLE);
            assertError(status(Status.INVALID_HANDLE, s.tap(1, 99, true)), 1, "tap", Status.INVALID_HANDLE);
            assertError(status(Status.INVALID_HANDLE, s.close(1, 99)), 1, "close", Status.INVALID_HANDLE);
            // another pid's handle id is not ours
            status(Status.INVALID_HANDLE, s.send(2, h, b("x"), 0, 0, 0));
        }

        @Test
        void unknownPidIsInvalidArgument() {
            assertError(status(Status.INVALID_ARGUMENT, s.send(9, h, b("x"), 0, 0, 0)), 9, "send",
                    Status.INVALID_ARGUMENT);
            status(Status.INVALID_ARGUMENT, s.recv(9, h, 64, 0));
            status(Status.INVALID_ARGUMENT, s.bind(9, "app:q", 0, 0));
            status(Status.INVALID_ARGUMENT, s.open(9, "app:q", 0));
            status(Status.INVALID_ARGUMENT, s.peek(9, h));
            status(Status.INVALID_ARGUMENT, s.tap(9, h, true));
            status(Status.INVALID_ARGUMENT, s.close(9, h));
        }

        @ParameterizedTest
        @CsvSource({"65536, 0, 0", "-1, 0, 0", "0, 65536, 0", "0, -1, 0", "0, 0, 65536", "0, 0, -1"})
        void sendArgumentsOutOfRangeAreInvalid(int flags, int channel, int timeout) {
            status(Status.INVALID_ARGUMENT, s.send(1, h, b("x"), flags, channel, timeout));
            assertEquals(0, peek(s, 1, h).depth());
        }

        @ParameterizedTest
        @CsvSource({"65536, 0", "-1, 0", "64, 65536", "64, -1"})
        void recvArgumentsOutOfRangeAreInvalid(int maxLen, int timeout) {
            send(s, 1, h, "x");
            status(Status.INVALID_ARGUMENT, s.recv(1, h, maxLen, timeout));
            assertEquals(1, peek(s, 1, h).depth());
        }

        @Test
        void messageLargerThanCapacityIsTooLarge() {
            // 32 + 8 = 40 fits exactly; 33 + 8 does not
            Reply r = status(Status.MSG_TOO_LARGE, s.send(1, h, n(33), 0, 0, 0));
            assertError(r, 1, "send", Status.MSG_TOO_LARGE);
            ok(s.send(1, h, n(32), 0, 0, 0));
            assertEquals(40, peek(s, 1, h).bytesUsed());
        }

        @Test
        void tooLargeIsReportedEvenWhenTheSenderWouldBlock() {
            status(Status.MSG_TOO_LARGE, s.send(1, h, n(40), 0, 0, Mbx.TIMEOUT_INFINITE));
            assertEquals("READY", task(s, 1).state());
        }

        @Test
        void fullSingleReaderWithPollIsWouldBlock() {
            send(s, 1, h, "0123456789"); // 18
            send(s, 1, h, "0123456789"); // 36
            Reply r = status(Status.WOULDBLOCK, s.send(1, h, b("abc"), 0, 0, 0));
            Event bp = only(r, EventSchema.Type.MAILBOX_BACKPRESSURE);
            assertEquals("single", bp.get("policy"));
            assertEquals(40L, num(bp, "capacity"));
            assertEquals(36L, num(bp, "bytes_used"));
            assertEquals(11L, num(bp, "requested"));
            assertFalse(types(r).contains("mailbox_error"), "WOULDBLOCK is not an error");
            assertEquals(2, peek(s, 1, h).depth());
            recv(s, 1, h);
            ok(s.send(1, h, n(14), 0, 0, 0)); // 18 + 22 fits exactly
            assertEquals(40, peek(s, 1, h).bytesUsed());
        }

        @Test
        void zeroLengthSendQueuesNothing() {
            Reply r = ok(s.send(1, h, Bytes.EMPTY, Mbx.MSG_OOB, 3, 0));
            assertEquals(0, r.length());
            assertTrue(r.completions().isEmpty());
            Event e = only(r, EventSchema.Type.MAILBOX_SEND);
            assertEquals(0L, num(e, "length"));
            Peek p = peek(s, 1, h);
            assertEquals(0, p.depth());
            assertEquals(0, p.bytesUsed());
            assertEquals(0L, p.nextSeq());
            status(Status.NO_DATA, s.recv(1, h, 64, 0));
        }

        @Test
        void zeroLengthSendWakesOnlyTheOldestBlockedReceiver() {
            int h2 = open(s, 2, "app:q");
            int h0 = open(s, 0, "app:q");
            blocked(s.recv(2, h2, 64, Mbx.TIMEOUT_INFINITE));
            blocked(s.recv(0, h0, 64, Mbx.TIMEOUT_INFINITE));
            Reply r = ok(s.send(1, h, Bytes.EMPTY, Mbx.MSG_OOB, 3, 0));
            assertEquals(1, r.completions().size());
            Completion c = r.completions().get(0);
            assertCompletion(c, 2, h2, Completion.Kind.RECV, Status.OK);
            assertEquals(0, c.length());
            assertEquals(0, c.flags());
            assertEquals(0, c.channel());
            assertEquals(1, c.srcPid());
            assertEquals(Bytes.EMPTY, c.payload());
            assertEquals(List.of("mailbox_send", "mailbox_wake"), types(r));
            assertEquals("READY", task(s, 2).state());
            assertEquals("WAIT_MBX", task(s, 0).state());
            assertEquals(0, snap(s, d).depth());
        }

        @Test
        void zeroLengthSendIsAllowedEvenWhenFull() {
            send(s, 1, h, "0123456789");
            send(s, 1, h, "0123456789");
            ok(s.send(1, h, Bytes.EMPTY, 0, 0, 0));
        }

        @Test
        void truncationConsumesTheMessageAndSetsTruncated() {
            ok(s.send(1, h, b("hello"), Mbx.MSG_STDOUT, 0, 0));
            send(s, 1, h, "next");
            Reply r = ok(s.recv(1, h, 3, 0));
            assertEquals(3, r.length());
            assertEquals(b("hel"), r.payload());
            assertEquals(Mbx.MSG_STDOUT | Mbx.MSG_TRUNCATED, r.flags());
            assertEquals("next", text(recv(s, 1, h)));
        }

        @Test
        void exactBufferIsNotTruncated() {
            send(s, 1, h, "hello");
            Reply r = ok(s.recv(1, h, 5, 0));
            assertEquals(0, r.flags() & Mbx.MSG_TRUNCATED);
            assertEquals(b("hello"), r.payload());
        }

        @Test
        void maxLenZeroConsumesEverything() {
            send(s, 1, h, "hello");
            Reply r = ok(s.recv(1, h, 0, 0));
            assertEquals(0, r.length());
            assertEquals(Mbx.MSG_TRUNCATED, r.flags());
            assertEquals(0, peek(s, 1, h).depth());
        }

        @Test
        void peekReportsDepthBytesNextLenCapacitySeqsAndMode() {
            Peek p0 = peek(s, 1, h);
            assertEquals(new Peek(0, 0, 0, 40, 0L, 0L, Mbx.MODE_RDWR), p0);
            send(s, 1, h, "abc");
            send(s, 1, h, "defgh");
            assertEquals(new Peek(2, 24, 3, 40, 0L, 2L, Mbx.MODE_RDWR), peek(s, 1, h));
            recv(s, 1, h);
            assertEquals(new Peek(1, 13, 5, 40, 1L, 2L, Mbx.MODE_RDWR), peek(s, 1, h));
            assertTrue(ok(s.peek(1, h)).events().isEmpty());
        }

        @Test
        void peekWorksOnWriteOnlyHandles() {
            int wo = open(s, 1, "app:q", Mbx.MODE_WRONLY);
            send(s, 1, wo, "abc");
            assertEquals(1, peek(s, 1, wo).depth());
        }
    }

    // ================================================================ tap / close

    @Nested
    class TapAndClose {
        @Test
        void tapEnableReservesArenaDisableFreesItIdempotent() {
            int d = bind(s, 1, "app:q", 40, 0);
            int h = open(s, 1, "app:q");
            assertEquals(40, counter(s, "arena_used"));
            ok(s.tap(1, h, true));
            assertEquals(80, counter(s, "arena_used"));
            assertEquals(1, counter(s, "tap_count"));
            ok(s.tap(1, h, true));
            assertEquals(80, counter(s, "arena_used"));
            assertEquals(1, counter(s, "tap_count"));
            ok(s.tap(1, h, false));
            ok(s.tap(1, h, false));
            assertEquals(40, counter(s, "arena_used"));
            assertEquals(0, counter(s, "tap_count"));
            assertEquals(d, snap(s, d).id());
        }

        @Test
        void closeReleasesTheHandleAndItsTapBuffer() {
            bind(s, 1, "svc:q", 40, 0);
            int h = open(s, 1, "svc:q");
            ok(s.tap(1, h, true));
            ok(s.close(1, h));
            assertEquals(40, counter(s, "arena_used"));
            assertEquals(0, counter(s, "tap_count"));
            assertEquals(0L, handlesPerPid(s).get("1"));
            status(Status.INVALID_HANDLE, s.close(1, h));
            status(Status.INVALID_HANDLE, s.peek(1, h));
        }

        @Test
        void ownedDescriptorSurvivesTheCloseOfItsLastHandle() {
            int d = bind(s, 1, "svc:q", 0, 0);
            int h = open(s, 1, "svc:q");
            send(s, 1, h, "kept");
            ok(s.close(1, h));
            assertTrue(exists(s, d));
            int h2 = open(s, 1, "svc:q");
            assertEquals("kept", text(recv(s, 1, h2)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"app:tmp", "shared:tmp"})
        void ownerlessDescriptorIsFreedWithItsLastHandleAndItsMessagesDiscarded(String target) {
            int a = open(s, 1, target);
            int c = open(s, 2, target);
            int d = snap(s, 1).id();
            send(s, 1, a, "lost");
            ok(s.close(1, a));
            assertTrue(exists(s, d), "one handle left");
            ok(s.close(2, c));
            assertFalse(exists(s, d));
            assertEquals(0, counter(s, "arena_used"));
            assertEquals(0, counter(s, "bytes_used"));
            int again = open(s, 1, target);
            Peek p = peek(s, 1, again);
            assertEquals(0, p.depth());
            assertEquals(0L, p.nextSeq(), "a fresh descriptor");
        }

        @Test
        void ownerlessDescriptorBoundButNeverOpenedStays() {
            int d = bind(s, 1, "app:declared", 0, 0);
            ok(s.taskExit(1));
            assertTrue(exists(s, d));
        }

        @Test
        void ownedAppDescriptorIsNotFreedByClose() {
            int d = bind(s, 1, "app:q@1", 0, 0);
            int h = open(s, 2, "app:q@1");
            ok(s.close(2, h));
            assertTrue(exists(s, d));
        }
    }

    // ================================================================ tasks

    @Nested
    class Tasks {
        private MailboxService t;

        @BeforeEach
        void desktop() {
            t = new MailboxService(Profile.DESKTOP);
        }

        @Test
        void taskStartBindsStdioAndPidMailboxesAndOpensHandles123() {
            ok(t.taskStart(5));
            List<Stats.DescriptorSnapshot> ds = t.stats().descriptors();
            assertEquals(4, ds.size());
            assertEquals(List.of("stdio.in", "stdio.out", "stdio.err", "pid:5"),
                    ds.stream().map(Stats.DescriptorSnapshot::name).toList());
            assertEquals(List.of(Mbx.NS_SVC, Mbx.NS_SVC, Mbx.NS_SVC, Mbx.NS_PID),
                    ds.stream().map(Stats.DescriptorSnapshot::namespace).toList());
            for (Stats.DescriptorSnapshot d : ds) {
                assertEquals(5, d.owner());
                assertEquals(Mbx.MODE_RDWR, d.mode());
                assertEquals(64, d.capacity());
            }
            assertEquals(List.of(1, 2, 3, 4), ds.stream().map(Stats.DescriptorSnapshot::id).toList());
            assertEquals(3L, handlesPerPid(t).get("5"));
            // handles 1, 2, 3 are stdin, stdout, stderr: check by sending through each and reading by target
            ok(t.send(5, 1, b("in"), 0, 0, 0));
            ok(t.send(5, 2, b("out"), 0, 0, 0));
            ok(t.send(5, 3, b("err"), 0, 0, 0));
            assertEquals("in", text(recv(t, 0, open(t, 0, Mbx.STDIO_IN + "@5"))));
            assertEquals("out", text(recv(t, 0, open(t, 0, Mbx.STDIO_OUT + "@5"))));
            assertEquals("err", text(recv(t, 0, open(t, 0, Mbx.STDIO_ERR + "@5"))));
            assertEquals(4, open(t, 5, "app:next"), "the next handle after stdio is 4");
            assertEquals(bind(t, 5, Mbx.STDIO_OUT, 0, 0), 2);
            assertEquals(bind(t, 5, "pid:", 0, 0), 4);
        }

        @Test
        void taskStartWithoutTaskMailboxesCreatesNothing() {
            ok(s.taskStart(3));
            assertEquals(0, counter(s, "active_descriptors"));
            assertEquals(0L, handlesPerPid(s).get("3"));
            assertEquals(1, open(s, 3, "app:x"));
        }

        @Test
        void taskStartWithStdioFeatureOffCreatesNothing() {
            MailboxService m = new MailboxService(Profile.DESKTOP.withFeatures("nostdio",
                    Features.ALL.without(Features.Feature.STDIO)));
            ok(m.taskStart(1));
            assertEquals(0, counter(m, "active_descriptors"));
        }

        @Test
        void startingAnExistingPidOrPidZeroIsInvalid() {
            ok(t.taskStart(1));
            Stats before = t.stats();
            assertError(status(Status.INVALID_ARGUMENT, t.taskStart(1)), 1, "task_start", Status.INVALID_ARGUMENT);
            status(Status.INVALID_ARGUMENT, t.taskStart(0));
            status(Status.INVALID_ARGUMENT, t.taskStart(-1));
            status(Status.INVALID_ARGUMENT, t.taskStart(65536));
            assertEquals(before, t.stats());
            status(Status.INVALID_ARGUMENT, t.taskExit(0));
            status(Status.INVALID_ARGUMENT, t.taskExit(2));
        }

        @Test
        void moreThanMaxTasksIsNoDescriptorWithTaskLimit() {
            MailboxService m = new MailboxService(Profile.EMBEDDED);
            for (int pid = 1; pid <= 4; pid++) {
                ok(m.taskStart(pid));
            }
            Reply r = status(Status.NO_DESCRIPTOR, m.taskStart(5));
            assertEquals(List.of("mailbox_exhausted", "mailbox_error"), types(r));
            assertEquals("task_limit", r.events().get(0).get("reason"));
            status(Status.INVALID_ARGUMENT, m.open(5, "app:x", 0));
            ok(m.taskExit(4));
            ok(m.taskStart(5));
        }

        @Test
        void taskStartChecksStdioResourcesBeforeCreatingAnything() {
            Profile p = new Profile("p", 6, 8, 8, 64, 4096, 0, 64, true, 1024, 4, Features.ALL);
            MailboxService m = new MailboxService(p);
            ok(m.taskStart(1));
            Stats before = m.stats();
            Reply r = status(Status.NO_DESCRIPTOR, m.taskStart(2));
            Event ex = only(r, EventSchema.Type.MAILBOX_EXHAUSTED);
            assertEquals("descriptor_pool_full", ex.get("reason"));
            assertEquals(4L, num(ex, "requested"));
            assertEquals(before, m.stats());
            status(Status.INVALID_ARGUMENT, m.open(2, "app:x", 0));
        }

        @Test
        void taskStartArenaShortage() {
            Profile p = new Profile("p", 16, 8, 8, 64, 300, 0, 64, true, 1024, 4, Features.ALL);
            MailboxService m = new MailboxService(p);
            ok(m.taskStart(1));
            Reply r = status(Status.NO_DESCRIPTOR, m.taskStart(2));
            Event ex = only(r, EventSchema.Type.MAILBOX_EXHAUSTED);
            assertEquals("arena", ex.get("reason"));
            assertEquals(256L, num(ex, "requested"));
        }

        @Test
        void taskExitMakesOtherPidsHandlesStaleAndCompletesTheirWaitersWithInvalidHandle() {
            MailboxService m = s;
            int d = bind(m, 1, "app:box@1", 0, 0);
            int h2 = open(m, 2, "app:box@1");
            int h0 = open(m, 0, "app:box@1");
            blocked(m.recv(2, h2, 64, Mbx.TIMEOUT_INFINITE));
            blocked(m.recv(0, h0, 64, 500));
            Reply r = ok(m.taskExit(1));
            assertEquals(2, r.completions().size());
            Completion c2 = r.completions().get(0);
            assertCompletion(c2, 2, h2, Completion.Kind.RECV, Status.INVALID_HANDLE);
            assertEquals(0, c2.length());
            assertEquals(0, c2.srcPid());
            assertCompletion(r.completions().get(1), 0, h0, Completion.Kind.RECV, Status.INVALID_HANDLE);
            assertFalse(exists(m, d));
            assertEquals("READY", task(m, 2).state());
            assertEquals(0, counter(m, "waiter_count"));
            assertEquals(1, task(m, 2).mailboxWake(), "INVALID_HANDLE completions count as wakes");
            // stale: INVALID_HANDLE to everything but close
            status(Status.INVALID_HANDLE, m.send(2, h2, b("x"), 0, 0, 0));
            status(Status.INVALID_HANDLE, m.recv(2, h2, 64, 0));
            status(Status.INVALID_HANDLE, m.peek(2, h2));
            status(Status.INVALID_HANDLE, m.tap(2, h2, true));
            assertEquals(1L, handlesPerPid(m).get("2"), "stale handles still count");
            ok(m.close(2, h2));
            assertEquals(0L, handlesPerPid(m).get("2"));
            status(Status.INVALID_HANDLE, m.close(2, h2));
            // nothing fires later
            assertTrue(m.tick(1000).completions().isEmpty());
        }

        @Test
        void staleHandlesCountTowardTheHandleLimit() {
            MailboxService m = new MailboxService(TestKit.plain(16, 2, 4096, 0, 64, 4));
            ok(m.taskStart(1));
            ok(m.taskStart(2));
            bind(m, 1, "app:a@1", 0, 0);
            open(m, 2, "app:a@1");
            open(m, 2, "app:a@1");
            ok(m.taskExit(1));
            status(Status.NO_DESCRIPTOR, m.open(2, "app:b", 0));
        }

        @Test
        void taskExitFreesTheStaleHandlesTapBuffer() {
            bind(s, 1, "app:a@1", 40, 0);
            int h = open(s, 2, "app:a@1", Mbx.MODE_RDONLY | Mbx.MODE_TAP);
            assertEquals(80, counter(s, "arena_used"));
            ok(s.taskExit(1));
            assertEquals(0, counter(s, "arena_used"));
            assertEquals(0, counter(s, "tap_count"));
            ok(s.close(2, h));
        }

        @Test
        void taskExitCancelsItsOwnWaitWithoutCompletion() {
            int h = open(s, 1, "app:q");
            open(s, 2, "app:q");
            blocked(s.recv(1, h, 64, 100));
            Reply r = ok(s.taskExit(1));
            assertTrue(r.completions().isEmpty());
            assertEquals(0, counter(s, "waiter_count"));
            assertTrue(s.tick(1000).completions().isEmpty());
        }

        @Test
        void taskExitClosesHandlesAndFreesOwnerlessDescriptorsLeftWithoutHandles() {
            int h1 = open(s, 1, "app:solo");
            open(s, 1, "app:both");
            open(s, 2, "app:both");
            bind(s, 1, "svc:own", 0, 0);
            assertEquals(3, counter(s, "active_descriptors"));
            assertTrue(h1 > 0);
            ok(s.taskExit(1));
            List<String> names = s.stats().descriptors().stream().map(Stats.DescriptorSnapshot::name).toList();
            assertEquals(List.of("both"), names);
            assertEquals(1L, counter(s, "handles_total"));
            assertFalse(handlesPerPid(s).containsKey("1"));
            status(Status.INVALID_ARGUMENT, s.open(1, "app:x", 0));
        }

        @Test
        void exitedPidCanStartAgainWithFreshHandleNumbers() {
            ok(t.taskStart(1));
            open(t, 1, "app:x");
            ok(t.taskExit(1));
            assertEquals(0, counter(t, "active_descriptors"));
            ok(t.taskStart(1));
            assertEquals(4, open(t, 1, "app:x"));
        }
    }

    // ================================================================ rejected operations change nothing

    @Test
    void blockedPidIssuingAnOperationIsInvalidArgumentAndNothingChanges() {
        int h = open(s, 1, "app:q");
        int h2 = open(s, 2, "app:q");
        blocked(s.recv(1, h, 64, Mbx.TIMEOUT_INFINITE));
        long steps = task(s, 1).mailboxStep();
        Stats before = s.stats();
        assertError(status(Status.INVALID_ARGUMENT, s.send(1, h, b("x"), 0, 0, 0)), 1, "send",
                Status.INVALID_ARGUMENT);
        status(Status.INVALID_ARGUMENT, s.recv(1, h, 64, 0));
        status(Status.INVALID_ARGUMENT, s.open(1, "app:q", 0));
        status(Status.INVALID_ARGUMENT, s.bind(1, "app:z", 0, 0));
        status(Status.INVALID_ARGUMENT, s.peek(1, h));
        status(Status.INVALID_ARGUMENT, s.tap(1, h, true));
        status(Status.INVALID_ARGUMENT, s.close(1, h));
        assertEquals(before, s.stats());
        assertEquals(steps, task(s, 1).mailboxStep(), "calls of a blocked pid are not steps");
        Reply r = ok(s.send(2, h2, b("wake"), 0, 0, 0));
        assertEquals("wake", r.completions().get(0).payload().textOrNull());
    }
}

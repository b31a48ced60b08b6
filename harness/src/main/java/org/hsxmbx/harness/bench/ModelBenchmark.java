package org.hsxmbx.harness.bench;

import java.util.concurrent.TimeUnit;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.Features;
import org.hsxmbx.model.MailboxService;
import org.hsxmbx.model.Mbx;
import org.hsxmbx.model.Peek;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Status;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the Java reference model on the speed goals' workloads
 * (boards-and-budgets.md: "Java model, pairs per second (JMH) >= 5 million"): a single-reader
 * 16-byte send+recv pair, and one send fanned out to 4 readers. Run with
 * {@code scripts/bench-model.sh}.
 *
 * <p>Setup asserts that every call of the measured sequence answers OK with the expected
 * payload, and each iteration's teardown asserts the queue is back to empty, so a regression
 * in the model cannot silently turn this into a benchmark of an error path.
 *
 * <p>The {@code events} parameter (default true, the desktop profile as is) can be set to
 * false ({@code -p events=true,false}) to measure what event recording costs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ModelBenchmark {

    static final int PAYLOAD_BYTES = 16;
    static final int FANOUT_READERS = 4;
    private static final Bytes PAYLOAD = Bytes.utf8("0123456789abcdef");

    /** The desktop profile, with or without the events feature. */
    static Profile profile(boolean events) {
        if (events) {
            return Profile.DESKTOP;
        }
        return Profile.DESKTOP.withFeatures("desktop-no-events",
                Profile.DESKTOP.features().without(Features.Feature.EVENTS));
    }

    /** pid 0 (the executive) sends on {@code app:bench}; task 1 receives. Queue empty between pairs. */
    @State(Scope.Thread)
    public static class SingleReader {
        @Param({"true"})
        public boolean events;

        MailboxService service;
        int senderHandle;
        int readerHandle;

        @Setup(Level.Trial)
        public void setUp() {
            service = new MailboxService(profile(events));
            expectOk(service.taskStart(1), "task_start 1");
            senderHandle = expectOk(service.open(0, "app:bench", Mbx.MODE_WRONLY), "open sender").handle();
            readerHandle = expectOk(service.open(1, "app:bench", Mbx.MODE_RDONLY), "open reader").handle();
            checkPair();
        }

        @TearDown(Level.Iteration)
        public void stillSteady() {
            checkPair();
            expectEmpty(service, 1, readerHandle);
        }

        void checkPair() {
            Reply s = expectOk(service.send(0, senderHandle, PAYLOAD, 0, 0, Mbx.TIMEOUT_POLL), "send");
            expect(s.length() == PAYLOAD_BYTES, "send length " + s.length());
            expectMessage(service.recv(1, readerHandle, 64, Mbx.TIMEOUT_POLL), "recv");
        }
    }

    /** pid 0 sends on the fan-out descriptor {@code shared:fan}; tasks 1..4 each receive every message. */
    @State(Scope.Thread)
    public static class FanOut {
        @Param({"true"})
        public boolean events;

        MailboxService service;
        int senderHandle;
        final int[] readerHandles = new int[FANOUT_READERS];

        @Setup(Level.Trial)
        public void setUp() {
            service = new MailboxService(profile(events));
            // shared: descriptors are fan-out with drop (contract section 4); a sender-only
            // handle never holds messages back, so every message is reclaimed after 4 reads.
            expectOk(service.bind(0, "shared:fan", 256, 0), "bind shared:fan");
            senderHandle = expectOk(service.open(0, "shared:fan", Mbx.MODE_WRONLY), "open sender").handle();
            for (int i = 0; i < FANOUT_READERS; i++) {
                int pid = i + 1;
                expectOk(service.taskStart(pid), "task_start " + pid);
                readerHandles[i] = expectOk(service.open(pid, "shared:fan", Mbx.MODE_RDONLY),
                        "open reader " + pid).handle();
            }
            Peek p = expectOk(service.peek(0, senderHandle), "peek").peek();
            expect((p.mode() & Mbx.MODE_FANOUT) != 0, "shared:fan is not fan-out (mode " + p.mode() + ")");
            checkRound();
        }

        @TearDown(Level.Iteration)
        public void stillSteady() {
            checkRound();
            expectEmpty(service, 1, readerHandles[0]);
        }

        void checkRound() {
            expectOk(service.send(0, senderHandle, PAYLOAD, 0, 0, Mbx.TIMEOUT_POLL), "send");
            for (int i = 0; i < FANOUT_READERS; i++) {
                expectMessage(service.recv(i + 1, readerHandles[i], 64, Mbx.TIMEOUT_POLL), "recv reader " + (i + 1));
            }
        }
    }

    /** One single-reader pair: send 16 bytes, receive them. */
    @Benchmark
    public Reply sendRecvPair(SingleReader st) {
        st.service.send(0, st.senderHandle, PAYLOAD, 0, 0, Mbx.TIMEOUT_POLL);
        return st.service.recv(1, st.readerHandle, 64, Mbx.TIMEOUT_POLL);
    }

    /** One send and its 4 receives. */
    @Benchmark
    public void fanOutToFour(FanOut st, Blackhole bh) {
        bh.consume(st.service.send(0, st.senderHandle, PAYLOAD, 0, 0, Mbx.TIMEOUT_POLL));
        int[] handles = st.readerHandles;
        for (int i = 0; i < FANOUT_READERS; i++) {
            bh.consume(st.service.recv(i + 1, handles[i], 64, Mbx.TIMEOUT_POLL));
        }
    }

    static Reply expectOk(Reply r, String what) {
        expect(r.status() == Status.OK && !r.blocked(), what + ": expected OK, got " + r.status()
                + (r.blocked() ? " (blocked)" : ""));
        return r;
    }

    static void expectMessage(Reply r, String what) {
        expectOk(r, what);
        expect(r.length() == PAYLOAD_BYTES && PAYLOAD.equals(r.payload()) && r.srcPid() == 0,
                what + ": expected the 16-byte payload from pid 0, got length " + r.length() + " payload "
                        + r.payload() + " src_pid " + r.srcPid());
    }

    static void expectEmpty(MailboxService service, int pid, int handle) {
        Peek p = expectOk(service.peek(pid, handle), "peek").peek();
        expect(p.depth() == 0 && p.bytesUsed() == 0, "queue not empty after the round: depth " + p.depth()
                + ", bytes_used " + p.bytesUsed());
    }

    static void expect(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException("ModelBenchmark setup: " + message);
        }
    }
}

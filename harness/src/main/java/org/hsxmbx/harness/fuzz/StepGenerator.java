package org.hsxmbx.harness.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hsxmbx.harness.vector.Expect;
import org.hsxmbx.harness.vector.Op;
import org.hsxmbx.harness.vector.Step;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.EventSchema;
import org.hsxmbx.model.Mbx;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Status;

/**
 * Random operation sequences that stay mostly valid, so they reach deep states (blocked
 * senders, fan-out drops, tap overflow, exhaustion) rather than stopping at argument checks.
 * It learns handle ids from the reference backend's replies. Seeded: the same seed gives the
 * same sequence.
 */
final class StepGenerator {
    private static final int MAX_PID = 4;
    private static final String[] TARGETS = {"svc:a", "svc:b", "app:q", "app:q@1", "shared:f", "shared:g",
        "pid:1", "pid:2", "pid:", "svc:a@2", "svc:stdio.out@1", "x", "app:big", ""};
    private static final int[] CAPACITIES = {0, 0, 8, 16, 24, 32, 48, 64, 100, 4};
    private static final int[] MODES = {0, 0, Mbx.MODE_RDWR, 0x1B, 0x2B, Mbx.MODE_FANOUT, 0x13, Mbx.MODE_RDONLY,
        Mbx.MODE_WRONLY, 0x30, 0x40};
    private static final int[] OPEN_FLAGS = {0, 0, 0, Mbx.MODE_RDONLY, Mbx.MODE_WRONLY, Mbx.MODE_RDWR, Mbx.MODE_TAP,
        Mbx.MODE_TAP | Mbx.MODE_RDONLY, 0x08};
    private static final int[] TIMEOUTS = {0, 0, 0, 0, 5, 20, 50, Mbx.TIMEOUT_INFINITE};

    private final SplittableRandom rnd;
    private final boolean[] started = new boolean[MAX_PID + 1];
    private final List<List<Integer>> handles = new ArrayList<>();
    /** The clock as the reference accepted it (mod 2^32), and the jump toward its wrap still to make. */
    private long now;
    private int number;
    private final int wrapAt;
    private long wrapTo = -1;
    private static final long CLOCK = 0x1_0000_0000L;
    private static final long MAX_TICK = 0x7FFF_FFFFL;
    private static final int[] EVENT_MASKS = {EventSchema.ALL_TYPES, EventSchema.ALL_TYPES, 0,
        EventSchema.Type.MAILBOX_ERROR.bit() | EventSchema.Type.MAILBOX_OVERRUN.bit(), -1, 0x200};

    StepGenerator(long seed) {
        rnd = new SplittableRandom(seed);
        // Once per run, early, the clock jumps to a few seconds before its 2^32 wrap (in two ticks
        // of at most 2^31 - 1 ms), so that most of the run's waits and tap windows straddle it.
        wrapAt = 100 + rnd.nextInt(1000);
        started[0] = true;
        for (int i = 0; i <= MAX_PID; i++) {
            handles.add(new ArrayList<>());
        }
    }

    Step next() {
        number++;
        if (number == wrapAt || wrapTo >= 0) {
            long t;
            if (wrapTo < 0) {
                t = (now + MAX_TICK) % CLOCK;
                wrapTo = CLOCK - 1 - rnd.nextInt(1, 5000);
                if ((wrapTo - t + CLOCK) % CLOCK > MAX_TICK) {
                    wrapTo = (t + MAX_TICK) % CLOCK;
                }
            } else {
                t = wrapTo;
                wrapTo = -1;
            }
            now = t;
            return tick(t);
        }
        int roll = rnd.nextInt(100);
        if (roll < 6) {
            int pid = 1 + rnd.nextInt(MAX_PID);
            return step(Op.TASK_START, pid);
        }
        if (roll < 8) {
            return step(Op.TASK_EXIT, rnd.nextInt(MAX_PID + 1));
        }
        if (roll < 14) {
            return new Step(number, Op.BIND, pid(), target(), pick(CAPACITIES), pick(MODES), 0, 0, 0, 0,
                    Step.DEFAULT_MAX_LEN, false, 0, Bytes.EMPTY, Expect.NONE);
        }
        if (roll < 24) {
            return new Step(number, Op.OPEN, pid(), target(), 0, 0, pick(OPEN_FLAGS), 0, 0, 0,
                    Step.DEFAULT_MAX_LEN, false, 0, Bytes.EMPTY, Expect.NONE);
        }
        if (roll < 52) {
            int pid = pid();
            byte[] payload = new byte[rnd.nextInt(10) == 0 ? 0 : rnd.nextInt(1, 41)];
            rnd.nextBytes(payload);
            return new Step(number, Op.SEND, pid, null, 0, 0, rnd.nextInt(4) == 0 ? rnd.nextInt(8) : 0,
                    handle(pid), rnd.nextInt(3), pick(TIMEOUTS), Step.DEFAULT_MAX_LEN, false, 0, Bytes.of(payload),
                    Expect.NONE);
        }
        if (roll < 78) {
            int pid = pid();
            int maxLen = rnd.nextInt(4) == 0 ? rnd.nextInt(0, 20) : Step.DEFAULT_MAX_LEN;
            return new Step(number, Op.RECV, pid, null, 0, 0, 0, handle(pid), 0, pick(TIMEOUTS), maxLen, false, 0,
                    Bytes.EMPTY, Expect.NONE);
        }
        if (roll < 82) {
            int pid = pid();
            return new Step(number, Op.PEEK, pid, null, 0, 0, 0, handle(pid), 0, 0, Step.DEFAULT_MAX_LEN, false, 0,
                    Bytes.EMPTY, Expect.NONE);
        }
        if (roll < 86) {
            int pid = pid();
            return new Step(number, Op.TAP, pid, null, 0, 0, 0, handle(pid), 0, 0, Step.DEFAULT_MAX_LEN,
                    rnd.nextBoolean(), 0, Bytes.EMPTY, Expect.NONE);
        }
        if (roll < 89) {
            int pid = pid();
            return new Step(number, Op.CLOSE, pid, null, 0, 0, 0, handle(pid), 0, 0, Step.DEFAULT_MAX_LEN, false, 0,
                    Bytes.EMPTY, Expect.NONE);
        }
        if (roll < 97) {
            long ahead = (now + rnd.nextInt(0, 40)) % CLOCK;
            // sometimes behind (serially), sometimes half the clock ahead: both INVALID_ARGUMENT,
            // and the clock stays
            if (rnd.nextInt(50) == 0) {
                return tick((now - 5 + CLOCK) % CLOCK);
            }
            if (rnd.nextInt(200) == 0) {
                return tick((now + MAX_TICK + 1) % CLOCK);
            }
            now = ahead;
            return tick(now);
        }
        if (roll < 98) {
            int mask = pick(EVENT_MASKS);
            return new Step(number, Op.EVENT_MASK, rnd.nextInt(8) == 0 ? pid() : 0, null, 0, 0, 0, 0, 0, 0,
                    Step.DEFAULT_MAX_LEN, false, 0, Bytes.EMPTY, Expect.NONE,
                    mask < 0 ? rnd.nextInt(EventSchema.ALL_TYPES + 1) : mask);
        }
        if (roll < 99) {
            return Step.of(number, Op.STATS);
        }
        return svc();
    }

    /** An SVC through the dispatcher (empty task memory): mostly the register-only functions. */
    private Step svc() {
        int pid = pid();
        int fn = pick(SVC_FNS);
        List<Long> regs = List.of((long) handle(pid), (long) rnd.nextInt(2), 0L,
                fn == Mbx.FN_SEND ? (long) rnd.nextInt(4) << 16 | rnd.nextInt(8) : pick(TIMEOUTS), 0L);
        return new Step(number, Op.SVC, pid, null, 0, 0, 0, 0, 0, 0, Step.DEFAULT_MAX_LEN, false, 0, Bytes.EMPTY,
                Expect.NONE, 0, fn, regs, 0);
    }

    /** SVC function numbers: module 0x05's and one unknown. */
    private static final int[] SVC_FNS = {Mbx.FN_OPEN, Mbx.FN_SEND, Mbx.FN_RECV, Mbx.FN_PEEK, Mbx.FN_PEEK, Mbx.FN_TAP,
        Mbx.FN_CLOSE, 0x42};

    private Step tick(long t) {
        return new Step(number, Op.TICK, 0, null, 0, 0, 0, 0, 0, 0, Step.DEFAULT_MAX_LEN, false, t, Bytes.EMPTY,
                Expect.NONE);
    }

    /** Learns from the reference backend's reply to {@code s}. */
    void observe(Step s, Reply r) {
        if (r.status() != Status.OK) {
            return;
        }
        switch (s.op()) {
            case TASK_START -> {
                started[s.pid()] = true;
                handles.get(s.pid()).clear();
                handles.get(s.pid()).addAll(List.of(1, 2, 3));
            }
            case TASK_EXIT -> {
                started[s.pid()] = false;
                handles.get(s.pid()).clear();
            }
            case OPEN -> handles.get(s.pid()).add(r.handle());
            default -> { }
        }
    }

    private Step step(Op op, int pid) {
        return new Step(number, op, pid, null, 0, 0, 0, 0, 0, 0, Step.DEFAULT_MAX_LEN, false, 0, Bytes.EMPTY,
                Expect.NONE);
    }

    private int pid() {
        for (int tries = 0; tries < 4; tries++) {
            int p = rnd.nextInt(MAX_PID + 1);
            if (started[p]) {
                return p;
            }
        }
        return rnd.nextInt(MAX_PID + 1);
    }

    private int handle(int pid) {
        List<Integer> hs = handles.get(pid);
        if (hs.isEmpty() || rnd.nextInt(20) == 0) {
            return rnd.nextInt(0, 8);
        }
        return hs.get(rnd.nextInt(hs.size()));
    }

    private String target() {
        return TARGETS[rnd.nextInt(TARGETS.length)];
    }

    private int pick(int[] values) {
        return values[rnd.nextInt(values.length)];
    }
}

package org.hsxmbx.harness.vector;

import java.util.List;
import java.util.Objects;
import org.hsxmbx.model.Bytes;

/**
 * One step of a vector: an operation with all its arguments (defaults filled in) and what to
 * check. Arguments an op does not take keep their defaults (0, null, false, empty payload).
 *
 * @param number  1-based position in the vector (what messages call "step N")
 * @param payload the send payload ({@code text} or {@code hex}); empty for other ops
 * @param enable  the tap argument
 * @param nowMs   the tick argument, 0..2^32-1
 * @param mask    the event_mask argument, 0..2^32-1
 * @param fn      the svc function number, 0..255
 * @param regs    the svc arguments R1..R5 (uint32 each; empty for other ops)
 * @param entryCount the load argument {@code entry_count}: the metadata table's count (uint32);
 *                the load's section is {@code payload}
 */
public record Step(int number, Op op, int pid, String target, int capacity, int mode, int flags, int handle,
                   int channel, int timeout, int maxLen, boolean enable, long nowMs, Bytes payload,
                   Expect expect, long mask, int fn, List<Long> regs, long entryCount) {

    /** Default of {@code max_len} (vectors.md). */
    public static final int DEFAULT_MAX_LEN = 0xFFFF;

    public Step {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(expect, "expect");
        regs = List.copyOf(regs);
    }

    /** A step of any op but svc and load. */
    public Step(int number, Op op, int pid, String target, int capacity, int mode, int flags, int handle,
                int channel, int timeout, int maxLen, boolean enable, long nowMs, Bytes payload, Expect expect,
                long mask) {
        this(number, op, pid, target, capacity, mode, flags, handle, channel, timeout, maxLen, enable, nowMs, payload,
                expect, mask, 0, List.of(), 0);
    }

    /** This step at position {@code n}. */
    public Step renumbered(int n) {
        return new Step(n, op, pid, target, capacity, mode, flags, handle, channel, timeout, maxLen, enable, nowMs,
                payload, expect, mask, fn, regs, entryCount);
    }

    /** The six registers R0..R5 an svc step starts with (R0 = 0). */
    public long[] registers() {
        long[] r = new long[6];
        for (int i = 0; i < regs.size(); i++) {
            r[i + 1] = regs.get(i);
        }
        return r;
    }

    /** A step without the event_mask argument (every op but event_mask). */
    public Step(int number, Op op, int pid, String target, int capacity, int mode, int flags, int handle,
                int channel, int timeout, int maxLen, boolean enable, long nowMs, Bytes payload, Expect expect) {
        this(number, op, pid, target, capacity, mode, flags, handle, channel, timeout, maxLen, enable, nowMs, payload,
                expect, 0);
    }

    /** A step of {@code op} with every argument at its default and nothing expected. */
    public static Step of(int number, Op op) {
        return new Step(number, op, 0, null, 0, 0, 0, 0, 0, 0, DEFAULT_MAX_LEN, false, 0, Bytes.EMPTY, Expect.NONE);
    }
}

package org.hsxmbx.harness.vector;

import java.util.List;
import org.hsxmbx.model.Reply;

/**
 * What an svc step returns: the registers R0..R5 after the call and the reply it caused, of which
 * only the status, whether it blocked, and the completions and events count (the results are in
 * the registers, as the VM sees them).
 */
public record SvcResult(List<Long> regs, Reply reply) {
    public SvcResult {
        if (regs.size() != 6) {
            throw new IllegalArgumentException("R0..R5: six registers, got " + regs.size());
        }
        regs = List.copyOf(regs);
    }

    /** From registers updated in place. */
    public static SvcResult of(long[] regs, Reply reply) {
        return new SvcResult(java.util.Arrays.stream(regs).boxed().toList(), reply);
    }
}

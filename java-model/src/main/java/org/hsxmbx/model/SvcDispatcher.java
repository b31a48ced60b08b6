package org.hsxmbx.model;

/**
 * The SVC dispatcher of module 0x05 (the {@code svc} feature; C {@code hsx_mbx_svc},
 * docs/c-runtime.md "SVC register convention"): R0 carries the status on return, R1..R5 the
 * arguments and results. The model has no task memory: it dispatches as the C one does with an
 * empty memory image, so a pointer argument other than 0 with length 0 is INVALID_ARGUMENT.
 * Rejections of the dispatcher itself (a pointer outside memory, an unknown function, the
 * feature off) emit no event: the service was never reached.
 */
final class SvcDispatcher {
    private static final long U16 = 0xFFFF;

    private final ServiceState s;
    private final MailboxService service;

    SvcDispatcher(ServiceState s, MailboxService service) {
        this.s = s;
        this.service = service;
    }

    /** Runs SVC {@code fn} for {@code pid} on {@code regs} (R0..R5, uint32 each), updated in place. */
    Reply dispatch(int pid, int fn, long[] regs) {
        if (regs.length != 6) {
            throw new IllegalArgumentException("an SVC takes the six registers R0..R5, got " + regs.length);
        }
        Reply r = s.features().svc() ? call(pid, fn, regs) : null;
        if (r == null) {
            s.replies().begin();
            r = s.replies().status(Status.INVALID_ARGUMENT);
        }
        if (!r.blocked()) {
            regs[0] = r.status().code();
        }
        return r;
    }

    /** The call of {@code fn}, or null when the dispatcher rejects it before reaching the service. */
    private Reply call(int pid, int fn, long[] regs) {
        int handle = (int) (regs[1] & U16);
        switch (fn) {
            case Mbx.FN_SEND -> {
                if (!emptySpan(regs[2], regs[3])) {
                    return null;
                }
                // the SVC form of SEND is always POLL (contract section 4)
                Reply r = service.send(pid, handle, Bytes.EMPTY, (int) (regs[4] & U16), (int) (regs[4] >>> 16),
                        Mbx.TIMEOUT_POLL);
                regs[1] = r.length();
                return r;
            }
            case Mbx.FN_RECV -> {
                if (regs[1] > U16 || !emptySpan(regs[2], regs[3]) || regs[5] != 0) {
                    return null;
                }
                Reply r = service.recv(pid, handle, 0, regs[4] > Integer.MAX_VALUE ? -1 : (int) regs[4]);
                if (!r.blocked()) {
                    regs[1] = r.length();
                }
                return r;
            }
            case Mbx.FN_PEEK -> {
                Reply r = service.peek(pid, handle);
                Peek p = r.peek();
                regs[1] = p == null ? 0 : p.depth();
                regs[2] = p == null ? 0 : p.bytesUsed();
                regs[3] = p == null ? 0 : p.nextLen();
                return r;
            }
            case Mbx.FN_TAP -> {
                return service.tap(pid, handle, regs[2] != 0);
            }
            case Mbx.FN_CLOSE -> {
                return service.close(pid, handle);
            }
            default -> {
                return null; // OPEN and BIND name a target in memory, which is empty; unknown functions
            }
        }
    }

    /** A pointer and length inside an empty memory image: both 0. */
    private static boolean emptySpan(long ptr, long len) {
        return ptr == 0 && len == 0;
    }
}

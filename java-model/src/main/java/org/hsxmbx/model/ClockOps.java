package org.hsxmbx.model;

import java.util.ArrayList;
import java.util.List;

/** tick (contract section 5): the clock moves, tap windows close, and waits whose deadline came time out. */
final class ClockOps {
    private final ServiceState s;

    ClockOps(ServiceState s) {
        this.s = s;
    }

    Reply tick(long nowMs) {
        Replies r = s.replies();
        r.begin();
        // The clock is a 32-bit counter that wraps (contract section 4): a tick is behind the
        // previous one when the serial difference is negative.
        if (!s.clock().advanceTo(nowMs)) {
            return r.error(0, ServiceFn.TICK, Status.INVALID_ARGUMENT);
        }
        s.taps().closeExpiredWindows();
        List<Descriptor> senders = new ArrayList<>();
        for (Wait w : s.waits().due()) {
            s.waits().finish(w, Status.TIMEOUT, w.descriptor());
            if (w.kind() == Completion.Kind.SEND && !senders.contains(w.descriptor())) {
                senders.add(w.descriptor());
            }
        }
        // A sender that gave up may have been holding back smaller ones behind it.
        for (Descriptor d : senders) {
            s.settler().settle(d);
        }
        return r.ok();
    }
}

package org.hsxmbx.model;

/** event_mask (contract section 4): which event types are emitted from now on. */
final class EventControl {
    private final ServiceState s;

    EventControl(ServiceState s) {
        this.s = s;
    }

    /**
     * pid 0 only, else PERMISSION_DENIED; bits outside {@link EventSchema#ALL_TYPES}, or the
     * events feature off, INVALID_ARGUMENT. Emits nothing itself when it succeeds.
     */
    Reply eventMask(int pid, long mask) {
        Replies r = s.replies();
        r.begin();
        if (s.tasks().caller(pid) == null || !s.features().events()) {
            return r.error(pid, ServiceFn.EVENT_MASK, Status.INVALID_ARGUMENT);
        }
        if (pid != 0) {
            return r.error(pid, ServiceFn.EVENT_MASK, Status.PERMISSION_DENIED);
        }
        if (mask < 0 || (mask & ~(long) EventSchema.ALL_TYPES) != 0) {
            return r.error(pid, ServiceFn.EVENT_MASK, Status.INVALID_ARGUMENT);
        }
        s.events().setMask((int) mask);
        return r.ok();
    }
}

package org.hsxmbx.model;

/** tap and close (contract sections 6 and 2), and the release of a handle that close and task_exit share. */
final class HandleOps {
    private final ServiceState s;

    HandleOps(ServiceState s) {
        this.s = s;
    }

    Reply tap(int pid, int handle, boolean enable) {
        Replies r = s.replies();
        r.begin();
        Task caller = s.tasks().caller(pid);
        if (caller == null) {
            return r.error(pid, ServiceFn.TAP, Status.INVALID_ARGUMENT);
        }
        Handle h = caller.handles.get(handle);
        if (h == null || h.descriptor == null) {
            return r.error(pid, ServiceFn.TAP, Status.INVALID_HANDLE);
        }
        if (!s.features().taps()) {
            return r.error(pid, ServiceFn.TAP, Status.INVALID_ARGUMENT);
        }
        if (!h.canRead()) {
            return r.error(pid, ServiceFn.TAP, Status.PERMISSION_DENIED);
        }
        Descriptor d = h.descriptor;
        if (enable && h.tap == null) {
            if (!s.taps().fits(pid, d.id, d.capacity, 0)) {
                return r.error(pid, ServiceFn.TAP, Status.NO_DESCRIPTOR);
            }
            s.taps().enable(h);
            s.settler().settle(d);
        } else if (!enable && h.tap != null) {
            s.taps().free(h);
            h.lastSeq = d.nextSeq - 1;
        }
        return r.ok();
    }

    Reply close(int pid, int handle) {
        Replies r = s.replies();
        r.begin();
        Task caller = s.tasks().caller(pid);
        if (caller == null) {
            return r.error(pid, ServiceFn.CLOSE, Status.INVALID_ARGUMENT);
        }
        Handle h = caller.handles.get(handle);
        if (h == null) {
            return r.error(pid, ServiceFn.CLOSE, Status.INVALID_HANDLE);
        }
        release(caller, h);
        return r.ok();
    }

    /** Removes a handle: frees its tap, reclaims, settles, and frees an ownerless descriptor left without handles. */
    void release(Task task, Handle h) {
        task.handles.remove(h.id);
        Descriptor d = h.descriptor;
        if (h.tap != null) {
            s.taps().free(h);
        }
        if (d == null) {
            return;
        }
        d.handles.remove(h);
        h.descriptor = null;
        if (d.ownerless() && d.handles.isEmpty()) {
            s.descriptors().destroy(d);
            return;
        }
        s.settler().settle(d);
    }
}

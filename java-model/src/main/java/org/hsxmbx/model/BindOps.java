package org.hsxmbx.model;

/**
 * bind and open (contract sections 3 and 4): find or create the descriptor of a target, resize
 * or re-mode an existing one, and give the caller a handle.
 */
final class BindOps {
    private final ServiceState s;

    BindOps(ServiceState s) {
        this.s = s;
    }

    Reply bind(int pid, String target, int capacity, int mode) {
        Replies r = s.replies();
        r.begin();
        Task caller = s.tasks().caller(pid);
        if (caller == null) {
            return r.error(pid, ServiceFn.BIND, Status.INVALID_ARGUMENT);
        }
        DescriptorTable dt = s.descriptors();
        Target t = Target.parse(pid, target);
        Status st = dt.checkTarget(pid, t);
        if (st == Status.OK) {
            st = dt.checkCapacityAndMode(capacity, mode);
        }
        if (st != Status.OK) {
            return r.error(pid, ServiceFn.BIND, st);
        }
        Descriptor d = dt.find(t.key());
        if (d == null) {
            d = dt.createChecked(pid, t, capacity, mode, 0);
            if (d == null) {
                return r.error(pid, ServiceFn.BIND, Status.NO_DESCRIPTOR);
            }
        } else if (!rebind(pid, d, capacity, mode)) {
            return r.error(pid, ServiceFn.BIND, Status.NO_DESCRIPTOR);
        }
        return r.descriptor(d.id);
    }

    Reply open(int pid, String target, int flags) {
        Replies r = s.replies();
        r.begin();
        Task caller = s.tasks().caller(pid);
        if (caller == null) {
            return r.error(pid, ServiceFn.OPEN, Status.INVALID_ARGUMENT);
        }
        DescriptorTable dt = s.descriptors();
        Target t = Target.parse(pid, target);
        Status st = dt.checkTarget(pid, t);
        if (st == Status.OK && (flags < 0 || (flags & ~(Mbx.MODE_RDWR | Mbx.MODE_TAP)) != 0
                || ((flags & Mbx.MODE_TAP) != 0 && !s.features().taps()))) {
            st = Status.INVALID_ARGUMENT;
        }
        int access = accessOf(flags);
        boolean tap = (flags & Mbx.MODE_TAP) != 0;
        if (st == Status.OK && tap && (access & Mbx.MODE_RDONLY) == 0) {
            st = Status.PERMISSION_DENIED;
        }
        if (st != Status.OK) {
            return r.error(pid, ServiceFn.OPEN, st);
        }
        if (caller.handles.size() >= s.profile().handleLimitPerPid()) {
            s.events().exhausted(pid, EventReason.HANDLE_LIMIT, 0, 1);
            return r.error(pid, ServiceFn.OPEN, Status.NO_DESCRIPTOR);
        }
        Descriptor d = dt.find(t.key());
        int newCapacity = d == null ? s.profile().defaultCapacity() : d.capacity;
        if (tap && !s.taps().fits(pid, d == null ? 0 : d.id, newCapacity, d == null ? newCapacity : 0)) {
            return r.error(pid, ServiceFn.OPEN, Status.NO_DESCRIPTOR);
        }
        if (d == null) {
            d = dt.createChecked(pid, t, 0, 0, tap ? newCapacity : 0);
            if (d == null) {
                return r.error(pid, ServiceFn.OPEN, Status.NO_DESCRIPTOR);
            }
        }
        Handle h = s.tasks().addHandle(caller, d, access);
        if (tap) {
            s.taps().enable(h);
        }
        return r.handle(h.id);
    }

    /** The access of open flags: RDONLY, WRONLY or RDWR (none given means RDWR). */
    static int accessOf(int flags) {
        return (flags & Mbx.MODE_RDWR) == 0 ? Mbx.MODE_RDWR : flags & Mbx.MODE_RDWR;
    }

    /** Resize and/or mode change of an existing descriptor; false (nothing changed) if the arena is short. */
    boolean rebind(int pid, Descriptor d, int capacity, int mode) {
        if (capacity != 0 && capacity > d.capacity && s.resources().freeArena() < capacity - d.capacity) {
            s.events().exhausted(pid, EventReason.ARENA, d.id, capacity - d.capacity);
            return false;
        }
        if (capacity != 0 && capacity != d.capacity) {
            while (d.bytesUsed > capacity) {
                s.queues().dropHead(d, pid, EventReason.RESIZE);
            }
            s.resources().resizeArena(capacity - d.capacity);
            d.capacity = capacity;
            s.settler().failSendersTooLarge(d);
        }
        if (mode != 0) {
            d.mode = s.descriptors().normaliseMode(d.key.namespace(), mode);
            for (Handle h : d.handles) {
                h.lastSeq = d.nextSeq - 1;
            }
        }
        s.settler().settle(d);
        return true;
    }
}

package org.hsxmbx.model;

/** send, recv and peek (contract section 4), with the single-reader and fan-out policies. */
final class MessageOps {
    private final ServiceState s;

    MessageOps(ServiceState s) {
        this.s = s;
    }

    Reply send(int pid, int handle, Bytes payload, int flags, int channel, int timeout) {
        Replies r = s.replies();
        r.begin();
        Task caller = s.tasks().caller(pid);
        if (caller == null) {
            return r.error(pid, ServiceFn.SEND, Status.INVALID_ARGUMENT);
        }
        caller.steps++;
        Handle h = caller.handles.get(handle);
        if (h == null || h.descriptor == null) {
            return r.error(pid, ServiceFn.SEND, Status.INVALID_HANDLE);
        }
        if (!h.canWrite()) {
            return r.error(pid, ServiceFn.SEND, Status.PERMISSION_DENIED);
        }
        if (!validU16(flags) || !validU16(channel) || !validTimeout(timeout)) {
            return r.error(pid, ServiceFn.SEND, Status.INVALID_ARGUMENT);
        }
        Descriptor d = h.descriptor;
        h.sender = true;
        Message m = new Message(payload, flags, pid, channel, 0);
        if (payload.length() == 0) {
            return sendEmpty(pid, d, h, flags, channel);
        }
        if (m.cost() > d.capacity) {
            return r.error(pid, ServiceFn.SEND, Status.MSG_TOO_LARGE);
        }
        DeliveryPolicy policy = d.policy();
        if (policy.fanout()) {
            Fanout.reclaim(d);
        }
        if (policy == DeliveryPolicy.FANOUT_DROP) {
            while (d.bytesUsed + m.cost() > d.capacity) {
                s.queues().dropHead(d, pid, EventReason.FANOUT_DROP);
            }
        } else if (s.waits().oldest(d, Completion.Kind.SEND) != null || d.bytesUsed + m.cost() > d.capacity) {
            s.events().backpressure(pid, d.id, policy.backpressure(), d.capacity, d.bytesUsed, m.cost());
            if (timeout == Mbx.TIMEOUT_POLL) {
                s.settler().settle(d);
                return r.status(Status.WOULDBLOCK);
            }
            s.waits().block(caller, Completion.Kind.SEND, d, h, timeout, m, 0);
            s.settler().settle(d);
            return r.blocked();
        }
        s.queues().enqueue(d, h, m);
        s.settler().settle(d);
        return r.sent(payload.length());
    }

    /** A zero-length send: never queued, it wakes the oldest blocked receiver with an empty message. */
    private Reply sendEmpty(int pid, Descriptor d, Handle h, int flags, int channel) {
        s.events().emit(EventSchema.Type.MAILBOX_SEND, pid, d.id, h.id, 0, flags, channel, pid);
        Wait w = s.waits().oldest(d, Completion.Kind.RECV);
        if (w != null) {
            s.waits().finish(w, new Completion(w.handle().pid, w.handle().id, Completion.Kind.RECV, Status.OK, 0, 0,
                    0, pid, Bytes.EMPTY), d);
        }
        s.settler().settle(d);
        return s.replies().ok();
    }

    Reply recv(int pid, int handle, int maxLen, int timeout) {
        Replies r = s.replies();
        r.begin();
        Task caller = s.tasks().caller(pid);
        if (caller == null) {
            return r.error(pid, ServiceFn.RECV, Status.INVALID_ARGUMENT);
        }
        caller.steps++;
        Handle h = caller.handles.get(handle);
        if (h == null || h.descriptor == null) {
            return r.error(pid, ServiceFn.RECV, Status.INVALID_HANDLE);
        }
        Descriptor d = h.descriptor;
        if (!h.canRead() || (d.key.namespace() == Mbx.NS_PID && pid != d.key.owner() && pid != 0)) {
            return r.error(pid, ServiceFn.RECV, Status.PERMISSION_DENIED);
        }
        if (!validU16(maxLen) || !validTimeout(timeout)) {
            return r.error(pid, ServiceFn.RECV, Status.INVALID_ARGUMENT);
        }
        if (h.tap != null) {
            Completion c = s.queues().consumeCopy(caller.pid, h, maxLen);
            if (c == null) {
                return r.status(Status.NO_DATA);
            }
            s.queues().recvEvent(d, c);
            return r.received(c);
        }
        if (d.fanout()) {
            h.sender = false;
        }
        Message m = Fanout.next(d, h);
        if (m == null) {
            if (timeout == Mbx.TIMEOUT_POLL) {
                s.settler().settle(d);
                return r.status(Status.NO_DATA);
            }
            s.waits().block(caller, Completion.Kind.RECV, d, h, timeout, null, maxLen);
            s.settler().settle(d);
            return r.blocked();
        }
        Completion c = s.queues().consume(caller.pid, h, d, m, maxLen);
        s.queues().recvEvent(d, c);
        s.settler().settle(d);
        return r.received(c);
    }

    Reply peek(int pid, int handle) {
        Replies r = s.replies();
        r.begin();
        Task caller = s.tasks().caller(pid);
        if (caller == null) {
            return r.error(pid, ServiceFn.PEEK, Status.INVALID_ARGUMENT);
        }
        Handle h = caller.handles.get(handle);
        if (h == null || h.descriptor == null) {
            return r.error(pid, ServiceFn.PEEK, Status.INVALID_HANDLE);
        }
        Descriptor d = h.descriptor;
        Message next = h.tap == null ? Fanout.next(d, h) : d.queue.peekFirst();
        return r.peeked(new Peek(d.queue.size(), d.bytesUsed, next == null ? 0 : next.length(), d.capacity,
                d.headSeq() & 0xFFFFFFFFL, d.nextSeq & 0xFFFFFFFFL, d.mode));
    }

    private static boolean validU16(int v) {
        return v >= 0 && v <= 0xFFFF;
    }

    private boolean validTimeout(int timeout) {
        return validU16(timeout) && (timeout == Mbx.TIMEOUT_POLL || s.features().timeouts());
    }
}

package org.hsxmbx.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mailbox service of the HSX executive: the reference model of the whole contract
 * ({@code shared/spec/mailbox-contract.md}) with the choices of {@code docs/decisions.md}.
 *
 * <p>Single-threaded by design: the executive calls it from its one scheduler loop, so there
 * are no locks; callers on other threads must serialise. Deterministic: time comes only from
 * {@link #tick}, and nothing iterates in hash order (the key index is only looked up).
 *
 * <p>Every operation returns a {@link Reply} with the completions of other tasks' waits and the
 * events it caused. A rejected operation changes nothing but counters and events.
 */
public final class MailboxService {
    private static final int FANOUT_BITS = Mbx.MODE_FANOUT | Mbx.MODE_FANOUT_DROP | Mbx.MODE_FANOUT_BLOCK;

    private final Profile profile;
    private final Features features;
    private final TreeMap<Integer, Task> tasks = new TreeMap<>();
    /** Descriptors by id (index 0 unused). */
    private final Descriptor[] descriptors;
    private final HashMap<Target.Key, Descriptor> byKey = new HashMap<>();
    /** Blocked calls in the order they began (FIFO across all descriptors). */
    private final List<Wait> waits = new ArrayList<>();
    private final EventRing ring;

    private int activeDescriptors;
    private int peakDescriptors;
    private int arenaUsed;
    private int namePoolUsed;
    private int tapsInUse;
    private long now;
    private long waitsBegun;
    private long descriptorPoolExhausted;
    /** Event types emitted (contract section 4, event_mask): bit code - 1 per type. */
    private int eventMask;

    /** Completions of the operation in progress. */
    private final List<Completion> completions = new ArrayList<>();

    public MailboxService(Profile profile) {
        this.profile = profile;
        this.features = profile.features();
        this.descriptors = new Descriptor[profile.maxDescriptors() + 1];
        this.ring = new EventRing(profile.eventRingSize());
        this.eventMask = profile.eventMask();
        tasks.put(0, new Task(0));
    }

    public Profile profile() {
        return profile;
    }

    // ---------------------------------------------------------------- tasks

    public Reply taskStart(int pid) {
        long mark = begin();
        if (pid <= 0 || pid > 0xFFFF || tasks.containsKey(pid)) {
            return error(mark, pid, "task_start", Status.INVALID_ARGUMENT);
        }
        if (tasks.size() - 1 >= profile.maxTasks()) {
            exhausted(pid, "task_limit", 0, 1);
            return error(mark, pid, "task_start", Status.NO_DESCRIPTOR);
        }
        boolean stdio = features.stdio() && profile.taskMailboxes();
        if (stdio) {
            String shortage = stdioShortage();
            if (shortage != null) {
                exhausted(pid, shortage, 0, stdioRequest(shortage));
                return error(mark, pid, "task_start", Status.NO_DESCRIPTOR);
            }
        }
        Task task = new Task(pid);
        tasks.put(pid, task);
        if (stdio) {
            int cap = profile.defaultCapacity();
            Descriptor in = create(new Target.Key(Mbx.NS_SVC, "stdio.in", pid), cap, Mbx.MODE_RDWR);
            Descriptor out = create(new Target.Key(Mbx.NS_SVC, "stdio.out", pid), cap, Mbx.MODE_RDWR);
            Descriptor err = create(new Target.Key(Mbx.NS_SVC, "stdio.err", pid), cap, Mbx.MODE_RDWR);
            create(new Target.Key(Mbx.NS_PID, "pid:" + pid, pid), cap, Mbx.MODE_RDWR);
            addHandle(task, in, Mbx.MODE_RDWR);
            addHandle(task, out, Mbx.MODE_RDWR);
            addHandle(task, err, Mbx.MODE_RDWR);
        }
        return ok(mark);
    }

    private static final int STDIO_NAME_BYTES = "stdio.in".length() + "stdio.out".length() + "stdio.err".length();

    /** The first resource task_start with stdio mailboxes lacks, or null. */
    private String stdioShortage() {
        if (profile.maxDescriptors() - activeDescriptors < 4) {
            return "descriptor_pool_full";
        }
        if (freeArena() < 4L * profile.defaultCapacity()) {
            return "arena";
        }
        if (profile.namePoolBytes() - namePoolUsed < STDIO_NAME_BYTES) {
            return "name_pool";
        }
        if (profile.handleLimitPerPid() < 3) {
            return "handle_limit";
        }
        return null;
    }

    private long stdioRequest(String shortage) {
        return switch (shortage) {
            case "descriptor_pool_full" -> 4;
            case "arena" -> 4L * profile.defaultCapacity();
            case "name_pool" -> STDIO_NAME_BYTES;
            default -> 3;
        };
    }

    public Reply taskExit(int pid) {
        long mark = begin();
        Task task = pid == 0 ? null : tasks.get(pid);
        if (task == null) {
            return error(mark, pid, "task_exit", Status.INVALID_ARGUMENT);
        }
        List<Descriptor> touched = new ArrayList<>();
        if (task.wait != null) {
            Wait w = task.wait;
            endWait(task);
            if (w.kind() == Completion.Kind.SEND) {
                touched.add(w.descriptor());
            }
        }
        for (Handle h : new ArrayList<>(task.handles.values())) {
            release(task, h);
        }
        for (int id = 1; id < descriptors.length; id++) {
            Descriptor d = descriptors[id];
            if (d != null && d.key.owner() == pid) {
                freeOwned(d);
            }
        }
        tasks.remove(pid);
        for (Descriptor d : touched) {
            if (descriptors[d.id] == d) {
                settle(d);
            }
        }
        return ok(mark);
    }

    /** Frees a descriptor whose owner exited: other tasks' waiters on it complete INVALID_HANDLE. */
    private void freeOwned(Descriptor d) {
        for (Wait w : waitersOn(d, null)) {
            Task t = tasks.get(w.handle().pid);
            endWait(t);
            complete(t, w, Completion.empty(t.pid, w.handle().id, w.kind(), Status.INVALID_HANDLE), d);
        }
        for (Handle h : d.handles) {
            if (h.tap != null) {
                freeTap(h);
            }
            h.descriptor = null;
        }
        d.handles.clear();
        destroy(d);
    }

    // ---------------------------------------------------------------- bind / open

    public Reply bind(int pid, String target, int capacity, int mode) {
        long mark = begin();
        Task caller = caller(pid);
        if (caller == null) {
            return error(mark, pid, "bind", Status.INVALID_ARGUMENT);
        }
        Target t = Target.parse(pid, target);
        Status s = checkTarget(pid, t);
        if (s == Status.OK) {
            s = checkCapacityAndMode(capacity, mode);
        }
        if (s != Status.OK) {
            return error(mark, pid, "bind", s);
        }
        Descriptor d = byKey.get(t.key());
        if (d == null) {
            d = createChecked(pid, t, capacity, mode, 0);
            if (d == null) {
                return error(mark, pid, "bind", Status.NO_DESCRIPTOR);
            }
        } else if (!rebind(pid, d, capacity, mode)) {
            return error(mark, pid, "bind", Status.NO_DESCRIPTOR);
        }
        return reply(mark, Status.OK, false, d.id, 0, 0, 0, 0, 0, Bytes.EMPTY, null);
    }

    public Reply open(int pid, String target, int flags) {
        long mark = begin();
        Task caller = caller(pid);
        if (caller == null) {
            return error(mark, pid, "open", Status.INVALID_ARGUMENT);
        }
        Target t = Target.parse(pid, target);
        Status s = checkTarget(pid, t);
        if (s == Status.OK && (flags < 0 || (flags & ~(Mbx.MODE_RDWR | Mbx.MODE_TAP)) != 0
                || ((flags & Mbx.MODE_TAP) != 0 && !features.taps()))) {
            s = Status.INVALID_ARGUMENT;
        }
        int access = (flags & Mbx.MODE_RDWR) == 0 ? Mbx.MODE_RDWR : flags & Mbx.MODE_RDWR;
        boolean tap = (flags & Mbx.MODE_TAP) != 0;
        if (s == Status.OK && tap && (access & Mbx.MODE_RDONLY) == 0) {
            s = Status.PERMISSION_DENIED;
        }
        if (s != Status.OK) {
            return error(mark, pid, "open", s);
        }
        if (caller.handles.size() >= profile.handleLimitPerPid()) {
            exhausted(pid, "handle_limit", 0, 1);
            return error(mark, pid, "open", Status.NO_DESCRIPTOR);
        }
        Descriptor d = byKey.get(t.key());
        int newCapacity = d == null ? profile.defaultCapacity() : d.capacity;
        if (tap && !checkTapResources(pid, d == null ? 0 : d.id, newCapacity, d == null ? newCapacity : 0)) {
            return error(mark, pid, "open", Status.NO_DESCRIPTOR);
        }
        if (d == null) {
            d = createChecked(pid, t, 0, 0, tap ? newCapacity : 0);
            if (d == null) {
                return error(mark, pid, "open", Status.NO_DESCRIPTOR);
            }
        }
        Handle h = addHandle(caller, d, access);
        if (tap) {
            enableTap(h);
        }
        return reply(mark, Status.OK, false, 0, h.id, 0, 0, 0, 0, Bytes.EMPTY, null);
    }

    /** Parse result and access rules of section 3. */
    private Status checkTarget(int pid, Target t) {
        if (t == null) {
            return Status.INVALID_ARGUMENT;
        }
        if (t.owner() >= 0 && !tasks.containsKey(t.owner())) {
            return Status.INVALID_ARGUMENT;
        }
        if (t.namespace() == Mbx.NS_SVC && t.explicitOwner() && t.owner() != pid && pid != 0) {
            return Status.PERMISSION_DENIED;
        }
        return Status.OK;
    }

    private Status checkCapacityAndMode(int capacity, int mode) {
        if (capacity != 0 && (capacity < Mbx.MIN_CAPACITY || capacity > Mbx.MAX_CAPACITY)) {
            return Status.INVALID_ARGUMENT;
        }
        if (mode < 0 || (mode & ~0x3F) != 0) {
            return Status.INVALID_ARGUMENT;
        }
        if ((mode & Mbx.MODE_FANOUT_DROP) != 0 && (mode & Mbx.MODE_FANOUT_BLOCK) != 0) {
            return Status.INVALID_ARGUMENT;
        }
        if ((mode & FANOUT_BITS) != 0 && !features.fanout()) {
            return Status.INVALID_ARGUMENT;
        }
        return Status.OK;
    }

    /** The stored (normalised) mode of section 4. */
    private int normaliseMode(int namespace, int mode) {
        int m = mode == 0 ? Mbx.MODE_RDWR : mode;
        if ((m & (Mbx.MODE_FANOUT_DROP | Mbx.MODE_FANOUT_BLOCK)) != 0) {
            m |= Mbx.MODE_FANOUT;
        } else if ((m & Mbx.MODE_FANOUT) != 0) {
            m |= Mbx.MODE_FANOUT_DROP;
        }
        if (namespace == Mbx.NS_SHARED && (m & Mbx.MODE_FANOUT) == 0 && features.fanout()) {
            m |= Mbx.MODE_FANOUT | Mbx.MODE_FANOUT_DROP;
        }
        return m;
    }

    /**
     * Creates a descriptor after checking the pool, the arena (its capacity plus
     * {@code extraArena} for a tap buffer opened with it) and the name pool; null (with the
     * exhausted event) if one is short.
     */
    private Descriptor createChecked(int pid, Target t, int capacity, int mode, int extraArena) {
        int cap = capacity == 0 ? profile.defaultCapacity() : capacity;
        if (activeDescriptors >= profile.maxDescriptors()) {
            descriptorPoolExhausted++;
            exhausted(pid, "descriptor_pool_full", 0, 1);
            return null;
        }
        if (freeArena() < (long) cap + extraArena) {
            exhausted(pid, "arena", 0, cap);
            return null;
        }
        if (profile.namePoolBytes() - namePoolUsed < t.nameBytes()) {
            exhausted(pid, "name_pool", 0, t.nameBytes());
            return null;
        }
        return create(t.key(), cap, normaliseMode(t.namespace(), mode));
    }

    private Descriptor create(Target.Key key, int capacity, int mode) {
        int id = 1;
        while (descriptors[id] != null) {
            id++;
        }
        Descriptor d = new Descriptor(id, key, capacity, mode, (int) profile.firstSeq());
        descriptors[id] = d;
        byKey.put(key, d);
        activeDescriptors++;
        peakDescriptors = Math.max(peakDescriptors, activeDescriptors);
        arenaUsed += capacity;
        namePoolUsed += key.namespace() == Mbx.NS_PID ? 0 : key.name().length();
        return d;
    }

    private void destroy(Descriptor d) {
        descriptors[d.id] = null;
        byKey.remove(d.key);
        activeDescriptors--;
        arenaUsed -= d.capacity;
        namePoolUsed -= d.key.namespace() == Mbx.NS_PID ? 0 : d.key.name().length();
    }

    /** Resize and/or mode change of an existing descriptor; false (nothing changed) if the arena is short. */
    private boolean rebind(int pid, Descriptor d, int capacity, int mode) {
        if (capacity != 0 && capacity > d.capacity && freeArena() < capacity - d.capacity) {
            exhausted(pid, "arena", d.id, capacity - d.capacity);
            return false;
        }
        if (capacity != 0 && capacity != d.capacity) {
            while (d.bytesUsed > capacity) {
                dropHead(d, pid, "resize");
            }
            arenaUsed += capacity - d.capacity;
            d.capacity = capacity;
            failSendersTooLarge(d);
        }
        if (mode != 0) {
            d.mode = normaliseMode(d.key.namespace(), mode);
            for (Handle h : d.handles) {
                h.lastSeq = d.nextSeq - 1;
            }
        }
        settle(d);
        return true;
    }

    /**
     * After a shrink: every blocked sender whose message can no longer fit at all completes
     * with MSG_TOO_LARGE, in FIFO order, so that it does not hold back the senders queued
     * behind it forever (contract section 4, decisions.md "bind and open").
     */
    private void failSendersTooLarge(Descriptor d) {
        for (Wait w : waitersOn(d, Completion.Kind.SEND)) {
            if (w.message().cost() > d.capacity) {
                Task t = tasks.get(w.handle().pid);
                endWait(t);
                complete(t, w, Completion.empty(t.pid, w.handle().id, Completion.Kind.SEND, Status.MSG_TOO_LARGE), d);
            }
        }
    }

    private Handle addHandle(Task task, Descriptor d, int access) {
        Handle h = new Handle(task.nextHandleId(), task.pid, d, access);
        task.handles.put(h.id, h);
        d.handles.add(h);
        return h;
    }

    // ---------------------------------------------------------------- send / recv

    public Reply send(int pid, int handle, Bytes payload, int flags, int channel, int timeout) {
        long mark = begin();
        Task caller = caller(pid);
        if (caller == null) {
            return error(mark, pid, "send", Status.INVALID_ARGUMENT);
        }
        caller.steps++;
        Handle h = caller.handles.get(handle);
        if (h == null || h.descriptor == null) {
            return error(mark, pid, "send", Status.INVALID_HANDLE);
        }
        if (!h.canWrite()) {
            return error(mark, pid, "send", Status.PERMISSION_DENIED);
        }
        if (!validU16(flags) || !validU16(channel) || !validTimeout(timeout)) {
            return error(mark, pid, "send", Status.INVALID_ARGUMENT);
        }
        Descriptor d = h.descriptor;
        h.sender = true;
        Message m = new Message(payload, flags, pid, channel, 0);
        if (payload.length() == 0) {
            event(EventSchema.Type.MAILBOX_SEND, pid, d.id, h.id, 0, flags, channel, pid);
            Wait w = oldestWaiter(d, Completion.Kind.RECV);
            if (w != null) {
                Task t = tasks.get(w.handle().pid);
                endWait(t);
                complete(t, w, new Completion(t.pid, w.handle().id, Completion.Kind.RECV, Status.OK, 0, 0, 0, pid,
                        Bytes.EMPTY), d);
            }
            settle(d);
            return reply(mark, Status.OK, false, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null);
        }
        if (m.cost() > d.capacity) {
            return error(mark, pid, "send", Status.MSG_TOO_LARGE);
        }
        if (d.fanout()) {
            reclaim(d);
        }
        if (d.fanout() && d.dropPolicy()) {
            while (d.bytesUsed + m.cost() > d.capacity) {
                dropHead(d, pid, "fanout_drop");
            }
        } else if (oldestWaiter(d, Completion.Kind.SEND) != null || d.bytesUsed + m.cost() > d.capacity) {
            event(EventSchema.Type.MAILBOX_BACKPRESSURE, pid, d.id,
                    EventSchema.code(EventSchema.POLICIES, d.fanout() ? "fanout_block" : "single"), d.capacity,
                    d.bytesUsed, m.cost());
            if (timeout == Mbx.TIMEOUT_POLL) {
                settle(d);
                return reply(mark, Status.WOULDBLOCK, false, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null);
            }
            block(caller, Completion.Kind.SEND, d, h, timeout, m, 0);
            settle(d);
            return reply(mark, Status.OK, true, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null);
        }
        enqueue(d, h, m);
        settle(d);
        return reply(mark, Status.OK, false, 0, 0, payload.length(), 0, 0, 0, Bytes.EMPTY, null);
    }

    public Reply recv(int pid, int handle, int maxLen, int timeout) {
        long mark = begin();
        Task caller = caller(pid);
        if (caller == null) {
            return error(mark, pid, "recv", Status.INVALID_ARGUMENT);
        }
        caller.steps++;
        Handle h = caller.handles.get(handle);
        if (h == null || h.descriptor == null) {
            return error(mark, pid, "recv", Status.INVALID_HANDLE);
        }
        Descriptor d = h.descriptor;
        if (!h.canRead() || (d.key.namespace() == Mbx.NS_PID && pid != d.key.owner() && pid != 0)) {
            return error(mark, pid, "recv", Status.PERMISSION_DENIED);
        }
        if (!validU16(maxLen) || !validTimeout(timeout)) {
            return error(mark, pid, "recv", Status.INVALID_ARGUMENT);
        }
        if (h.tap != null) {
            TapBuffer tb = h.tap;
            if (tb.copies.isEmpty()) {
                return reply(mark, Status.NO_DATA, false, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null);
            }
            Message m = tb.copies.removeFirst();
            tb.bytes -= m.cost();
            boolean overrun = tb.pendingOverrun;
            tb.pendingOverrun = false;
            Completion c = deliver(caller.pid, h, m, maxLen, overrun);
            recvEvent(d, c);
            return fromCompletion(mark, c);
        }
        Message m;
        if (d.fanout()) {
            h.sender = false;
            m = d.firstAfter(h.lastSeq);
        } else {
            m = d.queue.peekFirst();
        }
        if (m == null) {
            if (timeout == Mbx.TIMEOUT_POLL) {
                settle(d);
                return reply(mark, Status.NO_DATA, false, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null);
            }
            block(caller, Completion.Kind.RECV, d, h, timeout, null, maxLen);
            settle(d);
            return reply(mark, Status.OK, true, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null);
        }
        Completion c = consume(caller.pid, h, d, m, maxLen);
        recvEvent(d, c);
        settle(d);
        return fromCompletion(mark, c);
    }

    /** Takes message {@code m} for handle {@code h}: pops it (single-reader) or advances the cursor (fan-out). */
    private Completion consume(int pid, Handle h, Descriptor d, Message m, int maxLen) {
        boolean overrun = h.pendingOverrun;
        h.pendingOverrun = false;
        if (d.fanout()) {
            h.lastSeq = m.seq();
            h.sender = false;
        } else {
            d.pop();
        }
        return deliver(pid, h, m, maxLen, overrun);
    }

    /** The recv result with truncation and OVERRUN. */
    private static Completion deliver(int pid, Handle h, Message m, int maxLen, boolean overrun) {
        int len = Math.min(maxLen, m.length());
        int flags = m.flags() | (overrun ? Mbx.MSG_OVERRUN : 0) | (len < m.length() ? Mbx.MSG_TRUNCATED : 0);
        return new Completion(pid, h.id, Completion.Kind.RECV, Status.OK, len, flags, m.channel(), m.srcPid(),
                m.payload().prefix(len));
    }

    private void recvEvent(Descriptor d, Completion c) {
        event(EventSchema.Type.MAILBOX_RECV, c.pid(), d.id, c.handle(), c.length(), c.flags(), c.channel(), c.srcPid());
    }

    private Reply fromCompletion(long mark, Completion c) {
        return reply(mark, c.status(), false, 0, 0, c.length(), c.flags(), c.channel(), c.srcPid(), c.payload(), null);
    }

    /** Queues {@code m} (taking the next seq), emits mailbox_send and copies it to the taps. */
    private void enqueue(Descriptor d, Handle from, Message m) {
        Message q = new Message(m.payload(), m.flags(), m.srcPid(), m.channel(), d.nextSeq);
        d.nextSeq++;
        d.push(q);
        event(EventSchema.Type.MAILBOX_SEND, m.srcPid(), d.id, from.id, m.length(), m.flags(), m.channel(),
                m.srcPid());
        if (features.taps() && tapsInUse > 0) {
            for (Handle t : d.handles) {
                if (t.tap != null) {
                    copyToTap(d, t, q);
                }
            }
        }
    }

    /** Drops the head message: readers that had not read it get OVERRUN. */
    private void dropHead(Descriptor d, int pid, String reason) {
        Message m = d.pop();
        if (d.fanout()) {
            for (Handle h : d.handles) {
                if (Descriptor.isReader(h) && m.seq() - h.lastSeq > 0) {
                    h.pendingOverrun = true;
                    h.lastSeq = m.seq();
                }
            }
        }
        event(EventSchema.Type.MAILBOX_OVERRUN, pid, d.id, m.seq() & 0xFFFFFFFFL, m.length(), m.flags(),
                m.channel(), EventSchema.code(EventSchema.REASONS, reason), d.queue.size());
    }

    /** Eager fan-out reclamation: drop head messages that no reader still has to read. */
    private void reclaim(Descriptor d) {
        while (!d.queue.isEmpty()) {
            int head = d.headSeq();
            for (Handle h : d.handles) {
                if (Descriptor.isReader(h) && head - h.lastSeq > 0) {
                    return;
                }
            }
            d.pop();
        }
    }

    /**
     * Completes what a change on {@code d} made possible (decisions.md, "Settling"): wake
     * receivers, reclaim, then retry the oldest blocked sender, and again while senders fit.
     */
    private void settle(Descriptor d) {
        if (waits.isEmpty()) {
            if (d.fanout()) {
                reclaim(d);
            }
            return;
        }
        while (true) {
            wakeReceivers(d);
            if (d.fanout()) {
                reclaim(d);
            }
            Wait w = oldestWaiter(d, Completion.Kind.SEND);
            if (w == null || d.bytesUsed + w.message().cost() > d.capacity) {
                return;
            }
            Task t = tasks.get(w.handle().pid);
            endWait(t);
            enqueue(d, w.handle(), w.message());
            Message m = w.message();
            complete(t, w, new Completion(t.pid, w.handle().id, Completion.Kind.SEND, Status.OK, m.length(),
                    m.flags(), m.channel(), m.srcPid(), Bytes.EMPTY), d);
        }
    }

    private void wakeReceivers(Descriptor d) {
        for (Wait w : waitersOn(d, Completion.Kind.RECV)) {
            Handle h = w.handle();
            Message m = d.fanout() ? d.firstAfter(h.lastSeq) : d.queue.peekFirst();
            if (m == null) {
                if (d.fanout()) {
                    continue;
                }
                return;
            }
            Task t = tasks.get(h.pid);
            endWait(t);
            complete(t, w, consume(t.pid, h, d, m, w.maxLen()), d);
        }
    }

    // ---------------------------------------------------------------- waits

    private void block(Task t, Completion.Kind kind, Descriptor d, Handle h, int timeout, Message m, int maxLen) {
        // The clock is 32-bit like the C runtime's: a finite deadline wraps modulo 2^32.
        long deadline = timeout == Mbx.TIMEOUT_INFINITE ? -1 : (now + timeout) & 0xFFFFFFFFL;
        Wait w = new Wait(kind, d, h, deadline, waitsBegun++, m, maxLen);
        t.wait = w;
        waits.add(w);
        event(EventSchema.Type.MAILBOX_WAIT, t.pid, d.id, h.id, timeout, deadline < 0 ? Mbx.NO_DEADLINE : deadline);
    }

    private void endWait(Task t) {
        waits.remove(t.wait);
        t.wait = null;
    }

    /** Reports a finished wait: counters, mailbox_wake or mailbox_timeout, and the completion. */
    private void complete(Task t, Wait w, Completion c, Descriptor d) {
        EventSchema.Type type;
        if (c.status() == Status.TIMEOUT) {
            t.timeouts++;
            type = EventSchema.Type.MAILBOX_TIMEOUT;
        } else {
            t.wakes++;
            type = EventSchema.Type.MAILBOX_WAKE;
        }
        event(type, t.pid, d.id, c.handle(), c.status().code(), c.length(), c.flags(), c.channel(), c.srcPid());
        completions.add(c);
    }

    private Wait oldestWaiter(Descriptor d, Completion.Kind kind) {
        for (Wait w : waits) {
            if (w.descriptor() == d && w.kind() == kind) {
                return w;
            }
        }
        return null;
    }

    /** Waits on {@code d} (of {@code kind}, or all if null) in FIFO order, as a copy. */
    private List<Wait> waitersOn(Descriptor d, Completion.Kind kind) {
        List<Wait> out = new ArrayList<>();
        for (Wait w : waits) {
            if (w.descriptor() == d && (kind == null || w.kind() == kind)) {
                out.add(w);
            }
        }
        return out;
    }

    public Reply tick(long nowMs) {
        long mark = begin();
        // The clock is a 32-bit counter that wraps (contract section 4): a tick is behind the
        // previous one when the serial difference is negative.
        if (nowMs < 0 || nowMs > 0xFFFFFFFFL || serial(nowMs - now) < 0) {
            return error(mark, 0, "tick", Status.INVALID_ARGUMENT);
        }
        now = nowMs;
        closeExpiredTapWindows();
        List<Wait> due = new ArrayList<>();
        for (Wait w : waits) {
            if (w.deadline() >= 0 && serial(now - w.deadline()) >= 0) {
                due.add(w);
            }
        }
        // Deadline order relative to now: the longest overdue first, so a deadline just past the
        // wrap sorts after one just before it; ties in the order the waits began.
        due.sort(Comparator.comparingInt((Wait w) -> serial(w.deadline() - now)).thenComparingLong(Wait::order));
        List<Descriptor> senders = new ArrayList<>();
        for (Wait w : due) {
            Task t = tasks.get(w.handle().pid);
            endWait(t);
            complete(t, w, Completion.empty(t.pid, w.handle().id, w.kind(), Status.TIMEOUT), w.descriptor());
            if (w.kind() == Completion.Kind.SEND && !senders.contains(w.descriptor())) {
                senders.add(w.descriptor());
            }
        }
        // A sender that gave up may have been holding back smaller ones behind it.
        for (Descriptor d : senders) {
            settle(d);
        }
        return ok(mark);
    }

    /**
     * Selects the event types that are emitted (contract section 4): pid 0 only, else
     * PERMISSION_DENIED; bits outside {@link EventSchema#ALL_TYPES}, or the events feature off,
     * INVALID_ARGUMENT. Emits nothing itself when it succeeds.
     */
    public Reply eventMask(int pid, long mask) {
        long mark = begin();
        if (caller(pid) == null || !features.events()) {
            return error(mark, pid, "event_mask", Status.INVALID_ARGUMENT);
        }
        if (pid != 0) {
            return error(mark, pid, "event_mask", Status.PERMISSION_DENIED);
        }
        if (mask < 0 || (mask & ~(long) EventSchema.ALL_TYPES) != 0) {
            return error(mark, pid, "event_mask", Status.INVALID_ARGUMENT);
        }
        eventMask = (int) mask;
        return ok(mark);
    }

    /** The event types emitted now (a mask of {@link EventSchema.Type#bit()}). */
    public int eventMask() {
        return eventMask;
    }

    // ---------------------------------------------------------------- peek / tap / close

    public Reply peek(int pid, int handle) {
        long mark = begin();
        Task caller = caller(pid);
        if (caller == null) {
            return error(mark, pid, "peek", Status.INVALID_ARGUMENT);
        }
        Handle h = caller.handles.get(handle);
        if (h == null || h.descriptor == null) {
            return error(mark, pid, "peek", Status.INVALID_HANDLE);
        }
        Descriptor d = h.descriptor;
        Message next = d.fanout() && h.tap == null ? d.firstAfter(h.lastSeq) : d.queue.peekFirst();
        Peek p = new Peek(d.queue.size(), d.bytesUsed, next == null ? 0 : next.length(), d.capacity,
                d.headSeq() & 0xFFFFFFFFL, d.nextSeq & 0xFFFFFFFFL, d.mode);
        return reply(mark, Status.OK, false, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, p);
    }

    public Reply tap(int pid, int handle, boolean enable) {
        long mark = begin();
        Task caller = caller(pid);
        if (caller == null) {
            return error(mark, pid, "tap", Status.INVALID_ARGUMENT);
        }
        Handle h = caller.handles.get(handle);
        if (h == null || h.descriptor == null) {
            return error(mark, pid, "tap", Status.INVALID_HANDLE);
        }
        if (!features.taps()) {
            return error(mark, pid, "tap", Status.INVALID_ARGUMENT);
        }
        if (!h.canRead()) {
            return error(mark, pid, "tap", Status.PERMISSION_DENIED);
        }
        Descriptor d = h.descriptor;
        if (enable && h.tap == null) {
            if (!checkTapResources(pid, d.id, d.capacity, 0)) {
                return error(mark, pid, "tap", Status.NO_DESCRIPTOR);
            }
            enableTap(h);
            settle(d);
        } else if (!enable && h.tap != null) {
            freeTap(h);
            h.lastSeq = d.nextSeq - 1;
        }
        return ok(mark);
    }

    private boolean checkTapResources(int pid, int descriptorId, int capacity, int extraArena) {
        if (tapsInUse >= profile.maxTaps()) {
            exhausted(pid, "tap_pool", descriptorId, 1);
            return false;
        }
        if (freeArena() < (long) capacity + extraArena) {
            exhausted(pid, "arena", descriptorId, capacity);
            return false;
        }
        return true;
    }

    private void enableTap(Handle h) {
        h.tap = new TapBuffer(h.descriptor.capacity);
        arenaUsed += h.tap.capacity;
        tapsInUse++;
    }

    private void freeTap(Handle h) {
        arenaUsed -= h.tap.capacity;
        tapsInUse--;
        h.tap = null;
    }

    /** Section 6: one copy into a tap, subject to its rate limit and buffer. */
    private void copyToTap(Descriptor d, Handle t, Message m) {
        TapBuffer tb = t.tap;
        int limit = profile.tapRateLimit();
        if (limit > 0) {
            if (!tb.windowOpen || windowEnded(tb)) {
                tb.windowOpen = true;
                tb.windowStart = now;
                tb.windowCount = 0;
            }
            if (tb.windowCount >= limit) {
                tb.pendingOverrun = true;
                event(EventSchema.Type.MAILBOX_BACKPRESSURE, t.pid, d.id,
                        EventSchema.code(EventSchema.POLICIES, "tap_rate_limit"), tb.capacity, tb.bytes, m.cost());
                return;
            }
            tb.windowCount++;
        }
        if (m.cost() > tb.capacity) {
            tb.pendingOverrun = true;
            event(EventSchema.Type.MAILBOX_OVERRUN, t.pid, d.id, m.seq() & 0xFFFFFFFFL, m.length(), m.flags(),
                    m.channel(), EventSchema.code(EventSchema.REASONS, "tap_drop"), tb.copies.size());
            return;
        }
        while (tb.bytes + m.cost() > tb.capacity) {
            Message old = tb.copies.removeFirst();
            tb.bytes -= old.cost();
            tb.pendingOverrun = true;
            // A tap buffer holds copies with the 8-byte header only, as the C ring does: the seq of
            // an evicted copy is not kept, so dropped_seq is 0 (decisions.md, Taps).
            event(EventSchema.Type.MAILBOX_OVERRUN, t.pid, d.id, 0L, old.length(), old.flags(),
                    old.channel(), EventSchema.code(EventSchema.REASONS, "tap_drop"), tb.copies.size());
        }
        tb.copies.addLast(m);
        tb.bytes += m.cost();
    }

    /** Whether the rate window of a tap has ended: its end compared with serial arithmetic. */
    private boolean windowEnded(TapBuffer tb) {
        return serial(now - (tb.windowStart + Mbx.TAP_RATE_WINDOW_MS)) >= 0;
    }

    /**
     * Closes every tap rate window that has ended (decisions.md, Taps): a window is at most
     * 1000 ms long, and ticks move at most 2^31 - 1 ms, so an open window checked at every tick
     * is always judged right by serial arithmetic, however long the tap then stays idle.
     */
    private void closeExpiredTapWindows() {
        if (profile.tapRateLimit() == 0 || tapsInUse == 0) {
            return;
        }
        for (int id = 1; id < descriptors.length; id++) {
            Descriptor d = descriptors[id];
            if (d == null) {
                continue;
            }
            for (Handle h : d.handles) {
                if (h.tap != null && h.tap.windowOpen && windowEnded(h.tap)) {
                    h.tap.windowOpen = false;
                }
            }
        }
    }

    public Reply close(int pid, int handle) {
        long mark = begin();
        Task caller = caller(pid);
        if (caller == null) {
            return error(mark, pid, "close", Status.INVALID_ARGUMENT);
        }
        Handle h = caller.handles.get(handle);
        if (h == null) {
            return error(mark, pid, "close", Status.INVALID_HANDLE);
        }
        release(caller, h);
        return ok(mark);
    }

    /** Removes a handle: frees its tap, reclaims, settles, and frees an ownerless descriptor left without handles. */
    private void release(Task task, Handle h) {
        task.handles.remove(h.id);
        Descriptor d = h.descriptor;
        if (h.tap != null) {
            freeTap(h);
        }
        if (d == null) {
            return;
        }
        d.handles.remove(h);
        h.descriptor = null;
        if (d.ownerless() && d.handles.isEmpty()) {
            destroy(d);
            return;
        }
        settle(d);
    }

    // ---------------------------------------------------------------- preload

    /**
     * Pre-creates an image's mailboxes for task {@code pid} before it runs
     * (hxe-mailbox-section.md): binds every declaration on the task's behalf, then opens every
     * binding. Everything is validated first, resources included, so either all is created or
     * the service is left exactly as it was and the exception names the entry and field.
     */
    public Reply preload(int pid, List<MailboxDeclaration> declarations) throws DeclarationException {
        List<Target> targets = new PreloadCheck(this).validate(pid, declarations);
        long mark = begin();
        for (int i = 0; i < declarations.size(); i++) {
            MailboxDeclaration decl = declarations.get(i);
            Target t = targets.get(i);
            Descriptor d = byKey.get(t.key());
            if (d == null) {
                d = createChecked(pid, t, decl.capacity(), decl.mode(), 0);
            } else {
                rebind(pid, d, decl.capacity(), decl.mode());
            }
            for (MailboxDeclaration.Binding b : decl.bindings()) {
                int access = (b.flags() & Mbx.MODE_RDWR) == 0 ? Mbx.MODE_RDWR : b.flags() & Mbx.MODE_RDWR;
                Handle h = addHandle(tasks.get(b.pid()), d, access);
                if ((b.flags() & Mbx.MODE_TAP) != 0) {
                    enableTap(h);
                    settle(d);
                }
            }
        }
        return ok(mark);
    }

    // What PreloadCheck reads: the state a load is validated against.

    boolean taskExists(int pid) {
        return tasks.containsKey(pid);
    }

    int handleCount(int pid) {
        return tasks.get(pid).handles.size();
    }

    /** Capacity of the descriptor with this key, or -1 if there is none. */
    int capacityOf(Target.Key key) {
        Descriptor d = byKey.get(key);
        return d == null ? -1 : d.capacity;
    }

    boolean validCapacity(int capacity) {
        return checkCapacityAndMode(capacity, 0) == Status.OK;
    }

    boolean validMode(int mode) {
        return checkCapacityAndMode(0, mode) == Status.OK;
    }

    long freeArenaBytes() {
        return freeArena();
    }

    long freeNameBytes() {
        return (long) profile.namePoolBytes() - namePoolUsed;
    }

    int freeDescriptors() {
        return profile.maxDescriptors() - activeDescriptors;
    }

    int freeTaps() {
        return profile.maxTaps() - tapsInUse;
    }

    // ---------------------------------------------------------------- stats

    public Stats stats() {
        long bytesUsed = 0;
        long depth = 0;
        long fanout = 0;
        long tapDepth = 0;
        List<Stats.DescriptorSnapshot> snaps = new ArrayList<>();
        for (int id = 1; id < descriptors.length; id++) {
            Descriptor d = descriptors[id];
            if (d == null) {
                continue;
            }
            bytesUsed += d.bytesUsed;
            depth += d.queue.size();
            if (d.fanout()) {
                fanout++;
            }
            List<Stats.TapSnapshot> taps = new ArrayList<>();
            for (Handle h : sortedHandles(d)) {
                if (h.tap != null) {
                    taps.add(new Stats.TapSnapshot(h.pid, h.id, h.tap.copies.size(), h.tap.bytes));
                    tapDepth += h.tap.copies.size();
                }
            }
            snaps.add(new Stats.DescriptorSnapshot(d.id, d.key.namespace(), d.key.name(), d.key.owner(), d.capacity,
                    d.mode, d.bytesUsed, d.peakBytesUsed, d.queue.size(), d.headSeq() & 0xFFFFFFFFL,
                    d.nextSeq & 0xFFFFFFFFL, waitersOn(d, null).size(), taps));
        }
        long handlesTotal = 0;
        Map<String, Long> perPid = new LinkedHashMap<>();
        List<Stats.TaskInfo> infos = new ArrayList<>();
        for (Task t : tasks.values()) {
            handlesTotal += t.handles.size();
            perPid.put(Integer.toString(t.pid), (long) t.handles.size());
            infos.add(new Stats.TaskInfo(t.pid, t.wait == null ? "READY" : "WAIT_MBX", t.steps, t.wakes,
                    t.timeouts));
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("max_descriptors", (long) profile.maxDescriptors());
        c.put("active_descriptors", (long) activeDescriptors);
        c.put("free_descriptors", (long) (profile.maxDescriptors() - activeDescriptors));
        c.put("arena_bytes", (long) profile.arenaBytes());
        c.put("arena_used", (long) arenaUsed);
        c.put("bytes_used", bytesUsed);
        c.put("queue_depth", depth);
        c.put("handles_total", handlesTotal);
        c.put("handles_per_pid", perPid);
        c.put("tap_count", (long) tapsInUse);
        c.put("tap_queue_depth", tapDepth);
        c.put("waiter_count", (long) waits.size());
        c.put("fanout_descriptors", fanout);
        c.put("descriptor_pool_exhausted", descriptorPoolExhausted);
        c.put("peak_descriptors", (long) peakDescriptors);
        c.put("events_dropped", ring.dropped());
        return new Stats(c, snaps, infos);
    }

    /** Handles on d ordered by (pid, handle id), as snapshots list them. */
    private static List<Handle> sortedHandles(Descriptor d) {
        List<Handle> hs = new ArrayList<>(d.handles);
        hs.sort(Comparator.comparingInt((Handle h) -> h.pid).thenComparingInt(h -> h.id));
        return hs;
    }

    /** The executive clock, ms. */
    public long now() {
        return now;
    }

    // ---------------------------------------------------------------- plumbing

    private long freeArena() {
        return (long) profile.arenaBytes() - arenaUsed;
    }

    /** A 32-bit difference as a signed number: serial-number arithmetic (contract section 5). */
    private static int serial(long difference) {
        return (int) difference;
    }

    private static boolean validU16(int v) {
        return v >= 0 && v <= 0xFFFF;
    }

    private boolean validTimeout(int timeout) {
        return validU16(timeout) && (timeout == Mbx.TIMEOUT_POLL || features.timeouts());
    }

    /** The calling task if it exists and is not blocked, else null (INVALID_ARGUMENT). */
    private Task caller(int pid) {
        Task t = tasks.get(pid);
        return t == null || t.wait != null ? null : t;
    }

    private void exhausted(int pid, String reason, int descriptor, long requested) {
        event(EventSchema.Type.MAILBOX_EXHAUSTED, pid, EventSchema.code(EventSchema.REASONS, reason), descriptor,
                requested);
    }

    private void event(EventSchema.Type type, long... values) {
        // A masked type costs nothing: not recorded, not counted as dropped, not passed on.
        if (features.events() && (eventMask & type.bit()) != 0) {
            ring.add(now, type, values);
        }
    }

    /** Starts an operation: returns the seq of its first event. */
    private long begin() {
        completions.clear();
        return ring.nextSeq();
    }

    private Reply ok(long mark) {
        return reply(mark, Status.OK, false, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null);
    }

    private Reply error(long mark, int pid, String fn, Status s) {
        event(EventSchema.Type.MAILBOX_ERROR, pid, EventSchema.code(EventSchema.FNS, fn), s.code());
        return reply(mark, s, false, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null);
    }

    private Reply reply(long mark, Status s, boolean blocked, int descriptor, int handle, int length, int flags,
                        int channel, int srcPid, Bytes payload, Peek peek) {
        return new Reply(s, blocked, descriptor, handle, length, flags, channel, srcPid, payload, peek,
                completions.isEmpty() ? List.of() : List.copyOf(completions), ring.since(mark));
    }
}

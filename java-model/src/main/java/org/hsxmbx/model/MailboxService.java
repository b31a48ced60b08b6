package org.hsxmbx.model;

import java.util.List;

/**
 * The mailbox service of the HSX executive: the reference model of the whole contract
 * ({@code shared/spec/mailbox-contract.md}) with the choices of {@code docs/decisions.md}.
 * This class is the public face; each concept lives in a package-private part: tasks
 * ({@link TaskOps}), bind and open ({@link BindOps}), send, recv and peek ({@link MessageOps}),
 * tap and close ({@link HandleOps}), the clock ({@link ClockOps}), the event mask
 * ({@link EventControl}), statistics ({@link Introspection}), preload ({@link Preload}) and the
 * SVC dispatcher ({@link SvcDispatcher}), over the shared {@link ServiceState}.
 *
 * <p>Single-threaded by design: the executive calls it from its one scheduler loop, so there
 * are no locks; callers on other threads must serialise. Deterministic: time comes only from
 * {@link #tick}, and nothing iterates in hash order (the key index is only looked up).
 *
 * <p>Every operation returns a {@link Reply} with the completions of other tasks' waits and the
 * events it caused. A rejected operation changes nothing but counters and events. A call into a
 * feature the profile has off is rejected as the C build without it rejects it
 * (decisions.md, "Features that are off").
 */
public final class MailboxService {
    private final ServiceState state;
    private final TaskOps tasks;
    private final BindOps binds;
    private final MessageOps messages;
    private final HandleOps handles;
    private final ClockOps clock;
    private final EventControl events;
    private final Introspection introspection;
    private final Preload preload;
    private final SvcDispatcher svc;

    public MailboxService(Profile profile) {
        this.state = ServiceState.of(profile);
        this.handles = new HandleOps(state);
        this.tasks = new TaskOps(state, handles);
        this.binds = new BindOps(state);
        this.messages = new MessageOps(state);
        this.clock = new ClockOps(state);
        this.events = new EventControl(state);
        this.introspection = new Introspection(state);
        this.preload = new Preload(state, binds);
        this.svc = new SvcDispatcher(state, this);
    }

    public Profile profile() {
        return state.profile();
    }

    public Reply taskStart(int pid) {
        return tasks.taskStart(pid);
    }

    public Reply taskExit(int pid) {
        return tasks.taskExit(pid);
    }

    public Reply bind(int pid, String target, int capacity, int mode) {
        return binds.bind(pid, target, capacity, mode);
    }

    public Reply open(int pid, String target, int flags) {
        return binds.open(pid, target, flags);
    }

    public Reply send(int pid, int handle, Bytes payload, int flags, int channel, int timeout) {
        return messages.send(pid, handle, payload, flags, channel, timeout);
    }

    public Reply recv(int pid, int handle, int maxLen, int timeout) {
        return messages.recv(pid, handle, maxLen, timeout);
    }

    public Reply peek(int pid, int handle) {
        return messages.peek(pid, handle);
    }

    public Reply tap(int pid, int handle, boolean enable) {
        return handles.tap(pid, handle, enable);
    }

    public Reply close(int pid, int handle) {
        return handles.close(pid, handle);
    }

    public Reply tick(long nowMs) {
        return clock.tick(nowMs);
    }

    /**
     * Selects the event types that are emitted (contract section 4): pid 0 only, else
     * PERMISSION_DENIED; bits outside {@link EventSchema#ALL_TYPES}, or the events feature off,
     * INVALID_ARGUMENT. Emits nothing itself when it succeeds.
     */
    public Reply eventMask(int pid, long mask) {
        return events.eventMask(pid, mask);
    }

    /** The event types emitted now (a mask of {@link EventSchema.Type#bit()}). */
    public int eventMask() {
        return state.events().mask();
    }

    /**
     * One SVC of module 0x05 for {@code pid} ({@link SvcDispatcher}): {@code regs} are R0..R5
     * (uint32 each), updated in place as the VM sees them (R0 the status, unless the call blocked).
     * The reply carries the status, whether it blocked, and the completions and events it caused.
     */
    public Reply svc(int pid, int fn, long[] regs) {
        return svc.dispatch(pid, fn, regs);
    }

    /**
     * Pre-creates an image's mailboxes for task {@code pid} before it runs
     * (hxe-mailbox-section.md): binds every declaration on the task's behalf, then opens every
     * binding. Everything is validated first, resources included, so either all is created or
     * the service is left exactly as it was and the exception names the entry and field.
     */
    public Reply preload(int pid, List<MailboxDeclaration> declarations) throws DeclarationException {
        List<Target> targets = new PreloadCheck(this).validate(pid, declarations);
        return preload.apply(pid, declarations, targets);
    }

    /** Statistics (contract section 8); with introspection off, rejected with INVALID_ARGUMENT. */
    public Stats stats() {
        return introspection.stats();
    }

    /** The executive clock, ms. */
    public long now() {
        return state.clock().now();
    }

    /** The parts, for white-box tests of this package. */
    ServiceState state() {
        return state;
    }

    // What PreloadCheck reads: the state a load is validated against.

    boolean taskExists(int pid) {
        return state.tasks().exists(pid);
    }

    int handleCount(int pid) {
        return state.tasks().get(pid).handles.size();
    }

    /** Capacity of the descriptor with this key, or -1 if there is none. */
    int capacityOf(Target.Key key) {
        Descriptor d = state.descriptors().find(key);
        return d == null ? -1 : d.capacity;
    }

    boolean validCapacity(int capacity) {
        return state.descriptors().checkCapacityAndMode(capacity, 0) == Status.OK;
    }

    boolean validMode(int mode) {
        return state.descriptors().checkCapacityAndMode(0, mode) == Status.OK;
    }

    long freeArenaBytes() {
        return state.resources().freeArena();
    }

    long freeNameBytes() {
        return state.resources().freeNames();
    }

    int freeDescriptors() {
        return state.resources().freeDescriptors();
    }

    int freeTaps() {
        return state.resources().freeTaps();
    }
}

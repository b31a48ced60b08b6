package org.hsxmbx.harness.cbackend;

import static org.hsxmbx.harness.cbackend.HsxMbxNative.*;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hsxmbx.harness.vector.Backend;
import org.hsxmbx.harness.vector.LoadResult;
import org.hsxmbx.harness.vector.SvcResult;
import org.hsxmbx.harness.vector.ProfileNotSupportedException;
import org.hsxmbx.harness.vector.Step;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.Completion;
import org.hsxmbx.model.Event;
import org.hsxmbx.model.Peek;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;
import org.hsxmbx.model.Status;

/**
 * The host C library ({@code libhsxmbx_host}) as a backend, through JNA and the flat host API
 * of {@code firmware-c/host/hsx_mbx_host.h}. It only marshals: every call's results are mapped
 * into the records the Java model returns, codes through {@link Status} and
 * {@link org.hsxmbx.model.EventSchema}.
 *
 * <p>The C service is one static instance per process: {@link #reset} re-initialises it for
 * this backend, and a backend whose instance another backend has reset since refuses to run
 * (rather than silently sharing state). Native buffers are allocated once per backend and
 * reused for every call. Not thread-safe, like the service.
 */
public final class CBackend implements Backend {
    /** HSX_MBX_BLOCKED: the call put the task in WAIT_MBX. */
    static final int BLOCKED = org.hsxmbx.model.Mbx.C_BLOCKED;
    /** HSX_MBX_TASK_* of hsxh_task_info. */
    private static final int TASK_WAIT_MBX = 1;
    /** HSX_MBX_KIND_* of completions. */
    private static final int KIND_SEND = 0;
    private static final int KIND_RECV = 1;
    /** Payload and buffer room: a message is at most 65535 bytes. */
    private static final int MAX_PAYLOAD = 0xFFFF;
    private static final int MAXIMA = 9;
    private static final List<String> MAXIMA_NAMES = List.of("max_descriptors", "max_tasks", "handle_limit_per_pid",
            "default_capacity", "arena_bytes", "tap_rate_limit", "event_ring_size", "name_pool_bytes", "max_taps");
    /** hsxh_fixed_profile's fields: the maxima's, then task_mailboxes, features, first_seq, event_mask. */
    private static final List<String> FIXED = List.of("max_descriptors", "max_tasks", "handle_limit_per_pid",
            "default_capacity", "arena_bytes", "tap_rate_limit", "event_ring_size", "name_pool_bytes", "max_taps",
            "task_mailboxes", "features", "first_seq", "event_mask");
    private static final int FIXED_FEATURES = 10;
    private static final int FIXED_TASK_MAILBOXES = 9;

    /** The backend that last initialised the process's C service. */
    private static CBackend owner;

    private final Path library;
    /** int32 results: up to 9 (hsxh_maxima). */
    private final Memory out32 = new Memory(4L * 16);
    /** int64 results: up to 16 (hsxh_stats). */
    private final Memory out64 = new Memory(8L * 16);
    private final Memory eventRec = new Memory(8L * EventDecoder.SLOTS);
    private final Memory name = new Memory(64);
    private final Memory data = new Memory(MAX_PAYLOAD + 1);
    /** Target bytes: every valid target fits (32 bytes); longer ones go through {@link #bigTarget}. */
    private final Memory target = new Memory(64);
    /** The bytes of a send payload on their way to {@link #data}. */
    private final byte[] payloadBytes = new byte[MAX_PAYLOAD];
    /** The current call's target when it is longer than {@link #target} (C rejects it, but decides so itself). */
    private Memory bigTarget;
    private Profile profile;
    private boolean closed;

    /** Locates and loads the host library; a {@link HostLibraryException} says what to build when it is missing. */
    public CBackend() {
        this(HostLibraryLocator.system().locate());
    }

    CBackend(Path library) {
        HsxMbxNative.load(library);
        this.library = library;
    }

    /** The library file in use. */
    Path library() {
        return library;
    }

    @Override
    public String name() {
        return "c";
    }

    @Override
    public void reset(Profile p) {
        if (closed) {
            throw new IllegalStateException("the c backend is closed");
        }
        int features = p.features().bits();
        int st = hsxh_init(p.maxDescriptors(), p.maxTasks(), p.handleLimitPerPid(), p.defaultCapacity(),
                p.arenaBytes(), p.tapRateLimit(), p.eventRingSize(), p.namePoolBytes(), p.maxTaps(),
                p.taskMailboxes() ? 1 : 0, features, p.firstSeq(), p.eventMask());
        if (st != Status.OK.code()) {
            owner = null;
            profile = null;
            String fixed = fixedProfileMismatch(p);
            if (fixed != null) {
                throw new ProfileNotSupportedException(fixed);
            }
            String over = overMaxima(p);
            if (over != null) {
                throw new ProfileNotSupportedException(over);
            }
            throw new HostLibraryException("profile '" + p.name() + "': hsxh_init of the host C library " + library
                    + " returned " + statusName(st));
        }
        owner = this;
        profile = p;
    }

    /**
     * From what the library reports of its build: with constant limits (hsxh_fixed_profile)
     * only a profile equal to the library's own in every field; with run-time limits
     * (hsxh_maxima) every profile within the compile-time maxima.
     */
    @Override
    public String admits(Profile p) {
        String fixed = fixedProfileMismatch(p);
        return fixed != null ? fixed : overMaxima(p);
    }

    /** The profile's values in hsxh_init argument order, features as bits. */
    private static int[] values(Profile p) {
        return new int[] {p.maxDescriptors(), p.maxTasks(), p.handleLimitPerPid(), p.defaultCapacity(),
            p.arenaBytes(), p.tapRateLimit(), p.eventRingSize(), p.namePoolBytes(), p.maxTaps(),
            p.taskMailboxes() ? 1 : 0, p.features().bits(), (int) p.firstSeq(), p.eventMask()};
    }

    /**
     * For a library built with constant limits (HSX_MBX_CFG_RUNTIME_LIMITS 0, e.g.
     * libhsxmbx_host_embedded): every field that differs from its one profile; null for a
     * run-time-limits library or when nothing differs.
     */
    private String fixedProfileMismatch(Profile p) {
        if (hsxh_fixed_profile(out32) != 1) {
            return null;
        }
        int[] wanted = values(p);
        List<String> diff = new ArrayList<>();
        for (int i = 0; i < FIXED.size(); i++) {
            int built = out32.getInt(4L * i);
            if (wanted[i] != built) {
                diff.add(FIXED.get(i) + " " + show(i, wanted[i]) + " (the library's: " + show(i, built) + ")");
            }
        }
        if (diff.isEmpty()) {
            return null;
        }
        return "profile '" + p.name() + "' does not fit the host C library " + library + ": " + String.join(", ", diff)
                + "; this library is built with constant limits (HSX_MBX_CFG_RUNTIME_LIMITS 0) and runs only its own "
                + "profile";
    }

    private static String show(int field, int v) {
        if (field == FIXED_FEATURES) {
            List<String> on = new ArrayList<>();
            return "{" + String.join(",", org.hsxmbx.codegen.FeatureText.fromBits(v)) + "}";
        }
        return field == FIXED_TASK_MAILBOXES ? Boolean.toString(v != 0) : Integer.toUnsignedString(v);
    }

    /** Every field above the library's compile-time maxima; null when none is. */
    private String overMaxima(Profile p) {
        hsxh_maxima(out32);
        int[] wanted = values(p);
        List<String> over = new ArrayList<>();
        for (int i = 0; i < MAXIMA; i++) {
            int max = out32.getInt(4L * i);
            if (Integer.compareUnsigned(wanted[i], max) > 0) {
                over.add(MAXIMA_NAMES.get(i) + " " + wanted[i] + " > " + Integer.toUnsignedString(max));
            }
        }
        if (over.isEmpty()) {
            return null;
        }
        return "profile '" + p.name() + "' does not fit the host C library " + library + ": " + String.join(", ", over)
                + " (the library's compile-time maxima, firmware-c/config/host/hsx_mbx_config.h: raise them in"
                + " firmware-c/config/host/profile.json and run ./hsxmbx configs)";
    }

    @Override
    public Reply apply(Step s) {
        checkOwner();
        checkDomain(s);
        return switch (s.op()) {
            case TASK_START -> simple(hsxh_task_start(s.pid()));
            case TASK_EXIT -> simple(hsxh_task_exit(s.pid()));
            case TICK -> simple(hsxh_tick(s.nowMs()));
            case EVENT_MASK -> simple(hsxh_event_mask(s.pid(), s.mask()));
            case BIND -> bind(s);
            case OPEN -> open(s);
            case SEND -> send(s);
            case RECV -> recv(s);
            case PEEK -> peek(s);
            case TAP -> simple(hsxh_tap(s.pid(), s.handle(), s.enable() ? 1 : 0));
            case CLOSE -> simple(hsxh_close(s.pid(), s.handle()));
            case STATS, SVC, LOAD -> throw new IllegalArgumentException(s.op().wireName() + " steps go through "
                    + s.op().wireName() + "()");
        };
    }

    /** An SVC through {@code hsx_mbx_svc} with an empty task memory (the model has none). */
    @Override
    public SvcResult svc(Step s) {
        checkOwner();
        checkDomain(s);
        long[] regs = s.registers();
        for (int i = 0; i < 6; i++) {
            out32.setInt(4L * i, (int) regs[i]);
        }
        int st = hsxh_svc(s.pid(), s.fn(), out32, data, 0);
        for (int i = 0; i < 6; i++) {
            regs[i] = Integer.toUnsignedLong(out32.getInt(4L * i));
        }
        return SvcResult.of(regs, simple(st));
    }

    @Override
    public LoadResult load(Step s) {
        checkDomain(s);
        return loadSection(s.pid(), s.payload(), s.entryCount());
    }

    /**
     * A pid or clock value the C types cannot carry (vectors never hold one: their pids are
     * 0..65535 and now_ms 0..2^32-1) would be truncated on the way to C; refuse it instead of
     * reporting a difference that is only the truncation.
     */
    private static void checkDomain(Step s) {
        if (s.pid() < 0 || s.pid() > 0xFFFF) {
            throw new IllegalArgumentException("pid " + s.pid() + " is outside the C API's uint16_t range 0..65535");
        }
        if (s.nowMs() < 0 || s.nowMs() > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("now_ms " + s.nowMs()
                    + " is outside the C API's uint32_t range 0..4294967295");
        }
    }

    private Reply simple(int st) {
        return reply(st, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null);
    }

    private Reply bind(Step s) {
        int len = putTarget(s.target());
        int st = hsxh_bind(s.pid(), targetBuffer(len), len, s.capacity(), s.mode(), out32);
        return reply(st, ok(st) ? out32.getInt(0) : 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null);
    }

    private Reply open(Step s) {
        int len = putTarget(s.target());
        int st = hsxh_open(s.pid(), targetBuffer(len), len, s.flags(), out32);
        return reply(st, 0, ok(st) ? out32.getInt(0) : 0, 0, 0, 0, 0, Bytes.EMPTY, null);
    }

    private Reply send(Step s) {
        Bytes payload = s.payload();
        int len = payload.length();
        Pointer buf = data;
        if (len > MAX_PAYLOAD) {
            buf = new Memory(len);
            buf.write(0, payload.toArray(), 0, len);
        } else if (len > 0) {
            payload.copyTo(payloadBytes, 0);
            data.write(0, payloadBytes, 0, len);
        }
        int st = hsxh_send(s.pid(), s.handle(), buf, len, s.flags(), s.channel(), s.timeout(), out32);
        return reply(st, 0, 0, ok(st) ? out32.getInt(0) : 0, 0, 0, 0, Bytes.EMPTY, null);
    }

    private Reply recv(Step s) {
        int st = hsxh_recv(s.pid(), s.handle(), s.maxLen(), s.timeout(), out32, data);
        if (!ok(st)) {
            return simple(st);
        }
        int len = out32.getInt(0);
        Bytes payload = len == 0 ? Bytes.EMPTY : Bytes.of(data.getByteArray(0, len));
        return reply(st, 0, 0, len, out32.getInt(4), out32.getInt(8), out32.getInt(12), payload, null);
    }

    private Reply peek(Step s) {
        int st = hsxh_peek(s.pid(), s.handle(), out64);
        Peek p = null;
        if (ok(st)) {
            p = new Peek((int) out64.getLong(0), (int) out64.getLong(8), (int) out64.getLong(16),
                    (int) out64.getLong(24), out64.getLong(32), out64.getLong(40), (int) out64.getLong(48));
        }
        return reply(st, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, p);
    }

    /**
     * Puts the target's bytes into the target buffer (UTF-8: C rejects anything that is not
     * printable ASCII, as the model does) and returns their count.
     */
    private int putTarget(String t) {
        byte[] b = t == null ? new byte[0] : t.getBytes(StandardCharsets.UTF_8);
        bigTarget = null;
        if (b.length > target.size()) {
            bigTarget = new Memory(b.length);
            bigTarget.write(0, b, 0, b.length);
        } else if (b.length > 0) {
            target.write(0, b, 0, b.length);
        }
        return b.length;
    }

    /** The buffer {@link #putTarget} filled. */
    private Pointer targetBuffer(int len) {
        return len > target.size() ? bigTarget : target;
    }

    private static boolean ok(int st) {
        return st == Status.OK.code();
    }

    /** The reply of one call: status (BLOCKED = OK + blocked), the given results, then completions and events. */
    private Reply reply(int st, int descriptor, int handle, int length, int flags, int channel, int srcPid,
                        Bytes payload, Peek peek) {
        boolean blocked = st == BLOCKED;
        Status status = blocked ? Status.OK : status(st);
        return new Reply(status, blocked, descriptor, handle, length, flags, channel, srcPid, payload, peek,
                completions(), events());
    }

    private static Status status(int code) {
        try {
            return Status.ofCode(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the C library returned status code " + code + ", not an ABI status");
        }
    }

    private static String statusName(int code) {
        try {
            return Status.ofCode(code).name();
        } catch (IllegalArgumentException e) {
            return "status " + code;
        }
    }

    private List<Completion> completions() {
        int n = hsxh_completion_count();
        if (n == 0) {
            return List.of();
        }
        List<Completion> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (hsxh_completion(i, out32, data) != 1) {
                throw new IllegalStateException("hsxh_completion(" + i + ") failed with a count of " + n);
            }
            int kind = out32.getInt(8);
            if (kind != KIND_SEND && kind != KIND_RECV) {
                throw new IllegalStateException("hsxh_completion(" + i + ") reports kind " + kind);
            }
            Status st = status(out32.getInt(12));
            int len = out32.getInt(16);
            Bytes payload = kind == KIND_RECV && st == Status.OK && len > 0 ? Bytes.of(data.getByteArray(0, len))
                    : Bytes.EMPTY;
            out.add(new Completion(out32.getInt(0), out32.getInt(4),
                    kind == KIND_RECV ? Completion.Kind.RECV : Completion.Kind.SEND, st, len, out32.getInt(20),
                    out32.getInt(24), out32.getInt(28), payload));
        }
        return out;
    }

    /**
     * The events of the last call that are still in the C event ring: the host shim lists every
     * event the call emitted, but the ring keeps only the last {@code event_ring_size} of them
     * (the older ones count in events_dropped), as the reply of the model does.
     */
    private List<Event> events() {
        int n = hsxh_event_count();
        if (n == 0) {
            return List.of();
        }
        int first = Math.max(0, n - profile.eventRingSize());
        List<Event> out = new ArrayList<>(n - first);
        for (int i = first; i < n; i++) {
            if (hsxh_event(i, eventRec) != 1) {
                throw new IllegalStateException("hsxh_event(" + i + ") failed with a count of " + n);
            }
            out.add(EventDecoder.decode(eventRec));
        }
        return out;
    }

    /**
     * Loads a {@code .mailbox} payload into the C service for image pid {@code pid}
     * ({@code hsx_mbx_load_section}); {@code entryCount} is the metadata table's uint32 count.
     */
    public LoadResult loadSection(int pid, Bytes section, long entryCount) {
        // the reply of the load: its status, and what it caused (a resize's overrun events)
        checkOwner();
        if (pid < 0 || pid > 0xFFFF) {
            throw new IllegalArgumentException("pid " + pid + " is outside the C API's uint16_t range 0..65535");
        }
        if (entryCount < 0 || entryCount > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("entry_count " + entryCount + " is not a uint32");
        }
        int len = section.length();
        Memory buf = new Memory(Math.max(1, len));
        if (len > 0) {
            buf.write(0, section.toArray(), 0, len);
        }
        int st = hsxh_load_section(pid, buf, len, (int) entryCount, out32);
        int entry = out32.getInt(0);
        int field = out32.getInt(4);
        return new LoadResult(simple(st), entry == 0xFFFF ? -1 : entry, LoaderField.name(field));
    }

    @Override
    public Stats stats() {
        checkOwner();
        // pid 0 always exists: no task info for it means introspection is off (compiled out, or
        // its feature bit clear in the limits), and the call was rejected
        if (hsxh_task_info(0, out64) != 1) {
            return Stats.rejected(Status.INVALID_ARGUMENT);
        }
        hsxh_stats(out64);
        long[] counters = new long[Stats.KEYS.size() - 1];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = out64.getLong(8L * i);
        }
        Map<String, Long> perPid = new LinkedHashMap<>();
        List<Stats.TaskInfo> tasks = new ArrayList<>();
        for (int i = 0; hsxh_task_info(i, out64) == 1; i++) {
            int pid = (int) out64.getLong(0);
            perPid.put(Integer.toString(pid), out64.getLong(16));
            tasks.add(new Stats.TaskInfo(pid, out64.getLong(8) == TASK_WAIT_MBX ? "WAIT_MBX" : "READY",
                    out64.getLong(24), out64.getLong(32), out64.getLong(40)));
        }
        Map<String, Object> c = new LinkedHashMap<>();
        int k = 0;
        for (String key : Stats.KEYS) {
            c.put(key, key.equals("handles_per_pid") ? perPid : (Object) counters[k++]);
        }
        List<Stats.DescriptorSnapshot> descriptors = new ArrayList<>();
        for (int id = 1; id <= profile.maxDescriptors(); id++) {
            if (hsxh_desc_snapshot(id, out64, name) == 1) {
                descriptors.add(snapshot());
            }
        }
        return new Stats(c, descriptors, tasks);
    }

    /** The descriptor in out64/name (hsxh_desc_snapshot), with its taps. */
    private Stats.DescriptorSnapshot snapshot() {
        int id = (int) out64.getLong(0);
        int ns = (int) out64.getLong(8);
        int descOwner = (int) out64.getLong(16);
        int capacity = (int) out64.getLong(24);
        int mode = (int) out64.getLong(32);
        int bytesUsed = (int) out64.getLong(40);
        int peak = (int) out64.getLong(48);
        int depth = (int) out64.getLong(56);
        long headSeq = out64.getLong(64);
        long nextSeq = out64.getLong(72);
        int waiters = (int) out64.getLong(80);
        int taps = (int) out64.getLong(88);
        String n = name.getString(0, StandardCharsets.US_ASCII.name());
        List<Stats.TapSnapshot> tapList = new ArrayList<>(taps);
        for (int i = 0; i < taps; i++) {
            if (hsxh_tap_snapshot(id, i, out32) != 1) {
                throw new IllegalStateException("descriptor " + id + " reports " + taps + " taps but hsxh_tap_snapshot("
                        + i + ") has none");
            }
            tapList.add(new Stats.TapSnapshot(out32.getInt(0), out32.getInt(4), out32.getInt(8), out32.getInt(12)));
        }
        return new Stats.DescriptorSnapshot(id, ns, n, descOwner, capacity, mode, bytesUsed, peak, depth, headSeq,
                nextSeq, waiters, tapList);
    }

    private void checkOwner() {
        if (closed) {
            throw new IllegalStateException("the c backend is closed");
        }
        if (profile == null) {
            throw new IllegalStateException("the c backend has not been reset with a profile");
        }
        if (owner != this) {
            throw new IllegalStateException("another c backend has re-initialised the process's C service since "
                    + "this one was reset (the host library holds one instance)");
        }
    }

    @Override
    public void close() {
        closed = true;
        if (owner == this) {
            owner = null;
        }
    }
}

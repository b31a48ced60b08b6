package org.hsxmbx.harness.vector;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The operations a vector step can run (vectors.md), with the argument keys each accepts, the
 * ones it requires and the result keys its {@code expect} may check.
 */
public enum Op {
    TASK_START(List.of("pid"), List.of("pid"), List.of()),
    TASK_EXIT(List.of("pid"), List.of("pid"), List.of()),
    BIND(List.of("pid", "target", "capacity", "mode"), List.of("pid", "target"), List.of("descriptor")),
    OPEN(List.of("pid", "target", "flags"), List.of("pid", "target"), List.of("handle")),
    SEND(List.of("pid", "handle", "text", "hex", "flags", "channel", "timeout"), List.of("pid", "handle"),
            List.of("length")),
    RECV(List.of("pid", "handle", "max_len", "timeout"), List.of("pid", "handle"),
            List.of("length", "flags", "channel", "src_pid", "text", "hex")),
    PEEK(List.of("pid", "handle"), List.of("pid", "handle"),
            List.of("depth", "bytes_used", "next_len", "capacity", "head_seq", "next_seq", "mode")),
    TAP(List.of("pid", "handle", "enable"), List.of("pid", "handle", "enable"), List.of()),
    CLOSE(List.of("pid", "handle"), List.of("pid", "handle"), List.of()),
    TICK(List.of("now_ms"), List.of("now_ms"), List.of()),
    /** Selects the event types emitted (pid 0 by default; another pid is PERMISSION_DENIED). */
    EVENT_MASK(List.of("pid", "mask"), List.of("mask"), List.of()),
    /** Reads the service statistics; its expect checks counters (and status), not a reply. */
    STATS(List.of(), List.of(), List.of()),
    /**
     * One SVC of module 0x05 through the register dispatcher (docs/c-runtime.md): {@code fn} and
     * R1..R5 ({@code r1}..{@code r5}, default 0), with an empty task memory; status is R0 on
     * return, {@code r1}..{@code r5} the registers after the call.
     */
    SVC(List.of("pid", "fn", "r1", "r2", "r3", "r4", "r5"), List.of("pid", "fn"),
            List.of("r1", "r2", "r3", "r4", "r5")),
    /**
     * Loads a {@code .mailbox} section for image pid {@code pid} ({@code hsx_mbx_load_section}):
     * {@code text} (the JSON encoding) or {@code hex} (either encoding's bytes) with the metadata
     * table's {@code entry_count}; {@code entry} (-1: the section) and {@code field} name what a
     * rejection is about.
     */
    LOAD(List.of("pid", "text", "hex", "entry_count"), List.of("pid", "entry_count"), List.of("entry", "field"));

    /** Keys every step may carry besides its arguments. */
    static final Set<String> STEP_KEYS = Set.of("op", "expect", "comment");
    /** Expect keys of every op but stats (which has no reply). */
    static final List<String> COMMON_EXPECT = List.of("status", "completions", "events");

    private final List<String> args;
    private final List<String> required;
    private final List<String> results;

    Op(List<String> args, List<String> required, List<String> results) {
        this.args = args;
        this.required = required;
        this.results = results;
    }

    /** The name in vector files: {@code task_start}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The op of a wire name, or null. */
    public static Op ofWireName(String s) {
        for (Op op : values()) {
            if (op.wireName().equals(s)) {
                return op;
            }
        }
        return null;
    }

    List<String> args() {
        return args;
    }

    List<String> required() {
        return required;
    }

    /** The op-specific expect keys (besides status, completions and events). */
    List<String> results() {
        return results;
    }

    static String wireNames() {
        StringBuilder b = new StringBuilder();
        for (Op op : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(op.wireName());
        }
        return b.toString();
    }
}

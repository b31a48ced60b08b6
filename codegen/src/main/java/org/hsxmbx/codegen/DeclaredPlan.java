package org.hsxmbx.codegen;

import java.util.List;

/**
 * What the declared mailboxes of a firmware reserve, as the Java model plans them for the
 * generated start-up code: the arena each declaration takes and what the tasks they name take.
 */
public record DeclaredPlan(long arenaBytes, long taskArenaBytes, List<Entry> entries) {
    public DeclaredPlan {
        entries = List.copyOf(entries);
    }

    /** One declaration: the target pid 0 binds, its capacity, the arena it reserved and who opens it. */
    public record Entry(String target, int capacity, long arenaBytes, List<String> bindings) {
        public Entry {
            bindings = List.copyOf(bindings);
        }
    }

    /** Tasks started for the declarations (their stdio and pid: mailboxes are in taskArenaBytes). */
    public static DeclaredPlan of(FirmwareSpec spec) {
        DeclaredMailboxes d = DeclaredMailboxes.plan(spec, DeclaredMailboxes.planningService(spec));
        List<Entry> entries = d.entries().stream().map(e -> new Entry(e.target(), e.capacity(), e.arenaBytes(),
                e.decl().bindings().stream().map(b -> "pid " + b.pid()
                        + ((b.flags() & org.hsxmbx.model.Mbx.MODE_TAP) != 0 ? " (tap)" : "")).toList())).toList();
        return new DeclaredPlan(spec.profile().arenaBytes(), d.taskArenaBytes(), entries);
    }
}

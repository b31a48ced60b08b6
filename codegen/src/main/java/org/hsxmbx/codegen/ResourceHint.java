package org.hsxmbx.codegen;

import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Stats;
import org.hsxmbx.model.Status;

/**
 * Explanations added to resource errors whose cause is not the call itself. A {@code task_start}
 * with {@code task_mailboxes} binds four mailboxes (stdio.in, stdio.out, stdio.err, pid:N) and
 * fails with NO_DESCRIPTOR when they do not fit: the caller sees one task, the profile spent
 * four descriptors on each task before.
 */
public final class ResourceHint {
    private ResourceHint() {}

    /**
     * The hint for a failed {@code task_start}, or an empty string when there is none.
     *
     * @param stats the service's stats after the failure (null when unknown)
     */
    public static String taskStart(Profile p, Status status, Stats stats) {
        if (status != Status.NO_DESCRIPTOR) {
            return "";
        }
        if (stats != null && stats.status() != Status.OK) {
            stats = null; // introspection is off: no counters to quote
        }
        if (stats != null && stats.tasks().stream().filter(t -> t.pid() != 0).count() >= p.maxTasks()) {
            return " (max_tasks " + p.maxTasks() + " of profile " + p.name() + " reached)";
        }
        if (!p.taskMailboxes() || !p.features().stdio()) {
            return " (max_tasks " + p.maxTasks() + " of profile " + p.name() + " reached)";
        }
        long perTask = 4L * p.defaultCapacity();
        StringBuilder sb = new StringBuilder(" (profile ").append(p.name())
                .append(" has task_mailboxes: every task_start binds 4 mailboxes, stdio.in/out/err and pid:N,")
                .append(" taking 4 descriptors and 4 x default_capacity ").append(p.defaultCapacity()).append(" = ")
                .append(perTask).append(" arena bytes");
        if (stats != null) {
            Object active = stats.counters().get("active_descriptors");
            Object used = stats.counters().get("arena_used");
            sb.append("; in use: ").append(active).append(" of max_descriptors ").append(p.maxDescriptors())
                    .append(", arena ").append(used).append(" of ").append(p.arenaBytes()).append(" bytes");
        } else {
            sb.append("; max_descriptors ").append(p.maxDescriptors()).append(", arena_bytes ").append(p.arenaBytes());
        }
        return sb.append("; set \"task_mailboxes\": false or raise max_descriptors / arena_bytes)").toString();
    }
}

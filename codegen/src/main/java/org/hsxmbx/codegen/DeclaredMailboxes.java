package org.hsxmbx.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.hsxmbx.model.DeclarationException;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.Features;
import org.hsxmbx.model.MailboxService;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Status;

/**
 * The declared mailboxes of a firmware, planned with the Java model: which tasks must exist,
 * the target each one is bound and opened with at start-up (as pid 0 names it), and the
 * exact arena, descriptors and handles they take. Rendered as {@code hsx_fw_mailboxes.h/.c}.
 *
 * <p>At start-up the firmware starts the tasks the declarations name (ascending pid), binds
 * every declaration as pid 0 (the executive) in order and opens each binding for its pid:
 * the same result as {@link MailboxService#preload} for pid 0, which validates them first.
 */
final class DeclaredMailboxes {
    static final String HEADER = "hsx_fw_mailboxes.h";
    static final String SOURCE = "hsx_fw_mailboxes.c";

    /** One declaration as the firmware creates it. */
    record Entry(MailboxDeclaration decl, String target, int capacity, int arenaBytes) {}

    private final FirmwareSpec spec;
    private final List<Integer> tasks;
    private final List<Entry> entries = new ArrayList<>();
    private final List<org.hsxmbx.model.Event> startUpEvents = new ArrayList<>();
    private long arenaAfterTasks;
    private long arenaAfterMailboxes;

    private DeclaredMailboxes(FirmwareSpec spec, List<Integer> tasks) {
        this.spec = spec;
        this.tasks = tasks;
    }

    /**
     * A fresh model of the spec's profile to plan with: with introspection on whatever the
     * target has, since the plan reads the model's statistics (no other call depends on it).
     */
    static MailboxService planningService(FirmwareSpec spec) {
        Profile p = spec.profile();
        return new MailboxService(p.withFeatures(p.name(), p.features().with(Features.Feature.INTROSPECTION)));
    }

    /** Plans the declarations and creates them in {@code svc} (a {@link #planningService}). */
    static DeclaredMailboxes plan(FirmwareSpec spec, MailboxService svc) {
        List<MailboxDeclaration> decls = spec.mailboxes().declarations();
        TreeSet<Integer> pids = new TreeSet<>();
        for (MailboxDeclaration d : decls) {
            if (d.ownerPid() != null) {
                pids.add(d.ownerPid());
            }
            int named = namedPid(d.target());
            if (named >= 0) {
                pids.add(named);
            }
            d.bindings().forEach(b -> pids.add(b.pid()));
        }
        pids.remove(0);
        DeclaredMailboxes plan = new DeclaredMailboxes(spec, List.copyOf(pids));
        String where = "--mailboxes " + spec.mailboxes().label() + ": ";
        for (int pid : plan.tasks) {
            Reply r = svc.taskStart(pid);
            plan.startUpEvents.addAll(r.events());
            if (r.status() != Status.OK) {
                throw new CodegenException(where + "task " + pid + " named by the declarations cannot be started"
                        + " with profile " + spec.profile().name() + ": " + r.status()
                        + ResourceHint.taskStart(spec.profile(), r.status(), svc.stats()));
            }
        }
        plan.arenaAfterTasks = arenaUsed(svc);
        // Validate the whole set first (entry and field in the message), on a copy of the state.
        MailboxService check = new MailboxService(spec.profile());
        plan.tasks.forEach(check::taskStart);
        try {
            check.preload(0, decls);
        } catch (DeclarationException e) {
            throw new CodegenException(where + e.getMessage());
        }
        for (int i = 0; i < decls.size(); i++) {
            MailboxDeclaration d = decls.get(i);
            String target = canonical(d);
            long before = arenaUsed(svc);
            Reply r = svc.bind(0, target, d.capacity(), d.mode());
            plan.startUpEvents.addAll(r.events());
            if (r.status() != Status.OK) {
                throw new CodegenException(where + "mailbox entry " + i + ", field 'target': binding '" + target
                        + "' as pid 0 gives " + r.status());
            }
            int capacity = d.capacity() == 0 ? spec.profile().defaultCapacity() : d.capacity();
            for (int j = 0; j < d.bindings().size(); j++) {
                MailboxDeclaration.Binding b = d.bindings().get(j);
                r = svc.open(b.pid(), target, b.flags());
                plan.startUpEvents.addAll(r.events());
                if (r.status() != Status.OK) {
                    String why = r.status() == Status.PERMISSION_DENIED
                            ? " (only the owner or pid 0 may open another task's svc: mailbox; use app: or shared:)"
                            : "";
                    throw new CodegenException(where + "mailbox entry " + i + ", field 'bindings[" + j
                            + "].pid': pid " + b.pid() + " opening '" + target + "' gives " + r.status() + why);
                }
            }
            plan.entries.add(new Entry(d, target, capacity, (int) (arenaUsed(svc) - before)));
        }
        plan.arenaAfterMailboxes = arenaUsed(svc);
        return plan;
    }

    /** The pid a target names with {@code pid:N} or {@code @N}, or -1. */
    private static int namedPid(String target) {
        String digits;
        if (target.startsWith("pid:")) {
            digits = target.substring(4);
        } else if (target.lastIndexOf('@') >= 0) {
            digits = target.substring(target.lastIndexOf('@') + 1);
        } else {
            return -1;
        }
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int n = Integer.parseInt(digits);
        return n <= 0xFFFF ? n : -1;
    }

    /**
     * The target as pid 0 must name it to get the descriptor the image's pid 0 would get, with
     * the owner explicit so that every binding pid names the same descriptor.
     */
    static String canonical(MailboxDeclaration d) {
        String t = d.target();
        if (t.equals("pid:")) {
            return "pid:0";
        }
        if (t.startsWith("pid:") || t.startsWith("shared:") || t.contains("@")) {
            return t;
        }
        if (t.startsWith("app:")) {
            return d.ownerPid() == null ? t : t + "@" + d.ownerPid();
        }
        // svc:X or a bare name (an SVC name): owned by the image's pid unless owner_pid says otherwise.
        return t + "@" + (d.ownerPid() == null ? 0 : d.ownerPid());
    }

    private static long arenaUsed(MailboxService svc) {
        return (Long) svc.stats().counters().get("arena_used");
    }

    List<Integer> tasks() {
        return tasks;
    }

    List<Entry> entries() {
        return entries;
    }

    /** The events the start-up calls emit (the model's preload of the same declarations emits none). */
    List<org.hsxmbx.model.Event> startUpEvents() {
        return startUpEvents;
    }

    /** Arena bytes the declared mailboxes (queues and tap buffers) reserve. */
    long declaredArenaBytes() {
        return arenaAfterMailboxes - arenaAfterTasks;
    }

    /** Arena bytes the started tasks' stdio and pid: mailboxes reserve. */
    long taskArenaBytes() {
        return arenaAfterTasks;
    }

    // ---------------------------------------------------------------- C

    String header() {
        StringBuilder sb = new StringBuilder();
        sb.append(Banner.c(HEADER, "the mailboxes this firmware declares, created at start-up.", spec));
        sb.append("""
                #ifndef HSX_FW_MAILBOXES_H
                #define HSX_FW_MAILBOXES_H

                #include <stdint.h>

                #include "hsx_mbx.h"

                /* One open request made at start-up: pid opens the mailbox with these open flags
                 * (access bits, TAP 0x04 makes the handle a tap). */
                typedef struct hsx_fw_binding {
                    uint16_t pid;
                    uint8_t flags;
                } hsx_fw_binding_t;

                /* One declared mailbox, bound by pid 0 with its owner explicit in the target. */
                typedef struct hsx_fw_mailbox {
                    const char *target;
                    uint8_t target_len;
                    uint16_t capacity; /* 0 = the profile's default */
                    uint8_t mode;      /* raw mode mask, normalised by bind */
                    uint8_t first_binding;
                    uint8_t binding_count;
                } hsx_fw_mailbox_t;

                """);
        sb.append(String.format("#define HSX_FW_TASK_COUNT          %d%n", tasks.size()));
        sb.append(String.format("#define HSX_FW_MAILBOX_COUNT       %d%n", entries.size()));
        sb.append(String.format("#define HSX_FW_BINDING_COUNT       %d%n", bindingCount()));
        sb.append("/* Arena bytes reserved at start-up, computed by the Java model: the started tasks'\n"
                + " * stdio and pid: mailboxes, and the declared mailboxes with their tap buffers. */\n");
        sb.append(String.format("#define HSX_FW_TASK_ARENA_BYTES    %dUL%n", taskArenaBytes()));
        sb.append(String.format("#define HSX_FW_DECLARED_ARENA_BYTES %dUL%n", declaredArenaBytes()));
        sb.append("""

                #if HSX_FW_TASK_ARENA_BYTES + HSX_FW_DECLARED_ARENA_BYTES > HSX_MBX_CFG_ARENA_BYTES
                #error "the declared mailboxes do not fit the arena of this profile"
                #endif

                /* Starts the tasks the declarations name, binds every declared mailbox and opens
                 * its bindings. Returns OK, or the first failing status with *failed_entry set to
                 * the declaration index (HSX_FW_MAILBOX_COUNT when starting a task failed). */
                hsx_mbx_status_t hsx_fw_create_mailboxes(uint8_t *failed_entry);

                #endif /* HSX_FW_MAILBOXES_H */
                """);
        return sb.toString();
    }

    private int bindingCount() {
        return entries.stream().mapToInt(e -> e.decl().bindings().size()).sum();
    }

    String source() {
        if (entries.size() > 255 || bindingCount() > 255) {
            throw new CodegenException("--mailboxes " + spec.mailboxes().label()
                    + ": at most 255 declared mailboxes and 255 bindings fit the firmware table");
        }
        StringBuilder sb = new StringBuilder();
        sb.append(Banner.c(SOURCE, "the declared mailbox table and its start-up code.", spec));
        sb.append("#include \"hsx_fw_mailboxes.h\"\n\n");
        if (!tasks.isEmpty()) {
            sb.append("/* Tasks named by owners and bindings, started first (ascending pid). */\n");
            sb.append("static const uint16_t hsx_fw_tasks[HSX_FW_TASK_COUNT] = {");
            for (int i = 0; i < tasks.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(tasks.get(i));
            }
            sb.append("};\n\n");
        }
        if (bindingCount() > 0) {
            sb.append("static const hsx_fw_binding_t hsx_fw_bindings[HSX_FW_BINDING_COUNT] = {\n");
            for (int i = 0; i < entries.size(); i++) {
                for (MailboxDeclaration.Binding b : entries.get(i).decl().bindings()) {
                    sb.append(String.format("    {%d, 0x%02X}, /* %s */%n", b.pid(), b.flags(),
                            CText.comment(entries.get(i).target())));
                }
            }
            sb.append("};\n\n");
        }
        if (!entries.isEmpty()) {
            sb.append("static const hsx_fw_mailbox_t hsx_fw_mailboxes[HSX_FW_MAILBOX_COUNT] = {\n");
            int first = 0;
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                int n = e.decl().bindings().size();
                sb.append(String.format("    {%s, %d, %d, 0x%02X, %d, %d}, /* entry %d: %d arena bytes */%n",
                        CText.literal(e.target()), e.target().length(), e.decl().capacity(), e.decl().mode(),
                        first, n, i, e.arenaBytes()));
                first += n;
            }
            sb.append("};\n\n");
        }
        sb.append("hsx_mbx_status_t hsx_fw_create_mailboxes(uint8_t *failed_entry)\n{\n");
        if (tasks.isEmpty() && entries.isEmpty()) {
            sb.append("    /* Nothing is declared. */\n    *failed_entry = 0;\n    return HSX_MBX_STATUS_OK;\n}\n");
            return sb.toString();
        }
        sb.append("    hsx_mbx_status_t st;\n    uint8_t i;\n");
        if (!entries.isEmpty()) {
            sb.append("    uint16_t id;\n");
        }
        sb.append('\n');
        if (!tasks.isEmpty()) {
            sb.append("""
                        *failed_entry = HSX_FW_MAILBOX_COUNT;
                        for (i = 0; i < HSX_FW_TASK_COUNT; i++) {
                            st = hsx_mbx_task_start(hsx_fw_tasks[i]);
                            if (st != HSX_MBX_STATUS_OK) {
                                return st;
                            }
                        }
                    """);
        }
        if (!entries.isEmpty()) {
            sb.append("""
                        for (i = 0; i < HSX_FW_MAILBOX_COUNT; i++) {
                            const hsx_fw_mailbox_t *m = &hsx_fw_mailboxes[i];

                            *failed_entry = i;
                            st = hsx_mbx_bind(0, m->target, m->target_len, m->capacity, m->mode, &id);
                            if (st != HSX_MBX_STATUS_OK) {
                                return st;
                            }
                    """);
            if (bindingCount() > 0) {
                sb.append("""
                                for (uint8_t b = m->first_binding; b < m->first_binding + m->binding_count; b++) {
                                    st = hsx_mbx_open(hsx_fw_bindings[b].pid, m->target, m->target_len,
                                                      hsx_fw_bindings[b].flags, &id);
                                    if (st != HSX_MBX_STATUS_OK) {
                                        return st;
                                    }
                                }
                        """);
            }
            sb.append("    }\n");
        }
        sb.append("    *failed_entry = 0;\n    return HSX_MBX_STATUS_OK;\n}\n");
        return sb.toString();
    }
}

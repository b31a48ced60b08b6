package org.hsxmbx.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.hsxmbx.model.DeclarationException;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.Features;
import org.hsxmbx.model.MailboxService;
import org.hsxmbx.model.Mbx;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;
import org.hsxmbx.model.Status;

/**
 * The declared mailboxes of a firmware, planned with the Java model: which tasks must exist,
 * the target each one is bound and opened with (as pid 0 names it), and the exact arena,
 * descriptors and handles they take.
 *
 * <p>The plan runs the start-up in the model: start the tasks the declarations name (ascending
 * pid), bind every declaration as pid 0 (the executive) in order and open each binding for its
 * pid, the same result as {@link MailboxService#preload} for pid 0, which validates them first.
 * The state it leaves is rendered as pre-initialised records ({@value #TABLES}, like zbus's
 * static channels) that the runtime's {@code hsx_mbx_init} copies: no target parsing or
 * name-pool copy on the target. {@code hsx_fw_mailboxes.h} gives the firmware the counts.
 */
final class DeclaredMailboxes {
    static final String HEADER = "hsx_fw_mailboxes.h";

    /** One declaration as the firmware creates it: the descriptor id it gets. */
    record Entry(MailboxDeclaration decl, String target, int descriptor, int capacity, int arenaBytes) {}

    private final FirmwareSpec spec;
    private final List<Integer> tasks;
    private final List<Entry> entries = new ArrayList<>();
    private final List<org.hsxmbx.model.Event> startUpEvents = new ArrayList<>();
    private long arenaAfterTasks;
    private long arenaAfterMailboxes;
    /** Every descriptor after the start-up, in id order: what init copies from flash. */
    private List<Stats.DescriptorSnapshot> descriptors = List.of();

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
            int id = r.descriptor();
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
            plan.entries.add(new Entry(d, target, id, capacity, (int) (arenaUsed(svc) - before)));
        }
        plan.arenaAfterMailboxes = arenaUsed(svc);
        plan.descriptors = svc.stats().descriptors();
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

    /** File of the pre-initialised records, next to the instance header; the runtime's init includes it. */
    static final String TABLES = "hsx_mbx_declared.h";

    /** One handle init opens: task slot (0 = pid 0), descriptor id and open flags. */
    private record Open(int slot, int descriptor, int flags, String what) {}

    String header() {
        StringBuilder sb = new StringBuilder();
        sb.append(Banner.c(HEADER, "what the mailboxes this firmware declares take.", spec));
        sb.append("""
                #ifndef HSX_FW_MAILBOXES_H
                #define HSX_FW_MAILBOXES_H

                /* hsx_mbx_init creates the declared mailboxes: it copies their descriptors, computed
                 * here from the Java model, out of flash (hsx_mbx_declared.h) and starts the tasks
                 * they name. There is no start-up call to make. */
                """);
        sb.append(String.format("#define HSX_FW_TASK_COUNT          %d%n", tasks.size()));
        sb.append(String.format("#define HSX_FW_MAILBOX_COUNT       %d%n", entries.size()));
        sb.append(String.format("#define HSX_FW_BINDING_COUNT       %d%n", bindingCount()));
        sb.append("/* Arena bytes reserved at start-up, computed by the Java model: the started tasks'\n"
                + " * stdio and pid: mailboxes, and the declared mailboxes with their tap buffers. */\n");
        sb.append(String.format("#define HSX_FW_TASK_ARENA_BYTES    %dUL%n", taskArenaBytes()));
        sb.append(String.format("#define HSX_FW_DECLARED_ARENA_BYTES %dUL%n", declaredArenaBytes()));
        sb.append("\n#endif /* HSX_FW_MAILBOXES_H */\n");
        return sb.toString();
    }

    private int bindingCount() {
        return entries.stream().mapToInt(e -> e.decl().bindings().size()).sum();
    }

    /** The counts the instance header gives the runtime (0 descriptors: init creates nothing). */
    String instanceMacros() {
        return String.format("""

                /* Declared mailboxes: init copies this many descriptors, starts this many tasks and
                 * opens this many handles from the tables in %s. */
                #define HSX_MBX_DECLARED_DESCS %d
                #define HSX_MBX_DECLARED_TASKS %d
                #define HSX_MBX_DECLARED_OPENS %d
                """, TABLES, descriptors.size(), tasks.size(), opens().size());
    }

    /** The handles the start-up opens, in its order: each task's stdio, then every binding. */
    private List<Open> opens() {
        List<Open> out = new ArrayList<>();
        boolean stdio = spec.profile().features().stdio() && spec.profile().taskMailboxes();
        for (int i = 0; stdio && i < tasks.size(); i++) {
            for (String name : List.of("stdio.in", "stdio.out", "stdio.err")) {
                int pid = tasks.get(i);
                Stats.DescriptorSnapshot d = descriptors.stream()
                        .filter(s -> s.namespace() == Mbx.NS_SVC && s.owner() == pid && s.name().equals(name))
                        .findFirst().orElseThrow(() -> new IllegalStateException("no " + name + " of pid " + pid));
                out.add(new Open(i + 1, d.id(), Mbx.MODE_RDWR, "pid " + pid + " svc:" + name));
            }
        }
        for (Entry e : entries) {
            for (MailboxDeclaration.Binding b : e.decl().bindings()) {
                int slot = b.pid() == 0 ? 0 : tasks.indexOf(b.pid()) + 1;
                out.add(new Open(slot, e.descriptor(), b.flags(), "pid " + b.pid() + " " + e.target()));
            }
        }
        return out;
    }

    /** The bytes a descriptor's name takes in the name pool (pid: names take none), as the model counts them. */
    private static String poolName(Stats.DescriptorSnapshot d) {
        return d.namespace() == Mbx.NS_PID ? "" : d.name();
    }

    /**
     * {@value #TABLES}: the records the start-up creates, as the runtime's creation code lays
     * them out (hsx_mbx_desc.c, desc_create: rings packed from arena offset 0 in id order, next_seq
     * the profile's first_seq), with the names in flash. Included by the runtime's hsx_mbx.c only.
     */
    String tables(SramModel.Report sram) {
        StringBuilder names = new StringBuilder();
        StringBuilder recs = new StringBuilder();
        long base = 0;
        for (int i = 0; i < descriptors.size(); i++) {
            Stats.DescriptorSnapshot d = descriptors.get(i);
            if (d.id() != i + 1 || d.depth() != 0) {
                throw new IllegalStateException("start-up descriptors are not 1..n and empty: " + descriptors);
            }
            String name = poolName(d);
            int info = 0x04 | d.namespace() | (d.owner() >= 0 ? 0x08 : 0) | (name.isEmpty() ? 0 : 0x80);
            recs.append(String.format("    /* %d: %s */%n    {.r = {.base = %d, .cap = %d}, .owner = %d, .next_seq = %dUL,"
                            + " .name_off = %d, .name_len = %d, .mode = 0x%02X, .info = 0x%02X},%n",
                    d.id(), CText.comment(label(d)), base, d.capacity(), Math.max(0, d.owner()), d.nextSeq(),
                    name.isEmpty() ? 0 : names.length(), name.length(), d.mode(), info));
            base += d.capacity();
            names.append(name);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(Banner.c(TABLES, "the declared mailboxes as the runtime's init creates them.", spec));
        if (descriptors.isEmpty()) {
            return sb.append("\n/* Nothing is declared (HSX_MBX_DECLARED_DESCS 0): the runtime does not include this file. */\n")
                    .toString();
        }
        sb.append("""
                #ifndef HSX_MBX_DECLARED_H
                #define HSX_MBX_DECLARED_H

                /* Included by the runtime's hsx_mbx.c only (its record types). The records are the
                 * state the start-up of these declarations leaves in the Java model (its preload for
                 * pid 0), laid out by the generator as the runtime creates descriptors. */

                """);
        sb.append(String.format("#define HSX_MBX_DECLARED_ARENA %dUL /* the descriptors' rings; tap buffers follow at init */%n",
                base));
        sb.append(String.format("""

                /* The generator's assumptions, checked against this build: the record size it was
                 * written for (SramModel), the profile's first_seq, and what fits the pools. */
                typedef char hsx_mbx_declared_layout_ok[sizeof(hsx_mbx_desc_t) == %du ? 1 : -1];
                #if HSX_MBX_CFG_FIRST_SEQ != %dUL || HSX_MBX_DECLARED_DESCS > HSX_MBX_CFG_MAX_DESCRIPTORS || \\
                    HSX_MBX_DECLARED_TASKS > HSX_MBX_CFG_MAX_TASKS || HSX_MBX_DECLARED_ARENA > HSX_MBX_CFG_ARENA_BYTES || \\
                    %d > HSX_MBX_CFG_NAME_POOL_BYTES
                #error "hsx_mbx_declared.h was generated for another profile than hsx_mbx_config.h: generate both again"
                #endif

                """, sram.descriptorBytes(), spec.profile().firstSeq(), names.length()));
        sb.append("/* The names of the descriptors below (name_off, name_len), counted in the name pool. */\n");
        sb.append("static const char k_decl_names[] HSX_ROM = ").append(CText.literal(names.toString())).append(";\n\n");
        sb.append("static const hsx_mbx_desc_t k_decl_desc[HSX_MBX_DECLARED_DESCS] HSX_ROM = {\n").append(recs)
                .append("};\n");
        if (!tasks.isEmpty()) {
            sb.append("\n/* Started in slots 1.. in this order (ascending pid). */\n");
            sb.append("static const uint16_t k_decl_pid[HSX_MBX_DECLARED_TASKS] HSX_ROM = {");
            for (int i = 0; i < tasks.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(tasks.get(i));
            }
            sb.append("};\n");
        }
        List<Open> opens = opens();
        if (!opens.isEmpty()) {
            sb.append("\n/* Opened in this order: task slot, descriptor id, open flags (access, TAP 0x04). */\n");
            sb.append("static const hsx_mbx_decl_open_t k_decl_open[HSX_MBX_DECLARED_OPENS] HSX_ROM = {\n");
            for (Open o : opens) {
                sb.append(String.format("    {.task = %d, .desc = %d, .flags = 0x%02X}, /* %s */%n", o.slot(),
                        o.descriptor(), o.flags(), CText.comment(o.what())));
            }
            sb.append("};\n");
        }
        sb.append("\n#endif /* HSX_MBX_DECLARED_H */\n");
        return sb.toString();
    }

    private static String label(Stats.DescriptorSnapshot d) {
        String ns = switch (d.namespace()) {
            case Mbx.NS_SVC -> "svc:";
            case Mbx.NS_APP -> "app:";
            case Mbx.NS_SHARED -> "shared:";
            default -> "";
        };
        return ns + d.name() + (d.owner() >= 0 && d.namespace() != Mbx.NS_PID ? "@" + d.owner() : "");
    }
}

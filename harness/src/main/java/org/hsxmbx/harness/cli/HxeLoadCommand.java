package org.hsxmbx.harness.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hsxmbx.harness.cbackend.CBackend;
import org.hsxmbx.harness.cbackend.LoaderField;
import org.hsxmbx.harness.vector.Expect;
import org.hsxmbx.harness.vector.Op;
import org.hsxmbx.harness.vector.Step;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.DeclarationException;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.MailboxService;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.ProfileException;
import org.hsxmbx.model.hxe.SectionLoader;
import org.hsxmbx.harness.vector.LoadResult;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;
import org.hsxmbx.model.Status;
import org.hsxmbx.model.hxe.HxeFile;
import org.hsxmbx.model.hxe.HxeFormatException;
import org.hsxmbx.model.hxe.HxeSection;
import org.hsxmbx.model.hxe.MailboxSectionCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./hsxmbx hxe load FILE [--backend java|c] [--pid P] [--profile NAME]}: pre-create an
 * image's mailboxes in a fresh service, the Java model's or the firmware's own C loader
 * ({@code hsx_mbx_load_section} in the host library). Both backends read the image with the
 * Java reader and print the same: the snapshot, or one line naming the entry, the field and the
 * status of a rejection (what the C API reports), with exit code 2.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Start task P in a fresh mailbox service (the Java model, or the C runtime's own loader",
            "with --backend c), pre-create the image's declared mailboxes (all or nothing) and print the",
            "descriptor snapshot. Exit 2 when the image or a declaration is bad."})
final class HxeLoadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the .hxe image")
    Path file;

    @Option(names = "--backend", paramLabel = "java|c", defaultValue = "java",
            description = "java (the model) or c (hsx_mbx_load_section, host library) (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--pid", paramLabel = "P", defaultValue = "1", description = "pid of the image's task (default: ${DEFAULT-VALUE})")
    int pid;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "desktop",
            description = "built-in profile (desktop, embedded, minimal) or a profile JSON file (default: ${DEFAULT-VALUE})")
    String profileName;

    @Option(names = "--start-task", paramLabel = "PID", split = ",",
            description = "other tasks to start first, e.g. the pids that bindings open handles for")
    List<Integer> otherTasks = new ArrayList<>();

    @Option(names = "--json", description = "print the snapshot as JSON")
    boolean json;

    /** What a load said: the status, the entry (-1: the section) and the field (null when OK). */
    private record Outcome(Status status, int entry, String field) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (!backend.equals("java") && !backend.equals("c")) {
                throw new HxeCli.Failure("--backend: unknown backend '" + backend + "' (known: java, c)");
            }
            if (pid < 0 || pid > 0xFFFF) {
                throw new HxeCli.Failure("--pid: " + pid + " is not a pid (0..65535)");
            }
            HxeFile f = HxeCli.readImage(file);
            HxeSection sec = f.image().mailboxSection();
            Profile profile = profile();
            List<Integer> starts = new ArrayList<>(otherTasks);
            if (pid != 0 && !starts.contains(pid)) {
                starts.add(pid);
            }
            Stats s;
            Outcome o;
            long declared = sec == null ? 0 : sec.entryCount();
            if (backend.equals("java")) {
                MailboxService svc = new MailboxService(profile);
                for (int p : starts) {
                    started(p, svc.taskStart(p));
                }
                o = loadJava(svc, sec);
                s = svc.stats();
            } else {
                try (CBackend c = new CBackend()) {
                    c.reset(profile);
                    for (int p : starts) {
                        started(p, c.apply(new Step(1, Op.TASK_START, p, null, 0, 0, 0, 0, 0, 0,
                                Step.DEFAULT_MAX_LEN, false, 0, Bytes.EMPTY, Expect.NONE)));
                    }
                    o = sec == null ? new Outcome(Status.OK, 0, null) : outcome(c.loadSection(pid, sec.data(),
                            sec.entryCount()));
                    s = c.stats();
                } catch (RuntimeException e) { // the host library is missing or the profile does not fit it
                    throw new HxeCli.Failure("--backend c: " + e.getMessage());
                }
            }
            if (o.status() != Status.OK) {
                throw new HxeCli.Failure(file + ": " + (o.entry() < 0 ? ".mailbox section" : "mailbox entry " + o.entry())
                        + ", field '" + o.field() + "': rejected with " + o.status() + " (nothing was created)");
            }
            if (json) {
                HxeCli.printJson(out, toJson(s, declared));
            } else {
                print(out, s, declared);
            }
            return 0;
        } catch (HxeCli.Failure e) {
            return HxeCli.fail(spec.commandLine().getErr(), "load", e);
        }
    }

    private static Outcome outcome(LoadResult r) {
        return new Outcome(r.status(), r.entry(), r.field());
    }

    private static void started(int p, Reply r) throws HxeCli.Failure {
        if (r.status() != Status.OK) {
            throw new HxeCli.Failure("task_start(" + p + ") failed: " + r.status());
        }
    }

    /**
     * The model's load: {@code MailboxSectionCodec.decodeForLoad} then {@code preload}, its error
     * named as the C loader reports it ({@link LoaderField}), so both backends print the same.
     */
    private Outcome loadJava(MailboxService svc, HxeSection sec) throws HxeCli.Failure {
        if (sec == null) {
            return new Outcome(Status.OK, 0, null);
        }
        SectionLoader.Result r = SectionLoader.load(svc, pid, sec.data(), sec.entryCount());
        return new Outcome(r.status(), r.entry(), LoaderField.of(r));
    }

    private Profile profile() throws HxeCli.Failure {
        Profile p = Profile.builtin(profileName);
        if (p != null) {
            return p;
        }
        if (!profileName.endsWith(".json")) {
            throw new HxeCli.Failure("--profile: unknown built-in profile '" + profileName
                    + "' (known: " + Profile.builtinNames() + ", or a .json file)");
        }
        Path path = Path.of(profileName);
        try {
            return Profile.fromJson(HxeCli.JSON.readTree(Files.readString(path)));
        } catch (ProfileException e) {
            throw new HxeCli.Failure(path + ": " + e.getMessage());
        } catch (IOException e) {
            throw new HxeCli.Failure(path + ": cannot read profile (" + e.getMessage() + ")");
        }
    }

    private void print(PrintWriter out, Stats s, long declared) {
        out.printf("%s: %d mailbox%s pre-created for pid %d (profile %s)%n", file, declared,
                declared == 1 ? "" : "es", pid, profileName);
        out.printf("  %-4s %-7s %-20s %-6s %-9s %-32s %s%n", "id", "ns", "name", "owner", "capacity", "mode", "taps");
        for (Stats.DescriptorSnapshot d : s.descriptors()) {
            StringBuilder taps = new StringBuilder();
            for (Stats.TapSnapshot t : d.taps()) {
                taps.append(taps.length() == 0 ? "" : ", ").append("pid ").append(t.pid()).append(" handle ")
                        .append(t.handle());
            }
            out.printf("  %-4d %-7s %-20s %-6s %-9d %-32s %s%n", d.id(), HxeCli.namespace(d.namespace()), d.name(),
                    d.owner() < 0 ? "-" : Integer.toString(d.owner()), d.capacity(), HxeCli.mode(d.mode()),
                    taps.length() == 0 ? "-" : taps);
        }
        Map<String, Object> c = s.counters();
        out.printf("active_descriptors %s, arena_used %s of %s, handles_total %s, handles_per_pid %s, tap_count %s%n",
                c.get("active_descriptors"), c.get("arena_used"), c.get("arena_bytes"), c.get("handles_total"),
                c.get("handles_per_pid"), c.get("tap_count"));
        out.flush();
    }

    private ObjectNode toJson(Stats s, long declared) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("file", file.toString());
        root.put("pid", pid);
        root.put("profile", profileName);
        root.put("declared", declared);
        root.set("counters", HxeCli.JSON.valueToTree(s.counters()));
        ArrayNode ds = root.putArray("descriptors");
        for (Stats.DescriptorSnapshot d : s.descriptors()) {
            ObjectNode n = ds.addObject();
            n.put("id", d.id()).put("namespace", HxeCli.namespace(d.namespace())).put("name", d.name())
                    .put("owner", d.owner()).put("capacity", d.capacity()).put("mode", d.mode())
                    .put("depth", d.depth());
            ArrayNode taps = n.putArray("taps");
            for (Stats.TapSnapshot t : d.taps()) {
                taps.addObject().put("pid", t.pid()).put("handle", t.handle());
            }
        }
        return root;
    }
}

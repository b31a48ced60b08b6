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
import org.hsxmbx.model.DeclarationException;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.MailboxService;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.ProfileException;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;
import org.hsxmbx.model.Status;
import org.hsxmbx.model.hxe.HxeFile;
import org.hsxmbx.model.hxe.HxeFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./hsxmbx hxe load FILE [--pid P] [--profile NAME]}: pre-create an image's mailboxes in the Java model. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Start task P in a fresh Java mailbox service, pre-create the image's declared mailboxes",
            "(all or nothing) and print the descriptor snapshot. Exit 2 when the image or a declaration is bad."})
final class HxeLoadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the .hxe image")
    Path file;

    @Option(names = "--pid", paramLabel = "P", defaultValue = "1", description = "pid of the image's task (default: ${DEFAULT-VALUE})")
    int pid;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "desktop",
            description = "built-in profile (desktop, embedded) or a profile JSON file (default: ${DEFAULT-VALUE})")
    String profileName;

    @Option(names = "--start-task", paramLabel = "PID", split = ",",
            description = "other tasks to start first, e.g. the pids that bindings open handles for")
    List<Integer> otherTasks = new ArrayList<>();

    @Option(names = "--json", description = "print the snapshot as JSON")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            HxeFile f = HxeCli.readImage(file);
            List<MailboxDeclaration> decls;
            try {
                decls = f.mailboxesForLoad();
            } catch (HxeFormatException e) {
                throw new HxeCli.Failure(file + ": " + e.getMessage());
            }
            MailboxService svc = new MailboxService(profile());
            List<Integer> starts = new ArrayList<>(otherTasks);
            if (pid != 0 && !starts.contains(pid)) {
                starts.add(pid);
            }
            for (int p : starts) {
                Reply r = svc.taskStart(p);
                if (r.status() != Status.OK) {
                    throw new HxeCli.Failure("task_start(" + p + ") failed: " + r.status());
                }
            }
            Reply r;
            try {
                r = svc.preload(pid, decls);
            } catch (DeclarationException e) {
                throw new HxeCli.Failure(file + ": " + e.getMessage());
            }
            if (r.status() != Status.OK) {
                throw new HxeCli.Failure(file + ": preload for pid " + pid + " failed: " + r.status());
            }
            Stats s = svc.stats();
            if (json) {
                HxeCli.printJson(out, toJson(s, decls.size()));
            } else {
                print(out, s, decls.size());
            }
            return 0;
        } catch (HxeCli.Failure e) {
            return HxeCli.fail(spec.commandLine().getErr(), "load", e);
        }
    }

    private Profile profile() throws HxeCli.Failure {
        Profile p = Profile.builtin(profileName);
        if (p != null) {
            return p;
        }
        if (!profileName.endsWith(".json")) {
            throw new HxeCli.Failure("--profile: unknown built-in profile '" + profileName
                    + "' (known: desktop, embedded, or a .json file)");
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

    private void print(PrintWriter out, Stats s, int declared) {
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

    private ObjectNode toJson(Stats s, int declared) {
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

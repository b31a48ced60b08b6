package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hsxmbx.model.DeclarationException;
import org.hsxmbx.model.MailboxService;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Status;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The firmware's start-up (hsx_fw_create_mailboxes: the named tasks started, each declaration
 * bound by pid 0 with its owner explicit, each binding opened) must leave the state the model's
 * {@link MailboxService#preload} leaves for the same declarations: the same descriptors (ids,
 * names, owners, capacities, modes, taps), tasks, counters, handle ids and events (none).
 */
class DeclaredStartUpTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"examples/firmware/mailboxes.json", "testvectors/images/telemetry.hxe",
        "testvectors/images/sensor.hxe", "inline"})
    void startUpIsThePreload(String source) throws IOException, DeclarationException {
        Path file = source.equals("inline") ? inline() : Repo.root().resolve(source);
        FirmwareSpec spec = GeneratorTest.spec("atmega1284p", "embedded", "all", MailboxSource.load(file));

        MailboxService startUp = new MailboxService(spec.profile());
        DeclaredMailboxes plan = DeclaredMailboxes.plan(spec, startUp);

        MailboxService preloaded = new MailboxService(spec.profile());
        plan.tasks().forEach(preloaded::taskStart);
        Reply r = preloaded.preload(0, spec.mailboxes().declarations());
        assertEquals(Status.OK, r.status());

        assertEquals(spec.mailboxes().declarations().size(), plan.entries().size());
        assertTrue(preloaded.stats().descriptors().size() >= plan.entries().size(), "the declarations exist");
        assertEquals(r.events(), plan.startUpEvents(), "events at start");
        assertEquals(preloaded.stats(), startUp.stats(), "descriptors, tasks and counters");
        assertEquals(handles(preloaded, spec, plan), handles(startUp, spec, plan), "handle ids per pid");
    }

    /** Which handle ids each pid holds, as peek tells them apart from ids it does not hold. */
    private static List<String> handles(MailboxService svc, FirmwareSpec spec, DeclaredMailboxes plan) {
        List<String> held = new ArrayList<>();
        List<Integer> pids = new ArrayList<>(plan.tasks());
        pids.add(0, 0);
        for (int pid : pids) {
            for (int h = 1; h <= spec.profile().handleLimitPerPid() + 8; h++) {
                Status s = svc.peek(pid, h).status();
                if (s != Status.INVALID_HANDLE) {
                    held.add(pid + ":" + h + " " + s);
                }
            }
        }
        return held;
    }

    /** Owners, a fan-out with a tap (flags 5: RDONLY|TAP), an svc: name, a write-only binding (2). */
    private Path inline() throws IOException {
        Path f = tmp.resolve("inline.mailbox.json");
        Files.writeString(f, """
                {"version": 1, "mailboxes": [
                  {"target": "app:telemetry", "capacity": 96, "mode": "RDWR|FANOUT",
                   "bindings": [{"pid": 1}, {"pid": 2, "flags": 5}]},
                  {"target": "svc:log", "capacity": 48, "owner_pid": 2, "bindings": [{"pid": 2, "flags": 2}]},
                  {"target": "shared:metrics", "bindings": [{"pid": 3}]},
                  {"target": "pid:", "capacity": 32}
                ]}""");
        return f;
    }
}

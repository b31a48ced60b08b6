package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hsxmbx.model.DeclarationException;
import org.hsxmbx.model.MailboxService;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Status;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The declared mailboxes' start-up (the named tasks started, each declaration bound by pid 0
 * with its owner explicit, each binding opened), which the generator runs in the model to
 * compute the records hsx_mbx_init copies, must leave the state the model's
 * {@link MailboxService#preload} leaves for the same declarations: the same descriptors (ids,
 * names, owners, capacities, modes, taps), tasks, counters, handle ids and events (none). And
 * the C runtime's state right after init must be that state: the generated self-check compares
 * every descriptor and every task's handle ids with the model, then opens each declared
 * mailbox by its name (in flash) and closes it, on the host and in both emulators.
 */
class DeclaredStartUpTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"examples/firmware/mailboxes.json", "testvectors/images/telemetry.hxe",
        "testvectors/images/sensor.hxe", "inline"})
    void startUpIsThePreload(String source) throws IOException, DeclarationException {
        FirmwareSpec spec = GeneratorTest.spec("atmega1284p", "embedded", "all", MailboxSource.load(file(source)));

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

    /**
     * The self-check firmware of each declaration set, compiled for the host with the
     * mps2-an386 configuration (Cortex-M record layout; critical sections left out, one
     * context) and a console on stdout.
     */
    @ParameterizedTest
    @ValueSource(strings = {"examples/firmware/mailboxes.json", "testvectors/images/telemetry.hxe",
        "testvectors/images/sensor.hxe", "inline"})
    void initLeavesThePreloadStateOnTheHost(String source) throws IOException {
        Repo.requireTool("cc");
        FirmwareSpec spec = GeneratorTest.spec("mps2-an386", "embedded", "all", MailboxSource.load(file(source)));
        Generator.Output gen = Generator.generate(spec);
        Path dir = tmp.resolve("host");
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : gen.files().entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        String config = gen.files().get(ConfigHeader.FILE_NAME);
        int from = config.indexOf("/* Critical sections (Cortex-M)");
        int to = config.indexOf('\n', config.indexOf("#define HSX_MBX_EXIT_CRITICAL()")) + 1;
        assertTrue(from > 0 && to > from, config);
        Files.writeString(dir.resolve(ConfigHeader.FILE_NAME), config.substring(0, from)
                + "#define HSX_MBX_SINGLE_CONTEXT 1 /* the host run: one context */\n" + config.substring(to));
        Files.writeString(dir.resolve("hsx_console.h"), """
                #include <stdint.h>
                void hsx_console_init(void);
                void hsx_console_putc(char c);
                void hsx_console_puts(const char *s);
                void hsx_console_putu(uint32_t v);
                void hsx_console_exit(int status) __attribute__((noreturn));
                """);
        Files.writeString(dir.resolve("host_console.c"), """
                #include <stdio.h>
                #include <stdlib.h>
                #include "hsx_console.h"
                void hsx_console_init(void) { }
                void hsx_console_putc(char c) { putchar(c); }
                void hsx_console_puts(const char *s) { fputs(s, stdout); }
                void hsx_console_putu(uint32_t v) { printf("%lu", (unsigned long)v); }
                void hsx_console_exit(int status) { fflush(stdout); exit(status); }
                """);
        List<String> cmd = new ArrayList<>(List.of("cc", "-std=c11", "-O1", "-Wall", "-Wextra", "-Werror",
                "-I" + dir, "-I" + Repo.root().resolve("firmware-c/include"), "-o", dir.resolve("selfcheck").toString(),
                dir.resolve("main.c").toString(), dir.resolve("host_console.c").toString()));
        try (Stream<Path> src = Files.list(Repo.root().resolve("firmware-c/src"))) {
            src.map(Path::toString).filter(n -> n.endsWith(".c")).sorted().forEach(cmd::add);
        }
        Exec.check(cmd, dir, 120);
        Exec.Result run = Exec.run(List.of(dir.resolve("selfcheck").toString()), dir, 60);
        assertSelfCheck(run.stdout().lines().toList(), gen.selfCheckCount(), run.exitCode());
    }

    /** The richest set on each emulated board (the build runs the generated firmware). */
    @ParameterizedTest
    @ValueSource(strings = {"atmega1284p", "mps2-an386"})
    void initLeavesThePreloadStateInTheEmulator(String board) throws IOException {
        Board b = Repo.board(board);
        Repo.requireTool(b.tool("gcc"));
        Repo.requireTool(b.emulator().command().get(0).equals("simavr") ? "avr-gcc" : b.emulator().command().get(0));
        FirmwareSpec spec = GeneratorTest.spec(board, "embedded", "all", MailboxSource.load(file("inline")));
        FirmwareBuild.Result r = FirmwareBuild.build(spec, Repo.root(), tmp.resolve(board));
        EmulatorRun run = EmulatorRun.run(b, r.elf());
        assertFalse(run.timedOut(), String.join("\n", run.console()));
        assertSelfCheck(run.console(), r.generated().selfCheckCount(), run.exitCode());
    }

    private static void assertSelfCheck(List<String> console, int checks, int exitCode) {
        String text = String.join("\n", console);
        List<String> lines = console.stream().filter(l -> l.startsWith("ok   ") || l.startsWith("FAIL ")).toList();
        assertEquals(checks, lines.size(), text);
        assertTrue(lines.stream().allMatch(l -> l.startsWith("ok   ")), text);
        assertTrue(text.contains("ok   handle ids of pid 0") && text.contains("ok   no descriptor"), text);
        assertEquals(0, exitCode, text);
    }

    private Path file(String source) throws IOException {
        return source.equals("inline") ? inline() : Repo.root().resolve(source);
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

    /**
     * Owners, a fan-out with a tap (flags 5: RDONLY|TAP), an svc: name, a write-only binding (2),
     * a pid: mailbox resized, and ownerless ones that pid 0's close frees (names in flash released).
     */
    private Path inline() throws IOException {
        Path f = tmp.resolve("inline.mailbox.json");
        Files.writeString(f, """
                {"version": 1, "mailboxes": [
                  {"target": "app:telemetry", "capacity": 96, "mode": "RDWR|FANOUT",
                   "bindings": [{"pid": 1}, {"pid": 2, "flags": 5}]},
                  {"target": "svc:log", "capacity": 48, "owner_pid": 2, "bindings": [{"pid": 2, "flags": 2}]},
                  {"target": "shared:metrics", "bindings": [{"pid": 1}]},
                  {"target": "pid:", "capacity": 32},
                  {"target": "shared:spare"},
                  {"target": "app:late", "capacity": 16}
                ]}""");
        return f;
    }
}

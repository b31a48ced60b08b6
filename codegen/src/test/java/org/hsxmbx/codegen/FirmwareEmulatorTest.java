package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Builds each emulated board's firmware and runs it: the C runtime must pass the Java-predicted self-check. */
class FirmwareEmulatorTest {
    @ParameterizedTest
    @ValueSource(strings = {"atmega1284p", "mps2-an386", "stm32f405"})
    void selfCheckPassesInTheEmulator(String board) throws IOException {
        Board b = Repo.board(board);
        Repo.requireTool(b.tool("gcc"));
        Repo.requireTool(b.emulator().command().get(0).equals("simavr") ? "avr-gcc" : b.emulator().command().get(0));
        Path out = Path.of("target", "emulator-test", board).toAbsolutePath();
        Path decl = out.resolveSibling(board + ".mailbox.json");
        Files.createDirectories(out.getParent());
        Files.writeString(decl, """
                {"version": 1, "mailboxes": [
                  {"target": "app:telemetry", "capacity": 96, "mode": "RDWR|FANOUT", "bindings": [{"pid": 1}]},
                  {"target": "svc:log", "capacity": 48}
                ]}""");
        FirmwareSpec spec = GeneratorTest.spec(board, null, "all", MailboxSource.load(decl));
        FirmwareBuild.Result r = FirmwareBuild.build(spec, Repo.root(), out);
        EmulatorRun run = EmulatorRun.run(b, r.elf());
        String console = String.join("\n", run.console());
        assertFalse(run.timedOut(), console);
        assertEquals("hsxmbx selfcheck: board " + board + ", profile embedded, features all", run.console().get(0),
                console);
        List<String> checks = run.console().stream().filter(l -> l.startsWith("ok   ") || l.startsWith("FAIL "))
                .toList();
        assertEquals(r.generated().selfCheckCount(), checks.size(), console);
        assertTrue(checks.stream().allMatch(l -> l.startsWith("ok   ")), console);
        assertTrue(console.contains("ok   handle ids of pid 1") && console.contains("ok   open app:telemetry"), console);
        assertEquals("selfcheck: " + checks.size() + " checks, 0 failed", run.console().get(run.console().size() - 1),
                console);
        assertEquals(0, run.exitCode(), console);
    }
}

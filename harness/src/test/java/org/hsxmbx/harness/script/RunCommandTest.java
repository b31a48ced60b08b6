package org.hsxmbx.harness.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hsxmbx.harness.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of {@code ./hsxmbx run SCRIPT.js}, through {@link Main#run}. */
class RunCommandTest {
    static {
        System.setProperty("polyglot.engine.WarnInterpreterOnly", "false");
    }

    record Run(int code, List<String> lines) {}

    static Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 1];
            all[0] = "run";
            System.arraycopy(args, 0, all, 1, args.length);
            int code = Main.run(all);
            return new Run(code, buf.toString(StandardCharsets.UTF_8).lines().toList());
        } finally {
            System.setOut(old);
        }
    }

    private static Path script(Path dir, String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    static final String FANOUT = """
            mbx.profile({task_mailboxes: false});
            mbx.taskStart(1);
            expect(mbx.bind(0, 'shared:d', {capacity: 32}), {status: 'OK', descriptor: 1});
            const r = mbx.open(1, 'shared:d').handle;
            const w = mbx.open(0, 'shared:d').handle;
            mbx.send(0, w, 'aaaaaaaa');
            mbx.send(0, w, 'bbbbbbbb');
            const s = mbx.send(0, w, 'cccccccc');
            expect(s.events.map((e) => e.type), ['mailbox_overrun', 'mailbox_send']);
            expect(mbx.recv(1, r), {status: 'OK', text: 'bbbbbbbb', flags: mbx.constants.MSG_OVERRUN, src_pid: 0});
            expect(mbx.recv(1, r, {maxLen: 4}), {text: 'cccc', length: 4, flags: 0x10});
            expect(mbx.recv(1, r).status, 'NO_DATA');
            expect(mbx.stats(), {queue_depth: 0, descriptors: {1: {name: 'd', mode: 27}}});
            console.log('done at ' + mbx.now());
            """;

    @Test
    void aPassingScenarioExitsZero(@TempDir Path dir) throws Exception {
        Path f = script(dir, "ok.js", FANOUT);
        Run r = run(f.toString());
        assertEquals(List.of("done at 0", "PASS " + f + " (11 calls on java)"), r.lines());
        assertEquals(0, r.code());
    }

    @Test
    void aFailedAssertionExitsOneWithFileAndLine(@TempDir Path dir) throws Exception {
        Path f = script(dir, "fails.js", "mbx.taskStart(1);\n\nassert(mbx.taskStart(1).status === 'OK', 'restart');\n");
        Run r = run(f.toString());
        assertEquals(List.of("FAIL " + f + ":3: assertion failed: restart"), r.lines());
        assertEquals(1, r.code());
    }

    @Test
    void aFailedExpectNamesTheFieldAndBothValues(@TempDir Path dir) throws Exception {
        Path f = script(dir, "expect.js", """
                function check(h) {
                  expect(mbx.peek(0, h), {status: 'OK', depth: 1}, 'peek');
                }
                const h = mbx.open(0, 'app:q').handle;
                check(h);
                """);
        Run r = run(f.toString());
        assertEquals(List.of("FAIL " + f + ":2: peek: depth: expected 1, got 0"), r.lines());
        assertEquals(1, r.code());
    }

    @Test
    void aSyntaxErrorExitsTwoWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = script(dir, "syntax.js", "mbx.taskStart(1);\nlet x = ;\n");
        Run r = run(f.toString());
        assertEquals(List.of("ERROR " + f + ":2:9: SyntaxError: Expected an operand but found ;"), r.lines());
        assertEquals(2, r.code());
    }

    @Test
    void badArgumentsAndScriptErrorsExitTwo(@TempDir Path dir) throws Exception {
        Path bad = script(dir, "bad.js", "mbx.taskStart(1);\nmbx.bind(1, 'app:x', {mode: 'RDWR|SIDEWAYS'});\n");
        Run r = run(bad.toString());
        assertEquals(2, r.code());
        assertEquals(List.of("ERROR " + bad + ":2: mbx.bind: field 'mode': unknown name 'SIDEWAYS' (known: FANOUT, "
                + "FANOUT_BLOCK, FANOUT_DROP, RDONLY, RDWR, TAP, WRONLY)"), r.lines());

        Path typo = script(dir, "typo.js", "mbx.recv(0, 1, {maxlen: 3});\n");
        r = run(typo.toString());
        assertEquals(List.of("ERROR " + typo + ":1: mbx.recv: unknown option 'maxlen' (known: maxLen, max_len, timeout)"),
                r.lines());
        assertEquals(2, r.code());

        Path ref = script(dir, "ref.js", "\nundefinedFunction();\n");
        r = run(ref.toString());
        assertEquals(2, r.code());
        assertTrue(r.lines().get(0).startsWith("ERROR " + ref + ":2: ReferenceError: undefinedFunction is not defined"),
                r.lines().toString());

        Path missing = dir.resolve("missing.js");
        r = run(missing.toString());
        assertEquals(List.of("ERROR " + missing + ": no such file"), r.lines());
        assertEquals(2, r.code());

        r = run("--backend", "z80", bad.toString());
        assertEquals(2, r.code());
    }

    @Test
    void aCaughtFailureStillFailsTheScenario(@TempDir Path dir) throws Exception {
        Path f = script(dir, "caught.js", "try { assert(false, 'hidden'); } catch (e) {}\n");
        Run r = run(f.toString());
        assertEquals(List.of("FAIL " + f + ": assertion failed: hidden (the script caught this failure)"), r.lines());
        assertEquals(1, r.code());
    }

    @Test
    void outVectorRecordsTheCallsAsAVectorThatVerifyRuns(@TempDir Path dir) throws Exception {
        Path f = script(dir, "rec.js", FANOUT);
        Path out = dir.resolve("out/rec.json");
        Files.createDirectories(out.getParent()); // --out-vector creates no directories (CliErrorsTest)
        Run r = run(f.toString(), "--out-vector", out.toString());
        assertEquals(0, r.code(), r.lines().toString());
        String json = Files.readString(out);
        assertTrue(json.startsWith("{\n  \"name\": \"rec\",\n  \"profile\": {\"task_mailboxes\": false},\n"), json);
        assertTrue(json.contains("{\"op\": \"recv\", \"pid\": 1, \"handle\": 1, \"expect\": {\"status\": \"OK\", "
                + "\"length\": 8, \"flags\": \"OVERRUN\", \"channel\": 0, \"src_pid\": 0, \"text\": \"bbbbbbbb\"}}"), json);
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertEquals(0, Main.run("verify", "--backend", "java", out.toString()));
        } finally {
            System.setOut(old);
        }
    }
}

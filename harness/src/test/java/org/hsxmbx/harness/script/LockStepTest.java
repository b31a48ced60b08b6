package org.hsxmbx.harness.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hsxmbx.harness.vector.Backend;
import org.hsxmbx.harness.vector.Backends;
import org.hsxmbx.harness.vector.Step;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several backends in lock step: the java model against the host C library, and a planted difference. */
class LockStepTest {
    static {
        System.setProperty("polyglot.engine.WarnInterpreterOnly", "false");
    }

    private static final Path SCRIPTS = Path.of(System.getProperty("hsxmbx.root", ".."), "testvectors", "scripts");

    @Test
    void fanoutStressAgreesOnJavaAndC() {
        RunCommandTest.Run r = RunCommandTest.run(SCRIPTS.resolve("fanout-stress.js").toString(), "--backend", "java,c");
        assertEquals(0, r.code(), String.join("\n", r.lines()));
        assertEquals("PASS " + SCRIPTS.resolve("fanout-stress.js") + " (2405 calls on java, c)",
                r.lines().get(r.lines().size() - 1));
    }

    @Test
    void theFirstDifferenceFailsWithLineFieldAndBothValues(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("diff.js");
        Files.writeString(f, """
                mbx.profile({task_mailboxes: false});
                const h = mbx.open(0, 'app:q').handle;
                mbx.send(0, h, 'one', {flags: 'OOB'});
                mbx.recv(0, h);
                assert(false, 'not reached');
                """);
        StringWriter buf = new StringWriter();
        List<Backend> backends = List.of(Backends.create("java"), new Skewed(Backends.create("java")));
        int code = ScriptRunner.run(f, f.toString(), backends, null, new PrintWriter(buf));
        assertEquals("FAIL " + f + ":4: mbx.recv: flags: java=4 (OOB) skewed=12 (OOB|OVERRUN)\n", buf.toString());
        assertEquals(1, code);
    }

    /** The java model with a planted bug: every received message also carries OVERRUN. */
    private record Skewed(Backend inner) implements Backend {
        @Override
        public String name() {
            return "skewed";
        }

        @Override
        public void reset(Profile profile) {
            inner.reset(profile);
        }

        @Override
        public Reply apply(Step step) {
            Reply r = inner.apply(step);
            if (step.op() != org.hsxmbx.harness.vector.Op.RECV) {
                return r;
            }
            return new Reply(r.status(), r.blocked(), r.descriptor(), r.handle(), r.length(), r.flags() | 8,
                    r.channel(), r.srcPid(), r.payload(), r.peek(), r.completions(), r.events());
        }

        @Override
        public Stats stats() {
            return inner.stats();
        }
    }
}

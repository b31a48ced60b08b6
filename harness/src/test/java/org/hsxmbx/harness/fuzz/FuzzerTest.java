package org.hsxmbx.harness.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hsxmbx.harness.vector.Backend;
import org.hsxmbx.harness.vector.Backends;
import org.hsxmbx.harness.vector.Op;
import org.hsxmbx.harness.vector.Step;
import org.hsxmbx.harness.vector.Vector;
import org.hsxmbx.harness.vector.VectorPlayer;
import org.hsxmbx.harness.vector.VectorReader;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;
import org.junit.jupiter.api.Test;

class FuzzerTest {
    /** A Java model whose truncated receives lose the TRUNCATED flag: a planted bug the fuzzer must find. */
    private static final class Buggy implements Backend {
        private final Backend inner = Backends.create("java");

        @Override
        public String name() {
            return "buggy";
        }

        @Override
        public void reset(Profile profile) {
            inner.reset(profile);
        }

        @Override
        public Reply apply(Step s) {
            Reply r = inner.apply(s);
            if (s.op() == Op.RECV && (r.flags() & 0x10) != 0) {
                return new Reply(r.status(), r.blocked(), r.descriptor(), r.handle(), r.length(), r.flags() & ~0x10,
                        r.channel(), r.srcPid(), r.payload(), r.peek(), r.completions(), r.events());
            }
            return r;
        }

        @Override
        public Stats stats() {
            return inner.stats();
        }

        @Override
        public org.hsxmbx.harness.vector.SvcResult svc(Step s) {
            return inner.svc(s);
        }
    }

    @Test
    void identicalBackendsNeverDiverge() {
        Backend a = Backends.create("java");
        Backend b = new Backend() {
            private final Backend inner = Backends.create("java");

            public String name() {
                return "java2";
            }

            public void reset(Profile p) {
                inner.reset(p);
            }

            public Reply apply(Step s) {
                return inner.apply(s);
            }

            public Stats stats() {
                return inner.stats();
            }

            public org.hsxmbx.harness.vector.SvcResult svc(Step s) {
                return inner.svc(s);
            }
        };
        Fuzzer.Result r = new Fuzzer(List.of(a, b), Profile.EMBEDDED).run(3, 20_000);
        assertFalse(r.diverged(), () -> r.difference());
        assertEquals(20_000, r.steps());
    }

    @Test
    void plantedBugIsFoundAndShrunkToAReplayableVector() throws Exception {
        Backend java = Backends.create("java");
        Buggy buggy = new Buggy();
        Fuzzer.Result r = new Fuzzer(List.of(java, buggy), Profile.EMBEDDED).run(1, 200_000);
        assertTrue(r.diverged(), "the planted TRUNCATED bug was not found");
        assertTrue(r.difference().contains("flags"), r.difference());
        assertTrue(r.reproducer().size() <= 12, "not shrunk: " + r.reproducer().size() + " steps");
        assertEquals(Op.RECV, r.reproducer().get(r.reproducer().size() - 1).op());

        String json = VectorJson.write("reproducer", Profile.EMBEDDED, r.reproducer());
        Vector v = VectorReader.parse(json, "reproducer.json", "reproducer");
        assertEquals(r.reproducer().size(), v.steps().size());
        VectorPlayer.Outcome out = new VectorPlayer(List.of(java, buggy)).play(v);
        assertFalse(out.passed(), "the reproducer must fail when replayed through verify");
        assertTrue(new VectorPlayer(List.of(java)).play(v).passed(), "the reproducer is a valid vector for java alone");
    }

    /** The generator crosses the 32-bit clock wrap with accepted ticks, selects event types and makes SVCs. */
    @Test
    void generatedRunsCrossTheClockWrapAndUseEventMask() {
        org.hsxmbx.model.MailboxService m = new org.hsxmbx.model.MailboxService(Profile.EMBEDDED);
        StepGenerator gen = new StepGenerator(7);
        long before = 0;
        boolean nearTop = false;
        boolean wrapped = false;
        int masks = 0;
        int svcOk = 0;
        for (int i = 0; i < 20000; i++) {
            Step s = gen.next();
            Reply r = apply(m, s);
            if (r != null) {
                gen.observe(s, r);
            }
            if (s.op() == Op.EVENT_MASK) {
                masks++;
            }
            if (s.op() == Op.SVC && m.svc(s.pid(), s.fn(), s.registers()).status() == org.hsxmbx.model.Status.OK) {
                svcOk++; // the SVC dispatcher is fuzzed too, and reaches the service
            }
            if (s.op() == Op.TICK && r != null && r.status() == org.hsxmbx.model.Status.OK) {
                nearTop |= s.nowMs() > 0xFFFF0000L;
                wrapped |= nearTop && s.nowMs() < before;
                before = s.nowMs();
            }
        }
        assertTrue(nearTop, "the clock reached the last seconds before its wrap");
        assertTrue(wrapped, "an accepted tick crossed the wrap");
        assertTrue(masks > 50, "event_mask steps: " + masks);
        assertTrue(svcOk > 10, "svc steps that succeeded: " + svcOk);
    }

    private static Reply apply(org.hsxmbx.model.MailboxService m, Step s) {
        return switch (s.op()) {
            case TASK_START -> m.taskStart(s.pid());
            case TASK_EXIT -> m.taskExit(s.pid());
            case BIND -> m.bind(s.pid(), s.target(), s.capacity(), s.mode());
            case OPEN -> m.open(s.pid(), s.target(), s.flags());
            case SEND -> m.send(s.pid(), s.handle(), s.payload(), s.flags(), s.channel(), s.timeout());
            case RECV -> m.recv(s.pid(), s.handle(), s.maxLen(), s.timeout());
            case PEEK -> m.peek(s.pid(), s.handle());
            case TAP -> m.tap(s.pid(), s.handle(), s.enable());
            case CLOSE -> m.close(s.pid(), s.handle());
            case TICK -> m.tick(s.nowMs());
            case EVENT_MASK -> m.eventMask(s.pid(), s.mask());
            case STATS, SVC, LOAD -> null; // the generator makes no svc or load steps
        };
    }

    @Test
    void fuzzJsonCarriesTheReproducerAndWritesOut(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.nio.file.Path file = tmp.resolve("r.json");
        java.util.List<Long> seen = new java.util.ArrayList<>();
        int code = FuzzReport.run(List.of(Backends.create("java"), new Buggy()), Profile.EMBEDDED, 1, 200_000, file,
                true, seen::add, new java.io.PrintStream(out, true, "UTF-8"), new java.io.PrintStream(err, true, "UTF-8"));
        assertEquals(1, code);
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString("UTF-8"));
        assertEquals("hsxmbx.fuzz/1", doc.get("schema").asText());
        assertTrue(doc.get("diverged").asBoolean());
        assertTrue(doc.get("difference").asText().contains("flags"), doc.toString());
        assertEquals("buggy", doc.get("backends").get(1).asText());
        assertEquals(doc.get("reproducer").get("steps").size(), doc.get("reproducer_steps").asInt());
        assertEquals(file.toString(), doc.get("out").asText());
        assertEquals(doc.get("reproducer"), new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()),
                "--out holds the same vector");
        assertEquals(1, doc.get("exit").asInt());
        assertEquals("", err.toString("UTF-8"));
        assertTrue(seen.size() >= 1 && seen.get(0) == 0, "progress is reported from the start");
    }
}

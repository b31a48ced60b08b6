package org.hsxmbx.harness.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;
import org.hsxmbx.model.Status;
import org.junit.jupiter.api.Test;

class VectorPlayerTest {
    /** A backend that answers each step from a function and records what it was asked. */
    private static final class Fake implements Backend {
        final String name;
        final Function<Step, Reply> answer;
        final List<String> log = new ArrayList<>();
        long arenaUsed;

        Fake(String name, Function<Step, Reply> answer) {
            this.name = name;
            this.answer = answer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void reset(Profile profile) {
            log.add("reset " + profile.name());
        }

        @Override
        public Reply apply(Step step) {
            log.add(step.op().wireName());
            return answer.apply(step);
        }

        @Override
        public Stats stats() {
            log.add("stats");
            return new Stats(Map.of("arena_used", arenaUsed), List.of(), List.of());
        }
    }

    private static Vector vector(String json) throws VectorException {
        return VectorReader.parse(json, "v.json", "v");
    }

    private static final String TWO_STEPS = "{\"profile\": \"embedded\", \"steps\": ["
            + "{\"op\": \"recv\", \"pid\": 0, \"handle\": 1, \"expect\": {\"status\": \"OK\", \"text\": \"hi\", \"flags\": 0}},"
            + "{\"op\": \"stats\", \"expect\": {\"arena_used\": 64}}]}";

    @Test
    void passingVectorRunsEveryStepAfterAReset() throws Exception {
        Fake f = new Fake("java", s -> Fixtures.received("hi", 0));
        f.arenaUsed = 64;
        VectorPlayer.Outcome o = new VectorPlayer(List.of(f)).play(vector(TWO_STEPS));
        assertTrue(o.passed(), o.failures().toString());
        assertEquals(List.of("reset embedded", "recv", "stats"), f.log);
    }

    @Test
    void everyFailingCheckIsReportedWithStepOpAndField() throws Exception {
        Fake f = new Fake("java", s -> Fixtures.received("ho", 0x10));
        f.arenaUsed = 128;
        VectorPlayer.Outcome o = new VectorPlayer(List.of(f)).play(vector(TWO_STEPS));
        assertEquals(List.of(
                "step 1 (recv): payload: expected \"hi\", got \"ho\"",
                "step 1 (recv): flags: expected 0, got 16 (TRUNCATED)",
                "step 2 (stats): arena_used: expected 64, got 128"), o.failures());
    }

    @Test
    void blockedIsAStatusOfItsOwn() throws Exception {
        Fake f = new Fake("java", s -> Fixtures.ok());
        VectorPlayer.Outcome o = new VectorPlayer(List.of(f)).play(vector(
                "{\"steps\": [{\"op\": \"recv\", \"pid\": 0, \"handle\": 1, \"timeout\": 5, \"expect\": {\"status\": \"BLOCKED\"}}]}"));
        assertEquals(List.of("step 1 (recv): status: expected BLOCKED, got OK"), o.failures());
    }

    @Test
    void absentDescriptorsAndTasksAreChecked() throws Exception {
        Fake f = new Fake("java", s -> Fixtures.ok());
        VectorPlayer.Outcome o = new VectorPlayer(List.of(f)).play(vector(
                "{\"steps\": [{\"op\": \"stats\", \"expect\": {\"descriptors\": {\"1\": null, \"2\": {\"depth\": 0}}}}]}"));
        assertEquals(List.of("step 1 (stats): descriptors.2.id: expected 2, got absent",
                "step 1 (stats): descriptors.2.depth: expected 0, got absent"), o.failures());
    }

    @Test
    void backendsAreComparedOnEveryStepWhateverTheExpectations() throws Exception {
        Fake java = new Fake("java", s -> Fixtures.reply(Status.OK, List.of(Fixtures.timeout(2, 4)), List.of()));
        Fake c = new Fake("c", s -> Fixtures.reply(Status.OK, List.of(Fixtures.woken(2, 4, "")), List.of()));
        VectorPlayer.Outcome o = new VectorPlayer(List.of(java, c)).play(vector(
                "{\"steps\": [{\"op\": \"tick\", \"now_ms\": 1}, {\"op\": \"tick\", \"now_ms\": 2}]}"));
        assertEquals(List.of("step 1 (tick): completions[0].status: java=TIMEOUT c=OK"), o.failures());
        assertEquals(List.of("reset desktop", "tick"), c.log, "a diverged backend is not driven further");
        assertEquals(List.of("reset desktop", "tick", "tick"), java.log);
    }

    @Test
    void statsStepsAreComparedToo() throws Exception {
        Fake java = new Fake("java", s -> Fixtures.ok());
        Fake c = new Fake("c", s -> Fixtures.ok());
        c.arenaUsed = 8;
        VectorPlayer.Outcome o = new VectorPlayer(List.of(java, c)).play(vector(
                "{\"steps\": [{\"op\": \"task_start\", \"pid\": 1}, {\"op\": \"stats\"}]}"));
        assertEquals(List.of("step 2 (stats): arena_used: java=0 c=8"), o.failures());
    }

    @Test
    void aThrowingBackendFailsTheVectorWithoutAStackTrace() throws Exception {
        Fake java = new Fake("java", s -> {
            throw new IllegalStateException("model bug");
        });
        VectorPlayer.Outcome o = new VectorPlayer(List.of(java)).play(vector(
                "{\"steps\": [{\"op\": \"tick\", \"now_ms\": 1}, {\"op\": \"tick\", \"now_ms\": 2}]}"));
        assertEquals(List.of("step 1 (tick): backend java threw IllegalStateException: model bug"), o.failures());
    }

    @Test
    void theJavaModelPassesTheSpecExample() throws Exception {
        Vector v = VectorReader.read(java.nio.file.Path.of("../testvectors/04-fanout/vectors-md-example.json"));
        VectorPlayer.Outcome o = new VectorPlayer(List.of(Backends.create("java"))).play(v);
        assertTrue(o.passed(), o.failures().toString());
    }

    @Test
    void unknownBackendNamesListTheKnownOnes() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Backends.create(List.of("java", "z80")));
        assertTrue(e.getMessage().startsWith("unknown backend 'z80' (known: java"), e.getMessage());
        IllegalArgumentException twice = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Backends.create(List.of("java", "java")));
        assertEquals("backend 'java' named twice", twice.getMessage());
    }
}

package org.hsxmbx.harness.cbackend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hsxmbx.harness.vector.Backend;
import org.hsxmbx.harness.vector.Backends;
import org.hsxmbx.harness.vector.Op;
import org.hsxmbx.harness.vector.ProfileNotSupportedException;
import org.hsxmbx.harness.vector.Step;
import org.hsxmbx.harness.vector.Vector;
import org.hsxmbx.harness.vector.VectorReader;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.Completion;
import org.hsxmbx.model.EventSchema;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;
import org.hsxmbx.model.Status;
import org.junit.jupiter.api.Test;

/**
 * The c backend against the Java model: the host library (built into build/host by Maven
 * before the tests) loads, and scenarios give equal {@link Reply} and {@link Stats} records
 * at every step.
 */
class CBackendTest {

    /** Blocking with payload hand-over, truncation, fan-out, taps, timeouts, errors and task exit. */
    private static final String SCENARIO = """
            {"name": "c backend scenario", "profile": "desktop", "steps": [
              {"op": "task_start", "pid": 1},
              {"op": "task_start", "pid": 2},
              {"op": "task_start", "pid": 65535},
              {"op": "bind", "pid": 1, "target": "svc:q", "capacity": 40},
              {"op": "open", "pid": 2, "target": "svc:q@1"},
              {"op": "open", "pid": 0, "target": "svc:q@1"},
              {"op": "open", "pid": 1, "target": "svc:q"},
              {"op": "recv", "pid": 1, "handle": 4, "max_len": 3, "timeout": 50},
              {"op": "stats"},
              {"op": "send", "pid": 0, "handle": 1, "text": "hello", "flags": "OOB", "channel": 7},
              {"op": "send", "pid": 0, "handle": 1, "hex": "00ff10"},
              {"op": "send", "pid": 0, "handle": 1, "text": "0123456789abcdef"},
              {"op": "send", "pid": 0, "handle": 1, "text": "blocks", "timeout": 65535},
              {"op": "stats"},
              {"op": "peek", "pid": 1, "handle": 4},
              {"op": "recv", "pid": 1, "handle": 4},
              {"op": "recv", "pid": 1, "handle": 4, "max_len": 4},
              {"op": "recv", "pid": 1, "handle": 4},
              {"op": "recv", "pid": 1, "handle": 4},
              {"op": "bind", "pid": 1, "target": "shared:fan", "capacity": 32, "mode": "FANOUT_DROP"},
              {"op": "open", "pid": 1, "target": "shared:fan"},
              {"op": "open", "pid": 2, "target": "shared:fan"},
              {"op": "open", "pid": 65535, "target": "shared:fan", "flags": "RDONLY|TAP"},
              {"op": "send", "pid": 1, "handle": 5, "text": "first"},
              {"op": "send", "pid": 1, "handle": 5, "text": "second message"},
              {"op": "send", "pid": 1, "handle": 5, "text": "third"},
              {"op": "stats"},
              {"op": "recv", "pid": 2, "handle": 5},
              {"op": "recv", "pid": 65535, "handle": 4},
              {"op": "recv", "pid": 2, "handle": 5, "timeout": 100},
              {"op": "tick", "now_ms": 100},
              {"op": "send", "pid": 0, "handle": 99, "text": "x"},
              {"op": "open", "pid": 3, "target": "app:none"},
              {"op": "bind", "pid": 1, "target": "caf\\u00e9", "capacity": 8},
              {"op": "bind", "pid": 1, "target": "0123456789012345678901234567890123456789"},
              {"op": "tick", "now_ms": 50},
              {"op": "recv", "pid": 2, "handle": 1, "timeout": 10},
              {"op": "task_exit", "pid": 1},
              {"op": "send", "pid": 2, "handle": 4, "text": "stale"},
              {"op": "close", "pid": 2, "handle": 4},
              {"op": "tick", "now_ms": 200},
              {"op": "stats"}
            ]}""";

    private static Vector vector(String json) throws Exception {
        return VectorReader.parse(json, "CBackendTest", "test");
    }

    /** Runs v on java and c in lock step and asserts equal results at every step. */
    private static void sameAsJava(Vector v) {
        try (Backend java = Backends.create("java"); Backend c = new CBackend()) {
            java.reset(v.profile());
            c.reset(v.profile());
            for (Step s : v.steps()) {
                if (s.op() == Op.STATS) {
                    assertEquals(java.stats(), c.stats(), "stats at step " + s.number());
                } else {
                    assertEquals(java.apply(s), c.apply(s), "step " + s.number() + " " + s.op().wireName());
                }
            }
            assertEquals(java.stats(), c.stats(), "stats at the end");
        }
    }

    @Test
    void libraryLoads() {
        try (CBackend c = new CBackend()) {
            assertTrue(c.library().getFileName().toString().contains("hsxmbx_host"), c.library().toString());
            assertEquals("c", c.name());
            c.reset(Profile.EMBEDDED);
            Stats s = c.stats();
            assertEquals(Stats.KEYS, List.copyOf(s.counters().keySet()));
            assertEquals(16L, s.counters().get("max_descriptors"));
            assertEquals(java.util.Map.of("0", 0L), s.counters().get("handles_per_pid"));
            assertEquals(List.of(new Stats.TaskInfo(0, "READY", 0, 0, 0)), s.tasks());
        }
    }

    @Test
    void scenarioGivesTheModelsRecords() throws Exception {
        sameAsJava(vector(SCENARIO));
    }

    @Test
    void blockedReceiveGetsItsPayloadInTheCompletion() throws Exception {
        Vector v = vector("""
                {"steps": [
                  {"op": "task_start", "pid": 1},
                  {"op": "open", "pid": 1, "target": "app:box"},
                  {"op": "open", "pid": 0, "target": "app:box"},
                  {"op": "recv", "pid": 1, "handle": 4, "max_len": 2, "timeout": 65535},
                  {"op": "send", "pid": 0, "handle": 1, "text": "abc", "channel": 3}
                ]}""");
        try (CBackend c = new CBackend()) {
            c.reset(v.profile());
            for (int i = 0; i < 3; i++) {
                c.apply(v.steps().get(i));
            }
            Reply blocked = c.apply(v.steps().get(3));
            assertEquals(Status.OK, blocked.status());
            assertTrue(blocked.blocked());
            assertEquals(EventSchema.Type.MAILBOX_WAIT, blocked.events().get(0).type());
            assertEquals(0xFFFFFFFFL, blocked.events().get(0).get("deadline"));
            Reply sent = c.apply(v.steps().get(4));
            assertEquals(List.of(new Completion(1, 4, Completion.Kind.RECV, Status.OK, 2, 0x10, 3, 0,
                    Bytes.utf8("ab"))), sent.completions());
            assertFalse(sent.blocked());
        }
        sameAsJava(v);
    }

    @Test
    void eventsOfAStepAreThoseStillInTheRing() throws Exception {
        // five timeouts in one tick with a ring of four events: the first is dropped
        StringBuilder steps = new StringBuilder();
        for (int pid = 1; pid <= 5; pid++) {
            steps.append("{\"op\": \"task_start\", \"pid\": ").append(pid).append("},");
            steps.append("{\"op\": \"recv\", \"pid\": ").append(pid).append(", \"handle\": 1, \"timeout\": 10},");
        }
        Vector v = vector("{\"profile\": {\"base\": \"desktop\", \"event_ring_size\": 4}, \"steps\": [" + steps
                + "{\"op\": \"tick\", \"now_ms\": 10}, {\"op\": \"stats\"}]}");
        sameAsJava(v);
        try (CBackend c = new CBackend()) {
            c.reset(v.profile());
            Reply last = null;
            for (Step s : v.steps()) {
                if (s.op() != Op.STATS) {
                    last = c.apply(s);
                }
            }
            assertEquals(5, last.completions().size());
            assertEquals(4, last.events().size());
            assertEquals(2L, last.events().get(0).get("pid"));
        }
    }

    @Test
    void profilesAndFeatureSetsMatch() throws Exception {
        for (String profile : List.of("\"embedded\"",
                "{\"base\": \"embedded\", \"features\": {\"fanout\": false, \"taps\": false, \"events\": false}}",
                "{\"base\": \"desktop\", \"task_mailboxes\": false, \"max_taps\": 0}")) {
            sameAsJava(vector(SCENARIO.replace("\"profile\": \"desktop\"", "\"profile\": " + profile)));
        }
    }

    @Test
    void aProfileBeyondTheLibrarysMaximaIsAClearError() {
        Profile huge = new Profile("huge", 65280, 65535, 65535, 64, 1 << 24, 0, 65535, true, 65535 * 32, 65535,
                Profile.DESKTOP.features());
        try (CBackend c = new CBackend()) {
            ProfileNotSupportedException e = assertThrows(ProfileNotSupportedException.class, () -> c.reset(huge));
            assertTrue(e.getMessage().startsWith("profile 'huge' does not fit the host C library"), e.getMessage());
            assertTrue(e.getMessage().contains("max_descriptors 65280 > "), e.getMessage());
            assertTrue(e.getMessage().contains("hsx_mbx_config.h"), e.getMessage());
        }
    }

    @Test
    void valuesTheCTypesCannotCarryAreRefused() {
        Step bigPid = new Step(1, Op.TASK_START, 70000, null, 0, 0, 0, 0, 0, 0, 0xFFFF, false, 0, Bytes.EMPTY,
                org.hsxmbx.harness.vector.Expect.NONE);
        Step lateTick = new Step(2, Op.TICK, 0, null, 0, 0, 0, 0, 0, 0, 0xFFFF, false, 1L << 32, Bytes.EMPTY,
                org.hsxmbx.harness.vector.Expect.NONE);
        try (CBackend c = new CBackend()) {
            c.reset(Profile.DESKTOP);
            assertEquals("pid 70000 is outside the C API's uint16_t range 0..65535",
                    assertThrows(IllegalArgumentException.class, () -> c.apply(bigPid)).getMessage());
            assertEquals("now_ms 4294967296 is outside the C API's uint32_t range 0..4294967295",
                    assertThrows(IllegalArgumentException.class, () -> c.apply(lateTick)).getMessage());
        }
    }

    @Test
    void aBackendWhoseServiceWasReinitialisedRefusesToRun() throws Exception {
        Step start = vector("{\"steps\": [{\"op\": \"task_start\", \"pid\": 1}]}").steps().get(0);
        try (CBackend a = new CBackend(); CBackend b = new CBackend()) {
            a.reset(Profile.DESKTOP);
            b.reset(Profile.DESKTOP);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.apply(start));
            assertTrue(e.getMessage().contains("re-initialised"), e.getMessage());
            assertEquals(Status.OK, b.apply(start).status());
        }
    }
}

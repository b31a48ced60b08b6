package org.hsxmbx.harness.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VectorReaderTest {
    private static Vector parse(String json) throws VectorException {
        return VectorReader.parse(json, "t.json", "t");
    }

    /** A vector whose second step is {@code step}. */
    private static String withStep(String step) {
        return "{\"steps\": [{\"op\": \"stats\"}, " + step + "]}";
    }

    @Test
    void parsesTheExampleWithDefaults() throws Exception {
        Vector v = parse("""
                {"name": "n", "profile": "embedded", "steps": [
                  {"op": "bind", "pid": 1, "target": "shared:fan", "capacity": 32, "mode": 27,
                   "expect": {"status": "OK", "descriptor": 9}},
                  {"op": "recv", "pid": 2, "handle": 4, "timeout": 100, "expect": {"status": "BLOCKED"}},
                  {"op": "tick", "now_ms": 4294967295}
                ]}""");
        assertEquals("n", v.name());
        assertEquals(Profile.EMBEDDED, v.profile());
        Step bind = v.steps().get(0);
        assertEquals(Op.BIND, bind.op());
        assertEquals(1, bind.number());
        assertEquals(32, bind.capacity());
        assertEquals(27, bind.mode());
        assertEquals(List.of(new Expect.Check("status", "OK"), new Expect.Check("descriptor", 9L)),
                bind.expect().checks());
        Step recv = v.steps().get(1);
        assertEquals(Step.DEFAULT_MAX_LEN, recv.maxLen());
        assertEquals(0, recv.flags());
        assertEquals(0xFFFF_FFFFL, v.steps().get(2).nowMs());
    }

    @Test
    void nameDefaultsToTheFileStemAndProfileToDesktop() throws Exception {
        Vector v = VectorReader.parse("{\"steps\": [{\"op\": \"stats\"}]}", "dir/x.json", "x");
        assertEquals("x", v.name());
        assertEquals(Profile.DESKTOP, v.profile());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "27 | 27",
            "'\"27\"' | 27",
            "'\"0x1B\"' | 27",
            "'\"0X1b\"' | 27",
            "'\"RDWR|FANOUT_DROP\"' | 19",
            "'\"RDWR | FANOUT | 0x20\"' | 43",
            "'\"TAP\"' | 4",
    })
    void modeAcceptsNumbersHexAndNames(String json, int expected) throws Exception {
        Step s = parse(withStep("{\"op\": \"bind\", \"pid\": 0, \"target\": \"app:x\", \"mode\": " + json + "}"))
                .steps().get(1);
        assertEquals(expected, s.mode());
    }

    @Test
    void sendFlagsAreMessageFlagsAndOpenFlagsAreAccessBits() throws Exception {
        Vector v = parse("{\"steps\": ["
                + "{\"op\": \"send\", \"pid\": 0, \"handle\": 1, \"hex\": \"00 ff\", \"flags\": \"OVERRUN|STDERR\"},"
                + "{\"op\": \"open\", \"pid\": 0, \"target\": \"app:x\", \"flags\": \"RDONLY|TAP\"},"
                + "{\"op\": \"recv\", \"pid\": 0, \"handle\": 1, \"expect\": {\"flags\": \"TRUNCATED\", \"text\": \"hi\"}}]}");
        assertEquals(0x0A, v.steps().get(0).flags());
        assertEquals(Bytes.hex("00ff"), v.steps().get(0).payload());
        assertEquals(0x05, v.steps().get(1).flags());
        assertEquals(List.of(new Expect.Check("flags", 0x10L), new Expect.Check("payload", Bytes.utf8("hi"))),
                v.steps().get(2).expect().checks());
    }

    @Test
    void expectedCompletionsEventsAndStatsBecomePathChecks() throws Exception {
        Vector v = parse("{\"steps\": ["
                + "{\"op\": \"tick\", \"now_ms\": 5, \"expect\": {\"completions\": [{\"pid\": 2, \"status\": \"TIMEOUT\"}],"
                + " \"events\": [{\"type\": \"mailbox_timeout\", \"status\": \"TIMEOUT\", \"flags\": \"OVERRUN\"}]}},"
                + "{\"op\": \"stats\", \"expect\": {\"arena_used\": 64, \"handles_per_pid\": {\"1\": 3},"
                + " \"descriptors\": {\"9\": {\"name\": \"fan\", \"owner\": null, \"namespace\": \"SHARED\"}, \"3\": null},"
                + " \"tasks\": {\"2\": {\"state\": \"WAIT_MBX\"}}}}]}");
        assertEquals(List.of(
                new Expect.Check("completions.length", 1L),
                new Expect.Check("completions[0].pid", 2L),
                new Expect.Check("completions[0].status", "TIMEOUT"),
                new Expect.Check("events.length", 1L),
                new Expect.Check("events[0].type", "mailbox_timeout"),
                new Expect.Check("events[0].status", 7L),
                new Expect.Check("events[0].flags", 8L)), v.steps().get(0).expect().checks());
        assertEquals(List.of(
                new Expect.Check("arena_used", 64L),
                new Expect.Check("handles_per_pid.1", 3L),
                new Expect.Check("descriptors.9.id", 9L),
                new Expect.Check("descriptors.9.name", "fan"),
                new Expect.Check("descriptors.9.owner", -1L),
                new Expect.Check("descriptors.9.namespace", 3L),
                new Expect.Check("descriptors.3.id", Expect.ABSENT),
                new Expect.Check("tasks.2.pid", 2L),
                new Expect.Check("tasks.2.state", "WAIT_MBX")), v.steps().get(1).expect().checks());
    }

    /** One row per kind of bad input: the step JSON, then the exact message expected. */
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "{\"op\": \"jump\"} => t.json: step 2: field 'op': unknown op string \"jump\" (known: task_start, task_exit, bind, open, send, recv, peek, tap, close, tick, event_mask, stats, svc, load)",
            "{\"pid\": 1} => t.json: step 2: field 'op': missing (one of task_start, task_exit, bind, open, send, recv, peek, tap, close, tick, event_mask, stats, svc, load)",
            "[1] => t.json: step 2: field 'step': must be an object, got an array",
            "{\"op\": \"peek\", \"pid\": 0} => t.json: step 2: field 'handle': missing (required by op peek)",
            "{\"op\": \"peek\", \"pid\": 0, \"handle\": 1, \"target\": \"x\"} => t.json: step 2: field 'target': unknown key for op peek (known: pid, handle, expect, comment)",
            "{\"op\": \"task_start\", \"pid\": 70000} => t.json: step 2: field 'pid': must be 0..65535, got 70000",
            "{\"op\": \"task_start\", \"pid\": -1} => t.json: step 2: field 'pid': must be 0..65535, got -1",
            "{\"op\": \"task_start\", \"pid\": 1.5} => t.json: step 2: field 'pid': must be an integer or a string such as \"0x1B\", got 1.5",
            "{\"op\": \"task_start\", \"pid\": \"0xZZ\"} => t.json: step 2: field 'pid': \"0xZZ\" is not a number (write 27 or \"0x1B\")",
            "{\"op\": \"tick\", \"now_ms\": 4294967296} => t.json: step 2: field 'now_ms': must be 0..4294967295, got 4294967296",
            "{\"op\": \"recv\", \"pid\": 0, \"handle\": 1, \"timeout\": \"0x10000\"} => t.json: step 2: field 'timeout': must be 0..65535, got 0x10000",
            "{\"op\": \"bind\", \"pid\": 0, \"target\": \"a\", \"mode\": \"RDWR|FANOUT_SLOW\"} => t.json: step 2: field 'mode': unknown name 'FANOUT_SLOW' (known: FANOUT, FANOUT_BLOCK, FANOUT_DROP, RDONLY, RDWR, TAP, WRONLY)",
            "{\"op\": \"send\", \"pid\": 0, \"handle\": 1, \"text\": \"a\", \"flags\": \"RDWR\"} => t.json: step 2: field 'flags': unknown name 'RDWR' (known: OOB, OVERRUN, STDERR, STDOUT, TRUNCATED)",
            "{\"op\": \"bind\", \"pid\": 0, \"target\": 5} => t.json: step 2: field 'target': must be a string, got 5",
            "{\"op\": \"send\", \"pid\": 0, \"handle\": 1, \"text\": \"a\", \"hex\": \"00\"} => t.json: step 2: field 'hex': give either 'text' or 'hex', not both",
            "{\"op\": \"send\", \"pid\": 0, \"handle\": 1} => t.json: step 2: field 'text': missing (send needs 'text' or 'hex'; \"\" for a zero-length send)",
            "{\"op\": \"send\", \"pid\": 0, \"handle\": 1, \"hex\": \"abc\"} => t.json: step 2: field 'hex': not an even number of hex digits: \"abc\"",
            "{\"op\": \"tap\", \"pid\": 0, \"handle\": 1, \"enable\": 1} => t.json: step 2: field 'enable': must be true or false, got 1",
            "{\"op\": \"recv\", \"pid\": 0, \"handle\": 1, \"expect\": {\"descriptor\": 1}} => t.json: step 2: field 'expect.descriptor': unknown key for op recv (known: status, completions, events, length, flags, channel, src_pid, text, hex)",
            "{\"op\": \"recv\", \"pid\": 0, \"handle\": 1, \"expect\": {\"status\": \"FINE\"}} => t.json: step 2: field 'expect.status': unknown status string \"FINE\" (known: OK, WOULDBLOCK, INVALID_HANDLE, NO_DATA, MSG_TOO_LARGE, NO_DESCRIPTOR, TIMEOUT, INVALID_ARGUMENT, PERMISSION_DENIED, INTERNAL_ERROR, BLOCKED)",
            "{\"op\": \"tick\", \"now_ms\": 1, \"expect\": {\"completions\": [{\"pid\": 1, \"status\": \"BLOCKED\"}]}} => t.json: step 2: field 'expect.completions[0].status': unknown status string \"BLOCKED\" (known: OK, WOULDBLOCK, INVALID_HANDLE, NO_DATA, MSG_TOO_LARGE, NO_DESCRIPTOR, TIMEOUT, INVALID_ARGUMENT, PERMISSION_DENIED, INTERNAL_ERROR)",
            "{\"op\": \"tick\", \"now_ms\": 1, \"expect\": {\"events\": [{\"pid\": 1}]}} => t.json: step 2: field 'expect.events[0].type': missing (every expected event names its type)",
            "{\"op\": \"tick\", \"now_ms\": 1, \"expect\": {\"events\": [{\"type\": \"mailbox_boom\"}]}} => t.json: step 2: field 'expect.events[0].type': unknown event type string \"mailbox_boom\" (known: mailbox_send, mailbox_recv, mailbox_wait, mailbox_wake, mailbox_timeout, mailbox_overrun, mailbox_exhausted, mailbox_backpressure, mailbox_error)",
            "{\"op\": \"tick\", \"now_ms\": 1, \"expect\": {\"events\": [{\"type\": \"mailbox_error\", \"length\": 1}]}} => t.json: step 2: field 'expect.events[0].length': unknown key for event mailbox_error (known: type, seq, time_ms, pid, fn, status)",
            "{\"op\": \"tick\", \"now_ms\": 1, \"expect\": {\"events\": [{\"type\": \"mailbox_overrun\", \"reason\": \"boredom\"}]}} => t.json: step 2: field 'expect.events[0].reason': must be one of none, fanout_drop, resize, tap_drop, descriptor_pool_full, handle_limit, arena, name_pool, tap_pool, task_limit, got string \"boredom\"",
            "{\"op\": \"stats\", \"expect\": {\"arena\": 1}} => t.json: step 2: field 'expect.arena': unknown key for op stats (known: max_descriptors, active_descriptors, free_descriptors, arena_bytes, arena_used, bytes_used, queue_depth, handles_total, handles_per_pid, tap_count, tap_queue_depth, waiter_count, fanout_descriptors, descriptor_pool_exhausted, peak_descriptors, events_dropped, descriptors, tasks, status)",
            "{\"op\": \"stats\", \"expect\": {\"descriptors\": {\"x\": {}}}} => t.json: step 2: field 'expect.descriptors.x': key must be a decimal descriptor id 0..65535",
            "{\"op\": \"stats\", \"expect\": {\"tasks\": {\"1\": {\"state\": \"SLEEPING\"}}}} => t.json: step 2: field 'expect.tasks.1.state': must be one of READY, WAIT_MBX, got string \"SLEEPING\"",
            "{\"op\": \"stats\", \"expect\": [1]} => t.json: step 2: field 'expect': must be an object, got an array",
            "{\"op\": \"event_mask\"} => t.json: step 2: field 'mask': missing (required by op event_mask)",
            "{\"op\": \"event_mask\", \"mask\": \"mailbox_error|mailbox_boom\"} => t.json: step 2: field 'mask': unknown name 'mailbox_boom' (known: mailbox_send, mailbox_recv, mailbox_wait, mailbox_wake, mailbox_timeout, mailbox_overrun, mailbox_exhausted, mailbox_backpressure, mailbox_error)",
            "{\"op\": \"event_mask\", \"mask\": 4294967296} => t.json: step 2: field 'mask': must be 0..4294967295, got 4294967296",
    })
    void badStepsNameFileStepAndField(String step, String message) {
        VectorException e = assertThrows(VectorException.class, () -> parse(withStep(step)));
        assertEquals(message, e.getMessage());
        assertEquals(2, e.step());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "{\"steps\": [{\"op\": \"stats\"}], \"author\": \"me\"} => t.json: field 'author': unknown key (known: name, description, profile, steps)",
            "{\"name\": \"\", \"steps\": [{\"op\": \"stats\"}]} => t.json: field 'name': must be a non-empty string",
            "{\"name\": \"n\"} => t.json: field 'steps': missing (an array of step objects)",
            "{\"steps\": []} => t.json: field 'steps': must be a non-empty array of step objects",
            "{\"profile\": \"tiny\", \"steps\": [{\"op\": \"stats\"}]} => t.json: field 'profile': unknown built-in profile 'tiny' (known: desktop, embedded, minimal)",
            "{\"profile\": {\"max_descriptors\": 0}, \"steps\": [{\"op\": \"stats\"}]} => t.json: field 'profile.max_descriptors': must be 1..65280",
            "{\"profile\": {\"features\": {\"warp\": true}}, \"steps\": [{\"op\": \"stats\"}]} => t.json: field 'profile.features.warp': unknown feature (known: fanout, taps, events, timeouts, stdio, loader, introspection, svc, loader_json)",
            "[1, 2] => t.json: must be one JSON object",
    })
    void badTopLevelFieldsHaveNoStep(String json, String message) {
        VectorException e = assertThrows(VectorException.class, () -> parse(json));
        assertEquals(message, e.getMessage());
        assertEquals(0, e.step());
    }

    @Test
    void invalidJsonGivesTheLocation() {
        VectorException e = assertThrows(VectorException.class, () -> parse("{\"steps\": [\n  {\"op\": }]}"));
        assertTrue(e.getMessage().startsWith("t.json: invalid JSON at line 2 column"), e.getMessage());
    }

    @Test
    void duplicateKeysAndTrailingContentAreRejected() {
        VectorException dup = assertThrows(VectorException.class,
                () -> parse("{\"steps\": [{\"op\": \"task_start\", \"pid\": 1, \"pid\": 2}]}"));
        assertTrue(dup.getMessage().contains("Duplicate field 'pid'"), dup.getMessage());
        VectorException trailing = assertThrows(VectorException.class,
                () -> parse("{\"steps\": [{\"op\": \"stats\"}]} {}"));
        assertTrue(trailing.getMessage().startsWith("t.json: invalid JSON"), trailing.getMessage());
    }

    @Test
    void directoriesListEveryJsonBelowSortedByPath(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("b/sub"));
        Files.createDirectories(dir.resolve("a"));
        for (String f : List.of("b/sub/z.json", "b/a.json", "a/y.json", "a/notes.txt")) {
            Files.writeString(dir.resolve(f), "{}");
        }
        assertEquals(List.of(dir.resolve("a/y.json"), dir.resolve("b/a.json"), dir.resolve("b/sub/z.json")),
                VectorReader.files(dir));
        VectorException missing = assertThrows(VectorException.class, () -> VectorReader.files(dir.resolve("nope")));
        assertEquals(dir.resolve("nope") + ": no such file or directory", missing.getMessage());
        Files.createDirectories(dir.resolve("empty"));
        VectorException empty = assertThrows(VectorException.class, () -> VectorReader.files(dir.resolve("empty")));
        assertTrue(empty.getMessage().endsWith("directory holds no *.json files"));
    }

    @Test
    void readNamesTheFileAsGiven(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"steps\": [{\"op\": \"open\", \"pid\": 0}]}");
        VectorException e = assertThrows(VectorException.class, () -> VectorReader.read(f));
        assertEquals(f + ": step 1: field 'target': missing (required by op open)", e.getMessage());
        assertEquals("target", e.field());
    }
}

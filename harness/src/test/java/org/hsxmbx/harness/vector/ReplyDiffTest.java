package org.hsxmbx.harness.vector;

import static org.hsxmbx.harness.vector.Fixtures.error;
import static org.hsxmbx.harness.vector.Fixtures.reply;
import static org.hsxmbx.harness.vector.Fixtures.timeout;
import static org.hsxmbx.harness.vector.Fixtures.woken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.Peek;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;
import org.hsxmbx.model.Status;
import org.junit.jupiter.api.Test;

class ReplyDiffTest {
    @Test
    void identicalRepliesHaveNoDifference() {
        Reply a = reply(Status.OK, List.of(timeout(1, 2), woken(3, 4, "x")), List.of(error(0, 1, "send", Status.INVALID_HANDLE)));
        Reply b = reply(Status.OK, List.of(timeout(1, 2), woken(3, 4, "x")), List.of(error(0, 1, "send", Status.INVALID_HANDLE)));
        assertEquals(Optional.empty(), ReplyDiff.first(a, b));
    }

    @Test
    void reportsTheFirstDifferenceOnlyWithItsPath() {
        Reply a = reply(Status.OK, List.of(timeout(1, 2), woken(3, 4, "x")), List.of());
        Reply b = reply(Status.OK, List.of(timeout(1, 2), timeout(3, 4)), List.of());
        ReplyDiff.Difference d = ReplyDiff.first(a, b).orElseThrow();
        assertEquals(new ReplyDiff.Difference("completions[1].status", "OK", "TIMEOUT"), d);
        assertEquals("completions[1].status: java=OK c=TIMEOUT", d.describe("java", "c"));
    }

    @Test
    void aMissingCompletionIsALengthDifference() {
        Reply a = reply(Status.OK, List.of(timeout(1, 2)), List.of());
        Reply b = reply(Status.OK, List.of(timeout(1, 2), timeout(3, 4)), List.of());
        assertEquals("completions.length: a=1 b=2", ReplyDiff.first(a, b).orElseThrow().describe("a", "b"));
    }

    @Test
    void blockedStatusFlagsPayloadPeekAndEventFieldsAreCompared() {
        Reply blocked = new Reply(Status.OK, true, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null, List.of(), List.of());
        assertEquals("status: java=BLOCKED c=OK",
                ReplyDiff.first(blocked, Fixtures.ok()).orElseThrow().describe("java", "c"));
        assertEquals("flags: java=24 (OVERRUN|TRUNCATED) c=8 (OVERRUN)", ReplyDiff.first(
                Fixtures.received("ab", 0x18), Fixtures.received("ab", 0x08)).orElseThrow().describe("java", "c"));
        assertEquals("payload: java=\"ab\" c=\"ac\"", ReplyDiff.first(
                Fixtures.received("ab", 0), Fixtures.received("ac", 0)).orElseThrow().describe("java", "c"));
        Reply p1 = new Reply(Status.OK, false, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, new Peek(1, 9, 1, 64, 0, 1, 0x1B),
                List.of(), List.of());
        Reply p2 = new Reply(Status.OK, false, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, new Peek(1, 9, 1, 64, 0, 2, 0x1B),
                List.of(), List.of());
        assertEquals("next_seq: java=1 c=2", ReplyDiff.first(p1, p2).orElseThrow().describe("java", "c"));
        assertEquals("depth: java=1 c=absent", ReplyDiff.first(p1, Fixtures.ok()).orElseThrow().describe("java", "c"));
        Reply e1 = reply(Status.OK, List.of(), List.of(error(0, 1, "send", Status.INVALID_HANDLE)));
        Reply e2 = reply(Status.OK, List.of(), List.of(error(0, 1, "recv", Status.INVALID_HANDLE)));
        assertEquals("events[0].fn: java=send c=recv", ReplyDiff.first(e1, e2).orElseThrow().describe("java", "c"));
    }

    @Test
    void statsAreComparedByKeyDescriptorAndTask() {
        Stats.DescriptorSnapshot d1 = new Stats.DescriptorSnapshot(3, 2, "q", -1, 64, 3, 0, 9, 0, 1, 1, 0, List.of());
        Stats.DescriptorSnapshot d1b = new Stats.DescriptorSnapshot(3, 2, "q", -1, 64, 3, 0, 18, 0, 1, 1, 0, List.of());
        Stats a = new Stats(Map.of("arena_used", 64L, "handles_per_pid", Map.of("0", 1L)), List.of(d1),
                List.of(new Stats.TaskInfo(0, "READY", 1, 0, 0)));
        Stats same = new Stats(Map.of("arena_used", 64, "handles_per_pid", Map.of("0", 1)), List.of(d1),
                List.of(new Stats.TaskInfo(0, "READY", 1, 0, 0)));
        assertEquals(Optional.empty(), ReplyDiff.first(a, same), "Integer and Long counters compare equal");
        Stats other = new Stats(Map.of("arena_used", 64L, "handles_per_pid", Map.of("0", 1L)), List.of(d1b),
                List.of(new Stats.TaskInfo(0, "READY", 1, 0, 0)));
        assertEquals("descriptors.3.peak_bytes_used: java=9 c=18",
                ReplyDiff.first(a, other).orElseThrow().describe("java", "c"));
        Stats fewer = new Stats(Map.of("arena_used", 64L, "handles_per_pid", Map.of("0", 1L)), List.of(),
                List.of(new Stats.TaskInfo(0, "READY", 1, 0, 0)));
        assertTrue(ReplyDiff.first(a, fewer).orElseThrow().describe("java", "c")
                .startsWith("descriptors.3.id: java=3 c=absent"));
    }
}

package org.hsxmbx.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;

/** Shared helpers of the model tests: profiles, assertions on replies, stats and events. */
final class TestKit {
    private TestKit() {}

    /** A small profile without task mailboxes, so descriptor and handle ids are easy to predict. */
    static Profile plain() {
        return new Profile("plain", 16, 8, 16, 64, 4096, 0, 256, false, 1024, 4, Features.ALL);
    }

    /** {@link #plain()} with some fields changed. */
    static Profile plain(int maxDescriptors, int handleLimit, int arenaBytes, int tapRate, int ring, int maxTaps) {
        return new Profile("plain", maxDescriptors, 8, handleLimit, 64, arenaBytes, tapRate, ring, false, 1024,
                maxTaps, Features.ALL);
    }

    static Bytes b(String s) {
        return Bytes.utf8(s);
    }

    /** n bytes of 'x'. */
    static Bytes n(int len) {
        return Bytes.of("x".repeat(len).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    static Reply ok(Reply r) {
        assertEquals(Status.OK, r.status(), () -> "expected OK: " + r);
        assertFalse(r.blocked(), () -> "expected not blocked: " + r);
        return r;
    }

    static Reply status(Status s, Reply r) {
        assertEquals(s, r.status(), () -> "expected " + s + ": " + r);
        assertFalse(r.blocked(), () -> "expected not blocked: " + r);
        return r;
    }

    static Reply blocked(Reply r) {
        assertEquals(Status.OK, r.status(), () -> "expected OK (blocked): " + r);
        assertTrue(r.blocked(), () -> "expected blocked: " + r);
        return r;
    }

    static int bind(MailboxService s, int pid, String target, int cap, int mode) {
        return ok(s.bind(pid, target, cap, mode)).descriptor();
    }

    static int open(MailboxService s, int pid, String target, int flags) {
        return ok(s.open(pid, target, flags)).handle();
    }

    static int open(MailboxService s, int pid, String target) {
        return open(s, pid, target, 0);
    }

    static void send(MailboxService s, int pid, int h, String text) {
        Reply r = ok(s.send(pid, h, b(text), 0, 0, 0));
        assertEquals(text.length(), r.length());
    }

    static void send(MailboxService s, int pid, int h, Bytes payload) {
        Reply r = ok(s.send(pid, h, payload, 0, 0, 0));
        assertEquals(payload.length(), r.length());
    }

    static Reply recv(MailboxService s, int pid, int h) {
        return ok(s.recv(pid, h, 0xFFFF, 0));
    }

    static String text(Reply r) {
        return r.payload().textOrNull();
    }

    static Peek peek(MailboxService s, int pid, int h) {
        Peek p = ok(s.peek(pid, h)).peek();
        assertNotNull(p);
        return p;
    }

    static long counter(MailboxService s, String key) {
        return (Long) s.stats().counters().get(key);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Long> handlesPerPid(MailboxService s) {
        return (Map<String, Long>) s.stats().counters().get("handles_per_pid");
    }

    static Stats.DescriptorSnapshot snap(MailboxService s, int id) {
        for (Stats.DescriptorSnapshot d : s.stats().descriptors()) {
            if (d.id() == id) {
                return d;
            }
        }
        return fail("no descriptor " + id);
    }

    static boolean exists(MailboxService s, int id) {
        return s.stats().descriptors().stream().anyMatch(d -> d.id() == id);
    }

    static Stats.TaskInfo task(MailboxService s, int pid) {
        for (Stats.TaskInfo t : s.stats().tasks()) {
            if (t.pid() == pid) {
                return t;
            }
        }
        return fail("no task " + pid);
    }

    static List<String> types(Reply r) {
        return r.events().stream().map(Event::typeName).toList();
    }

    /** The only event of this type in the reply. */
    static Event only(Reply r, EventSchema.Type type) {
        List<Event> es = r.events().stream().filter(e -> e.type() == type).toList();
        assertEquals(1, es.size(), () -> "expected one " + type.wireName() + " in " + r.events());
        return es.get(0);
    }

    static long num(Event e, String field) {
        Object v = e.get(field);
        assertNotNull(v, () -> e + " has no field " + field);
        return (Long) v;
    }

    /** Asserts the error event that ends a rejected step. */
    static void assertError(Reply r, int pid, String fn, Status st) {
        assertFalse(r.events().isEmpty(), "no events");
        Event last = r.events().get(r.events().size() - 1);
        assertEquals(EventSchema.Type.MAILBOX_ERROR, last.type(), () -> "last event: " + r.events());
        assertEquals((long) pid, last.get("pid"));
        assertEquals(fn, last.get("fn"));
        assertEquals((long) st.code(), last.get("status"));
    }

    static Completion completion(Reply r, int index) {
        assertTrue(r.completions().size() > index, () -> "completions: " + r.completions());
        return r.completions().get(index);
    }

    static void assertCompletion(Completion c, int pid, int handle, Completion.Kind kind, Status st) {
        assertEquals(pid, c.pid(), () -> "pid of " + c);
        assertEquals(handle, c.handle(), () -> "handle of " + c);
        assertEquals(kind, c.kind(), () -> "kind of " + c);
        assertEquals(st, c.status(), () -> "status of " + c);
    }
}

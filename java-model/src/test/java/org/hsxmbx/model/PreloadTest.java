package org.hsxmbx.model;

import static org.hsxmbx.model.TestKit.counter;
import static org.hsxmbx.model.TestKit.ok;
import static org.hsxmbx.model.TestKit.peek;
import static org.hsxmbx.model.TestKit.recv;
import static org.hsxmbx.model.TestKit.send;
import static org.hsxmbx.model.TestKit.snap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pre-creating an image's declared mailboxes (hxe-mailbox-section.md): all or nothing, errors name entry and field. */
class PreloadTest {
    private MailboxService s;

    @BeforeEach
    void setUp() {
        s = new MailboxService(new Profile("pre", 16, 8, 6, 64, 1024, 0, 256, true, 256, 2, Features.ALL));
        ok(s.taskStart(1));
        ok(s.taskStart(2));
    }

    private static MailboxDeclaration decl(String target, int cap, int mode, MailboxDeclaration.Binding... bs) {
        return new MailboxDeclaration(target, cap, mode, null, List.of(bs), null);
    }

    private static MailboxDeclaration.Binding bind(int pid, int flags) {
        return new MailboxDeclaration.Binding(pid, flags);
    }

    @Test
    void preloadBindsEveryDeclarationThenOpensEveryBinding() throws Exception {
        Reply r = ok(s.preload(1, List.of(
                decl("app:telemetry", 96, Mbx.MODE_RDWR | Mbx.MODE_FANOUT, bind(1, Mbx.MODE_WRONLY), bind(2, 0)),
                decl("svc:ctl", 0, 0x13, bind(1, Mbx.MODE_RDONLY)),
                decl("log", 32, 0, bind(0, Mbx.MODE_TAP | Mbx.MODE_RDONLY)))));
        assertTrue(r.events().isEmpty());
        // task 1 has stdio 1..3 and pid:1 (descriptors 1..4), task 2 has 5..8
        Stats.DescriptorSnapshot tel = snap(s, 9);
        assertEquals("telemetry", tel.name());
        assertEquals(-1, tel.owner());
        assertEquals(96, tel.capacity());
        assertEquals(0x1B, tel.mode());
        Stats.DescriptorSnapshot ctl = snap(s, 10);
        assertEquals("ctl", ctl.name());
        assertEquals(1, ctl.owner(), "a target without @N resolves for the image's pid");
        assertEquals(0x1B, ctl.mode(), "raw 0x13 means fan-out with drop");
        Stats.DescriptorSnapshot log = snap(s, 11);
        assertEquals(1, log.owner());
        assertEquals(1, log.taps().size());
        // handles: pid 1 gets 4 and 5, pid 2 gets 4, pid 0 gets 1 (a tap)
        send(s, 1, 4, "t");
        assertEquals("t", TestKit.text(recv(s, 2, 4)));
        assertEquals(0x1B, peek(s, 1, 5).mode());
        assertEquals(1L, TestKit.handlesPerPid(s).get("0"));
        assertEquals(8L * 64 + 96 + 64 + 32 + 32, counter(s, "arena_used"));
    }

    @Test
    void existingDeclaredKeyIsRebound() throws Exception {
        int d = TestKit.bind(s, 1, "app:q", 64, 0);
        ok(s.preload(1, List.of(decl("app:q", 128, Mbx.MODE_FANOUT_BLOCK))));
        assertEquals(128, snap(s, d).capacity());
        assertEquals(0x28, snap(s, d).mode());
    }

    @Test
    void explicitOwnerIsHonoured() throws Exception {
        ok(s.preload(1, List.of(new MailboxDeclaration("svc:x", 0, 0, 2, List.of(), null),
                decl("svc:y@2", 0, 0))));
        assertEquals(2, snap(s, 9).owner());
        assertEquals(2, snap(s, 10).owner());
    }

    static Stream<Arguments> badDeclarations() {
        MailboxDeclaration good = decl("app:ok", 0, 0, bind(1, 0));
        return Stream.of(
                Arguments.of(List.of(good, decl("", 0, 0)), 1, "target"),
                Arguments.of(List.of(good, decl("svc:x@", 0, 0)), 1, "target"),
                Arguments.of(List.of(good, decl("app:ok", 0, 0)), 1, "target"),
                Arguments.of(List.of(good, decl("svc:ok", 0, 0), decl("ok", 0, 0)), 2, "target"),
                Arguments.of(List.of(good, decl("app:x", 7, 0)), 1, "capacity"),
                Arguments.of(List.of(good, decl("app:x", 65536, 0)), 1, "capacity"),
                Arguments.of(List.of(decl("app:x", 0, 0x30), good), 0, "mode"),
                Arguments.of(List.of(decl("app:x", 0, 0x40), good), 0, "mode"),
                Arguments.of(List.of(good, decl("app:x", 0, 0, bind(9, 0))), 1, "bindings[0].pid"),
                Arguments.of(List.of(good, decl("app:x", 0, 0, bind(1, 0), bind(1, 0x08))), 1, "bindings[1].flags"),
                Arguments.of(List.of(good, decl("app:x", 0, 0, bind(1, Mbx.MODE_TAP | Mbx.MODE_WRONLY))), 1,
                        "bindings[0].flags"),
                // pid 1 holds 3 stdio handles and app:pre; limit 6
                Arguments.of(List.of(good, decl("app:x", 0, 0, bind(1, 0), bind(1, 0), bind(1, 0))), 1,
                        "bindings[1].pid"),
                Arguments.of(List.of(good, decl("app:x", 0, 0, bind(0, 4), bind(0, 4), bind(0, 4))), 1,
                        "bindings[2].flags"),
                Arguments.of(List.of(good, new MailboxDeclaration("svc:x@1", 0, 0, 2, List.of(), null)), 1,
                        "owner_pid"),
                Arguments.of(List.of(good, new MailboxDeclaration("svc:x", 0, 0, 7, List.of(), null)), 1,
                        "owner_pid"),
                Arguments.of(List.of(good, decl("app:x@7", 0, 0)), 1, "target"),
                Arguments.of(List.of(good, decl("app:big", 200, 0), decl("app:big2", 65000, 0)), 2, "capacity"),
                Arguments.of(List.of(good, decl("app:x", 300, 0, bind(0, 4))), 1, "capacity"),
                Arguments.of(descriptorFlood(good), 7, "target"));
    }

    /** 8 stdio/pid descriptors, app:pre, then these: entry 7 is the 17th descriptor. */
    private static List<MailboxDeclaration> descriptorFlood(MailboxDeclaration first) {
        List<MailboxDeclaration> l = new ArrayList<>();
        l.add(first);
        for (int i = 1; i < 9; i++) {
            l.add(decl("p" + i, 8, 0));
        }
        return l;
    }

    @ParameterizedTest
    @MethodSource("badDeclarations")
    void badDeclarationLeavesTheServiceExactlyAsItWas(List<MailboxDeclaration> decls, int entry, String field) {
        // some existing state, so that "as it was" is not trivial
        int h = TestKit.open(s, 1, "app:pre");
        send(s, 1, h, "kept");
        Stats before = s.stats();
        DeclarationException e = assertThrows(DeclarationException.class, () -> s.preload(1, decls));
        assertEquals(entry, e.entry(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith("mailbox entry " + entry + ", field '" + field + "': "),
                e.getMessage());
        assertEquals(before, s.stats());
        // the next event still has the next seq (nothing was emitted)
        Reply r = s.close(1, 99);
        assertEquals(1L, r.events().get(0).seq());
    }

    @Test
    void namePoolShortageIsATargetError() {
        MailboxService m = new MailboxService(new Profile("np", 16, 8, 8, 64, 1024, 0, 64, false, 10, 2,
                Features.ALL));
        TestKit.bind(m, 0, "svc:abc", 0, 0);
        Stats before = m.stats();
        DeclarationException e = assertThrows(DeclarationException.class, () -> m.preload(0, List.of(
                decl("app:1234", 0, 0), decl("pid:0", 0, 0), decl("app:5678", 0, 0)))); // 3 + 4 + 4 > 10
        assertEquals(2, e.entry());
        assertEquals("target", e.field());
        assertEquals(before, m.stats());
    }

    @Test
    void shrinkingAnExistingMailboxFreesArenaForLaterEntries() throws Exception {
        // contract section 8: a bind succeeds iff the free bytes cover it. Bound one by one, these two
        // declarations succeed (the shrink frees 192 bytes, then 200 are free), so the image must load.
        MailboxService m = new MailboxService(new Profile("a", 16, 8, 8, 64, 300, 0, 64, false, 1024, 2,
                Features.ALL));
        int q = TestKit.bind(m, 0, "app:q", 200, 0);
        ok(m.preload(0, List.of(decl("app:q", 8, 0), decl("app:r", 200, 0))));
        assertEquals(8, snap(m, q).capacity());
        assertEquals(208, counter(m, "arena_used"));
    }

    @Test
    void unknownPidIsNamed() {
        DeclarationException e = assertThrows(DeclarationException.class,
                () -> s.preload(9, List.of(decl("app:x", 0, 0))));
        assertEquals("pid", e.field());
    }

    @Test
    void fanoutModeWithFanoutOffIsAModeError() {
        MailboxService m = new MailboxService(TestKit.plain().withFeatures("min", Features.MINIMAL));
        DeclarationException e = assertThrows(DeclarationException.class,
                () -> m.preload(0, List.of(decl("app:x", 0, Mbx.MODE_FANOUT))));
        assertEquals(0, e.entry());
        assertEquals("mode", e.field());
    }

    @Test
    void emptyDeclarationListIsOk() throws Exception {
        Stats before = s.stats();
        ok(s.preload(1, List.of()));
        assertEquals(before, s.stats());
    }
}

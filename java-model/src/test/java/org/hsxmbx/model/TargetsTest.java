package org.hsxmbx.model;

import static org.hsxmbx.model.TestKit.assertError;
import static org.hsxmbx.model.TestKit.b;
import static org.hsxmbx.model.TestKit.counter;
import static org.hsxmbx.model.TestKit.ok;
import static org.hsxmbx.model.TestKit.open;
import static org.hsxmbx.model.TestKit.recv;
import static org.hsxmbx.model.TestKit.send;
import static org.hsxmbx.model.TestKit.snap;
import static org.hsxmbx.model.TestKit.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract section 3: target resolution, malformed targets and access rules (plus decisions.md "Targets"). */
class TargetsTest {
    private MailboxService s;

    @BeforeEach
    void setUp() {
        s = new MailboxService(TestKit.plain());
        ok(s.taskStart(1));
        ok(s.taskStart(2));
    }

    /** Binds target as pid and checks the resolved key in the snapshot. */
    private Stats.DescriptorSnapshot resolve(int pid, String target) {
        Reply r = ok(s.bind(pid, target, 0, 0));
        return snap(s, r.descriptor());
    }

    private void assertKey(Stats.DescriptorSnapshot d, int ns, String name, int owner) {
        assertEquals(ns, d.namespace(), "namespace of " + d);
        assertEquals(name, d.name(), "name of " + d);
        assertEquals(owner, d.owner(), "owner of " + d);
    }

    // ------------------------------------------------------------ the resolution table

    @Test
    void pidWithoutNumberIsTheCallersPidMailbox() {
        assertKey(resolve(1, "pid:"), Mbx.NS_PID, "pid:1", 1);
        assertKey(resolve(2, "pid:"), Mbx.NS_PID, "pid:2", 2);
    }

    @Test
    void pidWithNumberNamesThatTasksMailbox() {
        assertKey(resolve(1, "pid:2"), Mbx.NS_PID, "pid:2", 2);
        // the same key as pid 2 naming "pid:"
        assertEquals(ok(s.bind(1, "pid:2", 0, 0)).descriptor(), ok(s.bind(2, "pid:", 0, 0)).descriptor());
    }

    @Test
    void pidNumberWithLeadingZerosIsNormalised() {
        int a = ok(s.bind(1, "pid:002", 0, 0)).descriptor();
        assertKey(snap(s, a), Mbx.NS_PID, "pid:2", 2);
        assertEquals(a, ok(s.bind(1, "pid:2", 0, 0)).descriptor());
    }

    @Test
    void svcIsOwnedByTheCaller() {
        Stats.DescriptorSnapshot a = resolve(1, "svc:log");
        Stats.DescriptorSnapshot c = resolve(2, "svc:log");
        assertKey(a, Mbx.NS_SVC, "log", 1);
        assertKey(c, Mbx.NS_SVC, "log", 2);
        assertNotEquals(a.id(), c.id());
    }

    @Test
    void svcWithOwnerByPidZeroNamesThatTasksMailbox() {
        int own = ok(s.bind(1, "svc:log", 0, 0)).descriptor();
        assertEquals(own, ok(s.bind(0, "svc:log@1", 0, 0)).descriptor());
        assertKey(snap(s, own), Mbx.NS_SVC, "log", 1);
    }

    @Test
    void svcWithOwnOwnerIsAllowed() {
        int own = ok(s.bind(1, "svc:log", 0, 0)).descriptor();
        assertEquals(own, ok(s.bind(1, "svc:log@1", 0, 0)).descriptor());
    }

    @Test
    void appWithoutOwnerIsOwnerlessAndSharedByAllPids() {
        Stats.DescriptorSnapshot a = resolve(1, "app:bus");
        assertKey(a, Mbx.NS_APP, "bus", -1);
        assertEquals(a.id(), ok(s.bind(2, "app:bus", 0, 0)).descriptor());
    }

    @Test
    void appWithOwnerIsOwnedAndDistinctFromTheOwnerless() {
        Stats.DescriptorSnapshot owned = resolve(2, "app:bus@1");
        assertKey(owned, Mbx.NS_APP, "bus", 1);
        assertNotEquals(owned.id(), ok(s.bind(1, "app:bus", 0, 0)).descriptor());
    }

    @Test
    void sharedIgnoresTheOwnerSuffix() {
        Stats.DescriptorSnapshot a = resolve(1, "shared:fan");
        assertKey(a, Mbx.NS_SHARED, "fan", -1);
        assertEquals(a.id(), ok(s.bind(2, "shared:fan@1", 0, 0)).descriptor());
        assertEquals(a.id(), ok(s.bind(2, "shared:fan@2", 0, 0)).descriptor());
    }

    @Test
    void sharedSuffixMustStillBeWellFormed() {
        status(Status.INVALID_ARGUMENT, s.bind(1, "shared:fan@x", 0, 0));
        status(Status.INVALID_ARGUMENT, s.bind(1, "shared:fan@", 0, 0));
    }

    @Test
    void bareTargetIsAnSvcNameOfTheCaller() {
        Stats.DescriptorSnapshot a = resolve(1, "log");
        assertKey(a, Mbx.NS_SVC, "log", 1);
        assertEquals(a.id(), ok(s.bind(1, "svc:log", 0, 0)).descriptor());
    }

    @Test
    void bareTargetWithOwner() {
        int own = ok(s.bind(1, "log", 0, 0)).descriptor();
        assertEquals(own, ok(s.bind(0, "log@1", 0, 0)).descriptor());
        status(Status.PERMISSION_DENIED, s.bind(2, "log@1", 0, 0));
    }

    @Test
    void unknownPrefixIsPartOfAnSvcName() {
        assertKey(resolve(1, "foo:bar"), Mbx.NS_SVC, "foo:bar", 1);
    }

    @Test
    void ownerSuffixIsSplitAtTheLastAt() {
        assertKey(resolve(1, "svc:a@b@1"), Mbx.NS_SVC, "a@b", 1);
    }

    @Test
    void targetOfExactly32BytesIsAccepted() {
        String t = "svc:" + "n".repeat(28);
        assertEquals(32, t.length());
        assertKey(resolve(1, t), Mbx.NS_SVC, "n".repeat(28), 1);
    }

    @Test
    void openResolvesLikeBind() {
        int d = ok(s.bind(1, "app:q", 0, 0)).descriptor();
        int h = open(s, 2, "app:q");
        send(s, 2, h, "hi");
        assertEquals(1, snap(s, d).depth());
        assertEquals(1, counter(s, "active_descriptors"));
    }

    // ------------------------------------------------------------ malformed targets

    @ParameterizedTest
    @ValueSource(strings = {"", "svc:nnnnnnnnnnnnnnnnnnnnnnnnnnnnn", "pid:abc", "svc:x@", "svc:x@abc", "svc:x@-1",
            "svc:x@+1", "pid:-1", "pid:+1", "pid:65536", "pid:000001", "svc:x@70000", "svc:", "app:", "shared:",
            "svc:@1", "app:@1", "@1", "caf\u00e9", "tab\there", "nl\n", "del\u007f"})
    void malformedTargetsAreInvalidArgument(String target) {
        long before = counter(s, "active_descriptors");
        Reply r = status(Status.INVALID_ARGUMENT, s.bind(1, target, 0, 0));
        assertError(r, 1, "bind", Status.INVALID_ARGUMENT);
        r = status(Status.INVALID_ARGUMENT, s.open(1, target, 0));
        assertError(r, 1, "open", Status.INVALID_ARGUMENT);
        assertEquals(before, counter(s, "active_descriptors"));
    }

    @Test
    void nullTargetIsInvalidArgument() {
        status(Status.INVALID_ARGUMENT, s.bind(1, null, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pid:9", "svc:x@9", "app:x@9", "x@9"})
    void ownerMustBeALiveTask(String target) {
        status(Status.INVALID_ARGUMENT, s.bind(0, target, 0, 0));
        status(Status.INVALID_ARGUMENT, s.open(0, target, 0));
    }

    @Test
    void ownerZeroIsAlwaysLive() {
        assertKey(resolve(0, "pid:0"), Mbx.NS_PID, "pid:0", 0);
        assertKey(resolve(0, "app:x@0"), Mbx.NS_APP, "x", 0);
    }

    @Test
    void ownerOfAnExitedTaskIsInvalid() {
        ok(s.bind(0, "svc:x@2", 0, 0));
        ok(s.taskExit(2));
        status(Status.INVALID_ARGUMENT, s.bind(0, "svc:x@2", 0, 0));
    }

    @Test
    void pidStringOfMaxValueParsesButNeedsALiveTask() {
        status(Status.INVALID_ARGUMENT, s.bind(0, "pid:65535", 0, 0));
        ok(s.taskStart(65535));
        assertKey(resolve(0, "pid:65535"), Mbx.NS_PID, "pid:65535", 65535);
    }

    // ------------------------------------------------------------ access rules

    @ParameterizedTest
    @CsvSource({"svc:log@2", "log@2"})
    void onlyPidZeroMayNameAnotherTasksSvcMailbox(String target) {
        Reply r = status(Status.PERMISSION_DENIED, s.bind(1, target, 0, 0));
        assertError(r, 1, "bind", Status.PERMISSION_DENIED);
        r = status(Status.PERMISSION_DENIED, s.open(1, target, 0));
        assertError(r, 1, "open", Status.PERMISSION_DENIED);
        assertEquals(0, counter(s, "active_descriptors"));
        int d = ok(s.bind(0, target, 0, 0)).descriptor();
        assertEquals(2, snap(s, d).owner());
        open(s, 0, target);
    }

    @Test
    void permissionIsCheckedBeforeArguments() {
        // decisions.md validation order: access before arguments (capacity 3 is invalid)
        status(Status.PERMISSION_DENIED, s.bind(1, "svc:log@2", 3, 0));
    }

    @Test
    void anyTaskMaySendToAPidMailboxButOnlyItsOwnerOrPidZeroReceives() {
        int h1 = open(s, 1, "pid:2");
        int h2 = open(s, 2, "pid:");
        int h0 = open(s, 0, "pid:2");
        send(s, 1, h1, "one");
        send(s, 1, h1, "two");
        Reply denied = status(Status.PERMISSION_DENIED, s.recv(1, h1, 64, 0));
        assertError(denied, 1, "recv", Status.PERMISSION_DENIED);
        assertEquals("one", TestKit.text(recv(s, 2, h2)));
        Reply r = recv(s, 0, h0);
        assertEquals("two", TestKit.text(r));
        assertEquals(1, r.srcPid());
    }

    @Test
    void deniedRecvOnPidMailboxConsumesNothing() {
        int h1 = open(s, 1, "pid:2");
        send(s, 1, h1, "keep");
        status(Status.PERMISSION_DENIED, s.recv(1, h1, 64, 100));
        assertEquals("READY", TestKit.task(s, 1).state());
        assertEquals(1, TestKit.peek(s, 1, h1).depth());
    }

    @Test
    void anyTaskMayOpenAnotherTasksAppMailbox() {
        int d = ok(s.bind(2, "app:inbox@1", 0, 0)).descriptor();
        int h = open(s, 2, "app:inbox@1");
        ok(s.send(2, h, b("x"), 0, 0, 0));
        assertEquals(1, snap(s, d).depth());
        assertEquals("x", TestKit.text(recv(s, 2, h)));
    }

    @Test
    void descriptorNamesInSnapshotsHaveNoPrefix() {
        ok(s.bind(1, "svc:a", 0, 0));
        ok(s.bind(1, "app:b", 0, 0));
        ok(s.bind(1, "shared:c", 0, 0));
        ok(s.bind(1, "d", 0, 0));
        ok(s.bind(1, "pid:", 0, 0));
        assertEquals(java.util.List.of("a", "b", "c", "d", "pid:1"),
                s.stats().descriptors().stream().map(Stats.DescriptorSnapshot::name).toList());
    }
}

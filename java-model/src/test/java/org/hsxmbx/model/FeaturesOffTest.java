package org.hsxmbx.model;

import static org.hsxmbx.model.TestKit.assertError;
import static org.hsxmbx.model.TestKit.b;
import static org.hsxmbx.model.TestKit.open;
import static org.hsxmbx.model.TestKit.plain;
import static org.hsxmbx.model.TestKit.send;
import static org.hsxmbx.model.TestKit.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The features introspection, svc and loader_json: parsing, bits, and the calls rejected when off. */
class FeaturesOffTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Profile json(String s) throws Exception {
        return Profile.fromJson(JSON.readTree(s.replace('\'', '"')));
    }

    private static MailboxService service(Features.Feature... off) {
        return new MailboxService(plain().withFeatures("off", Features.ALL.without(off)));
    }

    @Nested
    class Parsing {
        @Test
        void missingKeysMeanOn() throws Exception {
            Profile p = json("{'features': {'fanout': false}}");
            assertTrue(p.features().introspection() && p.features().svc() && p.features().loaderJson());
            assertEquals(Features.ALL.without(Features.Feature.FANOUT), p.features());
        }

        @Test
        void eachNewKeyTurnsItsFeatureOff() throws Exception {
            Profile p = json("{'features': {'introspection': false, 'svc': false, 'loader_json': false}}");
            assertEquals(Features.ALL.without(Features.Feature.INTROSPECTION, Features.Feature.SVC,
                    Features.Feature.LOADER_JSON), p.features());
            assertTrue(p.features().loader());
        }

        @Test
        void loaderOffTakesAnUnstatedLoaderJsonWithIt() throws Exception {
            Profile p = json("{'features': {'loader': false}}");
            assertFalse(p.features().loader() || p.features().loaderJson());
        }

        @Test
        void loaderJsonWithoutLoaderNamesTheField() {
            ProfileException e = assertThrows(ProfileException.class,
                    () -> json("{'features': {'loader': false, 'loader_json': true}}"));
            assertEquals("features.loader_json", e.field());
            assertThrows(ProfileException.class, () -> Features.ALL.without(Features.Feature.LOADER)
                    .with(Features.Feature.LOADER_JSON));
        }

        @Test
        void aNewKeyMustBeABoolean() {
            ProfileException e = assertThrows(ProfileException.class, () -> json("{'features': {'svc': 1}}"));
            assertEquals("svc", e.field());
        }

        @Test
        void bitsAreTheSharedTable() {
            assertEquals(0x40, Features.Feature.INTROSPECTION.bit());
            assertEquals(0x80, Features.Feature.SVC.bit());
            assertEquals(0x100, Features.Feature.LOADER_JSON.bit());
            assertEquals(0x1FF, Features.ALL.bits());
            assertEquals(Features.Feature.TIMEOUTS.bit() | Features.Feature.STDIO.bit(), Features.MINIMAL.bits());
            assertEquals(EnumSet.of(Features.Feature.TIMEOUTS, Features.Feature.STDIO), Features.MINIMAL.on());
        }
    }

    @Nested
    class Introspection {
        @Test
        void statsAreRejectedWithoutAnEvent() {
            MailboxService s = service(Features.Feature.INTROSPECTION);
            TestKit.ok(s.taskStart(1));
            Stats st = s.stats();
            assertEquals(Status.INVALID_ARGUMENT, st.status());
            assertTrue(st.counters().isEmpty() && st.descriptors().isEmpty() && st.tasks().isEmpty());
            // nothing was emitted: the next operation's events start right after task_start's
            Reply r = s.tick(1);
            assertTrue(r.events().isEmpty(), r.events().toString());
        }

        @Test
        void onTheStatsAreRead() {
            assertEquals(Status.OK, service().stats().status());
        }
    }

    @Nested
    class Svc {
        @Test
        void offEveryFunctionIsRejectedWithoutAnEventAndNothingChanges() {
            MailboxService s = service(Features.Feature.SVC);
            TestKit.ok(s.taskStart(1));
            int h = open(s, 1, "app:q");
            for (int fn = 0; fn <= 7; fn++) {
                long[] regs = {0, h, 0, 0, 0, 0};
                Reply r = s.svc(1, fn, regs);
                status(Status.INVALID_ARGUMENT, r);
                assertTrue(r.events().isEmpty(), "fn " + fn + ": " + r.events());
                assertArrayEquals(new long[] {Status.INVALID_ARGUMENT.code(), h, 0, 0, 0, 0}, regs, "fn " + fn);
            }
            assertEquals(0, TestKit.peek(s, 1, h).depth(), "the handle is still open and nothing was sent");
        }

        @Test
        void onPeekAndCloseGoThroughTheRegisters() {
            MailboxService s = service();
            TestKit.ok(s.taskStart(1));
            int h = open(s, 1, "app:q");
            send(s, 1, h, b("hello"));
            long[] regs = {0, h, 0, 0, 0, 0};
            TestKit.ok(s.svc(1, Mbx.FN_PEEK, regs));
            assertArrayEquals(new long[] {0, 1, 13, 5, 0, 0}, regs);
            long[] close = {0, h, 0, 0, 0, 0};
            TestKit.ok(s.svc(1, Mbx.FN_CLOSE, close));
            long[] again = {0, h, 0, 0, 0, 0};
            Reply r = s.svc(1, Mbx.FN_CLOSE, again);
            assertError(r, 1, "close", Status.INVALID_HANDLE);
            assertEquals(Status.INVALID_HANDLE.code(), again[0]);
        }

        @Test
        void anUnknownFunctionIsRejectedAsTheSvcFeatureOffIs() {
            MailboxService s = service();
            long[] regs = {0, 0, 0, 0, 0, 0};
            Reply r = s.svc(0, 0x42, regs);
            status(Status.INVALID_ARGUMENT, r);
            assertTrue(r.events().isEmpty());
        }
    }
}

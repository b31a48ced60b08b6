package org.hsxmbx.model.hxe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.Features;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.MailboxService;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Status;
import org.junit.jupiter.api.Test;

/** The load of a section with the loader features on and off (decisions.md, "Features that are off"). */
class SectionLoaderTest {
    private static final List<MailboxDeclaration> DECLS = List.of(
            new MailboxDeclaration("app:log", 32, 0, null, List.of(), null));

    private static MailboxService service(Features.Feature... off) {
        Profile p = Profile.DESKTOP.withFeatures("off", Features.ALL.without(off));
        MailboxService s = new MailboxService(p);
        s.taskStart(1);
        return s;
    }

    private static SectionLoader.Result load(MailboxService s, MailboxSectionCodec.Encoding enc) throws Exception {
        return SectionLoader.load(s, 1, MailboxSectionCodec.encode(DECLS, enc), DECLS.size());
    }

    private static long active(MailboxService s) {
        return (Long) s.stats().counters().get("active_descriptors");
    }

    @Test
    void bothEncodingsLoadWithEveryFeature() throws Exception {
        for (MailboxSectionCodec.Encoding enc : MailboxSectionCodec.Encoding.values()) {
            MailboxService s = service();
            SectionLoader.Result r = load(s, enc);
            assertEquals(Status.OK, r.status(), enc + ": " + r.message());
            assertNull(r.field());
        }
    }

    @Test
    void loaderJsonOffReadsJsonAsTheBinaryTableAndCreatesNothing() throws Exception {
        MailboxService s = service(Features.Feature.LOADER_JSON);
        long before = active(s);
        SectionLoader.Result r = load(s, MailboxSectionCodec.Encoding.JSON);
        assertEquals(Status.INVALID_ARGUMENT, r.status());
        // what a payload in no known encoding gets: the binary table's first check
        Bytes json = MailboxSectionCodec.encode(DECLS, MailboxSectionCodec.Encoding.JSON);
        HxeFormatException e = assertThrows(HxeFormatException.class,
                () -> MailboxSectionCodec.decodeBinaryForLoad(json, DECLS.size()));
        assertEquals(e.field(), r.field());
        assertEquals(e.entry(), r.entry());
        assertEquals(before, active(s));
        assertEquals(Status.OK, load(s, MailboxSectionCodec.Encoding.BINARY).status(), "the binary table still loads");
    }

    @Test
    void loaderOffRejectsTheSectionAsAWholeWithoutAField() throws Exception {
        for (MailboxSectionCodec.Encoding enc : MailboxSectionCodec.Encoding.values()) {
            MailboxService s = service(Features.Feature.LOADER);
            long before = active(s);
            SectionLoader.Result r = load(s, enc);
            assertEquals(Status.INVALID_ARGUMENT, r.status());
            assertEquals(-1, r.entry());
            assertNull(r.field());
            assertTrue(r.reply().events().isEmpty());
            assertEquals(before, active(s));
        }
    }
}

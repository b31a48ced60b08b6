package org.hsxmbx.model.hxe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.DeclarationException;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.MailboxDeclaration.Binding;
import org.hsxmbx.model.MailboxService;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Stats;
import org.hsxmbx.model.Status;
import org.junit.jupiter.api.Test;

/** An image's declarations, read back from bytes, pre-created by the service: all or nothing. */
class HxePreloadTest {

    private static List<MailboxDeclaration> viaImage(List<MailboxDeclaration> decls, MailboxSectionCodec.Encoding enc)
            throws HxeFormatException {
        Bytes payload = MailboxSectionCodec.encode(decls, enc);
        byte[] b = HxeWriter.write(new HxeImage("app", 0, 0, 0, 1, Bytes.hex("00000000"), Bytes.EMPTY,
                List.of(new HxeSection(MetaEntry.TYPE_MAILBOX, decls.size(), payload))));
        return HxeReader.read(b).mailboxes();
    }

    private static MailboxService started() {
        MailboxService svc = new MailboxService(Profile.EMBEDDED);
        assertEquals(Status.OK, svc.taskStart(1).status());
        return svc;
    }

    private static List<String> names(Stats s) {
        List<String> l = new ArrayList<>();
        for (Stats.DescriptorSnapshot d : s.descriptors()) {
            l.add(d.name() + "/" + d.owner() + "/" + d.capacity() + "/0x" + Integer.toHexString(d.mode()));
        }
        return l;
    }

    @Test
    void preloadCreatesExactlyTheDeclaredMailboxes() throws Exception {
        List<MailboxDeclaration> decls = viaImage(List.of(
                new MailboxDeclaration("app:telemetry", 96, 0x03, null, List.of(), null),
                new MailboxDeclaration("shared:metrics", 64, 0x13, null,
                        List.of(new Binding(1, 0), new Binding(0, 0x04)), null)), MailboxSectionCodec.Encoding.JSON);
        MailboxService svc = started();
        List<String> before = names(svc.stats());
        assertEquals(Status.OK, svc.preload(1, decls).status());
        Stats after = svc.stats();
        List<String> expected = new ArrayList<>(before);
        expected.add("telemetry/-1/96/0x3");
        expected.add("metrics/-1/64/0x1b"); // 0x13 normalised: FANOUT_DROP implies FANOUT
        assertEquals(expected, names(after));
        Stats.DescriptorSnapshot metrics = after.descriptors().get(after.descriptors().size() - 1);
        assertEquals(1, metrics.taps().size());
        assertEquals(0, metrics.taps().get(0).pid());
    }

    @Test
    void binaryTableImagesPreloadToo() throws Exception {
        List<MailboxDeclaration> decls = viaImage(List.of(
                new MailboxDeclaration("app:raw", 128, 0x23, null, List.of(), null),
                new MailboxDeclaration("svc:ctl", 0, 0, null, List.of(), null)), MailboxSectionCodec.Encoding.BINARY);
        MailboxService svc = started();
        int before = svc.stats().descriptors().size();
        assertEquals(Status.OK, svc.preload(1, decls).status());
        assertEquals(before + 2, svc.stats().descriptors().size());
    }

    @Test
    void aBadDeclarationLeavesTheServiceUnchanged() throws Exception {
        List<MailboxDeclaration> decls = viaImage(List.of(
                new MailboxDeclaration("app:fine", 64, 0x03, null, List.of(), null),
                new MailboxDeclaration("app:tiny", 3, 0x03, null, List.of(), null)), MailboxSectionCodec.Encoding.JSON);
        MailboxService svc = started();
        Stats before = svc.stats();
        DeclarationException e = assertThrows(DeclarationException.class, () -> svc.preload(1, decls));
        assertEquals(1, e.entry());
        assertEquals("capacity", e.field());
        assertEquals(before, svc.stats());

        List<MailboxDeclaration> unknownPid = List.of(new MailboxDeclaration("app:x", 0, 3, null,
                List.of(new Binding(9, 0)), null));
        assertThrows(DeclarationException.class, () -> svc.preload(1, unknownPid));
        assertEquals(before, svc.stats());
    }
}

package org.hsxmbx.model.hxe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.MailboxDeclaration;
import org.junit.jupiter.api.Test;

class HxeReaderWriterTest {

    @Test
    void crc32IsTheStandardOne() {
        CRC32 c = new CRC32();
        c.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xCBF43926L, c.getValue());
    }

    @Test
    void writerProducesTheExactBytesOfAMinimalImage() throws Exception {
        HxeImage img = new HxeImage("t", 0, 0, 0, 0, Bytes.of(new byte[] {1, 2, 3, 4}), Bytes.EMPTY, List.of());
        byte[] b = HxeWriter.write(img);
        assertEquals(100, b.length);
        assertEquals("48535845" + "0002" + "0000" + "00000000" + "00000004" + "00000000" + "00000000" + "00000000"
                + "56de3208", Bytes.of(b, 0, 0x20).hex(), "header, CRC computed independently with Python's zlib.crc32");
        assertEquals('t', b[0x20]);
        for (int i = 0x21; i < 0x60; i++) {
            assertEquals(0, b[i], "byte " + i);
        }
        assertEquals("01020304", Bytes.of(b, 96, 100).hex());
    }

    /** An image as the original toolchain writes it: odd rodata length, unaligned metadata offsets. */
    static byte[] originalToolchainImage() {
        byte[] json = "{\"version\":1,\"mailboxes\":[{\"target\":\"app:telemetry\",\"capacity\":96,\"mode\":\"RDWR|FANOUT\"}]}"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] unknown = {9, 9, 9};
        int codeLen = 8;
        int roLen = 3;
        int metaOffset = 96 + codeLen + roLen + 2; // 109: unaligned, with a gap after rodata
        int unknownOffset = metaOffset + 2 * 16; // 141
        int mailboxOffset = unknownOffset + unknown.length; // 144
        ByteBuffer bb = ByteBuffer.allocate(mailboxOffset + json.length + 3); // + NUL padding
        bb.put("HSXE".getBytes(StandardCharsets.US_ASCII)).putShort((short) 2).putShort((short) 3)
                .putInt(4).putInt(codeLen).putInt(roLen).putInt(256).putInt(1).putInt(0);
        bb.put("telemetry".getBytes(StandardCharsets.US_ASCII));
        bb.position(0x40).putInt(metaOffset).putInt(2);
        bb.position(96).put(new byte[] {0, 1, 2, 3, 4, 5, 6, 7}).put("abc".getBytes(StandardCharsets.US_ASCII));
        bb.position(metaOffset);
        bb.putInt(99).putInt(unknownOffset).putInt(unknown.length).putInt(1);
        bb.putInt(MetaEntry.TYPE_MAILBOX).putInt(mailboxOffset).putInt(json.length + 3).putInt(1);
        bb.position(unknownOffset).put(unknown);
        bb.position(mailboxOffset).put(json);
        byte[] b = bb.array();
        fixCrc(b);
        return b;
    }

    /** CRC over 0x00..0x1B then everything after the 96-byte header, written at 0x1C. */
    static void fixCrc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b, 0, 0x1C);
        c.update(b, 96, b.length - 96);
        ByteBuffer.wrap(b).putInt(0x1C, (int) c.getValue());
    }

    @Test
    void originalToolchainImageWithUnalignedOffsetsIsAccepted() throws Exception {
        HxeFile f = HxeReader.read(originalToolchainImage());
        HxeHeader h = f.header();
        assertEquals(2, h.version());
        assertEquals(3, h.flags());
        assertEquals(4, h.entry());
        assertEquals(8, h.codeLen());
        assertEquals(3, h.roLen());
        assertEquals(256, h.bssSize());
        assertEquals(1, h.reqCaps());
        assertEquals("telemetry", h.appName());
        assertEquals(109, h.metaOffset());
        assertEquals(2, h.metaCount());
        assertEquals(2, f.table().size());
        assertEquals(99, f.table().get(0).type());
        assertEquals("unknown(99)", f.table().get(0).typeName());
        assertEquals(1, f.image().sections().size(), "the unknown section type is skipped");
        assertEquals("abc", new String(f.image().rodata().toArray(), StandardCharsets.US_ASCII));
        assertEquals(List.of(new MailboxDeclaration("app:telemetry", 96, 0x0B, null, List.of(), null)), f.mailboxes());
    }

    @Test
    void writeThenReadGivesTheSameImage() throws Exception {
        Bytes mbx = MailboxSectionCodec.encode(List.of(
                new MailboxDeclaration("shared:fan", 128, 0x1B, null,
                        List.of(new MailboxDeclaration.Binding(0, 0x04)), null)), MailboxSectionCodec.Encoding.JSON);
        HxeImage img = new HxeImage("demo", HxeHeader.FLAG_ALLOW_MULTIPLE, 4, 64, HxeHeader.CAP_MAILBOX,
                Bytes.hex("0001020304050607"), Bytes.utf8("hello"),
                List.of(new HxeSection(MetaEntry.TYPE_VALUE, 0, Bytes.hex("aabbcc")),
                        new HxeSection(MetaEntry.TYPE_MAILBOX, 1, mbx)));
        byte[] b = HxeWriter.write(img);
        HxeFile f = HxeReader.read(b);
        assertEquals(img, f.image());
        assertEquals(b.length, f.fileSize());
        assertEquals(0, f.header().metaOffset() % 4, "the writer aligns the table");
        assertArrayEquals(b, HxeWriter.write(f.image()), "deterministic");
        assertEquals(1, f.mailboxes().size());
    }

    @Test
    void versionOneHeaderIsRecognised() throws Exception {
        ByteBuffer bb = ByteBuffer.allocate(32 + 8 + 3);
        bb.put("HSXE".getBytes(StandardCharsets.US_ASCII)).putShort((short) 1).putShort((short) 0)
                .putInt(4).putInt(8).putInt(3).putInt(16).putInt(1).putInt(0x7694a5fd);
        bb.put(new byte[] {0, 1, 2, 3, 4, 5, 6, 7}).put("abc".getBytes(StandardCharsets.US_ASCII));
        HxeFile f = HxeReader.read(bb.array());
        assertEquals(1, f.header().version());
        assertEquals(32, f.header().size());
        assertEquals(0x7694a5fdL, f.header().crc32(), "CRC computed independently with Python's zlib.crc32");
        assertEquals("", f.header().appName());
        assertTrue(f.table().isEmpty());
        assertTrue(f.mailboxes().isEmpty());
    }

    @Test
    void imageWithoutCodeHasEntryZero() throws Exception {
        HxeImage img = new HxeImage("decl", 0, 0, 0, 0, Bytes.EMPTY, Bytes.EMPTY, List.of());
        assertEquals(img, HxeReader.read(HxeWriter.write(img)).image());
        HxeImage bad = new HxeImage("decl", 0, 4, 0, 0, Bytes.EMPTY, Bytes.EMPTY, List.of());
        assertEquals("entry", assertThrows(HxeFormatException.class, () -> HxeWriter.write(bad)).field());
    }

    private static void rejects(String field, Consumer<ByteBuffer> mutate, boolean recomputeCrc) {
        byte[] b = originalToolchainImage();
        mutate.accept(ByteBuffer.wrap(b));
        if (recomputeCrc) {
            fixCrc(b);
        }
        HxeFormatException e = assertThrows(HxeFormatException.class, () -> HxeReader.read(b).mailboxes());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
    }

    @Test
    void everyStructuralRuleIsEnforced() {
        rejects("magic", bb -> bb.put(0, (byte) 'X'), true);
        rejects("version", bb -> bb.putShort(4, (short) 3), true);
        rejects("code_len", bb -> bb.putInt(0x0C, 6), true);
        rejects("entry", bb -> bb.putInt(0x08, 2), true);
        rejects("entry", bb -> bb.putInt(0x08, 8), true);
        rejects("code_len", bb -> bb.putInt(0x0C, 4000), true);
        rejects("ro_len", bb -> bb.putInt(0x10, 4000), true);
        rejects("crc32", bb -> bb.put(100, (byte) 0x55), false);
        rejects("crc32", bb -> bb.putInt(0x14, 257), false);
        rejects("reserved", bb -> bb.put(0x5F, (byte) 1), false);
        rejects("app_name", bb -> bb.put(0x20, "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)), false);
        rejects("app_name", bb -> bb.put(0x21, (byte) 0x80), false);
        rejects("app_name", bb -> bb.put(0x3E, (byte) 'x'), false);
        rejects("meta_offset", bb -> bb.putInt(0x40, 100), false);
        rejects("meta_count", bb -> bb.putInt(0x44, 1000), false);
        rejects("section_offset", bb -> bb.putInt(109 + 4, 96), true);
        rejects("section_size", bb -> bb.putInt(109 + 16 + 8, 4000), true);
        rejects("section_size", bb -> bb.putInt(109 + 8, 0x7FFFFFFF), true);
        // Two .mailbox sections: turn the unknown one into a second .mailbox.
        rejects("section_type", bb -> bb.putInt(109, MetaEntry.TYPE_MAILBOX), true);
        // The mailbox payload is checked too, and its entry count must match the JSON.
        rejects("entry_count", bb -> bb.putInt(109 + 16 + 12, 2), true);
    }

    @Test
    void tooShortFilesAreRejected() {
        assertEquals("magic", assertThrows(HxeFormatException.class, () -> HxeReader.read(new byte[3])).field());
        byte[] b = new byte[40];
        ByteBuffer.wrap(b).putInt(HxeHeader.MAGIC).putShort((short) 2);
        HxeFormatException e = assertThrows(HxeFormatException.class, () -> HxeReader.read(b));
        assertEquals("version", e.field());
        assertTrue(e.getMessage().contains("96-byte header"), e.getMessage());
    }

    @Test
    void staleMetaOffsetWithZeroCountIsIgnored() throws Exception {
        byte[] b = HxeWriter.write(new HxeImage("x", 0, 0, 0, 0, Bytes.hex("00000000"), Bytes.EMPTY, List.of()));
        ByteBuffer.wrap(b).putInt(0x40, 0x1234);
        HxeFile f = HxeReader.read(b);
        assertTrue(f.table().isEmpty());
        assertNull(f.image().mailboxSection());
    }

    @Test
    void writerRejectsWhatTheReaderWould() {
        Bytes code = Bytes.hex("00000000");
        assertEquals("app_name", assertThrows(HxeFormatException.class, () -> HxeWriter.write(
                new HxeImage("a".repeat(32), 0, 0, 0, 0, code, Bytes.EMPTY, List.of()))).field());
        assertEquals("flags", assertThrows(HxeFormatException.class, () -> HxeWriter.write(
                new HxeImage("a", 0x10000, 0, 0, 0, code, Bytes.EMPTY, List.of()))).field());
        assertEquals("code_len", assertThrows(HxeFormatException.class, () -> HxeWriter.write(
                new HxeImage("a", 0, 0, 0, 0, Bytes.hex("00"), Bytes.EMPTY, List.of()))).field());
        assertEquals("bss_size", assertThrows(HxeFormatException.class, () -> HxeWriter.write(
                new HxeImage("a", 0, 0, 1L << 32, 0, code, Bytes.EMPTY, List.of()))).field());
    }
}

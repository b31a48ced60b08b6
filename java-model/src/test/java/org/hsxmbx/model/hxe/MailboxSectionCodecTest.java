package org.hsxmbx.model.hxe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.MailboxDeclaration.Binding;
import org.hsxmbx.model.hxe.MailboxSectionCodec.Encoding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MailboxSectionCodecTest {

    private static final List<MailboxDeclaration> FULL = List.of(
            new MailboxDeclaration("app:telemetry", 96, 0x03, 2, List.of(), null),
            new MailboxDeclaration("shared:metrics", 192, 0x1B, null,
                    List.of(new Binding(3, 0x01), new Binding(0, 0x04)), "{\"note\":\"kept\",\"n\":[1,2]}"),
            new MailboxDeclaration("svc:odd", 0, 0x40, null, List.of(), null),
            new MailboxDeclaration("svc:zero", 0, 0, null, List.of(), null));

    private static final List<MailboxDeclaration> SIMPLE = List.of(
            new MailboxDeclaration("app:telemetry", 96, 0x03, null, List.of(), null),
            new MailboxDeclaration("shared:fan", 0, 0x13, null, List.of(), null));

    private static List<MailboxDeclaration> json(String text) throws HxeFormatException {
        return MailboxSectionCodec.parseJson(text);
    }

    @Test
    void jsonRoundTripKeepsEveryField() throws Exception {
        Bytes b = MailboxSectionCodec.encode(FULL, Encoding.JSON);
        assertEquals(Encoding.JSON, MailboxSectionCodec.detect(b));
        assertEquals(FULL, MailboxSectionCodec.decode(b, FULL.size()));
        String text = new String(b.toArray(), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"mode\":\"RDWR|FANOUT|FANOUT_DROP\""), text);
        assertTrue(text.contains("\"mode_mask\":64"), "bits without names are written as a mask: " + text);
        assertTrue(text.contains("\"mode_mask\":0"), "0 is not 'absent' (which means RDWR): " + text);
    }

    @Test
    void binaryRoundTripAndExactLayout() throws Exception {
        Bytes b = MailboxSectionCodec.encode(SIMPLE, Encoding.BINARY);
        assertEquals(Encoding.BINARY, MailboxSectionCodec.detect(b));
        // Two big-endian records, then the string table at offset 32.
        String expected = "00000020" + "0060" + "0003" + "0000000000000000"
                + "0000002e" + "0000" + "0013" + "0000000000000000"
                + Bytes.utf8("app:telemetry").hex() + "00" + Bytes.utf8("shared:fan").hex() + "00";
        assertEquals(expected, b.hex());
        assertEquals(SIMPLE, MailboxSectionCodec.decode(b, 2));
    }

    @Test
    void binaryCannotHoldJsonOnlyFields() {
        for (MailboxDeclaration d : FULL.subList(0, 2)) {
            HxeFormatException e = assertThrows(HxeFormatException.class,
                    () -> MailboxSectionCodec.encode(List.of(d), Encoding.BINARY));
            assertTrue(List.of("owner_pid", "bindings").contains(e.field()), e.getMessage());
        }
    }

    @Test
    void trailingNulPaddingAndLeadingBlanksAreIgnored() throws Exception {
        byte[] j = ("  \n[{\"target\":\"app:x\"}]").getBytes(StandardCharsets.US_ASCII);
        byte[] padded = java.util.Arrays.copyOf(j, j.length + 5);
        List<MailboxDeclaration> l = MailboxSectionCodec.decode(Bytes.of(padded), 1);
        assertEquals(List.of(new MailboxDeclaration("app:x", 0, 0x03, null, List.of(), null)), l,
                "absent mode is RDWR, absent capacity is 0 (default)");
        byte[] bin = MailboxSectionCodec.encode(SIMPLE, Encoding.BINARY).toArray();
        assertEquals(SIMPLE, MailboxSectionCodec.decode(Bytes.of(java.util.Arrays.copyOf(bin, bin.length + 3)), 2));
        assertEquals(List.of(), MailboxSectionCodec.decode(Bytes.EMPTY, 0));
    }

    @Test
    void objectAndBareArrayFormsAreEquivalent() throws Exception {
        assertEquals(json("[{\"target\":\"app:a\",\"capacity\":64}]"),
                json("{\"version\":1,\"mailboxes\":[{\"target\":\"app:a\",\"capacity\":64}]}"));
        assertEquals(0x13, json("[{\"target\":\"app:a\",\"mode_mask\":19}]").get(0).mode(),
                "raw masks are kept (normalised only when bound)");
        assertNull(json("[{\"target\":\"app:a\",\"owner_pid\":null}]").get(0).ownerPid());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "duplicate target      | [{\"target\":\"app:a\"},{\"target\":\"app:a\"}]                     | 1 | target",
        "unknown mode name     | `[{\"target\":\"app:a\",\"mode\":\"RDWR|FANOUTX\"}]`              | 0 | mode",
        "empty mode name       | `[{\"target\":\"app:a\",\"mode\":\"RDWR|\"}]`                     | 0 | mode",
        "mode as number        | [{\"target\":\"app:a\",\"mode\":3}]                               | 0 | mode",
        "mode and mode_mask    | [{\"target\":\"app:a\",\"mode\":\"RDWR\",\"mode_mask\":3}]        | 0 | mode",
        "negative capacity     | [{\"target\":\"app:a\",\"capacity\":-1}]                          | 0 | capacity",
        "oversize capacity     | [{\"target\":\"app:a\",\"capacity\":65536}]                       | 0 | capacity",
        "huge capacity         | [{\"target\":\"app:a\",\"capacity\":99999999999999999999999}]     | 0 | capacity",
        "string capacity       | [{\"target\":\"app:a\",\"capacity\":\"96\"}]                      | 0 | capacity",
        "fractional capacity   | [{\"target\":\"app:a\",\"capacity\":9.5}]                         | 0 | capacity",
        "oversize mode_mask    | [{\"target\":\"app:a\",\"mode_mask\":256}]                        | 0 | mode_mask",
        "oversize owner        | [{\"target\":\"app:b\"},{\"target\":\"app:a\",\"owner_pid\":65536}] | 1 | owner_pid",
        "oversize binding pid  | [{\"target\":\"app:a\",\"bindings\":[{\"pid\":70000}]}]           | 0 | bindings[0].pid",
        "oversize flags        | [{\"target\":\"app:a\",\"bindings\":[{\"pid\":1,\"flags\":65536}]}] | 0 | bindings[0].flags",
        "binding without pid   | [{\"target\":\"app:a\",\"bindings\":[{\"flags\":1}]}]             | 0 | bindings[0].pid",
        "binding unknown field | [{\"target\":\"app:a\",\"bindings\":[{\"pid\":1,\"tap\":true}]}]  | 0 | bindings[0].tap",
        "bindings not array    | [{\"target\":\"app:a\",\"bindings\":{\"pid\":1}}]                 | 0 | bindings",
        "missing target        | [{\"capacity\":64}]                                               | 0 | target",
        "numeric target        | [{\"target\":5}]                                                  | 0 | target",
        "empty target          | [{\"target\":\"\"}]                                               | 0 | target",
        "long target           | [{\"target\":\"app:0123456789012345678901234567890\"}]           | 0 | target",
        "unknown entry field   | [{\"target\":\"app:a\",\"capacty\":64}]                           | 0 | capacty",
        "entry not object      | [\"app:a\"]                                                       | 0 | entry",
    })
    void badEntriesNameTheEntryAndField(String name, String text, int entry, String field) {
        HxeFormatException e = assertThrows(HxeFormatException.class, () -> json(text));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(entry, e.entry(), e.getMessage());
        assertTrue(e.getMessage().startsWith("mailbox entry " + entry + ", field '" + field + "'"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "wrong version     | {\"version\":2,\"mailboxes\":[]}  | version",
        "missing version   | {\"mailboxes\":[]}                | version",
        "missing mailboxes | {\"version\":1}                   | mailboxes",
        "mailboxes object  | {\"version\":1,\"mailboxes\":{}}  | mailboxes",
        "unknown top field | {\"version\":1,\"mailboxes\":[],\"x\":1} | x",
        "not json          | [{\"target\":}]                   | json",
        "duplicate key     | [{\"target\":\"a\",\"target\":\"b\"}] | json",
        "trailing tokens   | [] []                             | json",
    })
    void badDocumentsNameTheField(String name, String text, String field) {
        HxeFormatException e = assertThrows(HxeFormatException.class, () -> json(text));
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void nestingIsLimitedTo16Levels() throws Exception {
        // root array, entry object, reserved: 14 more levels make 16 in all
        String ok = "[{\"target\":\"app:a\",\"reserved\":" + "[".repeat(14) + "]".repeat(14) + "}]";
        assertEquals(1, json(ok).size());
        String deep = "[{\"target\":\"app:a\",\"reserved\":" + "[".repeat(15) + "]".repeat(15) + "}]";
        assertEquals("json", assertThrows(HxeFormatException.class, () -> json(deep)).field());
        MailboxDeclaration d = new MailboxDeclaration("app:a", 0, 3, null, List.of(),
                "[".repeat(14) + "]".repeat(14));
        assertEquals("json", assertThrows(HxeFormatException.class,
                () -> MailboxSectionCodec.encode(List.of(d), Encoding.JSON)).field());
    }

    @Test
    void escapedKeysAreTheSameKeys() throws Exception {
        assertEquals(7, json("[{\"t\\u0061rget\":\"app:a\",\"capacity\":7}]").get(0).capacity());
        assertEquals("json", assertThrows(HxeFormatException.class,
                () -> json("[{\"target\":\"app:a\",\"t\\u0061rget\":\"app:b\"}]")).field());
    }

    @Test
    void jsonEntryCountMustMatchTheMetadata() {
        Bytes b = Bytes.utf8("[{\"target\":\"app:a\"}]");
        assertEquals("entry_count", assertThrows(HxeFormatException.class,
                () -> MailboxSectionCodec.decode(b, 2)).field());
    }

    @Test
    void invalidUtf8IsRejected() {
        Bytes b = Bytes.of(new byte[] {'[', '{', '"', (byte) 0xC3, '"', ':', '1', '}', ']'});
        assertEquals("json", assertThrows(HxeFormatException.class, () -> MailboxSectionCodec.decode(b, 1)).field());
    }

    private static byte[] binary() throws HxeFormatException {
        return MailboxSectionCodec.encode(SIMPLE, Encoding.BINARY).toArray();
    }

    private static HxeFormatException binaryRejects(byte[] b, long count) {
        return assertThrows(HxeFormatException.class, () -> MailboxSectionCodec.decode(Bytes.of(b), count));
    }

    @Test
    void binaryTableRules() throws Exception {
        byte[] b = binary();
        HxeFormatException e = binaryRejects(b, 5);
        assertEquals("entry_count", e.field());

        b = binary();
        ByteBuffer.wrap(b).putInt(16, 8); // name inside the records
        e = binaryRejects(b, 2);
        assertEquals("name_offset", e.field());
        assertEquals(1, e.entry());

        b = binary();
        ByteBuffer.wrap(b).putInt(0, b.length); // past the end
        e = binaryRejects(b, 2);
        assertEquals("name_offset", e.field());
        assertEquals(0, e.entry());

        b = binary();
        byte[] cut = java.util.Arrays.copyOf(b, b.length - 1); // last string loses its NUL
        e = binaryRejects(cut, 2);
        assertEquals("name_offset", e.field());
        assertTrue(e.getMessage().contains("NUL-terminated"), e.getMessage());

        b = binary();
        ByteBuffer.wrap(b).putShort(16 + 6, (short) 0x100);
        e = binaryRejects(b, 2);
        assertEquals("mode", e.field());
        assertEquals(1, e.entry());

        b = binary();
        ByteBuffer.wrap(b).putInt(16, 32); // both records name app:telemetry
        e = binaryRejects(b, 2);
        assertEquals("target", e.field());
        assertTrue(e.getMessage().contains("duplicate"), e.getMessage());

        b = binary();
        b[32] = (byte) 0xFF; // non-ASCII target
        e = binaryRejects(b, 2);
        assertEquals("target", e.field());
    }

    @Test
    void encodersValidateToo() {
        List<MailboxDeclaration> dup = List.of(SIMPLE.get(0), SIMPLE.get(0));
        for (Encoding enc : Encoding.values()) {
            assertEquals("target", assertThrows(HxeFormatException.class,
                    () -> MailboxSectionCodec.encode(dup, enc)).field());
            assertEquals("mode", assertThrows(HxeFormatException.class, () -> MailboxSectionCodec.encode(
                    List.of(new MailboxDeclaration("a", 0, 0x100, null, List.of(), null)), enc)).field());
        }
        assertEquals("reserved", assertThrows(HxeFormatException.class, () -> MailboxSectionCodec.encode(
                List.of(new MailboxDeclaration("a", 0, 3, null, List.of(), "{oops")), Encoding.JSON)).field());
    }

    @Test
    void modeNamesRoundTrip() throws Exception {
        for (int m = 1; m <= 0x3F; m++) {
            String names = MailboxSectionCodec.modeNames(m);
            assertEquals(m, DeclarationRules.parseMode(names), names);
        }
        assertNull(MailboxSectionCodec.modeNames(0));
        assertNull(MailboxSectionCodec.modeNames(0x43));
        assertEquals(0x0B, DeclarationRules.parseMode(" RDWR | FANOUT "));
    }
}

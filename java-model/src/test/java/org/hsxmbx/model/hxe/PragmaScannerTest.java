package org.hsxmbx.model.hxe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.MailboxDeclaration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PragmaScannerTest {

    private static MailboxDeclaration decl(String target, int capacity, int mode, Integer owner) {
        return new MailboxDeclaration(target, capacity, mode, owner, List.of(), null);
    }

    @Test
    void scansPragmasAndIgnoresEverythingElse() throws Exception {
        String src = String.join("\n",
                "#include <stdint.h>",
                "#pragma once",
                "#pragma hsx_mailbox(target=\"app:telemetry\", capacity=96, mode=\"RDWR|FANOUT\")",
                "  #  pragma   hsx_mailbox ( target = \"svc:ctl\" , mode_mask = 0x13 , owner_pid = 2 )  ",
                "// #pragma hsx_mailbox(target=\"app:commented\")",
                "/* #pragma hsx_mailbox(target=\"app:block\")",
                "   still a comment */",
                "#pragma hsx_mailbox(target=\"shared:bus\", \\",
                "                    capacity=128u, mode=RDWR | FANOUT_BLOCK)",
                "#pragma hsx_mailboxes(target=\"other pragma\")",
                "static const char *s = \"#pragma hsx_mailbox(target=\\\"not a directive\\\")\";",
                "#pragma hsx_mailbox(target=\"app:x//y\") // trailing comment",
                "int main(void) { return 0; }");
        List<MailboxDeclaration> l = PragmaScanner.scan(src, "app.c");
        assertEquals(List.of(
                decl("app:telemetry", 96, 0x0B, null),
                decl("svc:ctl", 0, 0x13, 2),
                decl("shared:bus", 128, 0x23, null),
                decl("app:x//y", 0, 0x03, null)), l);
    }

    private static HxeFormatException rejects(String line, int lineNo) {
        String src = "\n".repeat(lineNo - 1) + line + "\n";
        return assertThrows(HxeFormatException.class, () -> PragmaScanner.scan(src, "src/app.c"), line);
    }

    @Test
    void errorsNameFileLineAndField() {
        String[][] cases = {
            {"#pragma hsx_mailbox(capacity=96)", "target"},
            {"#pragma hsx_mailbox(target=app)", "target"},
            {"#pragma hsx_mailbox(target=\"\")", "target"},
            {"#pragma hsx_mailbox(target=\"app:a\", capacity=70000)", "capacity"},
            {"#pragma hsx_mailbox(target=\"app:a\", capacity=-1)", "capacity"},
            {"#pragma hsx_mailbox(target=\"app:a\", capacity=\"96\")", "capacity"},
            {"#pragma hsx_mailbox(target=\"app:a\", capacity=9z)", "capacity"},
            {"#pragma hsx_mailbox(target=\"app:a\", mode=\"RDWR|BOGUS\")", "mode"},
            {"#pragma hsx_mailbox(target=\"app:a\", mode=3)", "mode"},
            {"#pragma hsx_mailbox(target=\"app:a\", mode=\"RDWR\", mode_mask=3)", "mode"},
            {"#pragma hsx_mailbox(target=\"app:a\", mode_mask=0x100)", "mode_mask"},
            {"#pragma hsx_mailbox(target=\"app:a\", owner_pid=65536)", "owner_pid"},
            {"#pragma hsx_mailbox(target=\"app:a\", depth=8)", "depth"},
            {"#pragma hsx_mailbox(target=\"app:a\", capacity=1, capacity=2)", "capacity"},
            {"#pragma hsx_mailbox(target=\"app:a)", "target"},
            {"#pragma hsx_mailbox(target=\"app:a\" capacity=1)", "target"},
            {"#pragma hsx_mailbox target=\"app:a\"", "pragma"},
            {"#pragma hsx_mailbox(motor_status, depth=8)", "motor_status"},
        };
        for (String[] c : cases) {
            HxeFormatException e = rejects(c[0], 7);
            assertEquals(c[1], e.field(), c[0] + " -> " + e.getMessage());
            assertEquals(7, e.entry(), e.getMessage());
            assertTrue(e.getMessage().startsWith("src/app.c:7: #pragma hsx_mailbox, field '" + c[1] + "'"),
                    e.getMessage());
        }
    }

    @Test
    void duplicateTargetsNameBothPlaces() {
        String src = "#pragma hsx_mailbox(target=\"app:a\")\n\n#pragma hsx_mailbox(target=\"app:a\", capacity=8)\n";
        HxeFormatException e = assertThrows(HxeFormatException.class, () -> PragmaScanner.scan(src, "a.c"));
        assertEquals("target", e.field());
        assertEquals(3, e.entry());
        assertTrue(e.getMessage().contains("already declared at a.c:1"), e.getMessage());
    }

    @Test
    void declarationsLoadPicksBySuffix(@TempDir Path dir) throws Exception {
        List<MailboxDeclaration> expected = List.of(decl("app:telemetry", 96, 0x0B, null));
        Path c = dir.resolve("src/app.c");
        Files.createDirectories(c.getParent());
        Files.writeString(c, "#pragma hsx_mailbox(target=\"app:telemetry\", capacity=96, mode=\"RDWR|FANOUT\")\n");
        Files.writeString(dir.resolve("src/app.h"), "#pragma hsx_mailbox(target=\"app:hdr\")\n");
        Path json = dir.resolve("mbx.json");
        Files.write(json, MailboxSectionCodec.encode(expected, MailboxSectionCodec.Encoding.JSON).toArray());
        Path hxe = dir.resolve("app.hxe");
        Bytes payload = MailboxSectionCodec.encode(expected, MailboxSectionCodec.Encoding.BINARY);
        Files.write(hxe, HxeWriter.write(new HxeImage("app", 0, 0, 0, 1, Bytes.hex("00000000"), Bytes.EMPTY,
                List.of(new HxeSection(MetaEntry.TYPE_MAILBOX, 1, payload)))));

        assertEquals(expected, Declarations.load(c));
        assertEquals(expected, Declarations.load(json));
        assertEquals(expected, Declarations.load(hxe));
        assertEquals(List.of(expected.get(0), decl("app:hdr", 0, 3, null)), Declarations.load(dir.resolve("src")),
                "a directory: every .c and .h file in path order");

        Files.writeString(dir.resolve("bad.json"), "[{\"target\":\"app:a\",\"capacity\":-5}]");
        HxeFormatException e = assertThrows(HxeFormatException.class, () -> Declarations.load(dir.resolve("bad.json")));
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.json") + ": mailbox entry 0, field 'capacity'"),
                e.getMessage());
        e = assertThrows(HxeFormatException.class, () -> Declarations.load(dir.resolve("missing.hxe")));
        assertEquals("file", e.field());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        Files.writeString(dir.resolve("x.txt"), "");
        assertEquals("file", assertThrows(HxeFormatException.class,
                () -> Declarations.load(dir.resolve("x.txt"))).field());
        Files.write(dir.resolve("junk.hxe"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        e = assertThrows(HxeFormatException.class, () -> Declarations.load(dir.resolve("junk.hxe")));
        assertEquals("magic", e.field());
        assertTrue(e.getMessage().startsWith(dir.resolve("junk.hxe").toString()), e.getMessage());
    }
}

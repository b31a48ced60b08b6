package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hsxmbx.model.EventSchema;
import org.hsxmbx.model.Mbx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed C constants header is exactly what the Java constants generate (contract section 1). */
class ConstantsHeaderTest {
    private static final Pattern DEFINE =
            Pattern.compile("^#define HSX_MBX_([A-Z0-9_]+)\\s+(0x[0-9A-F]+|[0-9]+)U$", Pattern.MULTILINE);
    private static final Pattern STRING = Pattern.compile("^#define HSX_MBX_([A-Z0-9_]+)\\s+\"([^\"]*)\"$",
            Pattern.MULTILINE);

    static Path committedHeader() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("firmware-c"))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "repository root with firmware-c/ not found above " + Path.of("").toAbsolutePath());
        return dir.resolve("firmware-c/include").resolve(ConstantsHeader.FILE_NAME);
    }

    private static Map<String, Long> numbers(String header) {
        Map<String, Long> m = new LinkedHashMap<>();
        Matcher x = DEFINE.matcher(header);
        while (x.find()) {
            String v = x.group(2);
            long value = v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
            assertEquals(null, m.put(x.group(1), value), "defined twice: " + x.group(1));
        }
        return m;
    }

    @Test
    void committedHeaderEqualsRenderByteForByte() throws IOException {
        byte[] committed = Files.readAllBytes(committedHeader());
        byte[] rendered = ConstantsHeader.render().getBytes(StandardCharsets.US_ASCII);
        assertEquals(ConstantsHeader.render(), new String(committed, StandardCharsets.US_ASCII),
                "firmware-c/include/hsx_mbx_constants.h is stale: regenerate it with ./hsxmbx constants");
        assertEquals(rendered.length, committed.length);
    }

    @Test
    void everyConstantAppearsWithItsValue() {
        Map<String, Long> defined = numbers(ConstantsHeader.render());
        for (Map.Entry<String, Long> e : Mbx.all().entrySet()) {
            assertTrue(defined.containsKey(e.getKey()), "missing HSX_MBX_" + e.getKey());
            assertEquals(e.getValue(), defined.get(e.getKey()), "HSX_MBX_" + e.getKey());
        }
    }

    @Test
    void contractValuesInTheCommittedHeader() throws IOException {
        Map<String, Long> defined = numbers(Files.readString(committedHeader(), StandardCharsets.US_ASCII));
        assertEquals(0x05L, defined.get("MODULE_ID"));
        assertEquals(0x06L, defined.get("FN_CLOSE"));
        assertEquals(0xFFFFL, defined.get("TIMEOUT_INFINITE"));
        assertEquals(0x20L, defined.get("MODE_FANOUT_BLOCK"));
        assertEquals(0x10L, defined.get("MSG_TRUNCATED"));
        assertEquals(7L, defined.get("STATUS_TIMEOUT"));
        assertEquals(0xFFL, defined.get("STATUS_INTERNAL_ERROR"));
        assertEquals(8L, defined.get("MSG_HEADER_BYTES"));
        assertEquals(20L, defined.get("RECV_INFO_BYTES"));
    }

    @Test
    void eventCodesAndTablesAppear() {
        Map<String, Long> defined = numbers(ConstantsHeader.render());
        for (EventSchema.Type t : EventSchema.Type.values()) {
            String name = "EV_" + t.name().substring("MAILBOX_".length());
            assertEquals((long) t.code(), defined.get(name), name);
        }
        for (int i = 0; i < EventSchema.REASONS.size(); i++) {
            assertEquals((long) i, defined.get("REASON_" + EventSchema.REASONS.get(i).toUpperCase()));
        }
        for (int i = 0; i < EventSchema.POLICIES.size(); i++) {
            assertEquals((long) i, defined.get("POLICY_" + EventSchema.POLICIES.get(i).toUpperCase()));
        }
        for (int i = 0; i < EventSchema.FNS.size(); i++) {
            assertEquals((long) i, defined.get("FNCODE_" + EventSchema.FNS.get(i).toUpperCase()));
        }
    }

    @Test
    void stdioStringsAppear() {
        Map<String, String> strings = new LinkedHashMap<>();
        Matcher x = STRING.matcher(ConstantsHeader.render());
        while (x.find()) {
            strings.put(x.group(1), x.group(2));
        }
        assertEquals(Mbx.strings(), strings);
        assertEquals("svc:stdio.in", strings.get("STDIO_IN"));
    }

    @Test
    void headerIsGuardedAsciiWithUnixNewlines() {
        String h = ConstantsHeader.render();
        assertTrue(h.contains("#ifndef HSX_MBX_CONSTANTS_H\n#define HSX_MBX_CONSTANTS_H\n"));
        assertTrue(h.endsWith("#endif /* HSX_MBX_CONSTANTS_H */\n"));
        assertTrue(h.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7F)), "ASCII only, no CR or tabs");
    }

    @Test
    void writeProducesTheRenderedFile(@TempDir Path tmp) throws IOException {
        ConstantsHeader.write(tmp.resolve("inc"));
        assertEquals(ConstantsHeader.render(), Files.readString(tmp.resolve("inc").resolve(ConstantsHeader.FILE_NAME)));
    }
}

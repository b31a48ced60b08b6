package org.hsxmbx.model.hxe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.Mbx;

/**
 * The {@code .mailbox} section payload in both encodings.
 *
 * <p>JSON: {@code {"version":1,"mailboxes":[...]}} or a bare array. Legacy binary: 16-byte
 * big-endian records {@code u32 name_offset, u16 capacity, u16 mode, 8 reserved} followed by a
 * table of NUL-terminated strings; offsets are from the section start. Big-endian because every
 * other multi-byte field of the container (header, metadata table) is big-endian; only code and
 * rodata contents are in the VM's little-endian order.
 *
 * <p>Every decoder validates the whole section and names the entry and the field of the first
 * problem; nothing partial is returned.
 */
public final class MailboxSectionCodec {
    public enum Encoding { JSON, BINARY }

    public static final int RECORD_SIZE = 16;
    /**
     * Deepest JSON nesting accepted (open objects and arrays at once, the root included): the C
     * loader validates with a fixed container stack of this many levels (decisions.md).
     */
    public static final int MAX_DEPTH = 16;
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final Set<String> ENTRY_FIELDS =
            Set.of("target", "capacity", "mode", "mode_mask", "owner_pid", "bindings", "reserved");

    private MailboxSectionCodec() {}

    /** JSON when the first byte that is not ASCII whitespace is {@code {} or {@code [}. */
    public static Encoding detect(Bytes payload) {
        for (int i = 0; i < payload.length(); i++) {
            int c = payload.get(i) & 0xFF;
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                continue;
            }
            return c == '{' || c == '[' ? Encoding.JSON : Encoding.BINARY;
        }
        return Encoding.BINARY;
    }

    /**
     * Decodes a payload as stored in an image. {@code entryCount} is the metadata table's count:
     * the number of binary records, and for JSON it must equal the number of entries.
     */
    public static List<MailboxDeclaration> decode(Bytes payload, long entryCount) throws HxeFormatException {
        return decode(payload, entryCount, true);
    }

    /**
     * Decodes a payload as the executive's load reads it ({@code hsx_mbx_load_section}): every
     * rule of {@link #decode} except textual duplicate targets, which the load finds entry by
     * entry in {@code MailboxService.preload}, with the resolution duplicates (decisions.md,
     * "HXE images": so the C loader needs no memory per entry and stays linear in the section).
     */
    public static List<MailboxDeclaration> decodeForLoad(Bytes payload, long entryCount) throws HxeFormatException {
        return decode(payload, entryCount, false);
    }

    /**
     * {@link #decodeForLoad} of a loader without the JSON encoding (the {@code loader_json}
     * feature off): every payload is read as the binary table, as a payload in no known
     * encoding is, so a JSON one fails as that would.
     */
    public static List<MailboxDeclaration> decodeBinaryForLoad(Bytes payload, long entryCount)
            throws HxeFormatException {
        return decodeBinary(payload.toArray(), entryCount, false);
    }

    private static List<MailboxDeclaration> decode(Bytes payload, long entryCount, boolean duplicates)
            throws HxeFormatException {
        if (detect(payload) == Encoding.BINARY) {
            return decodeBinary(payload.toArray(), entryCount, duplicates);
        }
        List<MailboxDeclaration> list = parseJson(payload, duplicates);
        if (entryCount != list.size()) {
            throw HxeFormatException.section("entry_count",
                    "the metadata table says " + entryCount + " entries but the JSON declares " + list.size());
        }
        return list;
    }

    /** Decodes JSON bytes (trailing NUL padding ignored). */
    public static List<MailboxDeclaration> parseJson(Bytes payload) throws HxeFormatException {
        return parseJson(payload, true);
    }

    private static List<MailboxDeclaration> parseJson(Bytes payload, boolean duplicates) throws HxeFormatException {
        byte[] b = payload.toArray();
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) {
            end--;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, 0, end)).toString();
        } catch (CharacterCodingException e) {
            throw HxeFormatException.section("json", "not valid UTF-8");
        }
        return parseJson(text, duplicates);
    }

    /** Decodes JSON text: an object {@code {"version":1,"mailboxes":[...]}} or a bare array. */
    public static List<MailboxDeclaration> parseJson(String text) throws HxeFormatException {
        return parseJson(text, true);
    }

    private static List<MailboxDeclaration> parseJson(String text, boolean duplicates) throws HxeFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw HxeFormatException.section("json", "not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw HxeFormatException.section("json", "empty document");
        }
        return fromJson(root, duplicates);
    }

    /** Decodes an already parsed JSON value (object or bare array). */
    public static List<MailboxDeclaration> fromJson(JsonNode root) throws HxeFormatException {
        return fromJson(root, true);
    }

    private static List<MailboxDeclaration> fromJson(JsonNode root, boolean duplicates) throws HxeFormatException {
        JsonNode array = root;
        if (root.isObject()) {
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals("version") && !k.equals("mailboxes")) {
                    throw HxeFormatException.section(k, "unknown field (known: version, mailboxes)");
                }
            }
            JsonNode v = root.get("version");
            if (v == null || !v.isIntegralNumber() || v.asLong() != 1 || !v.canConvertToInt()) {
                throw HxeFormatException.section("version", "must be 1 (got " + (v == null ? "nothing" : v) + ")");
            }
            array = root.get("mailboxes");
            if (array == null) {
                throw HxeFormatException.section("mailboxes", "is required");
            }
        }
        if (!array.isArray()) {
            throw HxeFormatException.section("mailboxes", "must be an array of mailbox objects");
        }
        List<MailboxDeclaration> list = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            MailboxDeclaration d = entry(array.get(i), i);
            Integer first = duplicates ? seen.putIfAbsent(d.target(), i) : null;
            if (first != null) {
                throw HxeFormatException.mailbox(i, "target", DeclarationRules.duplicate(d.target(), first));
            }
            list.add(d);
        }
        return List.copyOf(list);
    }

    private static MailboxDeclaration entry(JsonNode e, int i) throws HxeFormatException {
        if (!e.isObject()) {
            throw HxeFormatException.mailbox(i, "entry", "must be an object (got " + kind(e) + ")");
        }
        for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!ENTRY_FIELDS.contains(k)) {
                throw HxeFormatException.mailbox(i, k,
                        "unknown field (known: target, capacity, mode, mode_mask, owner_pid, bindings, reserved)");
            }
        }
        JsonNode t = e.get("target");
        if (t == null || t.isNull()) {
            throw HxeFormatException.mailbox(i, "target", "is required");
        }
        if (!t.isTextual()) {
            throw HxeFormatException.mailbox(i, "target", "must be a string (got " + kind(t) + ")");
        }
        String target = t.asText();
        String p = DeclarationRules.targetProblem(target);
        if (p != null) {
            throw HxeFormatException.mailbox(i, "target", p);
        }
        int capacity = (int) optInt(e, "capacity", i, DeclarationRules.MAX_U16, 0);
        JsonNode modeNode = present(e.get("mode"));
        JsonNode maskNode = present(e.get("mode_mask"));
        int mode = Mbx.MODE_RDWR;
        if (modeNode != null && maskNode != null) {
            throw HxeFormatException.mailbox(i, "mode", "give either mode or mode_mask, not both");
        }
        if (modeNode != null) {
            if (!modeNode.isTextual()) {
                throw HxeFormatException.mailbox(i, "mode", "must be a string of names joined by '|' (got "
                        + kind(modeNode) + "; use mode_mask for a number)");
            }
            try {
                mode = DeclarationRules.parseMode(modeNode.asText());
            } catch (IllegalArgumentException ex) {
                throw HxeFormatException.mailbox(i, "mode", ex.getMessage());
            }
        } else if (maskNode != null) {
            mode = (int) optInt(e, "mode_mask", i, DeclarationRules.MAX_MODE, 0);
        }
        Integer owner = present(e.get("owner_pid")) == null ? null
                : (int) optInt(e, "owner_pid", i, DeclarationRules.MAX_U16, 0);
        List<MailboxDeclaration.Binding> bindings = new ArrayList<>();
        JsonNode bs = present(e.get("bindings"));
        if (bs != null) {
            if (!bs.isArray()) {
                throw HxeFormatException.mailbox(i, "bindings", "must be an array of {pid, flags} objects (got "
                        + kind(bs) + ")");
            }
            for (int j = 0; j < bs.size(); j++) {
                JsonNode b = bs.get(j);
                String f = "bindings[" + j + "]";
                if (!b.isObject()) {
                    throw HxeFormatException.mailbox(i, f, "must be an object (got " + kind(b) + ")");
                }
                for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!k.equals("pid") && !k.equals("flags")) {
                        throw HxeFormatException.mailbox(i, f + "." + k, "unknown field (known: pid, flags)");
                    }
                }
                if (present(b.get("pid")) == null) {
                    throw HxeFormatException.mailbox(i, f + ".pid", "is required");
                }
                int pid = (int) intValue(b.get("pid"), i, f + ".pid", DeclarationRules.MAX_U16);
                int flags = present(b.get("flags")) == null ? 0
                        : (int) intValue(b.get("flags"), i, f + ".flags", DeclarationRules.MAX_U16);
                bindings.add(new MailboxDeclaration.Binding(pid, flags));
            }
        }
        JsonNode r = e.get("reserved");
        // Kept as compact JSON text: the value survives a round trip, the original spacing does not.
        String reserved = r == null ? null : r.toString();
        return new MailboxDeclaration(target, capacity, mode, owner, bindings, reserved);
    }

    private static JsonNode present(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }

    private static long optInt(JsonNode e, String field, int i, long max, long dflt) throws HxeFormatException {
        JsonNode n = present(e.get(field));
        return n == null ? dflt : intValue(n, i, field, max);
    }

    private static long intValue(JsonNode n, int i, String field, long max) throws HxeFormatException {
        if (!n.isIntegralNumber()) {
            throw HxeFormatException.mailbox(i, field, "must be an integer (got " + kind(n) + ")");
        }
        if (!n.canConvertToLong() || n.asLong() < 0 || n.asLong() > max) {
            throw HxeFormatException.mailbox(i, field, "must be 0.." + max + " (got " + n + ")");
        }
        return n.asLong();
    }

    private static String kind(JsonNode n) {
        if (n.isTextual()) {
            return "string " + n;
        }
        if (n.isNumber() || n.isBoolean()) {
            return n.getNodeType().name().toLowerCase() + " " + n;
        }
        return n.getNodeType().name().toLowerCase();
    }

    /** Decodes the legacy binary table of {@code count} records. */
    static List<MailboxDeclaration> decodeBinary(byte[] b, long count, boolean duplicates) throws HxeFormatException {
        long tableEnd = count * RECORD_SIZE;
        if (count < 0 || tableEnd > b.length) {
            throw HxeFormatException.section("entry_count", count + " records of 16 bytes need " + tableEnd
                    + " bytes but the section has " + b.length);
        }
        List<MailboxDeclaration> list = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int at = i * RECORD_SIZE;
            long nameOffset = HxeReader.u32(b, at);
            int capacity = HxeReader.u16(b, at + 4);
            int mode = HxeReader.u16(b, at + 6);
            if (nameOffset < tableEnd || nameOffset >= b.length) {
                throw HxeFormatException.mailbox(i, "name_offset", String.format(
                        "0x%X is outside the string table (0x%X..0x%X)", nameOffset, tableEnd, b.length));
            }
            int nul = -1;
            for (int k = (int) nameOffset; k < b.length; k++) {
                if (b[k] == 0) {
                    nul = k;
                    break;
                }
            }
            if (nul < 0) {
                throw HxeFormatException.mailbox(i, "name_offset",
                        String.format("string at 0x%X is not NUL-terminated inside the section", nameOffset));
            }
            String target = new String(b, (int) nameOffset, nul - (int) nameOffset, StandardCharsets.ISO_8859_1);
            String p = DeclarationRules.targetProblem(target);
            if (p != null) {
                throw HxeFormatException.mailbox(i, "target", p);
            }
            if (mode > DeclarationRules.MAX_MODE) {
                throw HxeFormatException.mailbox(i, "mode", String.format("must be 0..0xFF (got 0x%X)", mode));
            }
            Integer first = duplicates ? seen.putIfAbsent(target, i) : null;
            if (first != null) {
                throw HxeFormatException.mailbox(i, "target", DeclarationRules.duplicate(target, first));
            }
            // The 8 reserved bytes are ignored: the legacy format never defined them.
            list.add(new MailboxDeclaration(target, capacity, mode, null, List.of(), null));
        }
        return List.copyOf(list);
    }

    /** Encodes declarations as a payload; validates them with the decoders' rules first. */
    public static Bytes encode(List<MailboxDeclaration> list, Encoding encoding) throws HxeFormatException {
        DeclarationRules.validate(list);
        if (encoding == Encoding.JSON) {
            ObjectNode root = toJson(list);
            Bytes out;
            try {
                out = Bytes.of(JSON.writeValueAsBytes(root));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise a tree we built", e);
            }
            parseJson(out); // what we write must load: e.g. a reserved value nested too deep for MAX_DEPTH
            return out;
        }
        return Bytes.of(encodeBinary(list));
    }

    private static byte[] encodeBinary(List<MailboxDeclaration> list) throws HxeFormatException {
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        byte[] records = new byte[list.size() * RECORD_SIZE];
        for (int i = 0; i < list.size(); i++) {
            MailboxDeclaration d = list.get(i);
            String legacy = "cannot be stored in the legacy binary table; use the JSON encoding";
            if (d.ownerPid() != null) {
                throw HxeFormatException.mailbox(i, "owner_pid", legacy);
            }
            if (!d.bindings().isEmpty()) {
                throw HxeFormatException.mailbox(i, "bindings", legacy);
            }
            if (d.reserved() != null) {
                throw HxeFormatException.mailbox(i, "reserved", legacy);
            }
            int at = i * RECORD_SIZE;
            HxeWriter.put32(records, at, records.length + strings.size());
            HxeWriter.put16(records, at + 4, d.capacity());
            HxeWriter.put16(records, at + 6, d.mode());
            strings.writeBytes(d.target().getBytes(StandardCharsets.US_ASCII));
            strings.write(0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(records);
        out.writeBytes(strings.toByteArray());
        return out.toByteArray();
    }

    /** {@code {"version":1,"mailboxes":[...]}}; mode as names when they say it exactly, else mode_mask. */
    public static ObjectNode toJson(List<MailboxDeclaration> list) throws HxeFormatException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", 1);
        ArrayNode arr = root.putArray("mailboxes");
        for (int i = 0; i < list.size(); i++) {
            MailboxDeclaration d = list.get(i);
            ObjectNode e = arr.addObject();
            e.put("target", d.target());
            e.put("capacity", d.capacity());
            String names = DeclarationRules.formatMode(d.mode());
            if (names != null) {
                e.put("mode", names);
            } else {
                e.put("mode_mask", d.mode());
            }
            if (d.ownerPid() != null) {
                e.put("owner_pid", d.ownerPid());
            }
            if (!d.bindings().isEmpty()) {
                ArrayNode bs = e.putArray("bindings");
                for (MailboxDeclaration.Binding b : d.bindings()) {
                    bs.addObject().put("pid", b.pid()).put("flags", b.flags());
                }
            }
            if (d.reserved() != null) {
                try {
                    e.set("reserved", JSON.readTree(d.reserved()));
                } catch (JsonProcessingException ex) {
                    throw HxeFormatException.mailbox(i, "reserved", "is not valid JSON text: " + ex.getOriginalMessage());
                }
            }
        }
        return root;
    }

    /** Mode names for display ({@code RDWR|FANOUT_DROP}), or null when the mask has no exact name form. */
    public static String modeNames(int mode) {
        return DeclarationRules.formatMode(mode);
    }
}

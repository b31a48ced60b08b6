package org.hsxmbx.harness.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hsxmbx.model.Features;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.ProfileException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/profiles.md true: the table of built-in profiles must list every field of
 * {@link Profile} and {@link Features} (found by reflection, so a new field fails this test
 * until it is documented), with the values of {@link Profile#builtins()} and the ranges that
 * {@link Profile#fromJson} enforces; the JSON example must load.
 */
class ProfilesDocTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RANGE = Pattern.compile("(-?\\d+)\\.\\.(-?\\d+)");

    private static String doc;
    private static Table table;

    /** The table: its profile columns in order and, per field, the cells by column name. */
    record Table(List<String> profiles, Map<String, Map<String, String>> rows) {}

    @BeforeAll
    static void load() throws IOException {
        // The harness pom passes the repository root; the fallback is surefire's working
        // directory, the harness module.
        Path root = Path.of(System.getProperty("hsxmbx.root", ".."));
        Path file = root.resolve("docs/profiles.md");
        assertTrue(Files.isRegularFile(file), "missing " + file.toAbsolutePath());
        doc = Files.readString(file, StandardCharsets.UTF_8);
        table = parseTable(doc, "## Built-in profiles");
    }

    /** Cells of the first table after {@code heading}, keyed by the header cells. */
    static Table parseTable(String text, String heading) {
        int at = text.indexOf(heading);
        assertTrue(at >= 0, "docs/profiles.md has no section '" + heading + "'");
        List<String> header = null;
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : text.substring(at).split("\n")) {
            String t = line.trim();
            if (!t.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            List<String> cells = cells(t);
            if (header == null) {
                header = cells;
                continue;
            }
            if (cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
                continue;
            }
            assertEquals(header.size(), cells.size(), "docs/profiles.md: row has wrong cell count: " + t);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), cells.get(i));
            }
            String field = row.get("field");
            assertNotNull(field, "docs/profiles.md: table has no 'field' column");
            assertFalse(rows.containsKey(field), "docs/profiles.md: field listed twice: " + field);
            rows.put(field, row);
        }
        assertNotNull(header, "docs/profiles.md: no table under '" + heading + "'");
        List<String> profiles = new ArrayList<>(header);
        profiles.removeAll(List.of("field", "range", "why"));
        return new Table(profiles, rows);
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
        List<String> out = new ArrayList<>();
        for (String c : inner.split("\\|", -1)) {
            out.add(c.trim().replace("`", ""));
        }
        return out;
    }

    /** Every documented key with its accessor path, in declaration order. */
    static Map<String, Object> fieldsOf(Profile p) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : Profile.class.getRecordComponents()) {
            Object v = read(c, p);
            if (v instanceof Features f) {
                for (RecordComponent fc : Features.class.getRecordComponents()) {
                    out.put("features." + snake(fc.getName()), read(fc, f));
                }
            } else {
                out.put(snake(c.getName()), v);
            }
        }
        return out;
    }

    private static Object read(RecordComponent c, Object target) {
        try {
            return c.getAccessor().invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read " + c.getName(), e);
        }
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void columnsAreTheBuiltinsInOrder() {
        List<String> names = Profile.builtins().stream().map(Profile::name).toList();
        assertEquals(names, table.profiles(), "profile columns of docs/profiles.md");
    }

    @Test
    void everyFieldIsDocumentedAndNothingElse() {
        List<String> expected = new ArrayList<>(fieldsOf(Profile.DESKTOP).keySet());
        assertEquals(expected, new ArrayList<>(table.rows().keySet()),
                "fields of docs/profiles.md (in Profile's order) vs Profile/Features components");
    }

    @Test
    void everyValueMatchesTheBuiltins() {
        for (Profile p : Profile.builtins()) {
            fieldsOf(p).forEach((field, value) -> {
                Map<String, String> row = table.rows().get(field);
                assertNotNull(row, "docs/profiles.md lacks field " + field);
                assertEquals(String.valueOf(value), row.get(p.name()),
                        "docs/profiles.md: " + p.name() + "." + field);
            });
        }
    }

    @Test
    void everyDocumentedReasonIsThere() {
        table.rows().forEach((field, row) ->
                assertFalse(row.getOrDefault("why", "").isBlank(), "docs/profiles.md: no reason for " + field));
    }

    /** Bounds are accepted, one past either bound is rejected naming the field. */
    @Test
    void everyRangeMatchesTheChecks() {
        int checked = 0;
        for (Map.Entry<String, Map<String, String>> e : table.rows().entrySet()) {
            String field = e.getKey();
            String range = e.getValue().get("range");
            Matcher m = RANGE.matcher(range);
            if (m.matches()) {
                long lo = Long.parseLong(m.group(1));
                long hi = Long.parseLong(m.group(2));
                accepts(field, lo);
                accepts(field, hi);
                rejects(field, lo - 1);
                rejects(field, hi + 1);
                checked++;
            } else if (range.equals("true/false")) {
                assertTrue(fieldsOf(Profile.DESKTOP).get(field) instanceof Boolean, field + " is not a boolean");
                rejects(field, 1);
                checked++;
            } else if (range.equals("non-empty")) {
                rejects(field, "");
                checked++;
            } else {
                fail("docs/profiles.md: range of " + field + " is not 'a..b', 'true/false' or 'non-empty': " + range);
            }
        }
        assertEquals(table.rows().size(), checked);
    }

    private static ObjectNode profileWith(String field, Object value) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode target = n;
        String key = field;
        if (field.startsWith("features.")) {
            target = n.putObject("features");
            key = field.substring("features.".length());
        }
        if (value instanceof Long l) {
            target.put(key, l);
        } else if (value instanceof Integer i) {
            target.put(key, i);
        } else {
            target.put(key, (String) value);
        }
        return n;
    }

    private static void accepts(String field, long value) {
        try {
            Profile.fromJson(profileWith(field, value));
        } catch (ProfileException e) {
            fail("docs/profiles.md says " + field + " = " + value + " is in range, but: " + e.getMessage());
        }
    }

    private static void rejects(String field, Object value) {
        ProfileException e = assertThrows(ProfileException.class, () -> Profile.fromJson(profileWith(field, value)),
                "docs/profiles.md says " + field + " = " + value + " is out of range, but it was accepted");
        // Type errors inside "features" currently name the bare key (fanout), range errors the
        // full one; either identifies the field.
        String bare = field.substring(field.indexOf('.') + 1);
        assertTrue(e.field().equals(field) || e.field().equals(bare),
                "error for " + field + " = " + value + " names the wrong field: " + e.field());
    }

    @Test
    void theCustomExampleLoads() throws IOException {
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/profiles.md has no ```json example");
        Profile p = Profile.fromJson(JSON.readTree(m.group(1)));
        assertEquals("embedded-8tasks", p.name());
        assertEquals(8, p.maxTasks());
        assertEquals(Profile.EMBEDDED.handleLimitPerPid(), p.handleLimitPerPid(), "fields not given come from base");
        assertFalse(p.features().taps());
        assertTrue(p.features().fanout(), "features not given come from base");
    }

    @Test
    void theQuotedErrorMessagesAreTheRealOnes() {
        ProfileException range = assertThrows(ProfileException.class,
                () -> Profile.fromJson(profileWith("arena_bytes", 16777217L)));
        ProfileException feature = assertThrows(ProfileException.class,
                () -> Profile.fromJson(JSON.createObjectNode().set("features",
                        JSON.createObjectNode().put("tap", true))));
        assertTrue(doc.contains("`" + range.getMessage() + "`"), "doc should quote: " + range.getMessage());
        assertTrue(doc.contains("`" + feature.getMessage() + "`"), "doc should quote: " + feature.getMessage());
        ProfileException json = assertThrows(ProfileException.class,
                () -> Profile.fromJson(JSON.createObjectNode().set("features",
                        JSON.createObjectNode().put("loader", false).put("loader_json", true))));
        assertTrue(doc.contains("`" + json.getMessage() + "`"), "doc should quote: " + json.getMessage());
    }
}

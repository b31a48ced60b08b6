package org.hsxmbx.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/events.md describes exactly the schema of {@link EventSchema}: it cannot drift. */
class EventsDocTest {
    private static List<String> lines;

    @BeforeAll
    static void read() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/events.md"))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "docs/events.md not found");
        lines = Files.readAllLines(dir.resolve("docs/events.md"), StandardCharsets.UTF_8);
    }

    /** Lines from the heading {@code heading} (exact) to the next heading of the same or a higher level. */
    private static List<String> section(String heading) {
        int level = heading.indexOf(' ');
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, "docs/events.md has no heading '" + heading + "'");
        List<String> out = new ArrayList<>();
        for (int i = start + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("#")) {
                int lv = l.indexOf(' ');
                if (lv > 0 && lv <= level) {
                    break;
                }
            }
            out.add(l);
        }
        return out;
    }

    /** Rows of table number {@code which} in these lines (header and separator skipped), as cells. */
    private static List<List<String>> table(List<String> section, int which) {
        List<List<String>> raw = new ArrayList<>();
        List<String> current = null;
        for (String l : section) {
            if (l.startsWith("|")) {
                if (current == null) {
                    current = new ArrayList<>();
                    raw.add(current);
                }
                current.add(l);
            } else {
                current = null;
            }
        }
        assertTrue(raw.size() > which, "expected table " + which);
        List<List<String>> rows = new ArrayList<>();
        for (String row : raw.get(which).subList(2, raw.get(which).size())) {
            String inner = row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length());
            rows.add(Arrays.stream(inner.split("\\|")).map(String::strip).toList());
        }
        return rows;
    }

    private static String unquote(String cell) {
        return cell.replace("`", "").strip();
    }

    @Test
    void commonFieldsAreDocumented() {
        List<String> fields = table(section("## Common fields"), 0).stream().map(r -> unquote(r.get(0))).toList();
        assertEquals(List.of("seq", "time_ms", "type"), fields);
    }

    @Test
    void typesTableListsEveryTypeWithCodeAndFieldsInOrder() {
        Map<String, List<String>> doc = new LinkedHashMap<>();
        Map<String, Integer> codes = new LinkedHashMap<>();
        for (List<String> row : table(section("## Types"), 0)) {
            String type = unquote(row.get(0));
            codes.put(type, Integer.parseInt(row.get(1)));
            doc.put(type, Arrays.stream(unquote(row.get(2)).split(",")).map(String::strip).toList());
        }
        Map<String, List<String>> schema = new LinkedHashMap<>();
        for (EventSchema.Type t : EventSchema.Type.values()) {
            schema.put(t.wireName(), t.fields());
            assertEquals(t.code(), codes.get(t.wireName()), "code of " + t.wireName());
        }
        assertEquals(schema, doc);
    }

    @Test
    void everyTypeHasASectionDescribingItsFieldsInOrder() {
        for (EventSchema.Type t : EventSchema.Type.values()) {
            List<String> sec = section("### " + t.wireName());
            List<String> fields = table(sec, 0).stream().map(r -> unquote(r.get(0))).toList();
            assertEquals(t.fields(), fields, "field table of " + t.wireName());
            for (List<String> row : table(sec, 0)) {
                assertTrue(row.size() >= 2 && !row.get(1).isBlank(), "meaning of " + row.get(0));
            }
        }
    }

    @Test
    void codeTablesMatchTheSchema() {
        List<String> sec = section("## Code tables");
        assertEquals(EventSchema.REASONS, codeTable(table(sec, 0)));
        assertEquals(EventSchema.POLICIES, codeTable(table(sec, 1)));
        assertEquals(EventSchema.FNS, codeTable(table(sec, 2)));
    }

    private static List<String> codeTable(List<List<String>> rows) {
        List<String> out = new ArrayList<>();
        for (List<String> row : rows) {
            assertEquals(out.size(), Integer.parseInt(row.get(0)), "codes are consecutive from 0: " + row);
            out.add(unquote(row.get(1)));
        }
        return out;
    }

    @Test
    void cRingSlotTableCoversEveryTypeAndField() {
        List<List<String>> rows = table(section("## Where events go"), 0);
        Map<String, List<String>> slots = new LinkedHashMap<>();
        for (List<String> row : rows) {
            List<String> cells = row.subList(1, row.size()).stream().map(EventsDocTest::unquote)
                    .filter(c -> !c.equals("-")).toList();
            for (String type : unquote(row.get(0)).split(",")) {
                slots.put(type.strip(), cells);
            }
        }
        assertEquals(Arrays.stream(EventSchema.Type.values()).map(EventSchema.Type::wireName).toList(),
                List.copyOf(slots.keySet()));
        for (EventSchema.Type t : EventSchema.Type.values()) {
            List<String> expected = new ArrayList<>(t.fields());
            expected.remove("pid"); // pid has its own slot
            List<String> actual = new ArrayList<>(slots.get(t.wireName()));
            expected.sort(null);
            actual.sort(null);
            assertEquals(expected, actual, "C slots of " + t.wireName());
        }
    }
}

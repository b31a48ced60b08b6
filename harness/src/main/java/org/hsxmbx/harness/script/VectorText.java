package org.hsxmbx.harness.script;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a vector the way the hand-written ones look: top-level keys one per line, one step per
 * line, {@code ", "} and {@code ": "} as separators, a final newline. The output depends only on
 * the tree, so regenerating a vector gives the same bytes.
 */
final class VectorText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VectorText() {}

    static String write(JsonNode root) {
        StringBuilder b = new StringBuilder("{\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            b.append("  ").append(string(e.getKey())).append(": ");
            if (e.getValue().isArray()) {
                b.append("[\n");
                for (int i = 0; i < e.getValue().size(); i++) {
                    b.append("    ");
                    inline(b, e.getValue().get(i));
                    b.append(i + 1 < e.getValue().size() ? ",\n" : "\n");
                }
                b.append("  ]");
            } else {
                inline(b, e.getValue());
            }
            b.append(it.hasNext() ? ",\n" : "\n");
        }
        return b.append("}\n").toString();
    }

    private static void inline(StringBuilder b, JsonNode n) {
        if (n.isObject()) {
            b.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                b.append(first ? "" : ", ").append(string(e.getKey())).append(": ");
                inline(b, e.getValue());
                first = false;
            }
            b.append('}');
        } else if (n.isArray()) {
            b.append('[');
            for (int i = 0; i < n.size(); i++) {
                b.append(i == 0 ? "" : ", ");
                inline(b, n.get(i));
            }
            b.append(']');
        } else {
            b.append(n.toString()); // scalars: Jackson's own escaping
        }
    }

    private static String string(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

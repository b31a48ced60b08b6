package org.hsxmbx.harness.vector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Resolves backend names to fresh backends. Registering a backend is one line in the static block. */
public final class Backends {
    /** The backends {@code verify} runs when none are named: the model, then the host C library. */
    public static final String DEFAULT_LIST = "java,c";

    private static final Map<String, Supplier<Backend>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("java", JavaBackend::new);
        KNOWN.put("c", org.hsxmbx.harness.cbackend.CBackend::new);
    }

    private Backends() {}

    /** The registered names, in registration order. */
    public static List<String> known() {
        return List.copyOf(KNOWN.keySet());
    }

    /** A fresh backend; an unknown name is an IllegalArgumentException listing the known ones. */
    public static Backend create(String name) {
        Supplier<Backend> s = KNOWN.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "' (known: "
                    + String.join(", ", KNOWN.keySet()) + ")");
        }
        return s.get();
    }

    /** Fresh backends for names such as {@code ["java", "c"]}; duplicates and unknown names are errors. */
    public static List<Backend> create(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no backend named (known: " + String.join(", ", KNOWN.keySet()) + ")");
        }
        List<String> seen = new ArrayList<>();
        for (String n : names) {
            if (seen.contains(n)) {
                throw new IllegalArgumentException("backend '" + n + "' named twice");
            }
            seen.add(n);
            if (!KNOWN.containsKey(n)) {
                create(n); // throws the message listing the known names, before anything heavy is built
            }
        }
        List<Backend> out = new ArrayList<>();
        for (String n : names) {
            out.add(create(n));
        }
        return out;
    }
}

package org.hsxmbx.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hsxmbx.harness.vector.Backend;
import org.hsxmbx.harness.vector.Vector;
import org.hsxmbx.harness.vector.VectorException;
import org.hsxmbx.harness.vector.VectorPlayer;
import org.hsxmbx.harness.vector.VectorReader;

/**
 * The result of running vector files on backends ({@code ./hsxmbx verify}), as data: printed as
 * text, as one JSON document (schema {@value #SCHEMA}) or as JUnit XML, and read back by the
 * report. Every failure line names the backend it is about.
 */
public record VerifyResult(List<String> backends, List<VectorResult> vectors, List<InputError> errors,
                           List<NotAdmitted> notAdmitted) {
    public static final String SCHEMA = "hsxmbx.verify/1";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public VerifyResult {
        backends = List.copyOf(backends);
        vectors = List.copyOf(vectors);
        errors = List.copyOf(errors);
        notAdmitted = List.copyOf(notAdmitted);
    }

    /** One failing check or difference, and the backend it is about. */
    public record Failure(String backend, String message) {}

    /** One vector: where it came from, its name, its failures (none: passed) and how long it ran. */
    public record VectorResult(String file, String name, List<Failure> failures, double seconds) {
        public VectorResult {
            failures = List.copyOf(failures);
        }

        public boolean passed() {
            return failures.isEmpty();
        }
    }

    /** Input that could not be used: a missing path, a bad file. {@code message} is without the file. */
    public record InputError(String file, String message) {
        /** The message as verify prints it: {@code FILE: message}. */
        public String line() {
            return file + ": " + message;
        }
    }

    /**
     * A vector that did not run because a backend does not admit its profile (a host library
     * built with other limits or features, {@code Backend#admits}): neither passed nor failed.
     */
    public record NotAdmitted(String file, String name, String reason) {
        /** The line verify prints: {@code NOT ADMITTED name (file): reason}. */
        public String line() {
            return "NOT ADMITTED " + name + " (" + file + "): " + reason;
        }
    }

    /** Told of every vector and error as it happens, in input order. */
    public interface Listener {
        void started(int index, int total, String file);

        void vector(VectorResult r);

        void error(InputError e);

        default void notAdmitted(NotAdmitted n) {}
    }

    /** The summary line: {@code N passed, N failed}, and {@code , N not admitted} when any was not. */
    public String summary() {
        return passed() + " passed, " + failed() + " failed"
                + (notAdmitted.isEmpty() ? "" : ", " + notAdmitted.size() + " not admitted");
    }

    public long passed() {
        return vectors.stream().filter(VectorResult::passed).count();
    }

    public long failed() {
        return vectors.size() - passed();
    }

    /** 0 all passed, 1 a vector failed, 2 unusable input (wins over 1). */
    public int exitCode() {
        return !errors.isEmpty() ? 2 : failed() > 0 ? 1 : 0;
    }

    /** Vectors with at least one failure line about {@code backend}. */
    public long failedOn(String backend) {
        return vectors.stream().filter(v -> v.failures().stream().anyMatch(f -> f.backend().equals(backend))).count();
    }

    /** Runs every vector the paths name (files, or directories of *.json) on the backends in lock step. */
    public static VerifyResult run(List<Backend> backends, List<Path> paths, Listener listener) {
        List<Object> items = new ArrayList<>(); // a Path to run, or an InputError, in input order
        for (Path root : paths) {
            try {
                items.addAll(VectorReader.files(root));
            } catch (VectorException e) {
                items.add(error(e));
            }
        }
        int total = (int) items.stream().filter(i -> i instanceof Path).count();
        VectorPlayer player = new VectorPlayer(backends);
        List<VectorResult> done = new ArrayList<>();
        List<InputError> errors = new ArrayList<>();
        List<NotAdmitted> refused = new ArrayList<>();
        int index = 0;
        for (Object item : items) {
            if (item instanceof InputError e) {
                errors.add(e);
                listener.error(e);
                continue;
            }
            Path f = (Path) item;
            listener.started(++index, total, f.toString());
            Vector v;
            try {
                v = VectorReader.read(f);
            } catch (VectorException e) {
                InputError err = error(e);
                errors.add(err);
                listener.error(err);
                continue;
            }
            long t0 = System.nanoTime();
            VectorPlayer.Outcome o = player.play(v);
            double secs = (System.nanoTime() - t0) / 1e9;
            if (o.notAdmitted() != null) {
                NotAdmitted n = new NotAdmitted(String.valueOf(v.file()), v.name(), o.notAdmitted());
                refused.add(n);
                listener.notAdmitted(n);
                continue;
            }
            List<Failure> failures = new ArrayList<>();
            for (int i = 0; i < o.failures().size(); i++) {
                failures.add(new Failure(o.culprits().get(i), o.failures().get(i)));
            }
            VectorResult r = new VectorResult(v.file(), v.name(), failures, secs);
            done.add(r);
            listener.vector(r);
        }
        return new VerifyResult(backends.stream().map(Backend::name).toList(), done, errors, refused);
    }

    private static InputError error(VectorException e) {
        String msg = e.getMessage();
        String prefix = e.file() + ": ";
        return new InputError(e.file(), msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg);
    }

    /** The JSON document of {@code verify --json}. */
    public ObjectNode toJson() {
        ObjectNode o = F.objectNode();
        o.put("schema", SCHEMA);
        ArrayNode b = o.putArray("backends");
        backends.forEach(b::add);
        o.put("reference", backends.isEmpty() ? null : backends.get(0));
        ArrayNode vs = o.putArray("vectors");
        for (VectorResult v : vectors) {
            ObjectNode n = vs.addObject();
            n.put("file", v.file());
            n.put("name", v.name());
            n.put("passed", v.passed());
            n.put("seconds", Math.round(v.seconds() * 1e4) / 1e4);
            ArrayNode fs = n.putArray("failures");
            for (Failure f : v.failures()) {
                fs.addObject().put("backend", f.backend()).put("message", f.message());
            }
        }
        ArrayNode es = o.putArray("errors");
        for (InputError e : errors) {
            es.addObject().put("file", e.file()).put("message", e.message());
        }
        ArrayNode na = o.putArray("not_admitted");
        for (NotAdmitted n : notAdmitted) {
            na.addObject().put("file", n.file()).put("name", n.name()).put("reason", n.reason());
        }
        ArrayNode per = o.putArray("per_backend");
        for (int i = 0; i < backends.size(); i++) {
            String name = backends.get(i);
            per.addObject().put("name", name).put("role", i == 0 ? "reference" : "compared")
                    .put("vectors_failed", failedOn(name)).put("vectors_run", vectors.size());
        }
        o.putObject("summary").put("passed", passed()).put("failed", failed()).put("errors", errors.size())
                .put("not_admitted", notAdmitted.size());
        o.put("exit", exitCode());
        return o;
    }

    /** Reads a {@code verify --json} document back; a wrong document is an IllegalArgumentException naming the field. */
    public static VerifyResult fromJson(JsonNode n, String source) {
        if (n == null || !n.isObject() || !SCHEMA.equals(n.path("schema").asText())) {
            throw new IllegalArgumentException(source + ": field 'schema': not a " + SCHEMA + " document"
                    + " (write one with ./hsxmbx verify --json)");
        }
        List<String> backends = new ArrayList<>();
        n.path("backends").forEach(b -> backends.add(b.asText()));
        if (backends.isEmpty()) {
            throw new IllegalArgumentException(source + ": field 'backends': must list the backends");
        }
        List<VectorResult> vectors = new ArrayList<>();
        int i = 0;
        for (JsonNode v : n.path("vectors")) {
            if (!v.path("file").isTextual() || !v.path("name").isTextual() || !v.path("failures").isArray()) {
                throw new IllegalArgumentException(source + ": field 'vectors[" + i + "]': needs file, name and"
                        + " failures");
            }
            List<Failure> fs = new ArrayList<>();
            v.path("failures").forEach(f -> fs.add(new Failure(f.path("backend").asText(), f.path("message").asText())));
            vectors.add(new VectorResult(v.get("file").asText(), v.get("name").asText(), fs,
                    v.path("seconds").asDouble(0)));
            i++;
        }
        List<InputError> errors = new ArrayList<>();
        n.path("errors").forEach(e -> errors.add(new InputError(e.path("file").asText(), e.path("message").asText())));
        List<NotAdmitted> refused = new ArrayList<>();
        n.path("not_admitted").forEach(e -> refused.add(new NotAdmitted(e.path("file").asText(),
                e.path("name").asText(), e.path("reason").asText())));
        return new VerifyResult(backends, vectors, errors, refused);
    }

    /** JUnit XML (the common Ant/Surefire form): one testcase per vector, one per unusable input. */
    public String junitXml() {
        double total = vectors.stream().mapToDouble(VectorResult::seconds).sum();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        String suite = "hsxmbx verify (" + String.join(",", backends) + ")";
        int tests = vectors.size() + errors.size() + notAdmitted.size();
        sb.append(String.format(Locale.ROOT, "<testsuites name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\""
                + " time=\"%.3f\">%n", xml(suite), tests, failed(), errors.size(), total));
        sb.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\""
                + " skipped=\"%d\" time=\"%.3f\">%n", xml(suite), tests, failed(), errors.size(), notAdmitted.size(),
                total));
        for (VectorResult v : vectors) {
            sb.append(String.format(Locale.ROOT, "    <testcase classname=\"%s\" name=\"%s\" file=\"%s\" time=\"%.3f\"",
                    xml(classname(v.file())), xml(v.name()), xml(v.file()), v.seconds()));
            if (v.passed()) {
                sb.append("/>\n");
                continue;
            }
            sb.append(">\n");
            StringBuilder body = new StringBuilder();
            for (Failure f : v.failures()) {
                body.append('[').append(f.backend()).append("] ").append(f.message()).append('\n');
            }
            sb.append("      <failure message=\"").append(xml(v.failures().get(0).message())).append("\" type=\"")
                    .append(xml(v.failures().get(0).backend())).append("\">").append(xml(body.toString()))
                    .append("</failure>\n    </testcase>\n");
        }
        for (NotAdmitted n : notAdmitted) {
            sb.append(String.format(Locale.ROOT, "    <testcase classname=\"%s\" name=\"%s\" file=\"%s\" time=\"0\">%n"
                    + "      <skipped message=\"%s\"/>%n    </testcase>%n", xml(classname(n.file())), xml(n.name()),
                    xml(n.file()), xml("not admitted: " + n.reason())));
        }
        for (InputError e : errors) {
            sb.append("    <testcase classname=\"").append(xml(classname(e.file()))).append("\" name=\"")
                    .append(xml(e.file())).append("\" file=\"").append(xml(e.file())).append("\" time=\"0\">\n")
                    .append("      <error message=\"").append(xml(e.message())).append("\" type=\"unusable input\">")
                    .append(xml(e.line())).append("</error>\n    </testcase>\n");
        }
        sb.append("  </testsuite>\n</testsuites>\n");
        return sb.toString();
    }

    /** {@code testvectors/04-fanout/x.json} becomes {@code testvectors.04-fanout.x}. */
    private static String classname(String file) {
        String s = file.replace('\\', '/').replaceFirst("\\.json$", "");
        while (s.startsWith("/") || s.startsWith("./")) {
            s = s.substring(s.startsWith("/") ? 1 : 2);
        }
        return s.replace('/', '.');
    }

    /** Escapes text for XML 1.0 attributes and content; characters XML cannot hold become U+FFFD. */
    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                default -> sb.append(c < 0x20 && c != '\t' && c != '\r' ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }
}

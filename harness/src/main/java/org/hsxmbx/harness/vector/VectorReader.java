package org.hsxmbx.harness.vector;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.ProfileException;

/**
 * Reads vector files (vectors.md): one JSON object per file, validated completely before
 * anything runs. Every problem is a {@link VectorException} naming the file, the step and the field.
 */
public final class VectorReader {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final List<String> TOP_KEYS = List.of("name", "description", "profile", "steps");

    private VectorReader() {}

    /**
     * The vector files a command-line path names: the file itself, or every {@code *.json}
     * below a directory, sorted by path (so runs are reproducible).
     */
    public static List<Path> files(Path path) throws VectorException {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            if (Files.exists(path)) {
                throw new VectorException(path.toString(), 0, null,
                        "not a vector file (a device, pipe or socket; name a .json file or a directory)");
            }
            throw new VectorException(path.toString(), 0, null, "no such file or directory");
        }
        try (Stream<Path> s = Files.walk(path)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(Files::isRegularFile).sorted().toList();
            if (found.isEmpty()) {
                throw new VectorException(path.toString(), 0, null, "directory holds no *.json files");
            }
            return found;
        } catch (IOException e) {
            throw new VectorException(path.toString(), 0, null, "cannot list directory: " + e.getMessage());
        }
    }

    /** Reads and validates one vector file. */
    public static Vector read(Path file) throws VectorException {
        String text;
        try {
            text = utf8(file, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new VectorException(file.toString(), 0, null, "cannot read: " + e.getMessage());
        }
        String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
        return parse(text, file.toString(), stem);
    }

    /** Decodes strictly: a vector is UTF-8 text (vectors.md); the message names the first bad byte. */
    private static String utf8(Path file, byte[] bytes) throws VectorException {
        java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new VectorException(file.toString(), 0, null, String.format(
                    "not UTF-8 text: byte 0x%02X at offset %d (line %d) is not valid UTF-8; save the file as UTF-8",
                    bytes[at] & 0xFF, at, line));
        }
        dec.flush(out);
        return out.flip().toString();
    }

    /** Parses vector JSON; {@code file} names it in messages, {@code defaultName} is used without "name". */
    public static Vector parse(String json, String file, String defaultName) throws VectorException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new VectorException(file, 0, null, "invalid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new VectorException(file, 0, null, "must be one JSON object");
        }
        try {
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!TOP_KEYS.contains(k)) {
                    throw new FieldException(k, "unknown key (known: " + String.join(", ", TOP_KEYS) + ")");
                }
            }
            String name = defaultName;
            if (root.has("name")) {
                JsonNode n = root.get("name");
                if (!n.isTextual() || n.asText().isBlank()) {
                    throw new FieldException("name", "must be a non-empty string");
                }
                name = n.asText();
            }
            if (root.has("description") && !root.get("description").isTextual()) {
                throw new FieldException("description", "must be a string");
            }
            Profile profile = profile(root.get("profile"));
            JsonNode steps = root.get("steps");
            if (steps == null) {
                throw new FieldException("steps", "missing (an array of step objects)");
            }
            if (!steps.isArray() || steps.isEmpty()) {
                throw new FieldException("steps", "must be a non-empty array of step objects");
            }
            List<Step> parsed = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                try {
                    parsed.add(StepReader.step(steps.get(i), i + 1));
                } catch (FieldException e) {
                    throw new VectorException(file, i + 1, e.field(), e.getMessage());
                }
            }
            return new Vector(name, file, profile, parsed);
        } catch (FieldException e) {
            throw new VectorException(file, 0, e.field(), e.getMessage());
        }
    }

    private static Profile profile(JsonNode node) {
        try {
            return Profile.fromJson(node);
        } catch (ProfileException e) {
            String f = e.field().equals("profile") ? "profile" : "profile." + e.field();
            String msg = e.getMessage().replaceFirst("^profile field '[^']*': ", "");
            throw new FieldException(f, msg);
        }
    }
}

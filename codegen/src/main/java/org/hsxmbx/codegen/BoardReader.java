package org.hsxmbx.codegen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hsxmbx.model.Profile;

/**
 * Reads and validates {@code board.json}. Every problem is a {@link BoardException} naming the
 * file and the field (dotted path, e.g. {@code budget.stack_bytes}); unknown fields are errors
 * so a typo never silently falls back to a default.
 */
public final class BoardReader {
    public static final String FILE_NAME = "board.json";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Set<String> TOP = Set.of("id", "description", "arch", "mcu", "clock_hz", "cpu_flags",
            "opt_flags", "toolchain_prefix", "toolchain_file", "memory", "budget", "linker_script", "startup",
            "console", "default_profile", "emulator", "programmer");
    private static final Set<String> CONSOLE_KINDS = Set.of("uart0", "semihosting");
    private static final Set<String> OUTPUT_KINDS = Set.of("plain", "simavr-uart");

    private final Path file;
    private final Path dir;

    private BoardReader(Path file) {
        this.file = file;
        this.dir = file.toAbsolutePath().normalize().getParent();
    }

    /** The board {@code id} under {@code boardsRoot} ({@code boardsRoot/id/board.json}). */
    public static Board load(Path boardsRoot, String id) {
        return resolve(id, List.of(), boardsRoot);
    }

    /**
     * Resolves a {@code --board} value. A value naming a path (it contains a path separator,
     * or ends in {@code .json}) is a board file, or a directory holding
     * {@code board.json}; the board's id is then whatever the file says. Any other value is an
     * id, looked up as {@code <dir>/<id>/board.json} in each of {@code searchPath} (in order)
     * and then in {@code builtin}; there the directory must be named after the id.
     */
    public static Board resolve(String arg, List<Path> searchPath, Path builtin) {
        if (arg == null || arg.isEmpty()) {
            throw new CodegenException("--board: a board id or a path to a board.json is required");
        }
        if (looksLikePath(arg)) {
            Path p = Path.of(arg);
            Path f = Files.isDirectory(p) ? p.resolve(FILE_NAME) : p;
            if (!Files.isRegularFile(f)) {
                throw new CodegenException("--board: board file '" + f + "' does not exist"
                        + (Files.isDirectory(p) ? " (the directory " + p + " holds no " + FILE_NAME + ")" : ""));
            }
            return read(f);
        }
        List<Path> dirs = new ArrayList<>(searchPath);
        if (builtin != null) {
            dirs.add(builtin);
        }
        if (!ID.matcher(arg).matches()) {
            throw unknown(arg, dirs);
        }
        for (Path d : dirs) {
            Path f = d.resolve(arg).resolve(FILE_NAME);
            if (Files.isRegularFile(f)) {
                Board b = read(f);
                if (!b.id().equals(arg)) {
                    throw new BoardException(f, "id", "is '" + b.id() + "' but the directory is '" + arg + "'");
                }
                return b;
            }
        }
        throw unknown(arg, dirs);
    }

    private static boolean looksLikePath(String arg) {
        return arg.contains("/") || arg.contains("\\") || arg.endsWith(".json");
    }

    private static CodegenException unknown(String id, List<Path> dirs) {
        Set<String> known = new TreeSet<>();
        dirs.forEach(d -> known.addAll(list(d)));
        List<String> searched = dirs.stream().map(Path::toString).toList();
        return new CodegenException("unknown board '" + id + "' (known: " + String.join(", ", known)
                + "; searched " + String.join(", ", searched) + "; --board also takes a path to a board.json,"
                + " --board-path or HSXMBX_BOARD_PATH add folders of boards)");
    }

    /** Ids of the boards under {@code boardsRoot}, sorted. */
    public static List<String> list(Path boardsRoot) {
        Set<String> ids = new TreeSet<>();
        if (Files.isDirectory(boardsRoot)) {
            try (Stream<Path> s = Files.list(boardsRoot)) {
                s.filter(p -> Files.isRegularFile(p.resolve(FILE_NAME)))
                        .forEach(p -> ids.add(p.getFileName().toString()));
            } catch (IOException e) {
                throw new CodegenException(boardsRoot + ": cannot list boards: " + e.getMessage(), e);
            }
        }
        return List.copyOf(ids);
    }

    /** Reads one board file. */
    public static Board read(Path file) {
        return new BoardReader(file).parse();
    }

    private Board parse() {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new BoardException(file, "(json)", "not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CodegenException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BoardException(file, "(json)", "must be a JSON object");
        }
        onlyKnown(root, "", TOP);
        String id = string(root, "id");
        if (!ID.matcher(id).matches()) {
            throw new BoardException(file, "id", "must be lower-case letters, digits, '.', '_' or '-'");
        }
        String archName = string(root, "arch");
        Board.Arch arch = Board.Arch.fromJson(archName);
        if (arch == null) {
            throw new BoardException(file, "arch", "unknown architecture '" + archName + "' (known: avr, cortex-m)");
        }
        String defaultProfile = string(root, "default_profile");
        if (Profile.builtin(defaultProfile) == null && !Files.isRegularFile(dir.resolve(defaultProfile))) {
            throw new BoardException(file, "default_profile", "'" + defaultProfile
                    + "' is neither a built-in profile (" + Profile.builtinNames() + ") nor a profile file in " + dir);
        }
        Path linker = root.path("linker_script").isNull() ? null : existing(root, "linker_script");
        if (linker == null && arch == Board.Arch.CORTEX_M) {
            throw new BoardException(file, "linker_script", "is required for cortex-m boards");
        }
        List<Path> startup = paths(root, "startup", true);
        if (startup.isEmpty() && arch == Board.Arch.CORTEX_M) {
            throw new BoardException(file, "startup", "cortex-m boards need startup code (vector table)");
        }
        Board.Memory memory = memory(root);
        return new Board(id, string(root, "description"), arch, string(root, "mcu"),
                positive(root, "clock_hz", "clock_hz"), strings(root, "cpu_flags", false),
                strings(root, "opt_flags", false), string(root, "toolchain_prefix"), existing(root, "toolchain_file"),
                memory, budget(root, memory), linker, startup, console(root), defaultProfile, emulator(root),
                programmer(root), dir, file.toAbsolutePath().normalize());
    }

    private Board.Memory memory(JsonNode root) {
        JsonNode m = object(root, "memory");
        onlyKnown(m, "memory.", Set.of("flash_bytes", "sram_bytes"));
        return new Board.Memory(positive(m, "flash_bytes", "memory.flash_bytes"),
                positive(m, "sram_bytes", "memory.sram_bytes"));
    }

    /**
     * The mailbox budget (boards-and-budgets.md). Each figure is an upper bound; besides being
     * positive, the minimal flash must not exceed the all-features flash, and neither flash nor
     * SRAM figure may exceed the part's memory (a budget the part cannot hold is a typo).
     */
    private Board.Budget budget(JsonNode root, Board.Memory memory) {
        JsonNode b = object(root, "budget");
        onlyKnown(b, "budget.", Set.of("runtime_flash_all_bytes", "runtime_flash_minimal_bytes", "static_sram_bytes",
                "descriptor_bytes", "stack_bytes"));
        Board.Budget budget = new Board.Budget(
                positive(b, "runtime_flash_all_bytes", "budget.runtime_flash_all_bytes"),
                positive(b, "runtime_flash_minimal_bytes", "budget.runtime_flash_minimal_bytes"),
                positive(b, "static_sram_bytes", "budget.static_sram_bytes"),
                positive(b, "descriptor_bytes", "budget.descriptor_bytes"),
                positive(b, "stack_bytes", "budget.stack_bytes"));
        if (budget.runtimeFlashMinimalBytes() > budget.runtimeFlashAllBytes()) {
            throw new BoardException(file, "budget.runtime_flash_minimal_bytes",
                    "must not exceed budget.runtime_flash_all_bytes");
        }
        if (budget.runtimeFlashAllBytes() > memory.flashBytes()) {
            throw new BoardException(file, "budget.runtime_flash_all_bytes", "must not exceed memory.flash_bytes ("
                    + memory.flashBytes() + ")");
        }
        if (budget.staticSramBytes() + budget.stackBytes() > memory.sramBytes()) {
            throw new BoardException(file, "budget.static_sram_bytes", "plus budget.stack_bytes must not exceed"
                    + " memory.sram_bytes (" + memory.sramBytes() + ")");
        }
        return budget;
    }

    private Board.Console console(JsonNode root) {
        JsonNode c = object(root, "console");
        onlyKnown(c, "console.", Set.of("kind", "sources"));
        String kind = stringAt(c, "kind", "console.kind");
        if (!CONSOLE_KINDS.contains(kind)) {
            throw new BoardException(file, "console.kind", "unknown console '" + kind + "' (known: "
                    + String.join(", ", new TreeSet<>(CONSOLE_KINDS)) + ")");
        }
        List<Path> sources = pathsAt(c, "sources", "console.sources", false);
        return new Board.Console(kind, sources);
    }

    private Board.Emulator emulator(JsonNode root) {
        JsonNode e = object(root, "emulator");
        onlyKnown(e, "emulator.", Set.of("command", "output", "timeout_seconds"));
        List<String> cmd = stringsAt(e, "command", "emulator.command", false);
        if (cmd.stream().noneMatch(a -> a.contains("{elf}"))) {
            throw new BoardException(file, "emulator.command", "must contain the placeholder {elf}");
        }
        String output = stringAt(e, "output", "emulator.output");
        if (!OUTPUT_KINDS.contains(output)) {
            throw new BoardException(file, "emulator.output", "unknown output '" + output + "' (known: "
                    + String.join(", ", new TreeSet<>(OUTPUT_KINDS)) + ")");
        }
        long timeout = positive(e, "timeout_seconds", "emulator.timeout_seconds");
        if (timeout > 3600) {
            throw new BoardException(file, "emulator.timeout_seconds", "must be 1..3600");
        }
        return new Board.Emulator(cmd, output, (int) timeout);
    }

    private Board.Programmer programmer(JsonNode root) {
        JsonNode p = root.get("programmer");
        if (p == null) {
            throw new BoardException(file, "programmer", "is required (null when the board has none)");
        }
        if (p.isNull()) {
            return null;
        }
        if (!p.isObject()) {
            throw new BoardException(file, "programmer", "must be an object or null");
        }
        onlyKnown(p, "programmer.", Set.of("command", "default_port", "default_baud"));
        List<String> cmd = stringsAt(p, "command", "programmer.command", false);
        JsonNode port = p.get("default_port");
        if (port == null || !(port.isNull() || port.isTextual())) {
            throw new BoardException(file, "programmer.default_port", "must be a string or null");
        }
        boolean usesBaud = cmd.stream().anyMatch(a -> a.contains("{baud}"));
        Long baud = null;
        if (p.has("default_baud")) {
            baud = positive(p, "default_baud", "programmer.default_baud");
        }
        if (usesBaud && baud == null) {
            throw new BoardException(file, "programmer.default_baud", "is required when programmer.command uses {baud}");
        }
        if (!usesBaud && baud != null) {
            throw new BoardException(file, "programmer.default_baud", "is set but programmer.command has no {baud}");
        }
        return new Board.Programmer(cmd, port.isNull() ? null : port.asText(), baud);
    }

    // ---- field helpers -------------------------------------------------------------------

    private void onlyKnown(JsonNode node, String prefix, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new BoardException(file, prefix + k, "unknown field (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private JsonNode required(JsonNode node, String key, String field) {
        JsonNode v = node.get(key);
        if (v == null) {
            throw new BoardException(file, field, "is required");
        }
        return v;
    }

    private JsonNode object(JsonNode node, String key) {
        JsonNode v = required(node, key, key);
        if (!v.isObject()) {
            throw new BoardException(file, key, "must be an object");
        }
        return v;
    }

    private String string(JsonNode node, String key) {
        return stringAt(node, key, key);
    }

    private String stringAt(JsonNode node, String key, String field) {
        JsonNode v = required(node, key, field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new BoardException(file, field, "must be a non-empty string");
        }
        return v.asText();
    }

    private long positive(JsonNode node, String key, String field) {
        JsonNode v = required(node, key, field);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() <= 0) {
            throw new BoardException(file, field, "must be a positive integer");
        }
        return v.asLong();
    }

    private List<String> strings(JsonNode node, String key, boolean mayBeEmpty) {
        return stringsAt(node, key, key, mayBeEmpty);
    }

    private List<String> stringsAt(JsonNode node, String key, String field, boolean mayBeEmpty) {
        JsonNode v = required(node, key, field);
        if (!v.isArray()) {
            throw new BoardException(file, field, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual() || v.get(i).asText().isEmpty()) {
                throw new BoardException(file, field + "[" + i + "]", "must be a non-empty string");
            }
            out.add(v.get(i).asText());
        }
        if (out.isEmpty() && !mayBeEmpty) {
            throw new BoardException(file, field, "must not be empty");
        }
        return out;
    }

    private Path existing(JsonNode node, String key) {
        return existingFile(string(node, key), key);
    }

    private Path existingFile(String rel, String field) {
        Path p = dir.resolve(rel).normalize();
        if (!Files.isRegularFile(p)) {
            throw new BoardException(file, field, "file '" + rel + "' does not exist (looked for " + p + ")");
        }
        return p;
    }

    private List<Path> paths(JsonNode node, String key, boolean mayBeEmpty) {
        return pathsAt(node, key, key, mayBeEmpty);
    }

    private List<Path> pathsAt(JsonNode node, String key, String field, boolean mayBeEmpty) {
        List<String> names = stringsAt(node, key, field, mayBeEmpty);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(existingFile(names.get(i), field + "[" + i + "]"));
        }
        return out;
    }
}

package org.hsxmbx.codegen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures a built firmware against its board's mailbox budget.
 * <ul>
 *   <li>runtime flash: from the link map, the input sections of the runtime library
 *       ({@code libhsx_mbx.a}) that survived {@code --gc-sections}: code and constants in flash
 *       plus the flash copy of initialised data;</li>
 *   <li>static SRAM excluding the arena: the runtime's input sections placed in RAM
 *       ({@code .data}, {@code .bss}; on AVR also {@code .rodata}, which lives in RAM), minus
 *       the arena's section;</li>
 *   <li>descriptor record: {@code sizeof(hsx_mbx_desc_t)} as {@link SramModel} computes it, which
 *       the generated static assertion makes the compiler confirm;</li>
 *   <li>stack: {@link StackAnalysis} over the public {@code hsx_mbx_*} functions.</li>
 * </ul>
 */
public record SizeReport(Board board, String featureSet, List<Item> items, Map<String, Long> runtimeSymbols,
                         Map<String, Long> ramSections, StackAnalysis.Result stack, Image image) {
    private static final Pattern SECTION_LINE =
            Pattern.compile("^ (\\S+)?\\s+0x([0-9a-fA-F]+)\\s+0x([0-9a-fA-F]+)\\s+(\\S.*)$");
    private static final Pattern NAME_ONLY = Pattern.compile("^ (\\S+)$");
    private static final Pattern NM = Pattern.compile("^([0-9a-fA-F]+) ([0-9a-fA-F]+) (\\S) (\\S+)$");

    /** The seven calls of module 0x05, reported apart from the executive-side API. */
    static final java.util.Set<String> MODULE_CALLS = java.util.Set.of("hsx_mbx_open", "hsx_mbx_bind",
            "hsx_mbx_send", "hsx_mbx_recv", "hsx_mbx_peek", "hsx_mbx_tap", "hsx_mbx_close");

    /**
     * The whole firmware image against the part's memory (not a budget: the runtime is one part of it).
     *
     * @param flashBytes  allocated sections stored in flash: code, constants and the load copy of initialised data
     * @param sramBytes   allocated sections in RAM: data, bss, noinit (static only: stack and heap come on top)
     * @param sections    each allocated section with its bytes, in address order
     */
    public record Image(long flashBytes, long flashTotal, long sramBytes, long sramTotal, Map<String, Long> sections) {
        public Image {
            sections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
        }

        static String percent(long used, long total) {
            return String.format(java.util.Locale.ROOT, "%.1f%%", total == 0 ? 0.0 : 100.0 * used / total);
        }
    }

    /** One budget line. */
    public record Item(String name, long measured, long budget, String method) {
        public boolean over() {
            return measured > budget;
        }
    }

    public SizeReport {
        items = List.copyOf(items);
        runtimeSymbols = java.util.Collections.unmodifiableMap(new TreeMap<>(runtimeSymbols));
        ramSections = java.util.Collections.unmodifiableMap(new TreeMap<>(ramSections));
    }

    public boolean overBudget() {
        return items.stream().anyMatch(Item::over) || !stack.bounded();
    }

    /** The report as printed by {@code ./hsxmbx build}. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("mailbox budget for board %s (%s):%n", board.id(),
                "profile".equals(featureSet) ? "the profile's features" : "features " + featureSet));
        for (Item i : items) {
            sb.append(String.format("  %-36s %6d B  budget %6d B  %-4s  (%s)%n", i.name(), i.measured(), i.budget(),
                    i.over() ? "OVER" : "ok", i.method()));
        }
        sb.append("  deepest call (frame bytes").append(board.arch() == Board.Arch.AVR ? ", +2 per call" : "")
                .append("): ").append(String.join(" -> ", stack.chain())).append('\n');
        stack.perEntry().entrySet().stream()
                .filter(e -> MODULE_CALLS.contains(e.getKey()))
                .max(Map.Entry.comparingByValue())
                .ifPresent(e -> sb.append("  deepest of the SVC calls open..close: ").append(e.getKey()).append(' ')
                        .append(e.getValue()).append(" B\n"));
        if (!stack.bounded()) {
            sb.append("  stack depth is not bounded: ").append(stack.problem()).append('\n');
        }
        sb.append(String.format("whole image on the part (%s, static; stack and heap not included):%n", board.mcu()));
        sb.append(String.format("  %-36s %6d B  of %7d B  %s%n", "flash (code, constants, data copy)",
                image.flashBytes(), image.flashTotal(), Image.percent(image.flashBytes(), image.flashTotal())));
        sb.append(String.format("  %-36s %6d B  of %7d B  %s%n", "SRAM (data + bss)", image.sramBytes(),
                image.sramTotal(), Image.percent(image.sramBytes(), image.sramTotal())));
        return sb.toString();
    }

    /** Measures the firmware built in {@code buildDir} (the CMake binary dir of a generated firmware). */
    public static SizeReport measure(Board board, String featureSet, SramModel.Report model, Path buildDir) {
        return measure(board, featureSet, "all features", model, buildDir);
    }

    /**
     * @param featureLabel what the feature line says: {@code all features}, or the features of
     *                     the profile when it has its own (they are checked against the all-features budget)
     */
    public static SizeReport measure(Board board, String featureSet, String featureLabel, SramModel.Report model,
                                     Path buildDir) {
        Path map = buildDir.resolve(CMakeListsWriter.MAP);
        Path elf = buildDir.resolve(CMakeListsWriter.ELF);
        String mapText;
        try {
            mapText = Files.readString(map);
        } catch (IOException e) {
            throw new CodegenException("no link map " + map + ": " + e.getMessage(), e);
        }
        long flash = 0;
        long sram = 0;
        Map<String, Long> ramSections = new TreeMap<>();
        for (Section s : runtimeSections(mapText)) {
            boolean inRam = isRam(board, s.address());
            boolean zeroed = s.name().startsWith(".bss") || s.name().startsWith("COMMON");
            if (inRam) {
                if (!s.name().equals(".bss." + SramModel.ARENA_SYMBOL)) {
                    sram += s.size();
                    ramSections.merge(s.name(), s.size(), Long::sum);
                }
                if (!zeroed) {
                    flash += s.size(); // initial values are copied from flash
                }
            } else {
                flash += s.size();
            }
        }
        Map<String, Long> symbols = runtimeSymbols(board, elf, mapText);
        String dis = Exec.check(List.of(board.tool("objdump"), "-d", elf.toString()), null, 120).stdout();
        Map<String, Long> frames = StackAnalysis.readStackUsage(buildDir);
        List<String> entries = publicEntries(board, elf);
        StackAnalysis.Result stack = StackAnalysis.analyse(board.arch(), dis, frames, entries);
        Board.Budget b = board.budget();
        boolean minimal = "minimal".equals(featureSet);
        List<Item> items = new ArrayList<>();
        items.add(new Item("runtime flash (" + (minimal ? "minimal" : featureLabel) + ")", flash,
                minimal ? b.runtimeFlashMinimalBytes() : b.runtimeFlashAllBytes(),
                "link map: libhsx_mbx.a text+rodata+data"));
        items.add(new Item("static SRAM excluding the arena", sram, b.staticSramBytes(),
                "link map: libhsx_mbx.a data+bss - hsx_mbx__arena"));
        items.add(new Item("descriptor record", model.descriptorBytes(), b.descriptorBytes(),
                "sizeof(hsx_mbx_desc_t), static-asserted"));
        items.add(new Item("deepest mailbox call stack", stack.bytes(), b.stackBytes(),
                stack.entry() + ": -fstack-usage along objdump call graph"));
        Image image = image(board, Exec.check(List.of(board.tool("objdump"), "-h", elf.toString()), null, 60).stdout());
        return new SizeReport(board, featureSet, items, symbols, ramSections, stack, image);
    }

    private static final Pattern HEADER = Pattern.compile(
            "^\\s*\\d+\\s+(\\S+)\\s+([0-9a-fA-F]+)\\s+([0-9a-fA-F]+)\\s+([0-9a-fA-F]+)\\s+[0-9a-fA-F]+\\s+\\S+$");

    /**
     * The image's use of the part from {@code objdump -h}: an ALLOC section whose address is in
     * RAM counts as SRAM (and, with LOAD, once more in flash: its initial values); any other
     * ALLOC section in the flash range counts as flash. AVR's .eeprom and .fuse live elsewhere.
     */
    static Image image(Board board, String headers) {
        String[] lines = headers.split("\r?\n");
        long flash = 0;
        long sram = 0;
        Map<String, Long> sections = new LinkedHashMap<>();
        for (int i = 0; i + 1 < lines.length; i++) {
            Matcher m = HEADER.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            String flags = lines[i + 1];
            if (!flags.contains("ALLOC")) {
                continue;
            }
            long size = Long.parseLong(m.group(2), 16);
            long vma = Long.parseLong(m.group(3), 16);
            if (size == 0) {
                continue;
            }
            if (isRam(board, vma)) {
                sram += size;
                if (flags.contains("LOAD")) {
                    flash += size;
                }
                sections.merge(m.group(1), size, Long::sum);
            } else if (isFlash(board, vma)) {
                flash += size;
                sections.merge(m.group(1), size, Long::sum);
            }
        }
        return new Image(flash, board.memory().flashBytes(), sram, board.memory().sramBytes(), sections);
    }

    private static boolean isFlash(Board board, long address) {
        return switch (board.arch()) {
            case AVR -> address < 0x800000L;
            case CORTEX_M -> address < 0x20000000L;
        };
    }

    record Section(String name, long address, long size, String object) {}

    /** Input sections of the runtime library in the memory map part of a GNU ld map file. */
    static List<Section> runtimeSections(String mapText) {
        int start = mapText.indexOf("Linker script and memory map");
        String[] lines = (start < 0 ? mapText : mapText.substring(start)).split("\r?\n");
        List<Section> out = new ArrayList<>();
        String pending = null;
        for (String line : lines) {
            Matcher only = NAME_ONLY.matcher(line);
            if (only.matches()) {
                pending = only.group(1);
                continue;
            }
            Matcher m = SECTION_LINE.matcher(line);
            if (m.matches()) {
                String name = m.group(1) != null ? m.group(1) : pending;
                String object = m.group(4).trim();
                long size = Long.parseLong(m.group(3), 16);
                if (name != null && object.contains("lib" + CMakeListsWriter.RUNTIME_LIB + ".a(") && size > 0
                        && !name.startsWith(".debug") && !name.startsWith(".comment") && !name.startsWith(".stab")
                        && !name.startsWith(".ARM.attributes") && !name.startsWith(".note")) {
                    out.add(new Section(name, Long.parseLong(m.group(2), 16), size, object));
                }
            }
            pending = null;
        }
        return out;
    }

    private static boolean isRam(Board board, long address) {
        return switch (board.arch()) {
            case AVR -> address >= 0x800000L && address < 0x810000L;
            case CORTEX_M -> address >= 0x20000000L && address < 0x40000000L;
        };
    }

    /** Sizes of the runtime's RAM symbols (nm), for comparison with {@link SramModel}. */
    static Map<String, Long> runtimeSymbols(Board board, Path elf, String mapText) {
        Map<String, Long> ramSections = new LinkedHashMap<>();
        for (Section s : runtimeSections(mapText)) {
            if (isRam(board, s.address())) {
                ramSections.put(Long.toHexString(s.address()), s.size());
            }
        }
        String nm = Exec.check(List.of(board.tool("nm"), "-S", elf.toString()), null, 60).stdout();
        Map<String, Long> out = new TreeMap<>();
        for (String line : nm.split("\n")) {
            Matcher m = NM.matcher(line.trim());
            if (!m.matches() || "bBdD".indexOf(m.group(3).charAt(0)) < 0) {
                continue;
            }
            long addr = Long.parseLong(m.group(1), 16);
            if (board.arch() == Board.Arch.AVR && addr < 0x800000L) {
                addr += 0x800000L; // avr-nm prints data addresses without the 0x800000 offset
            }
            if (ramSections.containsKey(Long.toHexString(addr))) {
                out.put(m.group(4), Long.parseLong(m.group(2), 16));
            }
        }
        return out;
    }

    /** Global functions named {@code hsx_mbx_*} in the firmware: the public mailbox calls. */
    static List<String> publicEntries(Board board, Path elf) {
        String nm = Exec.check(List.of(board.tool("nm"), elf.toString()), null, 60).stdout();
        List<String> out = new ArrayList<>();
        for (String line : nm.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length == 3 && cols[1].equals("T") && cols[2].startsWith("hsx_mbx_")) {
                out.add(cols[2]);
            }
        }
        out.sort(null);
        return out;
    }
}

package org.hsxmbx.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Worst-case stack depth of every public mailbox call, over the whole call tree.
 *
 * <p>Method (the same for AVR and Cortex-M, so both boards are measured alike): the frame of
 * each function is the compiler's {@code -fstack-usage} figure ({@code .su} files); the calls
 * come from the disassembly of the linked ELF ({@code objdump -d}: AVR {@code call}/
 * {@code rcall}, ARM {@code bl}/{@code blx}, and jumps to another function's entry as tail
 * calls). Functions without a {@code .su} entry (C library, libgcc) get the bytes their
 * prologue pushes. A call on AVR adds its 2-byte return address. The depth of a function is
 * its frame plus the deepest of its callees; recursion or an indirect call makes the result
 * unbounded, which is reported and fails the budget.
 */
public final class StackAnalysis {
    private static final Pattern FUNC = Pattern.compile("^([0-9a-f]+) <([^>]+)>:$");
    private static final Pattern INSN = Pattern.compile("^\\s+[0-9a-f]+:\\s+(?:[0-9a-f]{2,8}\\s)+\\s*(\\S+)\\s*(.*)$");
    private static final Pattern TARGET = Pattern.compile("<([^>+]+)(\\+0x[0-9a-f]+)?>");
    private static final Pattern ARM_PUSH = Pattern.compile("\\{([^}]*)\\}");
    /**
     * avr-gcc {@code -mcall-prologues}: shared register save/restore code, entered by a jump and
     * left by {@code ijmp} back into the function. A function's {@code .su} frame already counts
     * the registers they save (the same figure with and without the option), so they are not callees.
     */
    private static final Set<String> CALL_PROLOGUES = Set.of("__prologue_saves__", "__epilogue_restores__");
    private static final Pattern ARM_SUB_SP = Pattern.compile("sp,\\s*(?:sp,\\s*)?#(\\d+)");

    /** Depth of the deepest public call and the chain that reaches it, each function with its frame bytes. */
    public record Result(String entry, long bytes, List<String> chain, boolean bounded, String problem,
                         Map<String, Long> perEntry) {}

    private final Board.Arch arch;
    private final Map<String, Long> frames;
    private final Map<String, Set<String>> calls = new HashMap<>();
    private final Map<String, Long> prologue = new HashMap<>();
    private final Set<String> indirect = new TreeSet<>();
    private final Map<String, Long> memo = new HashMap<>();
    private final Map<String, String> next = new HashMap<>();
    private String problem;

    private StackAnalysis(Board.Arch arch, Map<String, Long> frames) {
        this.arch = arch;
        this.frames = frames;
    }

    /** Reads every {@code .su} under {@code dir}: function name to frame bytes (the largest if repeated). */
    public static Map<String, Long> readStackUsage(Path dir) {
        Map<String, Long> frames = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".su")).sorted().toList()) {
                for (String line : Files.readAllLines(p)) {
                    String[] cols = line.split("\t");
                    if (cols.length < 2) {
                        continue;
                    }
                    String name = cols[0].substring(cols[0].lastIndexOf(':') + 1);
                    // gcc 12 may print "name" or "type name(args)" for some functions
                    int paren = name.indexOf('(');
                    if (paren >= 0) {
                        name = name.substring(0, paren);
                        name = name.substring(name.lastIndexOf(' ') + 1);
                    }
                    frames.merge(name, Long.parseLong(cols[1].trim()), Math::max);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frames;
    }

    /**
     * @param disassembly {@code objdump -d} of the linked firmware
     * @param frames      {@link #readStackUsage} of the build
     * @param entries     the public functions to measure
     */
    public static Result analyse(Board.Arch arch, String disassembly, Map<String, Long> frames,
                                 List<String> entries) {
        StackAnalysis a = new StackAnalysis(arch, frames);
        a.parse(disassembly);
        Map<String, Long> per = new TreeMap<>();
        String worst = null;
        long worstBytes = -1;
        for (String e : entries) {
            long d = a.depth(e, new LinkedHashSet<>());
            per.put(e, d);
            if (d > worstBytes) {
                worst = e;
                worstBytes = d;
            }
        }
        List<String> chain = new ArrayList<>();
        for (String f = worst; f != null && chain.size() < 64; f = a.next.get(f)) {
            chain.add(f + " (" + a.frame(f) + ")");
        }
        return new Result(worst, worstBytes, chain, a.problem == null, a.problem, per);
    }

    private void parse(String dis) {
        String current = null;
        boolean inPrologue = false;
        for (String line : dis.split("\n")) {
            Matcher f = FUNC.matcher(line);
            if (f.matches()) {
                current = f.group(2);
                calls.putIfAbsent(current, new LinkedHashSet<>());
                prologue.put(current, 0L);
                inPrologue = true;
                continue;
            }
            if (current == null) {
                continue;
            }
            Matcher m = INSN.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String op = m.group(1);
            String args = m.group(2);
            if (inPrologue) {
                inPrologue = countPrologue(current, op, args);
            }
            boolean call = switch (arch) {
                case AVR -> op.equals("call") || op.equals("rcall");
                case CORTEX_M -> op.equals("bl") || (op.equals("blx") && args.contains("<"));
            };
            boolean jump = switch (arch) {
                case AVR -> op.equals("jmp") || op.equals("rjmp");
                case CORTEX_M -> op.equals("b") || op.equals("b.w") || op.equals("b.n");
            };
            boolean indirectCall = switch (arch) {
                case AVR -> op.equals("icall") || op.equals("eicall");
                case CORTEX_M -> op.equals("blx") && !args.contains("<");
            };
            if (indirectCall) {
                indirect.add(current);
                continue;
            }
            if (call || jump) {
                Matcher t = TARGET.matcher(args);
                if (t.find() && t.group(2) == null && (call || !t.group(1).equals(current))
                        && !(arch == Board.Arch.AVR && CALL_PROLOGUES.contains(t.group(1)))) {
                    calls.get(current).add(t.group(1)); // a jump to another function's entry is a tail call
                }
            }
        }
    }

    /** Adds what a prologue instruction pushes; returns whether the prologue continues. */
    private boolean countPrologue(String fn, String op, String args) {
        long add;
        if (arch == Board.Arch.AVR) {
            add = op.equals("push") ? 1 : -1;
        } else if (op.startsWith("push") || op.startsWith("stmdb")) {
            Matcher m = ARM_PUSH.matcher(args);
            add = m.find() ? 4L * registers(m.group(1)) : -1;
        } else if (op.startsWith("sub") && args.startsWith("sp")) {
            Matcher m = ARM_SUB_SP.matcher(args);
            add = m.find() ? Long.parseLong(m.group(1)) : -1;
        } else {
            add = -1;
        }
        if (add < 0) {
            return false;
        }
        prologue.merge(fn, add, Long::sum);
        return true;
    }

    private static int registers(String list) {
        int n = 0;
        for (String r : list.split(",")) {
            r = r.trim();
            int dash = r.indexOf('-');
            n += dash < 0 ? 1 : Integer.parseInt(r.substring(dash + 2)) - Integer.parseInt(r.substring(1, dash)) + 1;
        }
        return n;
    }

    private long frame(String fn) {
        Long f = frames.get(fn);
        return f != null ? f : prologue.getOrDefault(fn, 0L);
    }

    private long depth(String fn, LinkedHashSet<String> path) {
        Long known = memo.get(fn);
        if (known != null) {
            return known;
        }
        if (!path.add(fn)) {
            problem = "recursion: " + String.join(" -> ", path) + " -> " + fn;
            return 0;
        }
        if (indirect.contains(fn) && problem == null) {
            problem = "indirect call in " + fn + " (depth of the callee unknown)";
        }
        long deepest = 0;
        String via = null;
        long ret = arch == Board.Arch.AVR ? 2 : 0;
        for (String callee : calls.getOrDefault(fn, Set.of())) {
            long d = ret + depth(callee, path);
            if (d > deepest) {
                deepest = d;
                via = callee;
            }
        }
        path.remove(fn);
        long total = frame(fn) + deepest;
        memo.put(fn, total);
        if (via != null) {
            next.put(fn, via);
        }
        return total;
    }
}

package org.hsxmbx.model.hxe;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.Mbx;

/**
 * Field rules shared by every source of declarations (JSON, binary table, pragmas). Each check
 * returns a description of the problem, or null when the value is fine, so that each source can
 * name the entry its own way (entry index, or file:line).
 */
final class DeclarationRules {
    static final int MAX_U16 = 0xFFFF;
    static final int MAX_MODE = 0xFF;

    private DeclarationRules() {}

    /** Targets follow the service's rule (1..32 printable ASCII); the prefix is resolved at bind time. */
    static String targetProblem(String t) {
        if (t.isEmpty()) {
            return "must not be empty";
        }
        if (t.length() > Mbx.MAX_TARGET_BYTES) {
            return "at most " + Mbx.MAX_TARGET_BYTES + " bytes (got " + t.length() + ": \"" + t + "\")";
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return String.format("must be printable ASCII (character %d is U+%04X)", i, (int) c);
            }
        }
        return null;
    }

    static String rangeProblem(long v, long max) {
        if (v < 0 || v > max) {
            return "must be 0.." + max + " (got " + v + ")";
        }
        return null;
    }

    /**
     * Mode names joined by {@code |} (spaces around names allowed), case-sensitive as in the
     * contract. Throws IllegalArgumentException naming the bad name.
     */
    static int parseMode(String s) {
        int mode = 0;
        for (String part : s.split("\\|", -1)) {
            String name = part.trim();
            int bit = Mbx.modeBit(name);
            if (bit < 0) {
                throw new IllegalArgumentException("unknown mode name '" + name
                        + "' (known: RDONLY, WRONLY, RDWR, TAP, FANOUT, FANOUT_DROP, FANOUT_BLOCK)");
            }
            mode |= bit;
        }
        return mode;
    }

    /**
     * The mode as names that parse back to exactly it ({@code RDWR|FANOUT_DROP}), or null when it
     * cannot be written with names (0, or bits above 0x3F).
     */
    static String formatMode(int mode) {
        if (mode == 0 || (mode & ~0x3F) != 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        int access = mode & Mbx.MODE_RDWR;
        if (access == Mbx.MODE_RDWR) {
            sb.append("RDWR");
        } else if (access == Mbx.MODE_RDONLY) {
            sb.append("RDONLY");
        } else if (access == Mbx.MODE_WRONLY) {
            sb.append("WRONLY");
        }
        String[] names = {"TAP", "FANOUT", "FANOUT_DROP", "FANOUT_BLOCK"};
        for (String n : names) {
            if ((mode & Mbx.modeBit(n)) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(n);
            }
        }
        return sb.toString();
    }

    /** Checks a complete list (what the encoders accept): same rules as the decoders. */
    static void validate(List<MailboxDeclaration> list) throws HxeFormatException {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            MailboxDeclaration d = list.get(i);
            if (d.target() == null) {
                throw HxeFormatException.mailbox(i, "target", "is required");
            }
            fail(i, "target", targetProblem(d.target()));
            Integer first = seen.putIfAbsent(d.target(), i);
            if (first != null) {
                throw HxeFormatException.mailbox(i, "target", duplicate(d.target(), first));
            }
            fail(i, "capacity", rangeProblem(d.capacity(), MAX_U16));
            fail(i, "mode", rangeProblem(d.mode(), MAX_MODE));
            if (d.ownerPid() != null) {
                fail(i, "owner_pid", rangeProblem(d.ownerPid(), MAX_U16));
            }
            for (int j = 0; j < d.bindings().size(); j++) {
                MailboxDeclaration.Binding b = d.bindings().get(j);
                fail(i, "bindings[" + j + "].pid", rangeProblem(b.pid(), MAX_U16));
                fail(i, "bindings[" + j + "].flags", rangeProblem(b.flags(), MAX_U16));
            }
        }
    }

    static String duplicate(String target, int first) {
        return "duplicate target \"" + target + "\" (already declared by entry " + first + ")";
    }

    private static void fail(int i, String field, String problem) throws HxeFormatException {
        if (problem != null) {
            throw HxeFormatException.mailbox(i, field, problem);
        }
    }
}

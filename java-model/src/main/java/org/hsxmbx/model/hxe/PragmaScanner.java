package org.hsxmbx.model.hxe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.Mbx;

/**
 * Finds {@code #pragma hsx_mailbox(target="app:telemetry", capacity=96, mode="RDWR|FANOUT")}
 * lines in C sources. Comments are skipped (a commented-out pragma declares nothing) and
 * backslash continuations are joined. Fields: {@code target} (string, required), {@code capacity},
 * {@code mode} (string, or bare names {@code RDWR|FANOUT}), {@code mode_mask}, {@code owner_pid}
 * (decimal or 0x hex). Other pragmas are ignored. One scanner may read several files: duplicate
 * targets are detected across all of them.
 */
public final class PragmaScanner {
    private final List<MailboxDeclaration> found = new ArrayList<>();
    private final Map<String, String> seenAt = new HashMap<>();

    /** Scans one source text; {@code file} is only used in messages. */
    public static List<MailboxDeclaration> scan(String source, String file) throws HxeFormatException {
        PragmaScanner s = new PragmaScanner();
        s.add(source, file);
        return s.declarations();
    }

    public void add(String source, String file) throws HxeFormatException {
        String code = stripComments(source);
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String logical = chomp(lines[i]);
            // A backslash at the end of a line continues the directive on the next one.
            while (logical.endsWith("\\") && i + 1 < lines.length) {
                logical = logical.substring(0, logical.length() - 1) + " " + chomp(lines[++i]);
            }
            String args = pragmaArgs(logical.strip(), file, lineNo);
            if (args != null) {
                MailboxDeclaration d = new Parser(args, file, lineNo).declaration();
                String first = seenAt.putIfAbsent(d.target(), file + ":" + lineNo);
                if (first != null) {
                    throw error(file, lineNo, "target", "duplicate target \"" + d.target() + "\" (already declared at "
                            + first + ")");
                }
                found.add(d);
            }
        }
    }

    public List<MailboxDeclaration> declarations() {
        return List.copyOf(found);
    }

    private static String chomp(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** The text between the parentheses of an hsx_mailbox pragma, or null if the line is not one. */
    private static String pragmaArgs(String line, String file, int lineNo) throws HxeFormatException {
        if (!line.startsWith("#")) {
            return null;
        }
        String rest = line.substring(1).stripLeading();
        if (!rest.startsWith("pragma") || rest.length() == 6 || !Character.isWhitespace(rest.charAt(6))) {
            return null;
        }
        rest = rest.substring(6).stripLeading();
        if (!rest.startsWith("hsx_mailbox")) {
            return null;
        }
        rest = rest.substring("hsx_mailbox".length());
        if (!rest.isEmpty() && (Character.isLetterOrDigit(rest.charAt(0)) || rest.charAt(0) == '_')) {
            return null; // another pragma whose name merely starts with hsx_mailbox
        }
        rest = rest.strip();
        if (!rest.startsWith("(") || !rest.endsWith(")")) {
            throw error(file, lineNo, "pragma", "expected hsx_mailbox(key=value, ...)");
        }
        return rest.substring(1, rest.length() - 1);
    }

    static HxeFormatException error(String file, int line, String field, String detail) {
        return new HxeFormatException(field, line,
                file + ":" + line + ": #pragma hsx_mailbox, field '" + field + "': " + detail);
    }

    /** Replaces comments by spaces, keeping newlines (line numbers) and string literals intact. */
    static String stripComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                out.append("  ");
                i += 2;
                while (i < n && !(s.charAt(i) == '*' && i + 1 < n && s.charAt(i + 1) == '/')) {
                    out.append(s.charAt(i) == '\n' ? '\n' : ' ');
                    i++;
                }
                if (i < n) {
                    out.append("  ");
                    i += 2;
                }
            } else if (c == '"' || c == '\'') {
                out.append(c);
                i++;
                while (i < n && s.charAt(i) != c && s.charAt(i) != '\n') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        out.append(s.charAt(i++));
                    }
                    out.append(s.charAt(i++));
                }
                if (i < n && s.charAt(i) == c) {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** key=value list of one pragma. */
    private static final class Parser {
        private final String s;
        private final String file;
        private final int line;
        private int pos;

        Parser(String s, String file, int line) {
            this.s = s;
            this.file = file;
            this.line = line;
        }

        MailboxDeclaration declaration() throws HxeFormatException {
            Map<String, Object> fields = new LinkedHashMap<>();
            skipSpace();
            while (pos < s.length()) {
                String key = identifier();
                if (key.isEmpty()) {
                    throw error(file, line, "pragma", "expected a field name at column " + (pos + 1) + " of the arguments");
                }
                if (!List.of("target", "capacity", "mode", "mode_mask", "owner_pid").contains(key)) {
                    throw error(file, line, key, "unknown field (known: target, capacity, mode, mode_mask, owner_pid)");
                }
                skipSpace();
                if (pos >= s.length() || s.charAt(pos) != '=') {
                    throw error(file, line, key, "expected '=' after the field name");
                }
                pos++;
                skipSpace();
                Object value = value(key);
                if (fields.put(key, value) != null) {
                    throw error(file, line, key, "given twice");
                }
                skipSpace();
                if (pos < s.length()) {
                    if (s.charAt(pos) != ',') {
                        throw error(file, line, key, "expected ',' or ')' after the value");
                    }
                    pos++;
                    skipSpace();
                }
            }
            Object target = fields.get("target");
            if (target == null) {
                throw error(file, line, "target", "is required");
            }
            if (!(target instanceof String t)) {
                throw error(file, line, "target", "must be a string in double quotes");
            }
            String p = DeclarationRules.targetProblem(t);
            if (p != null) {
                throw error(file, line, "target", p);
            }
            int capacity = (int) number(fields, "capacity", DeclarationRules.MAX_U16, 0);
            if (fields.containsKey("mode") && fields.containsKey("mode_mask")) {
                throw error(file, line, "mode", "give either mode or mode_mask, not both");
            }
            int mode = Mbx.MODE_RDWR;
            if (fields.containsKey("mode")) {
                Object m = fields.get("mode");
                String names = m instanceof Bare bare ? bare.names() : m instanceof String q ? q : null;
                if (names == null) {
                    throw error(file, line, "mode", "must be mode names joined by '|' (use mode_mask for a number)");
                }
                try {
                    mode = DeclarationRules.parseMode(names);
                } catch (IllegalArgumentException e) {
                    throw error(file, line, "mode", e.getMessage());
                }
            } else if (fields.containsKey("mode_mask")) {
                mode = (int) number(fields, "mode_mask", DeclarationRules.MAX_MODE, 0);
            }
            Integer owner = fields.containsKey("owner_pid")
                    ? (int) number(fields, "owner_pid", DeclarationRules.MAX_U16, 0) : null;
            return new MailboxDeclaration(t, capacity, mode, owner, List.of(), null);
        }

        private long number(Map<String, Object> fields, String key, long max, long dflt) throws HxeFormatException {
            Object v = fields.get(key);
            if (v == null) {
                return dflt;
            }
            if (!(v instanceof Long n)) {
                throw error(file, line, key, "must be an integer");
            }
            String p = DeclarationRules.rangeProblem(n, max);
            if (p != null) {
                throw error(file, line, key, p);
            }
            return n;
        }

        /** Unquoted mode names such as {@code RDWR|FANOUT}; only {@code mode} accepts them. */
        private record Bare(String names) {}

        /** A quoted string (String), an integer (Long) or bare mode names (Bare). */
        private Object value(String key) throws HxeFormatException {
            if (pos >= s.length()) {
                throw error(file, line, key, "missing value");
            }
            char c = s.charAt(pos);
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                pos++;
                while (pos < s.length() && s.charAt(pos) != '"') {
                    char ch = s.charAt(pos++);
                    if (ch == '\\') {
                        if (pos >= s.length()) {
                            break;
                        }
                        ch = s.charAt(pos++);
                        if (ch != '"' && ch != '\\') {
                            throw error(file, line, key, "unsupported escape '\\" + ch + "' in string");
                        }
                    }
                    sb.append(ch);
                }
                if (pos >= s.length()) {
                    throw error(file, line, key, "unterminated string");
                }
                pos++;
                return sb.toString();
            }
            if (c == '-' || Character.isDigit(c)) {
                int start = pos;
                pos++;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)))) {
                    pos++;
                }
                String lit = s.substring(start, pos);
                try {
                    boolean hex = lit.startsWith("0x") || lit.startsWith("0X");
                    // C suffixes (96u, 96UL) are allowed and mean nothing here.
                    String digits = (hex ? lit.substring(2) : lit).replaceFirst("(?i)[ul]+$", "");
                    long v = Long.parseLong(digits, hex ? 16 : 10);
                    return v;
                } catch (NumberFormatException e) {
                    throw error(file, line, key, "'" + lit + "' is not an integer");
                }
            }
            if (Character.isLetter(c) || c == '_') {
                StringBuilder sb = new StringBuilder();
                while (true) {
                    String name = identifier();
                    if (name.isEmpty()) {
                        throw error(file, line, key, "expected a mode name after '|'");
                    }
                    sb.append(name);
                    skipSpace();
                    if (pos < s.length() && s.charAt(pos) == '|') {
                        sb.append('|');
                        pos++;
                        skipSpace();
                    } else {
                        break;
                    }
                }
                return new Bare(sb.toString());
            }
            throw error(file, line, key, "expected a string, an integer or mode names, got '" + c + "'");
        }

        private String identifier() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }
}

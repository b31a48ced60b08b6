package org.hsxmbx.codegen;

/** Small helpers for writing C source text. */
final class CText {
    private CText() {}

    /** A C string literal for printable ASCII text (the only text the generator embeds). */
    static String literal(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '?' -> sb.append("\\?"); // no trigraphs
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        sb.append(String.format("\\%03o", (int) c & 0xFF));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Text safe inside a C block comment. */
    static String comment(String s) {
        return s.replace("*/", "* /").replace("/*", "/ *");
    }

    /** A C identifier made from a board id ({@code mps2-an386} -> {@code mps2_an386}). */
    static String ident(String s) {
        return s.replaceAll("[^A-Za-z0-9_]", "_");
    }
}

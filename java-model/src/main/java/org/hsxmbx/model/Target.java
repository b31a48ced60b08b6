package org.hsxmbx.model;

/**
 * A resolved target (contract section 3): the descriptor key plus whether the text named an
 * owner explicitly with {@code @N} or {@code pid:N} (for the access rules).
 *
 * @param owner -1 for ownerless (app: without @, shared:)
 */
record Target(int namespace, String name, int owner, boolean explicitOwner) {

    /** The key that identifies a descriptor. */
    record Key(int namespace, String name, int owner) {}

    Key key() {
        return new Key(namespace, name, owner);
    }

    /** Bytes this name takes in the name pool: PID descriptors store none. */
    int nameBytes() {
        return namespace == Mbx.NS_PID ? 0 : name.length();
    }

    /**
     * Resolves {@code text} for caller {@code pid}. Returns null when the text is malformed
     * (INVALID_ARGUMENT): empty, longer than 32 bytes, not printable ASCII, a bad number or an
     * empty name.
     */
    static Target parse(int pid, String text) {
        if (text == null || text.isEmpty() || text.length() > Mbx.MAX_TARGET_BYTES) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return null;
            }
        }
        if (text.startsWith("pid:")) {
            String n = text.substring(4);
            if (n.isEmpty()) {
                return new Target(Mbx.NS_PID, "pid:" + pid, pid, false);
            }
            int owner = number(n);
            return owner < 0 ? null : new Target(Mbx.NS_PID, "pid:" + owner, owner, true);
        }
        int ns;
        String rest;
        if (text.startsWith("svc:")) {
            ns = Mbx.NS_SVC;
            rest = text.substring(4);
        } else if (text.startsWith("app:")) {
            ns = Mbx.NS_APP;
            rest = text.substring(4);
        } else if (text.startsWith("shared:")) {
            ns = Mbx.NS_SHARED;
            rest = text.substring(7);
        } else {
            ns = Mbx.NS_SVC;
            rest = text;
        }
        int at = rest.lastIndexOf('@');
        String name = at < 0 ? rest : rest.substring(0, at);
        int explicit = -1;
        if (at >= 0) {
            explicit = number(rest.substring(at + 1));
            if (explicit < 0) {
                return null;
            }
        }
        if (name.isEmpty()) {
            return null;
        }
        return switch (ns) {
            case Mbx.NS_SVC -> new Target(ns, name, explicit >= 0 ? explicit : pid, explicit >= 0);
            case Mbx.NS_APP -> new Target(ns, name, explicit, explicit >= 0);
            default -> new Target(ns, name, -1, false);
        };
    }

    /** Decimal 0..65535, 1..5 digits, no sign; -1 if malformed. */
    private static int number(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 0xFFFF ? v : -1;
    }
}

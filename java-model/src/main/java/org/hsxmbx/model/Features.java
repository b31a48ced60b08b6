package org.hsxmbx.model;

/**
 * Compile-time features of a profile. In C each one removes code when off; the Java model
 * rejects what the C build could not do, so both still agree.
 */
public record Features(boolean fanout, boolean taps, boolean events, boolean timeouts, boolean stdio, boolean loader) {
    /** The C limits struct's feature bits (HSX_MBX_FEAT_* in the generated constants header), in order. */
    public static final java.util.Map<String, Integer> BITS = bitTable();

    public static final Features ALL = new Features(true, true, true, true, true, true);
    /** The minimal build of the budget table: single-reader, no taps, no events, no loader. */
    public static final Features MINIMAL = new Features(false, false, false, true, true, false);

    private static java.util.Map<String, Integer> bitTable() {
        java.util.Map<String, Integer> m = new java.util.LinkedHashMap<>();
        m.put("FANOUT", 0x01);
        m.put("TAPS", 0x02);
        m.put("EVENTS", 0x04);
        m.put("TIMEOUTS", 0x08);
        m.put("STDIO", 0x10);
        m.put("LOADER", 0x20);
        m.put("INTROSPECTION", 0x40);
        m.put("SVC", 0x80);
        m.put("LOADER_JSON", 0x100);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * These features as HSX_MBX_FEAT_* bits. Introspection and the SVC dispatcher are always
     * on here, and the JSON encoding with the loader: profiles have no switch for them yet.
     */
    public int bits() {
        return (fanout ? BITS.get("FANOUT") : 0) | (taps ? BITS.get("TAPS") : 0) | (events ? BITS.get("EVENTS") : 0)
                | (timeouts ? BITS.get("TIMEOUTS") : 0) | (stdio ? BITS.get("STDIO") : 0)
                | (loader ? BITS.get("LOADER") | BITS.get("LOADER_JSON") : 0) | BITS.get("INTROSPECTION")
                | BITS.get("SVC");
    }
}

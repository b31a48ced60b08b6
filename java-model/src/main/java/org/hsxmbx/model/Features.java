package org.hsxmbx.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compile-time features of a profile. In C each one removes code when off; the Java model
 * rejects what the C build could not do, so both still agree (decisions.md, "Features that are
 * off"). {@code loaderJson} needs {@code loader}.
 */
public record Features(boolean fanout, boolean taps, boolean events, boolean timeouts, boolean stdio, boolean loader,
                       boolean introspection, boolean svc, boolean loaderJson) {

    /** One feature: its profile JSON key and its HSX_MBX_FEAT_* bit, in header order. */
    public enum Feature {
        FANOUT(0x01),
        TAPS(0x02),
        EVENTS(0x04),
        TIMEOUTS(0x08),
        STDIO(0x10),
        LOADER(0x20),
        /** stats, task_info, desc_snapshot, tap_snapshot */
        INTROSPECTION(0x40),
        /** the module 0x05 register dispatcher */
        SVC(0x80),
        /** the JSON encoding of the {@code .mailbox} section; needs LOADER */
        LOADER_JSON(0x100);

        private final int bit;

        Feature(int bit) {
            this.bit = bit;
        }

        public int bit() {
            return bit;
        }

        /** The profile JSON key and the name in reports: {@code loader_json}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The feature of a profile JSON key, or null. */
        public static Feature ofKey(String key) {
            for (Feature f : values()) {
                if (f.key().equals(key)) {
                    return f;
                }
            }
            return null;
        }

        /** The keys joined by ", " (messages). */
        public static String keys() {
            StringBuilder b = new StringBuilder();
            for (Feature f : values()) {
                b.append(b.length() == 0 ? "" : ", ").append(f.key());
            }
            return b.toString();
        }
    }

    /** The C limits struct's feature bits (HSX_MBX_FEAT_* in the generated constants header), in order. */
    public static final Map<String, Integer> BITS = bitTable();

    public static final Features ALL = of(EnumSet.allOf(Feature.class));
    /**
     * The minimal build of the budget table (boards-and-budgets.md): single-reader, no taps, no
     * events, no loader, no introspection, no SVC dispatcher; timeouts and stdio stay.
     */
    public static final Features MINIMAL = of(EnumSet.of(Feature.TIMEOUTS, Feature.STDIO));

    public Features {
        if (loaderJson && !loader) {
            throw new ProfileException("features.loader_json", "needs loader (loader is false)");
        }
    }

    private static Map<String, Integer> bitTable() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Feature f : Feature.values()) {
            m.put(f.name(), f.bit());
        }
        return Collections.unmodifiableMap(m);
    }

    /** The features in {@code on}, the others off. */
    public static Features of(Set<Feature> on) {
        return new Features(on.contains(Feature.FANOUT), on.contains(Feature.TAPS), on.contains(Feature.EVENTS),
                on.contains(Feature.TIMEOUTS), on.contains(Feature.STDIO), on.contains(Feature.LOADER),
                on.contains(Feature.INTROSPECTION), on.contains(Feature.SVC), on.contains(Feature.LOADER_JSON));
    }

    public boolean has(Feature f) {
        return switch (f) {
            case FANOUT -> fanout;
            case TAPS -> taps;
            case EVENTS -> events;
            case TIMEOUTS -> timeouts;
            case STDIO -> stdio;
            case LOADER -> loader;
            case INTROSPECTION -> introspection;
            case SVC -> svc;
            case LOADER_JSON -> loaderJson;
        };
    }

    /** The features that are on, in header order. */
    public Set<Feature> on() {
        EnumSet<Feature> s = EnumSet.noneOf(Feature.class);
        for (Feature f : Feature.values()) {
            if (has(f)) {
                s.add(f);
            }
        }
        return s;
    }

    /** These features with {@code off} switched off (LOADER takes LOADER_JSON with it). */
    public Features without(Feature... off) {
        Set<Feature> s = on();
        for (Feature f : off) {
            s.remove(f);
            if (f == Feature.LOADER) {
                s.remove(Feature.LOADER_JSON);
            }
        }
        return of(s);
    }

    /** These features with {@code f} switched on too. */
    public Features with(Feature f) {
        Set<Feature> s = on();
        s.add(f);
        return of(s);
    }

    /** These features as HSX_MBX_FEAT_* bits. */
    public int bits() {
        int b = 0;
        for (Feature f : on()) {
            b |= f.bit();
        }
        return b;
    }
}

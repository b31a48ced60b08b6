package org.hsxmbx.codegen;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hsxmbx.model.Features;

/**
 * The features of {@link Features} by their profile JSON keys ({@code fanout}, ...,
 * {@code loader_json}), in header order ({@link Features.Feature}). Everything here iterates
 * {@link Features.Feature}, so a feature added there appears in the build report, the feature
 * shares and the JSON documents without further edits.
 */
public final class FeatureText {
    private FeatureText() {}

    /** Every feature's key, in header order. */
    public static List<String> names() {
        return EnumSet.allOf(Features.Feature.class).stream().map(Features.Feature::key).toList();
    }

    /** The keys of the features that are on, in header order. */
    public static List<String> on(Features f) {
        return f.on().stream().map(Features.Feature::key).toList();
    }

    /** The keys of the features that are on (the name jsplit's callers use). */
    static List<String> keys(Features f) {
        return on(f);
    }

    /** Features as text: the keys of those on, space-separated, or {@code (none)}. */
    public static String describe(Features f) {
        List<String> on = on(f);
        return on.isEmpty() ? "(none)" : String.join(" ", on);
    }

    /** Whether feature {@code key} is on in {@code f}. */
    public static boolean isOn(Features f, String key) {
        return f.has(feature(key));
    }

    /** The features with exactly {@code on} (keys) switched on. */
    public static Features of(Collection<String> on) {
        Set<Features.Feature> s = EnumSet.noneOf(Features.Feature.class);
        for (String k : on) {
            s.add(feature(k));
        }
        return Features.of(s);
    }

    /** The HSX_MBX_FEAT_* bit of feature {@code key}. */
    public static int bit(String key) {
        return feature(key).bit();
    }

    /** The keys of the features whose bits are set in {@code bits}, in header order. */
    public static List<String> fromBits(int bits) {
        return names().stream().filter(n -> (bits & bit(n)) != 0).toList();
    }

    private static Features.Feature feature(String key) {
        Features.Feature f = Features.Feature.ofKey(key);
        if (f == null) {
            throw new IllegalArgumentException("unknown feature '" + key + "' (known: " + Features.Feature.keys() + ")");
        }
        return f;
    }
}

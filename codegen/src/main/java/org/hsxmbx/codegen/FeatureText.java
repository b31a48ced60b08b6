package org.hsxmbx.codegen;

import java.util.ArrayList;
import java.util.List;
import org.hsxmbx.model.Features;

/** Features as text: the keys of the features that are on, in header order ({@code fanout taps ...}). */
final class FeatureText {
    private FeatureText() {}

    static String describe(Features f) {
        List<String> on = keys(f);
        return on.isEmpty() ? "(none)" : String.join(" ", on);
    }

    /** The profile keys of the features that are on, in header order. */
    static List<String> keys(Features f) {
        List<String> on = new ArrayList<>();
        for (Features.Feature x : f.on()) {
            on.add(x.key());
        }
        return on;
    }
}

package org.hsxmbx.codegen;

import java.util.ArrayList;
import java.util.List;
import org.hsxmbx.model.Features;

/** Features as text: {@code fanout taps events timeouts stdio loader} minus the ones that are off. */
final class FeatureText {
    private FeatureText() {}

    static String describe(Features f) {
        List<String> on = new ArrayList<>();
        if (f.fanout()) {
            on.add("fanout");
        }
        if (f.taps()) {
            on.add("taps");
        }
        if (f.events()) {
            on.add("events");
        }
        if (f.timeouts()) {
            on.add("timeouts");
        }
        if (f.stdio()) {
            on.add("stdio");
        }
        if (f.loader()) {
            on.add("loader");
        }
        return on.isEmpty() ? "(none)" : String.join(" ", on);
    }
}

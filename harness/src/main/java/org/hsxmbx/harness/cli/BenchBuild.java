package org.hsxmbx.harness.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark builds: the embedded profile with all features (every send and recv recorded
 * as an event), the same firmware with the event mask set to 0 at start, and the minimal
 * features (no fan-out, so no {@code fanout4} figure).
 */
enum BenchBuild {
    ALL("all", "all", false),
    ALL_EVENTS_OFF("all-events-off", "all", true),
    MINIMAL("minimal", "minimal", false);

    private final String id;
    private final String features;
    private final boolean eventsOff;

    BenchBuild(String id, String features, boolean eventsOff) {
        this.id = id;
        this.features = features;
        this.eventsOff = eventsOff;
    }

    /** The {@code --builds} name. */
    String id() {
        return id;
    }

    /** The {@code --features} set the configuration is generated with. */
    String features() {
        return features;
    }

    /** Whether bench_main.c sets the event mask to 0 at start (BENCH_EVENTS_OFF=1). */
    boolean eventsOff() {
        return eventsOff;
    }

    /** What the firmware's {@code bench build} line must say: fanout, events, events_off digits. */
    String firmwareLine() {
        boolean all = "all".equals(features);
        return (all ? "1" : "0") + (all ? "1" : "0") + (eventsOff ? "1" : "0");
    }

    /** The operations measured, in the firmware's order. */
    List<String> ops() {
        return "all".equals(features) ? List.of("pair", "fanout4", "open_close", "wake")
                : List.of("pair", "open_close", "wake");
    }

    /** Parses a comma-separated list of build names, in the given order, without repeats. */
    static List<BenchBuild> parseList(String csv) {
        List<BenchBuild> out = new ArrayList<>();
        for (String s : csv.split(",", -1)) {
            BenchBuild b = byId(s.strip());
            if (out.contains(b)) {
                throw new IllegalArgumentException("--builds: '" + b.id + "' given twice");
            }
            out.add(b);
        }
        return out;
    }

    private static BenchBuild byId(String s) {
        for (BenchBuild b : values()) {
            if (b.id.equals(s)) {
                return b;
            }
        }
        throw new IllegalArgumentException("--builds: unknown build '" + s + "' (known: all, all-events-off,"
                + " minimal)");
    }
}

package org.hsxmbx.codegen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.hsxmbx.model.Features;
import org.hsxmbx.model.Profile;

/**
 * The runtime flash each feature of a build costs, measured: the firmware is built again with
 * every optional feature off, then with the profile's features switched on one at a time in
 * the order of docs/boards.md's cost table (timeouts, stdio, fan-out, taps, events, loader),
 * each figure the same link-map measure as the budget's "runtime flash" line. The SVC
 * dispatcher and the introspection calls are in every step (the firmware keeps the whole API).
 */
public final class FeatureCosts {
    private FeatureCosts() {}

    /** One build of the series: the feature it added (null for the core), the features on, the runtime flash. */
    public record Step(String added, String features, long flashBytes) {}

    private static final String[] ORDER = {"timeouts", "stdio", "fanout", "taps", "events", "loader"};

    public static List<Step> measure(FirmwareSpec spec, Path repoRoot, Path workDir, Consumer<String> progress) {
        Features want = spec.profile().features();
        List<String> series = new ArrayList<>();
        for (String f : ORDER) {
            if (on(want, f)) {
                series.add(f);
            }
        }
        List<Step> out = new ArrayList<>();
        List<String> enabled = new ArrayList<>();
        for (int i = 0; i <= series.size(); i++) {
            String added = i == 0 ? null : series.get(i - 1);
            if (added != null) {
                enabled.add(added);
            }
            Features f = features(enabled);
            Profile p = spec.profile().withFeatures(spec.profile().name(), f);
            // without the declared mailboxes: they may need a feature of a later step, and are not runtime code
            FirmwareSpec s = new FirmwareSpec(spec.board(), p, spec.profileLabel(), "profile", MailboxSource.NONE);
            progress.accept("feature cost " + (i + 1) + "/" + (series.size() + 1) + ": "
                    + (added == null ? "core" : "+ " + added));
            FirmwareBuild.Result r = FirmwareBuild.build(s, repoRoot, workDir.resolve("step-" + i), x -> { });
            out.add(new Step(added, FeatureText.describe(f), r.sizes().items().get(0).measured()));
        }
        return out;
    }

    private static boolean on(Features f, String name) {
        return switch (name) {
            case "timeouts" -> f.timeouts();
            case "stdio" -> f.stdio();
            case "fanout" -> f.fanout();
            case "taps" -> f.taps();
            case "events" -> f.events();
            case "loader" -> f.loader();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Features features(List<String> on) {
        return new Features(on.contains("fanout"), on.contains("taps"), on.contains("events"), on.contains("timeouts"),
                on.contains("stdio"), on.contains("loader"));
    }
}

package org.hsxmbx.codegen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.hsxmbx.model.Features;
import org.hsxmbx.model.Profile;

/**
 * The runtime flash each feature of a build costs, measured: the firmware is built again with
 * every optional feature off, then with the profile's features switched on one at a time in
 * the order of docs/boards.md's cost table (timeouts, stdio, fan-out, taps, events,
 * introspection, SVC dispatcher, loader, its JSON encoding), each figure the same link-map
 * measure as the budget's "runtime flash" line.
 */
public final class FeatureCosts {
    private FeatureCosts() {}

    /** One build of the series: the feature it added (null for the core), the features on, the runtime flash. */
    public record Step(String added, String features, long flashBytes) {}

    private static final List<Features.Feature> ORDER = List.of(Features.Feature.TIMEOUTS, Features.Feature.STDIO,
            Features.Feature.FANOUT, Features.Feature.TAPS, Features.Feature.EVENTS, Features.Feature.INTROSPECTION,
            Features.Feature.SVC, Features.Feature.LOADER, Features.Feature.LOADER_JSON);

    public static List<Step> measure(FirmwareSpec spec, Path repoRoot, Path workDir, Consumer<String> progress) {
        Features want = spec.profile().features();
        List<Features.Feature> series = new ArrayList<>();
        for (Features.Feature f : ORDER) {
            if (want.has(f)) {
                series.add(f);
            }
        }
        List<Step> out = new ArrayList<>();
        EnumSet<Features.Feature> enabled = EnumSet.noneOf(Features.Feature.class);
        for (int i = 0; i <= series.size(); i++) {
            Features.Feature added = i == 0 ? null : series.get(i - 1);
            if (added != null) {
                enabled.add(added);
            }
            Features f = Features.of(enabled);
            Profile p = spec.profile().withFeatures(spec.profile().name(), f);
            // without the declared mailboxes: they may need a feature of a later step, and are not runtime code
            FirmwareSpec s = new FirmwareSpec(spec.board(), p, spec.profileLabel(), "profile", MailboxSource.NONE);
            progress.accept("feature cost " + (i + 1) + "/" + (series.size() + 1) + ": "
                    + (added == null ? "core" : "+ " + added.key()));
            FirmwareBuild.Result r = FirmwareBuild.build(s, repoRoot, workDir.resolve("step-" + i), x -> { });
            out.add(new Step(added == null ? null : added.key(), FeatureText.describe(f), r.sizes().items().get(0).measured()));
        }
        return out;
    }
}

package org.hsxmbx.codegen;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.hsxmbx.model.Profile;

/**
 * Each feature's share of the runtime flash, measured: the firmware is built again with every
 * optional feature off (the core), then with the build's features switched on one at a time
 * in the order of {@link org.hsxmbx.model.Features}'s components, each figure the same
 * link-map measure as the budget's "runtime flash" line. The last step is the build itself,
 * so the shares add up to its runtime flash: with declared mailboxes, a last step
 * {@value #DECLARED} (their pre-initialised records and the code of init that copies them, which
 * the runtime compiles only for them) takes the build's own figure. A feature's share is what adding it cost at its
 * place in that order (code shared with a later feature is counted where it first appears).
 */
public final class FeatureCosts {
    private FeatureCosts() {}

    /** The last step's name when the build declares mailboxes. */
    public static final String DECLARED = "declared mailboxes";

    /** One build of the series: the feature it added (null for the core), the features on, the runtime flash. */
    public record Step(String added, String features, long flashBytes) {}

    /** The series for {@code spec}'s features, built under {@code workDir/step-N}; {@code build} is spec's own build. */
    public static List<Step> measure(FirmwareSpec spec, FirmwareBuild.Result build, Path repoRoot, Path workDir,
                                     Consumer<String> progress) {
        List<String> series = FeatureText.on(spec.profile().features());
        List<Step> out = new ArrayList<>();
        List<String> enabled = new ArrayList<>();
        for (int i = 0; i <= series.size(); i++) {
            String added = i == 0 ? null : series.get(i - 1);
            if (added != null) {
                enabled.add(added);
            }
            Profile p = spec.profile().withFeatures(spec.profile().name(), FeatureText.of(enabled));
            // without the declared mailboxes: they may need a feature of a later step, and are not runtime
            // code; the build's feature set, so that what it decides beyond Features (the SVC dispatcher of
            // Generator.svcEnabled) is the same in every step and the last step is the build itself
            FirmwareSpec s = new FirmwareSpec(spec.board(), p, spec.profileLabel(), spec.featureSet(),
                    MailboxSource.NONE);
            progress.accept("feature share " + (i + 1) + "/" + (series.size() + 1) + ": "
                    + (added == null ? "core" : "+ " + added));
            FirmwareBuild.Result r = FirmwareBuild.build(s, repoRoot, workDir.resolve("step-" + i), x -> { });
            out.add(new Step(added, FeatureText.describe(p.features()), r.sizes().items().get(0).measured()));
        }
        if (!spec.mailboxes().declarations().isEmpty()) {
            out.add(new Step(DECLARED, FeatureText.describe(spec.profile().features()),
                    build.sizes().items().get(0).measured()));
        }
        return out;
    }

    /** The series as the text beside the budget table. */
    public static String render(List<Step> steps, long budgetBytes) {
        long total = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).flashBytes();
        StringBuilder sb = new StringBuilder();
        sb.append("runtime flash per feature (rebuilt from the core, adding one feature at a time):\n");
        long prev = 0;
        for (Step s : steps) {
            long delta = s.flashBytes() - prev;
            sb.append(String.format(Locale.ROOT, "  %-36s %6s B  %5.1f%% of the runtime  %5.1f%% of the budget%n",
                    s.added() == null ? "core (every optional feature off)" : "+ " + s.added(),
                    (s.added() == null ? "" : "+") + delta, percent(delta, total), percent(delta, budgetBytes)));
            prev = s.flashBytes();
        }
        sb.append(String.format(Locale.ROOT, "  %-36s %6d B  budget %6d B%n", "= runtime flash", total, budgetBytes));
        return sb.toString();
    }

    /** The series as JSON: method, budget and one entry per step with its flash, share and percentages. */
    public static ObjectNode toJson(List<Step> steps, long budgetBytes) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("method", "the firmware rebuilt with the optional features off, then the build's features on one at a"
                + " time; each figure is the link-map runtime flash of that build");
        o.put("budget_bytes", budgetBytes);
        long total = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).flashBytes();
        o.put("total_bytes", total);
        ArrayNode a = o.putArray("steps");
        long prev = 0;
        for (Step s : steps) {
            ObjectNode n = a.addObject();
            n.put("feature", s.added() == null ? "core" : s.added());
            n.put("features_on", s.features());
            n.put("flash_bytes", s.flashBytes());
            n.put("delta_bytes", s.flashBytes() - prev);
            n.put("share_percent", Math.round(percent(s.flashBytes() - prev, total) * 10) / 10.0);
            prev = s.flashBytes();
        }
        return o;
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0.0 : 100.0 * part / whole;
    }
}

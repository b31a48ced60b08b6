package org.hsxmbx.harness.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.hsxmbx.codegen.Board;
import org.hsxmbx.codegen.BuildModel;
import org.hsxmbx.codegen.CodegenException;
import org.hsxmbx.codegen.FeatureCosts;
import org.hsxmbx.codegen.FirmwareBuild;
import org.hsxmbx.codegen.FirmwareSpec;
import org.hsxmbx.harness.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./hsxmbx build}: generate, cross-compile, and check the mailbox budget. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Generate, cross-compile and check the firmware against the board's mailbox budget.",
            "Builds with CMake and the board's cross toolchain, then prints the runtime's flash,",
            "static SRAM, descriptor size and deepest stack against the budget (docs/boards.md),",
            "the whole image's flash and SRAM against the part's memory, and each feature's share",
            "of the runtime flash (the firmware rebuilt from the core adding one feature at a time).",
            "Exit 0 within budget, 1 over budget, 2 on bad input or a failed build."})
final class BuildCommand implements Callable<Integer> {
    @Mixin
    FirmwareOptions opts;

    @Option(names = "--features", paramLabel = "SET",
            description = "all, minimal (timeouts and stdio only: no fan-out, taps, events, introspection, SVC"
                    + " or loader), or a comma-separated list of the features on (fanout, taps, events, timeouts,"
                    + " stdio, loader, introspection, svc, loader_json); replaces the profile's; default: the profile's")
    String features;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: build/firmware/<board>)")
    Path out;

    @Option(names = "--json", description = "print one JSON document (schema hsxmbx.build/1, docs/usage.md) instead"
            + " of the text report")
    boolean json;

    @Option(names = "--report", paramLabel = "DIR", description = "also write an HTML report (index.html) and its"
            + " data (report.json) into DIR: flash per feature, the SRAM map, declared mailboxes, cross-checks")
    Path report;

    @Option(names = "--vectors", paramLabel = "PATH", description = "vectors the report's cross-check runs on every"
            + " backend (default: testvectors of the checkout)")
    Path vectors;

    @Option(names = "--verify-result", paramLabel = "FILE", description = "take the report's cross-check from a"
            + " './hsxmbx verify --json' document instead of running the vectors")
    Path verifyResult;

    @Override
    public Integer call() {
        try (Progress p = Progress.start("build")) {
            FirmwareSpec spec;
            FirmwareBuild.Result r;
            List<FeatureCosts.Step> shares;
            Path dir;
            try {
                Board b = opts.loadBoard();
                spec = opts.spec(b, features);
                dir = out != null ? out : opts.defaultOut();
                if (report != null) {
                    Report.checkOptions(report, verifyResult);
                }
                r = FirmwareBuild.build(spec, opts.repoRoot(), dir, p::update);
                shares = FeatureCosts.measure(spec, opts.repoRoot(), dir.resolve("feature-shares"), p::update);
            } catch (CodegenException | IllegalArgumentException e) {
                return fail(e.getMessage());
            }
            int code = r.sizes().overBudget() ? 1 : 0;
            ObjectNode doc = BuildModel.of(spec, r);
            long flashBudget = r.sizes().items().get(0).budget();
            doc.set("feature_shares", FeatureCosts.toJson(shares, flashBudget));
            doc.put("exit", code);
            if (report != null) {
                try {
                    Path page = Report.write(report, spec, r, doc.deepCopy(), opts.repoRoot(),
                            vectors != null ? vectors : opts.repoRoot().resolve("testvectors"), verifyResult, p::update);
                    doc.put("report", page.toString());
                    if (!json) {
                        System.err.println("hsxmbx build: wrote " + page);
                    }
                } catch (CodegenException | IllegalArgumentException e) {
                    return fail("--report " + report + ": " + e.getMessage());
                }
            }
            p.close();
            if (json) {
                System.out.println(Json.pretty(doc));
                return code;
            }
            System.out.println("built " + r.elf());
            System.out.print(r.sizes().render());
            System.out.print(FeatureCosts.render(shares, flashBudget));
            if (r.sizes().overBudget()) {
                System.out.println("OVER BUDGET");
            }
            return code;
        }
    }

    private int fail(String message) {
        System.err.println("hsxmbx build: " + message);
        if (json) {
            ObjectNode doc = Json.object();
            doc.put("schema", BuildModel.SCHEMA);
            doc.put("error", message);
            doc.put("exit", 2);
            System.out.println(Json.pretty(doc));
        }
        return 2;
    }
}

package org.hsxmbx.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hsxmbx.codegen.CodegenException;
import org.hsxmbx.codegen.DeclaredPlan;
import org.hsxmbx.codegen.FeatureCosts;
import org.hsxmbx.codegen.FirmwareBuild;
import org.hsxmbx.codegen.FirmwareSpec;
import org.hsxmbx.harness.vector.Backend;
import org.hsxmbx.harness.vector.Backends;

/**
 * {@code ./hsxmbx build --report DIR}: the report's data as one JSON model ({@value #SCHEMA},
 * {@code DIR/report.json}) and a self-contained HTML page drawn from that model alone
 * ({@code DIR/index.html}, inline SVG, no scripts, no external resources). Backends are a list
 * in the model, so emulated firmware backends appear as further entries.
 */
public final class Report {
    public static final String SCHEMA = "hsxmbx.report/1";
    public static final String PAGE = "index.html";
    public static final String DATA = "report.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Descriptive names of the runtime's storage symbols (firmware-c/src/hsx_mbx_state.c). */
    static final Map<String, String> REGIONS = Map.ofEntries(
            Map.entry("hsx_mbx__desc", "descriptors"), Map.entry("hsx_mbx__handle", "handles"),
            Map.entry("hsx_mbx__task", "tasks"), Map.entry("hsx_mbx__ev", "event ring"),
            Map.entry("hsx_mbx__arena", "message arena"), Map.entry("hsx_mbx__names", "name pool"),
            Map.entry("hsx_mbx__tap", "taps"), Map.entry("hsx_mbx__fan", "fan-out reader counts"),
            Map.entry("g_ld", "loader scratch"), Map.entry("g_svc", "SVC scratch"));

    private Report() {}

    /** Checks the options before the build runs; a problem is an IllegalArgumentException. */
    public static void checkOptions(Path dir, Path verifyResult) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--report " + dir + ": not a directory");
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("--report " + dir + ": directory '" + parent
                    + "' does not exist (create it first)");
        }
        if (verifyResult != null && !Files.isRegularFile(verifyResult)) {
            throw new IllegalArgumentException("--verify-result " + verifyResult + ": no such file");
        }
    }

    /**
     * Measures what the report shows beyond the build (feature costs, declared mailboxes,
     * cross-checks) and writes the page and its data; returns the page.
     */
    public static Path write(Path dir, FirmwareSpec spec, FirmwareBuild.Result build, ObjectNode buildDoc,
                             Path repoRoot, Path vectors, Path verifyResult, Path outDir, Consumer<String> progress) {
        ObjectNode model = JSON.createObjectNode();
        model.put("schema", SCHEMA);
        model.set("build", buildDoc);
        List<FeatureCosts.Step> costs = FeatureCosts.measure(spec, repoRoot, outDir.resolve("report-costs"), progress);
        model.set("feature_costs", costs(spec, costs));
        model.set("sram_map", sramMap(build));
        model.set("declared_mailboxes", declared(DeclaredPlan.of(spec)));
        progress.accept("cross-check");
        Path shown = vectors.toAbsolutePath().normalize();
        Path base = repoRoot.toAbsolutePath().normalize();
        model.set("cross_check", crossCheck(shown.startsWith(base) ? base.relativize(shown) : vectors, verifyResult,
                base, progress));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(DATA), JSON.writeValueAsString(model) + "\n", StandardCharsets.UTF_8);
            Path page = dir.resolve(PAGE);
            Files.writeString(page, ReportPage.render(model), StandardCharsets.UTF_8);
            return page;
        } catch (IOException e) {
            throw new CodegenException("cannot write the report: " + e.getMessage(), e);
        }
    }

    static ObjectNode costs(FirmwareSpec spec, List<FeatureCosts.Step> steps) {
        ObjectNode o = JSON.createObjectNode();
        o.put("method", "the firmware rebuilt with the optional features off, then the profile's features on one at a"
                + " time; each figure is the link-map runtime flash of that build");
        o.put("budget_all_bytes", spec.board().budget().runtimeFlashAllBytes());
        o.put("budget_minimal_bytes", spec.board().budget().runtimeFlashMinimalBytes());
        ArrayNode a = o.putArray("steps");
        long prev = 0;
        for (FeatureCosts.Step s : steps) {
            ObjectNode n = a.addObject();
            n.put("feature", s.added() == null ? "core" : s.added());
            n.put("features_on", s.features());
            n.put("flash_bytes", s.flashBytes());
            n.put("delta_bytes", s.flashBytes() - prev);
            prev = s.flashBytes();
        }
        return o;
    }

    static ObjectNode sramMap(FirmwareBuild.Result build) {
        ObjectNode o = JSON.createObjectNode();
        Map<String, Long> sym = build.generated().sram().symbols();
        o.put("arch", build.generated().sram().arch().jsonName());
        o.put("total_bytes", sym.values().stream().mapToLong(Long::longValue).sum());
        o.put("method", "SramModel: struct layouts of hsx_mbx_internal.h times the profile's counts; every symbol"
                + " checked against nm of a built firmware by SramModelTest");
        ArrayNode a = o.putArray("regions");
        long small = 0;
        for (Map.Entry<String, Long> e : sym.entrySet()) {
            String what = REGIONS.get(e.getKey());
            if (what == null) {
                small += e.getValue();
                continue;
            }
            a.addObject().put("symbol", e.getKey()).put("what", what).put("bytes", e.getValue());
        }
        a.addObject().put("symbol", "(other)").put("what", "counters and scratch").put("bytes", small);
        return o;
    }

    static ObjectNode declared(DeclaredPlan p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("arena_bytes", p.arenaBytes());
        o.put("task_arena_bytes", p.taskArenaBytes());
        ArrayNode a = o.putArray("entries");
        for (DeclaredPlan.Entry e : p.entries()) {
            ObjectNode n = a.addObject();
            n.put("target", e.target());
            n.put("capacity", e.capacity());
            n.put("arena_bytes", e.arenaBytes());
            ArrayNode b = n.putArray("bindings");
            e.bindings().forEach(b::add);
        }
        return o;
    }

    static ObjectNode crossCheck(Path vectors, Path verifyResult, Consumer<String> progress) {
        return crossCheck(vectors, verifyResult, Path.of(""), progress);
    }

    /** @param vectors the vectors, relative to {@code root} or absolute (as the page shows them) */
    static ObjectNode crossCheck(Path vectors, Path verifyResult, Path root, Consumer<String> progress) {
        VerifyResult r;
        String source;
        if (verifyResult != null) {
            JsonNode doc;
            try {
                doc = JSON.readTree(verifyResult.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException("--verify-result " + verifyResult + ": not valid JSON: "
                        + e.getMessage());
            }
            r = VerifyResult.fromJson(doc, "--verify-result " + verifyResult);
            source = verifyResult.toString();
        } else {
            List<Backend> backends = Backends.create(List.of(Backends.DEFAULT_LIST.split(",")));
            try {
                r = VerifyResult.run(backends, List.of(root.resolve(vectors)), new VerifyResult.Listener() {
                    @Override
                    public void started(int index, int total, String file) {
                        progress.accept("cross-check vector " + index + "/" + total);
                    }

                    @Override
                    public void vector(VerifyResult.VectorResult v) {}

                    @Override
                    public void error(VerifyResult.InputError e) {}
                });
            } finally {
                backends.forEach(Backend::close);
            }
            source = "verify " + vectors;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("source", source);
        o.put("reference", r.backends().get(0));
        o.put("vectors", r.vectors().size());
        o.put("input_errors", r.errors().size());
        ArrayNode a = o.putArray("backends");
        for (int i = 0; i < r.backends().size(); i++) {
            String name = r.backends().get(i);
            ObjectNode n = a.addObject();
            n.put("name", name);
            n.put("role", i == 0 ? "reference" : "compared");
            n.put("checks", i == 0 ? "expectations of every vector" : "every result identical to " + r.backends().get(0));
            long failed = r.failedOn(name);
            n.put("vectors_passed", r.vectors().size() - failed);
            n.put("vectors_failed", failed);
            ArrayNode fs = n.putArray("failures");
            for (VerifyResult.VectorResult v : r.vectors()) {
                for (VerifyResult.Failure f : v.failures()) {
                    if (f.backend().equals(name) && fs.size() < 50) {
                        fs.addObject().put("vector", v.name()).put("file", v.file()).put("message", f.message());
                    }
                }
            }
        }
        return o;
    }
}

package org.hsxmbx.codegen;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.hsxmbx.model.Profile;

/**
 * The result of a firmware build as one JSON document ({@code ./hsxmbx build --json}, schema
 * {@value #SCHEMA}, documented in docs/usage.md). Only figures the build measured; nothing is
 * copied from documentation.
 */
public final class BuildModel {
    public static final String SCHEMA = "hsxmbx.build/1";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private BuildModel() {}

    /** Stable keys of the budget items, in report order. */
    private static final String[] ITEM_KEYS = {"runtime_flash", "static_sram", "descriptor_record", "stack"};

    public static ObjectNode of(FirmwareSpec spec, FirmwareBuild.Result r) {
        SizeReport s = r.sizes();
        Board b = spec.board();
        ObjectNode o = F.objectNode();
        o.put("schema", SCHEMA);
        o.put("generator", "hsxmbx " + Generator.VERSION);
        ObjectNode board = o.putObject("board");
        board.put("id", b.id());
        board.put("arch", b.arch().jsonName());
        board.put("mcu", b.mcu());
        board.put("clock_hz", b.clockHz());
        board.put("flash_bytes", b.memory().flashBytes());
        board.put("sram_bytes", b.memory().sramBytes());
        o.set("profile", profile(spec));
        o.put("mailboxes", spec.mailboxes().label());
        o.put("elf", r.elf().toString());
        ObjectNode budget = o.putObject("budget");
        budget.put("over", s.overBudget());
        ArrayNode items = budget.putArray("items");
        for (int i = 0; i < s.items().size(); i++) {
            SizeReport.Item it = s.items().get(i);
            ObjectNode n = items.addObject();
            n.put("key", i < ITEM_KEYS.length ? ITEM_KEYS[i] : "item" + i);
            n.put("name", it.name());
            n.put("measured_bytes", it.measured());
            n.put("budget_bytes", it.budget());
            n.put("over", it.over());
            n.put("method", it.method());
        }
        StackAnalysis.Result st = s.stack();
        ObjectNode stack = o.putObject("stack");
        stack.put("entry", st.entry());
        stack.put("bytes", st.bytes());
        stack.put("bounded", st.bounded());
        if (st.problem() == null) {
            stack.putNull("problem");
        } else {
            stack.put("problem", st.problem());
        }
        ArrayNode chain = stack.putArray("chain");
        st.chain().forEach(chain::add);
        ObjectNode per = stack.putObject("per_entry");
        st.perEntry().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> per.put(e.getKey(), e.getValue()));
        SizeReport.Image img = s.image();
        ObjectNode image = o.putObject("image");
        image.put("flash_bytes", img.flashBytes());
        image.put("flash_total_bytes", img.flashTotal());
        image.put("sram_bytes", img.sramBytes());
        image.put("sram_total_bytes", img.sramTotal());
        ObjectNode sections = image.putObject("sections");
        img.sections().forEach(sections::put);
        ObjectNode sram = o.putObject("runtime_sram");
        r.generated().sram().symbols().forEach(sram::put);
        return o;
    }

    static ObjectNode profile(FirmwareSpec spec) {
        Profile p = spec.profile();
        ObjectNode n = F.objectNode();
        n.put("name", p.name());
        n.put("label", spec.profileLabel());
        n.put("feature_set", spec.featureSet());
        ArrayNode on = n.putArray("features");
        FeatureText.keys(p.features()).forEach(on::add);
        n.put("max_descriptors", p.maxDescriptors());
        n.put("max_tasks", p.maxTasks());
        n.put("arena_bytes", p.arenaBytes());
        n.put("event_ring_size", p.eventRingSize());
        n.put("name_pool_bytes", p.namePoolBytes());
        return n;
    }
}

package org.hsxmbx.harness.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.hsxmbx.codegen.FeatureText;
import org.hsxmbx.harness.vector.Step;
import org.hsxmbx.model.Features;
import org.hsxmbx.model.Profile;

/** Writes steps as a vector file (vectors.md) that {@code ./hsxmbx verify} reads back. */
final class VectorJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VectorJson() {}

    static String write(String name, Profile profile, List<Step> steps) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        if (Profile.builtin(profile.name()) == profile) {
            root.put("profile", profile.name());
        } else {
            root.set("profile", profile(profile));
        }
        ArrayNode arr = root.putArray("steps");
        for (Step s : steps) {
            arr.add(step(s));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode step(Step s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("op", s.op().wireName());
        switch (s.op()) {
            case TASK_START, TASK_EXIT -> n.put("pid", s.pid());
            case BIND -> {
                n.put("pid", s.pid()).put("target", s.target()).put("capacity", s.capacity()).put("mode", s.mode());
            }
            case OPEN -> n.put("pid", s.pid()).put("target", s.target()).put("flags", s.flags());
            case SEND -> {
                n.put("pid", s.pid()).put("handle", s.handle()).put("hex", s.payload().hex())
                        .put("flags", s.flags()).put("channel", s.channel()).put("timeout", s.timeout());
            }
            case RECV -> {
                n.put("pid", s.pid()).put("handle", s.handle()).put("max_len", s.maxLen()).put("timeout", s.timeout());
            }
            case PEEK, CLOSE -> n.put("pid", s.pid()).put("handle", s.handle());
            case TAP -> n.put("pid", s.pid()).put("handle", s.handle()).put("enable", s.enable());
            case TICK -> n.put("now_ms", s.nowMs());
            case EVENT_MASK -> n.put("pid", s.pid()).put("mask", s.mask());
            case STATS -> { }
            case SVC -> {
                n.put("pid", s.pid()).put("fn", s.fn());
                for (int i = 0; i < s.regs().size(); i++) {
                    n.put("r" + (i + 1), s.regs().get(i));
                }
            }
            case LOAD -> n.put("pid", s.pid()).put("hex", s.payload().hex()).put("entry_count", s.entryCount());
        }
        return n;
    }

    private static ObjectNode profile(Profile p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", p.name());
        n.put("max_descriptors", p.maxDescriptors());
        n.put("max_tasks", p.maxTasks());
        n.put("handle_limit_per_pid", p.handleLimitPerPid());
        n.put("default_capacity", p.defaultCapacity());
        n.put("arena_bytes", p.arenaBytes());
        n.put("tap_rate_limit", p.tapRateLimit());
        n.put("event_ring_size", p.eventRingSize());
        n.put("task_mailboxes", p.taskMailboxes());
        n.put("name_pool_bytes", p.namePoolBytes());
        n.put("max_taps", p.maxTaps());
        n.put("event_mask", p.eventMask());
        n.put("first_seq", p.firstSeq());
        ObjectNode fn = n.putObject("features");
        for (Features.Feature f : Features.Feature.values()) {
            fn.put(f.key(), p.features().has(f));
        }
        return n;
    }
}

package org.hsxmbx.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statistics, descriptor and tap snapshots and task info (contract section 8): the
 * {@code introspection} feature. Off, the call is rejected with INVALID_ARGUMENT and no event
 * (none of these calls emits mailbox_error), as the C runtime compiled without it does.
 */
final class Introspection {
    private final ServiceState s;

    Introspection(ServiceState s) {
        this.s = s;
    }

    Stats stats() {
        if (!s.features().introspection()) {
            return Stats.rejected(Status.INVALID_ARGUMENT);
        }
        long bytesUsed = 0;
        long depth = 0;
        long fanout = 0;
        long tapDepth = 0;
        List<Stats.DescriptorSnapshot> snaps = new ArrayList<>();
        for (Descriptor d : s.descriptors().live()) {
            bytesUsed += d.bytesUsed;
            depth += d.queue.size();
            if (d.fanout()) {
                fanout++;
            }
            List<Stats.TapSnapshot> taps = new ArrayList<>();
            for (Handle h : sortedHandles(d)) {
                if (h.tap != null) {
                    taps.add(new Stats.TapSnapshot(h.pid, h.id, h.tap.copies.size(), h.tap.bytes));
                    tapDepth += h.tap.copies.size();
                }
            }
            snaps.add(new Stats.DescriptorSnapshot(d.id, d.key.namespace(), d.key.name(), d.key.owner(), d.capacity,
                    d.mode, d.bytesUsed, d.peakBytesUsed, d.queue.size(), d.headSeq() & 0xFFFFFFFFL,
                    d.nextSeq & 0xFFFFFFFFL, s.waits().on(d, null).size(), taps));
        }
        long handlesTotal = 0;
        Map<String, Long> perPid = new LinkedHashMap<>();
        List<Stats.TaskInfo> infos = new ArrayList<>();
        for (Task t : s.tasks().all()) {
            handlesTotal += t.handles.size();
            perPid.put(Integer.toString(t.pid), (long) t.handles.size());
            infos.add(new Stats.TaskInfo(t.pid, t.wait == null ? "READY" : "WAIT_MBX", t.steps, t.wakes,
                    t.timeouts));
        }
        Profile profile = s.profile();
        Resources res = s.resources();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("max_descriptors", (long) profile.maxDescriptors());
        c.put("active_descriptors", (long) res.activeDescriptors());
        c.put("free_descriptors", (long) res.freeDescriptors());
        c.put("arena_bytes", (long) profile.arenaBytes());
        c.put("arena_used", (long) res.arenaUsed());
        c.put("bytes_used", bytesUsed);
        c.put("queue_depth", depth);
        c.put("handles_total", handlesTotal);
        c.put("handles_per_pid", perPid);
        c.put("tap_count", (long) res.tapsInUse());
        c.put("tap_queue_depth", tapDepth);
        c.put("waiter_count", (long) s.waits().count());
        c.put("fanout_descriptors", fanout);
        c.put("descriptor_pool_exhausted", res.descriptorPoolExhaustedCount());
        c.put("peak_descriptors", (long) res.peakDescriptors());
        c.put("events_dropped", s.events().dropped());
        return new Stats(c, snaps, infos);
    }

    /** Handles on d ordered by (pid, handle id), as snapshots list them. */
    private static List<Handle> sortedHandles(Descriptor d) {
        List<Handle> hs = new ArrayList<>(d.handles);
        hs.sort(Comparator.comparingInt((Handle h) -> h.pid).thenComparingInt(h -> h.id));
        return hs;
    }
}

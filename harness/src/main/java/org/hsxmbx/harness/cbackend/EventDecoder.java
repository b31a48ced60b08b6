package org.hsxmbx.harness.cbackend;

import com.sun.jna.Pointer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hsxmbx.model.Event;
import org.hsxmbx.model.EventSchema;

/**
 * Turns the C event record into the model's {@link Event}. The C runtime stores every event
 * in generic slots ({@code hsxh_event}: seq, time_ms, type, code, pid, desc, a, b, c, d, w);
 * the table below is the slot of each schema field, copied from the mapping in
 * {@code hsx_mbx.h} / docs/c-runtime.md ("Event entries"). The values are then stored in
 * {@link EventSchema.Type#fields()} order, so codes (reason, policy, fn, status) stay codes.
 */
final class EventDecoder {
    /** Slots of hsxh_event's int64[11] out array. */
    static final int SEQ = 0;
    static final int TIME = 1;
    static final int TYPE = 2;
    static final int SLOTS = 11;
    private static final List<String> SLOT_NAMES = List.of("seq", "time_ms", "type", "code", "pid", "desc", "a", "b",
            "c", "d", "w");

    /** For each type, the C slot of each field, in schema field order. */
    private static final Map<EventSchema.Type, int[]> SLOT_OF = new EnumMap<>(EventSchema.Type.class);

    static {
        // field=slot, in any order; every schema field must be named exactly once
        map(EventSchema.Type.MAILBOX_SEND, "pid=pid descriptor=desc handle=a length=b flags=c channel=d src_pid=w");
        map(EventSchema.Type.MAILBOX_RECV, "pid=pid descriptor=desc handle=a length=b flags=c channel=d src_pid=w");
        map(EventSchema.Type.MAILBOX_WAIT, "pid=pid descriptor=desc handle=a timeout=b deadline=w");
        map(EventSchema.Type.MAILBOX_WAKE,
                "pid=pid descriptor=desc status=code handle=a length=b flags=c channel=d src_pid=w");
        map(EventSchema.Type.MAILBOX_TIMEOUT,
                "pid=pid descriptor=desc status=code handle=a length=b flags=c channel=d src_pid=w");
        map(EventSchema.Type.MAILBOX_OVERRUN, "pid=pid descriptor=desc reason=code queue_depth=a dropped_length=b "
                + "dropped_flags=c channel=d dropped_seq=w");
        map(EventSchema.Type.MAILBOX_EXHAUSTED, "pid=pid descriptor=desc reason=code requested=w");
        map(EventSchema.Type.MAILBOX_BACKPRESSURE,
                "pid=pid descriptor=desc policy=code capacity=a bytes_used=b requested=w");
        map(EventSchema.Type.MAILBOX_ERROR, "pid=pid fn=code status=a");
        for (EventSchema.Type t : EventSchema.Type.values()) {
            if (!SLOT_OF.containsKey(t)) {
                throw new ExceptionInInitializerError("no C slot mapping for event type " + t.wireName());
            }
        }
    }

    private EventDecoder() {}

    private static void map(EventSchema.Type type, String spec) {
        List<String> fields = type.fields();
        int[] slots = new int[fields.size()];
        java.util.Arrays.fill(slots, -1);
        for (String pair : spec.split(" ")) {
            String[] kv = pair.split("=");
            int f = fields.indexOf(kv[0]);
            int s = SLOT_NAMES.indexOf(kv[1]);
            if (f < 0 || s < 0 || slots[f] >= 0) {
                throw new ExceptionInInitializerError("bad C slot mapping " + pair + " for " + type.wireName());
            }
            slots[f] = s;
        }
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] < 0) {
                throw new ExceptionInInitializerError("C slot mapping of " + type.wireName() + " lacks "
                        + fields.get(i));
            }
        }
        SLOT_OF.put(type, slots);
    }

    /** Decodes the int64[11] record at {@code rec}. */
    static Event decode(Pointer rec) {
        int code = (int) rec.getLong(8L * TYPE);
        EventSchema.Type type;
        try {
            type = EventSchema.Type.ofCode(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the C library reported event type code " + code
                    + ", unknown to EventSchema");
        }
        int[] slots = SLOT_OF.get(type);
        long[] values = new long[slots.length];
        for (int i = 0; i < slots.length; i++) {
            values[i] = rec.getLong(8L * slots[i]);
        }
        return new Event(rec.getLong(8L * SEQ), rec.getLong(8L * TIME), type, values);
    }
}

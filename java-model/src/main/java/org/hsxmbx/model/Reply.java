package org.hsxmbx.model;

import java.util.List;

/**
 * What one operation returns, for every backend alike. Fields an operation does not produce
 * are 0, empty or null: {@code descriptor} for bind, {@code handle} for open, {@code length} for
 * send and recv, the message fields for recv, {@code peek} for peek. {@code blocked} is true when
 * the call put the task in WAIT_MBX (its result arrives later as a {@link Completion}).
 * {@code completions} and {@code events} list what this step caused, in order.
 */
public record Reply(Status status, boolean blocked, int descriptor, int handle, int length, int flags,
                    int channel, int srcPid, Bytes payload, Peek peek, List<Completion> completions,
                    List<Event> events) {

    public Reply {
        completions = List.copyOf(completions);
        events = List.copyOf(events);
    }
}

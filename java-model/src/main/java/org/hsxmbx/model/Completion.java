package org.hsxmbx.model;

/**
 * A blocked call that finished during another step (contract section 5): woken with data or
 * space, timed out, or cancelled with INVALID_HANDLE because its descriptor went away.
 * For a send, {@code length} is the bytes sent and flags/channel/srcPid describe the message.
 */
public record Completion(int pid, int handle, Kind kind, Status status, int length, int flags, int channel,
                         int srcPid, Bytes payload) {

    public enum Kind { SEND, RECV }

    static Completion empty(int pid, int handle, Kind kind, Status status) {
        return new Completion(pid, handle, kind, status, 0, 0, 0, 0, Bytes.EMPTY);
    }
}

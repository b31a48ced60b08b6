package org.hsxmbx.model;

/** A queued message; {@code seq} is its 32-bit sequence number (contract section 2). */
record Message(Bytes payload, int flags, int srcPid, int channel, int seq) {
    int length() {
        return payload.length();
    }

    /** Queue bytes this message takes: payload plus the 8-byte header. */
    int cost() {
        return payload.length() + Mbx.MSG_HEADER_BYTES;
    }
}

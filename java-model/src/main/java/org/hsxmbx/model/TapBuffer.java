package org.hsxmbx.model;

import java.util.ArrayDeque;

/** A tap's own buffer of copies (contract section 6), sized at enable time. */
final class TapBuffer {
    final int capacity;
    final ArrayDeque<Message> copies = new ArrayDeque<>();
    int bytes;
    boolean pendingOverrun;
    /** Start of the current rate-limit window and copies accepted in it. */
    long windowStart;
    int windowCount;
    boolean windowOpen;

    TapBuffer(int capacity) {
        this.capacity = capacity;
    }
}

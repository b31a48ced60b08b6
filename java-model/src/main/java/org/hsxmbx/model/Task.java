package org.hsxmbx.model;

import java.util.TreeMap;

/** A task (pid) with its handles, its wait and its counters (contract sections 2 and 5). */
final class Task {
    final int pid;
    final TreeMap<Integer, Handle> handles = new TreeMap<>();
    /** Last handle id given out; ids increase and wrap at 16 bits. */
    int lastHandleId;
    Wait wait;
    long steps;
    long wakes;
    long timeouts;

    Task(int pid) {
        this.pid = pid;
    }

    int nextHandleId() {
        int id = lastHandleId;
        do {
            id = (id + 1) & 0xFFFF;
        } while (id == 0 || handles.containsKey(id));
        lastHandleId = id;
        return id;
    }
}

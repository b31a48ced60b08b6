package org.hsxmbx.model;

/** A per-pid reference to a descriptor (contract section 2); stale when its descriptor is gone. */
final class Handle {
    final int id;
    final int pid;
    /** Null once the descriptor was freed by its owner's exit (stale handle). */
    Descriptor descriptor;
    final int access;
    /** Fan-out cursor: the seq of the last message this handle consumed. */
    int lastSeq;
    boolean pendingOverrun;
    boolean sender;
    TapBuffer tap;

    Handle(int id, int pid, Descriptor descriptor, int access) {
        this.id = id;
        this.pid = pid;
        this.descriptor = descriptor;
        this.access = access;
        this.lastSeq = descriptor.nextSeq - 1;
    }

    boolean canRead() {
        return (access & Mbx.MODE_RDONLY) != 0;
    }

    boolean canWrite() {
        return (access & Mbx.MODE_WRONLY) != 0;
    }
}

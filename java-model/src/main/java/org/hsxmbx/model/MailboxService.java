package org.hsxmbx.model;

import java.util.List;

/**
 * The mailbox service of the HSX executive: the reference model of the whole contract.
 *
 * <p>Single-threaded by design: the executive calls it from its one scheduler loop, so there
 * are no locks. Deterministic: no wall clock (time comes only from {@link #tick}), no
 * hash-order iteration.
 */
public final class MailboxService {
    public MailboxService(Profile profile) {
        throw new UnsupportedOperationException("todo");
    }

    public Profile profile() { throw new UnsupportedOperationException(); }
    public Reply taskStart(int pid) { throw new UnsupportedOperationException(); }
    public Reply taskExit(int pid) { throw new UnsupportedOperationException(); }
    public Reply bind(int pid, String target, int capacity, int mode) { throw new UnsupportedOperationException(); }
    public Reply open(int pid, String target, int flags) { throw new UnsupportedOperationException(); }
    public Reply send(int pid, int handle, Bytes payload, int flags, int channel, int timeout) { throw new UnsupportedOperationException(); }
    public Reply recv(int pid, int handle, int maxLen, int timeout) { throw new UnsupportedOperationException(); }
    public Reply peek(int pid, int handle) { throw new UnsupportedOperationException(); }
    public Reply tap(int pid, int handle, boolean enable) { throw new UnsupportedOperationException(); }
    public Reply close(int pid, int handle) { throw new UnsupportedOperationException(); }
    public Reply tick(long nowMs) { throw new UnsupportedOperationException(); }
    public Stats stats() { throw new UnsupportedOperationException(); }
    /** Pre-creates an image's mailboxes for task {@code pid}: all or nothing. */
    public Reply preload(int pid, List<MailboxDeclaration> declarations) throws DeclarationException { throw new UnsupportedOperationException(); }
}

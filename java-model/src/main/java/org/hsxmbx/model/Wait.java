package org.hsxmbx.model;

/**
 * A blocked call (contract section 5). {@code order} is the global count of waits begun, so
 * FIFO order and deadline ties are decided without per-descriptor lists.
 *
 * @param deadline -1 when infinite
 * @param message  the message a blocked send will queue (null for receives)
 * @param maxLen   the buffer size of a blocked receive
 */
record Wait(Completion.Kind kind, Descriptor descriptor, Handle handle, long deadline, long order, Message message,
            int maxLen) {}

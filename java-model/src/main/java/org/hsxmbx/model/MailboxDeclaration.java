package org.hsxmbx.model;

import java.util.List;

/**
 * A mailbox declared by an application image (the HXE {@code .mailbox} section) or a source
 * pragma: bound on behalf of the image's pid before it runs, then opened for each binding.
 *
 * @param target   as an application would name it; without {@code @N} it resolves for the image's pid
 * @param capacity 0 = the profile's default
 * @param mode     raw mode mask as written in the image (normalised when bound)
 * @param ownerPid explicit owner, or null
 * @param bindings handles to open at load time
 * @param reserved verbatim JSON text of the entry's {@code reserved} field, or null
 */
public record MailboxDeclaration(String target, int capacity, int mode, Integer ownerPid, List<Binding> bindings,
                                 String reserved) {
    public MailboxDeclaration {
        bindings = List.copyOf(bindings);
    }

    /** A request that {@code pid} opens a handle with these open flags (TAP bit = tap handle). */
    public record Binding(int pid, int flags) {}
}

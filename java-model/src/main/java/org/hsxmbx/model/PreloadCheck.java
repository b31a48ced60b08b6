package org.hsxmbx.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validates an image's declared mailboxes against the service before anything is created
 * (hxe-mailbox-section.md, "validate everything before creating anything"): targets, fields,
 * bindings, and every resource as a running sum in the order the load applies the entries,
 * so a shrink frees bytes for later entries. The C loader checks in the same order.
 */
final class PreloadCheck {
    private final MailboxService service;
    private final Profile profile;

    PreloadCheck(MailboxService service) {
        this.service = service;
        this.profile = service.profile();
    }

    /** The resolved target of each declaration, or the first problem with its entry and field. */
    List<Target> validate(int pid, List<MailboxDeclaration> declarations) throws DeclarationException {
        if (!service.taskExists(pid)) {
            throw new DeclarationException(0, "pid", "task " + pid + " does not exist");
        }
        List<Target> targets = new ArrayList<>();
        Map<Target.Key, Integer> seen = new LinkedHashMap<>();
        Map<String, Integer> seenText = new LinkedHashMap<>();
        Map<Integer, Integer> handlesPerPid = new TreeMap<>();
        int newDescriptors = 0;
        long arena = 0;
        long names = 0;
        int taps = 0;
        for (int i = 0; i < declarations.size(); i++) {
            MailboxDeclaration decl = declarations.get(i);
            // Textual duplicates first, as the codec would; an image's load finds them here
            // (MailboxSectionCodec.decodeForLoad), where at most max_descriptors entries pass.
            Integer firstText = seenText.putIfAbsent(decl.target(), i);
            if (firstText != null) {
                throw new DeclarationException(i, "target", "duplicate target \"" + decl.target()
                        + "\" (already declared by entry " + firstText + ")");
            }
            Target t = resolve(i, pid, decl);
            Integer first = seen.putIfAbsent(t.key(), i);
            if (first != null) {
                throw new DeclarationException(i, "target", "duplicate of entry " + first);
            }
            targets.add(t);
            if (!service.validCapacity(decl.capacity())) {
                throw new DeclarationException(i, "capacity", "must be 0 or 8..65535, got " + decl.capacity());
            }
            if (!service.validMode(decl.mode())) {
                throw new DeclarationException(i, "mode", "invalid mode mask 0x" + Integer.toHexString(decl.mode())
                        + (profile.features().fanout() ? "" : " (fan-out is off in this profile)"));
            }
            int existing = service.capacityOf(t.key());
            int cap = decl.capacity() != 0 ? decl.capacity()
                    : existing < 0 ? profile.defaultCapacity() : existing;
            if (existing < 0) {
                newDescriptors++;
                arena += cap;
                names += t.nameBytes();
            } else {
                arena += cap - existing;
            }
            for (int j = 0; j < decl.bindings().size(); j++) {
                taps += checkBinding(i, j, decl.bindings().get(j), handlesPerPid);
                if ((decl.bindings().get(j).flags() & Mbx.MODE_TAP) != 0) {
                    arena += cap;
                    if (taps > service.freeTaps()) {
                        throw new DeclarationException(i, "bindings[" + j + "].flags", Status.NO_DESCRIPTOR,
                                "no free tap (max_taps " + profile.maxTaps() + ")");
                    }
                }
            }
            if (newDescriptors > service.freeDescriptors()) {
                throw new DeclarationException(i, "target", Status.NO_DESCRIPTOR,
                        "no free descriptor (max_descriptors " + profile.maxDescriptors() + ")");
            }
            if (arena > service.freeArenaBytes()) {
                throw new DeclarationException(i, "capacity", Status.NO_DESCRIPTOR,
                        "arena exhausted: needs " + arena + " bytes more, " + service.freeArenaBytes() + " free");
            }
            if (names > service.freeNameBytes()) {
                throw new DeclarationException(i, "target", Status.NO_DESCRIPTOR, "name pool exhausted");
            }
        }
        return targets;
    }

    /** Checks binding j of entry i; returns 1 if it is a tap, else 0. */
    private int checkBinding(int i, int j, MailboxDeclaration.Binding b, Map<Integer, Integer> handlesPerPid)
            throws DeclarationException {
        String field = "bindings[" + j + "]";
        if (!service.taskExists(b.pid())) {
            throw new DeclarationException(i, field + ".pid", "task " + b.pid() + " does not exist");
        }
        int f = b.flags();
        boolean tap = (f & Mbx.MODE_TAP) != 0;
        if (f < 0 || (f & ~(Mbx.MODE_RDWR | Mbx.MODE_TAP)) != 0
                || (tap && (!profile.features().taps() || (f & Mbx.MODE_RDWR) == Mbx.MODE_WRONLY))) {
            throw new DeclarationException(i, field + ".flags", "invalid open flags 0x" + Integer.toHexString(f));
        }
        int count = handlesPerPid.merge(b.pid(), 1, Integer::sum);
        if (service.handleCount(b.pid()) + count > profile.handleLimitPerPid()) {
            throw new DeclarationException(i, field + ".pid", Status.NO_DESCRIPTOR,
                    "pid " + b.pid() + " would exceed " + profile.handleLimitPerPid() + " handles");
        }
        return tap ? 1 : 0;
    }

    /**
     * The target as the image's pid would name it; an explicit {@code owner_pid} is honoured
     * (the executive binds on the task's behalf, so the svc access rule does not apply).
     */
    private Target resolve(int i, int pid, MailboxDeclaration decl) throws DeclarationException {
        Target t = Target.parse(pid, decl.target());
        if (t == null) {
            throw new DeclarationException(i, "target", "malformed target '" + decl.target() + "'");
        }
        Integer owner = decl.ownerPid();
        if (owner != null) {
            if (t.explicitOwner() && t.owner() != owner) {
                throw new DeclarationException(i, "owner_pid", "owner " + owner + " contradicts the target's @"
                        + t.owner());
            }
            if (t.namespace() == Mbx.NS_SVC || t.namespace() == Mbx.NS_APP) {
                t = new Target(t.namespace(), t.name(), owner, true);
            }
        }
        if (t.owner() >= 0 && !service.taskExists(t.owner())) {
            throw new DeclarationException(i, owner != null ? "owner_pid" : "target", "owner pid " + t.owner()
                    + " does not exist");
        }
        return t;
    }
}

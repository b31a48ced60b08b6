package org.hsxmbx.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The descriptors by id and by key (contract sections 2 to 4): target and mode rules, creation
 * within the pools, and removal. Ids are given lowest first; nothing iterates the key index,
 * so the order of everything stays deterministic.
 */
final class DescriptorTable {
    private static final int FANOUT_BITS = Mbx.MODE_FANOUT | Mbx.MODE_FANOUT_DROP | Mbx.MODE_FANOUT_BLOCK;

    private final Profile profile;
    private final Resources resources;
    private final EventLog events;
    private final TaskTable tasks;
    /** Descriptors by id (index 0 unused). */
    private final Descriptor[] slots;
    private final HashMap<Target.Key, Descriptor> byKey = new HashMap<>();

    DescriptorTable(Profile profile, Resources resources, EventLog events, TaskTable tasks) {
        this.profile = profile;
        this.resources = resources;
        this.events = events;
        this.tasks = tasks;
        this.slots = new Descriptor[profile.maxDescriptors() + 1];
    }

    /** The descriptor with this key, or null. */
    Descriptor find(Target.Key key) {
        return byKey.get(key);
    }

    /** Whether {@code d} is still in the table (not freed meanwhile). */
    boolean isLive(Descriptor d) {
        return slots[d.id] == d;
    }

    /** Live descriptors in id order, as a copy. */
    List<Descriptor> live() {
        List<Descriptor> out = new ArrayList<>();
        for (int id = 1; id < slots.length; id++) {
            if (slots[id] != null) {
                out.add(slots[id]);
            }
        }
        return out;
    }

    /** Parse result and access rules of section 3. */
    Status checkTarget(int pid, Target t) {
        if (t == null) {
            return Status.INVALID_ARGUMENT;
        }
        if (t.owner() >= 0 && !tasks.exists(t.owner())) {
            return Status.INVALID_ARGUMENT;
        }
        if (t.namespace() == Mbx.NS_SVC && t.explicitOwner() && t.owner() != pid && pid != 0) {
            return Status.PERMISSION_DENIED;
        }
        return Status.OK;
    }

    Status checkCapacityAndMode(int capacity, int mode) {
        if (capacity != 0 && (capacity < Mbx.MIN_CAPACITY || capacity > Mbx.MAX_CAPACITY)) {
            return Status.INVALID_ARGUMENT;
        }
        if (mode < 0 || (mode & ~0x3F) != 0) {
            return Status.INVALID_ARGUMENT;
        }
        if ((mode & Mbx.MODE_FANOUT_DROP) != 0 && (mode & Mbx.MODE_FANOUT_BLOCK) != 0) {
            return Status.INVALID_ARGUMENT;
        }
        if ((mode & FANOUT_BITS) != 0 && !profile.features().fanout()) {
            return Status.INVALID_ARGUMENT;
        }
        return Status.OK;
    }

    /** The stored (normalised) mode of section 4. */
    int normaliseMode(int namespace, int mode) {
        int m = mode == 0 ? Mbx.MODE_RDWR : mode;
        if ((m & (Mbx.MODE_FANOUT_DROP | Mbx.MODE_FANOUT_BLOCK)) != 0) {
            m |= Mbx.MODE_FANOUT;
        } else if ((m & Mbx.MODE_FANOUT) != 0) {
            m |= Mbx.MODE_FANOUT_DROP;
        }
        if (namespace == Mbx.NS_SHARED && (m & Mbx.MODE_FANOUT) == 0 && profile.features().fanout()) {
            m |= Mbx.MODE_FANOUT | Mbx.MODE_FANOUT_DROP;
        }
        return m;
    }

    /**
     * Creates a descriptor after checking the pool, the arena (its capacity plus
     * {@code extraArena} for a tap buffer opened with it) and the name pool; null (with the
     * exhausted event) if one is short.
     */
    Descriptor createChecked(int pid, Target t, int capacity, int mode, int extraArena) {
        int cap = capacity == 0 ? profile.defaultCapacity() : capacity;
        if (resources.freeDescriptors() <= 0) {
            resources.descriptorPoolExhausted();
            events.exhausted(pid, EventReason.DESCRIPTOR_POOL_FULL, 0, 1);
            return null;
        }
        if (resources.freeArena() < (long) cap + extraArena) {
            events.exhausted(pid, EventReason.ARENA, 0, cap);
            return null;
        }
        if (resources.freeNames() < t.nameBytes()) {
            events.exhausted(pid, EventReason.NAME_POOL, 0, t.nameBytes());
            return null;
        }
        return create(t.key(), cap, normaliseMode(t.namespace(), mode));
    }

    /** Creates a descriptor the caller has checked the pools for. */
    Descriptor create(Target.Key key, int capacity, int mode) {
        int id = 1;
        while (slots[id] != null) {
            id++;
        }
        Descriptor d = new Descriptor(id, key, capacity, mode, (int) profile.firstSeq());
        slots[id] = d;
        byKey.put(key, d);
        resources.takeDescriptor(capacity, storedNameBytes(key));
        return d;
    }

    void destroy(Descriptor d) {
        slots[d.id] = null;
        byKey.remove(d.key);
        resources.giveDescriptor(d.capacity, storedNameBytes(d.key));
    }

    /** Name-pool bytes a descriptor holds: PID descriptors store no name. */
    private static int storedNameBytes(Target.Key key) {
        return key.namespace() == Mbx.NS_PID ? 0 : key.name().length();
    }
}

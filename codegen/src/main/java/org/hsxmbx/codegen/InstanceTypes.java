package org.hsxmbx.codegen;

import java.util.List;
import org.hsxmbx.model.Profile;

/**
 * The index, offset and counter types of the C runtime's instance, chosen from a profile's
 * maxima: the only place these rules live. {@link InstanceHeader} writes them as the typedefs
 * of {@code hsx_mbx_instance.h}; {@link SramModel} lays the runtime's records out with them.
 *
 * <p>Each type is the narrowest unsigned integer that holds every value it can take, so the
 * AVR embedded profile gets 1-byte descriptor ids and 2-byte arena offsets while the host
 * library (large maxima) gets wider ones from the same runtime source.
 *
 * @param runtimeLimits the profile's sizes are maxima and the limits come from hsx_mbx_init
 *                      (the host library): values limited by the profile at build time
 *                      (the tap rate) and the open-order stamp take their widest form
 * @param avr           AVR: the open-order stamp is 8 bits (renumbered) when it fits, since
 *                      records are byte-aligned there; elsewhere it would only be padding
 */
record InstanceTypes(Profile profile, boolean runtimeLimits, boolean avr) {
    /** An unsigned C integer type. */
    enum CType {
        U8("uint8_t", 1, 0xFFL), U16("uint16_t", 2, 0xFFFFL), U32("uint32_t", 4, 0xFFFFFFFFL);

        final String c;
        final int bytes;
        final long max;

        CType(String c, int bytes, long max) {
            this.c = c;
            this.bytes = bytes;
            this.max = max;
        }

        /** The narrowest type whose maximum is at least {@code v}. */
        static CType holding(long v) {
            return v <= U8.max ? U8 : v <= U16.max ? U16 : U32;
        }
    }

    /**
     * One typedef of the instance header.
     *
     * @param name   the C type name
     * @param type   its integer type
     * @param why    what it holds and the maximum that chose it (the header's comment)
     */
    record Typedef(String name, CType type, String why) {}

    /** Task slots: pid 0 has slot 0. */
    long taskSlots() {
        return (long) profile.maxTasks() + 1;
    }

    long handleSlots() {
        return taskSlots() * profile.handleLimitPerPid();
    }

    /** Descriptor id, 0 = none. */
    CType did() {
        return CType.holding(profile.maxDescriptors());
    }

    /** Arena offset (0..arena size). */
    CType aoff() {
        return profile.arenaBytes() <= CType.U16.max ? CType.U16 : CType.U32;
    }

    /** Name pool offset (0..pool size). */
    CType noff() {
        return CType.holding(profile.namePoolBytes());
    }

    /** Task slot; one value is kept free as "none". */
    CType tslot() {
        return profile.maxTasks() < CType.U8.max ? CType.U8 : CType.U16;
    }

    CType hslot() {
        return CType.holding(profile.handleLimitPerPid());
    }

    CType tapidx() {
        return CType.holding(profile.maxTaps());
    }

    /** Copies a tap took in the current rate window: at most the rate limit (up to 65535 at run time). */
    CType wcount() {
        return runtimeLimits ? CType.U16 : CType.holding(profile.tapRateLimit());
    }

    CType evidx() {
        return CType.holding(profile.eventRingSize());
    }

    /**
     * Fan-out reader counts; the all-ones value is kept as "unknown", so the type must hold
     * one more than the handle slots.
     */
    CType fcnt() {
        return CType.holding(handleSlots() + 1);
    }

    /**
     * Wait-begin order of a waiting task: renumbered 0..n-1 over the waiters before it would
     * pass its maximum, so it only has to tell the waiters apart. 8 bits up to 64 task slots
     * (the renumbering then runs at most every 192 waits), 16 bits up to 16384.
     */
    CType worder() {
        long slots = taskSlots();
        return slots <= 64 ? CType.U8 : slots <= 16384 ? CType.U16 : CType.U32;
    }

    /**
     * Whether the open-order stamp is 8 bits, renumbered over the open handles before the
     * counter passes 255: on AVR with at most 128 handle slots.
     */
    boolean stampCompact() {
        return !runtimeLimits && avr && handleSlots() <= 128;
    }

    /** The open-order stamp: serial-compared when not compact (32 bits with run-time limits). */
    CType stamp() {
        return stampCompact() ? CType.U8 : runtimeLimits ? CType.U32 : CType.U16;
    }

    /** Every typedef of the instance header but the stamp (see {@link InstanceHeader}), in header order. */
    List<Typedef> typedefs() {
        Profile p = profile;
        return List.of(
                new Typedef("hsx_mbx_did_t", did(), "descriptor id, 0 = none: max_descriptors " + p.maxDescriptors()),
                new Typedef("hsx_mbx_aoff_t", aoff(), "arena offset: arena_bytes " + p.arenaBytes()),
                new Typedef("hsx_mbx_noff_t", noff(), "name pool offset: name_pool_bytes " + p.namePoolBytes()),
                new Typedef("hsx_mbx_tslot_t", tslot(), "task slot, 0 = pid 0: max_tasks " + p.maxTasks()),
                new Typedef("hsx_mbx_hslot_t", hslot(), "handle slot in a task: handle_limit_per_pid "
                        + p.handleLimitPerPid()),
                new Typedef("hsx_mbx_tapidx_t", tapidx(), "tap index: max_taps " + p.maxTaps()),
                new Typedef("hsx_mbx_wcount_t", wcount(), runtimeLimits
                        ? "copies in a tap's rate window: the limit is set at run time (up to 65535)"
                        : "copies in a tap's rate window: tap_rate_limit " + p.tapRateLimit()),
                new Typedef("hsx_mbx_evidx_t", evidx(), "event ring index: event_ring_size " + p.eventRingSize()),
                new Typedef("hsx_mbx_fcnt_t", fcnt(), "fan-out readers, all ones = unknown: " + handleSlots()
                        + " handle slots"),
                new Typedef("hsx_mbx_worder_t", worder(), "wait-begin order, renumbered: " + taskSlots()
                        + " task slots"));
    }
}

package org.hsxmbx.model;

/**
 * What the profile's pools have left (contract section 8): descriptors, arena bytes (queues and
 * tap buffers), name-pool bytes and taps, with the peak and exhaustion counters stats report.
 */
final class Resources {
    private final Profile profile;
    private int activeDescriptors;
    private int peakDescriptors;
    private long descriptorPoolExhausted;
    private int arenaUsed;
    private int namePoolUsed;
    private int tapsInUse;

    Resources(Profile profile) {
        this.profile = profile;
    }

    void takeDescriptor(int capacity, int nameBytes) {
        activeDescriptors++;
        peakDescriptors = Math.max(peakDescriptors, activeDescriptors);
        arenaUsed += capacity;
        namePoolUsed += nameBytes;
    }

    void giveDescriptor(int capacity, int nameBytes) {
        activeDescriptors--;
        arenaUsed -= capacity;
        namePoolUsed -= nameBytes;
    }

    void descriptorPoolExhausted() {
        descriptorPoolExhausted++;
    }

    void resizeArena(int delta) {
        arenaUsed += delta;
    }

    void takeTap(int capacity) {
        arenaUsed += capacity;
        tapsInUse++;
    }

    void giveTap(int capacity) {
        arenaUsed -= capacity;
        tapsInUse--;
    }

    long freeArena() {
        return (long) profile.arenaBytes() - arenaUsed;
    }

    long freeNames() {
        return (long) profile.namePoolBytes() - namePoolUsed;
    }

    int freeDescriptors() {
        return profile.maxDescriptors() - activeDescriptors;
    }

    int freeTaps() {
        return profile.maxTaps() - tapsInUse;
    }

    int activeDescriptors() {
        return activeDescriptors;
    }

    int peakDescriptors() {
        return peakDescriptors;
    }

    long descriptorPoolExhaustedCount() {
        return descriptorPoolExhausted;
    }

    int arenaUsed() {
        return arenaUsed;
    }

    int tapsInUse() {
        return tapsInUse;
    }
}

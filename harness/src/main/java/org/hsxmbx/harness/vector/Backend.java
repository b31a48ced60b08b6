package org.hsxmbx.harness.vector;

import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;

/**
 * One implementation of the mailbox service that vectors run on: the Java model, the host C
 * library through JNA, or firmware on an emulator. The player drives every backend in lock step
 * and compares what they return; whatever a backend cannot express must still be mapped onto
 * {@link Reply} and {@link Stats} so the comparison stays field by field.
 */
public interface Backend extends AutoCloseable {
    /** The name used on the command line and in difference reports ({@code java}, {@code c}). */
    String name();

    /**
     * Whether this backend can run a service configured with {@code profile}, decided before
     * anything runs: null when it can, else why not (each field that does not fit, its value
     * and the backend's). A host C library built with constant limits admits only its own
     * profile; one with run-time limits every profile within its compile-time maxima. The Java
     * model admits every profile.
     */
    default String admits(Profile profile) {
        return null;
    }

    /**
     * Discards all state and starts a fresh service configured with {@code profile}.
     *
     * @throws ProfileNotSupportedException when this backend cannot hold the profile
     */
    void reset(Profile profile);

    /** Runs one step (never {@link Op#STATS}, {@link Op#SVC} or {@link Op#LOAD}: see {@link #run}). */
    Reply apply(Step step);

    /** Runs an {@link Op#SVC} step; a backend without an SVC path throws. */
    default SvcResult svc(Step step) {
        throw new UnsupportedOperationException("backend " + name() + " cannot run svc steps");
    }

    /** Runs an {@link Op#LOAD} step; a backend without a loader throws. */
    default LoadResult load(Step step) {
        throw new UnsupportedOperationException("backend " + name() + " cannot run load steps");
    }

    /** The service statistics now. */
    Stats stats();

    /** Releases native libraries or emulator processes; the Java model holds none. */
    @Override
    default void close() {}
}

package org.hsxmbx.harness.vector;

/**
 * A backend cannot run a profile: a field of the profile does not fit what the backend was
 * built for (the host C library's compile-time maxima, or the one profile of a build with
 * constant limits). The message names the profile, each field that does not fit, its value and
 * the backend's limit. Thrown by {@link Backend#reset}; the commands report it as unusable input
 * (exit 2) for that backend, never as a failed comparison or a crash.
 */
public final class ProfileNotSupportedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ProfileNotSupportedException(String message) {
        super(message);
    }
}

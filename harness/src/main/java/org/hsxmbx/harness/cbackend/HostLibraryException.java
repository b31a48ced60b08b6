package org.hsxmbx.harness.cbackend;

/**
 * The host C library is missing, unloadable or cannot run a profile. An
 * IllegalArgumentException so that commands report it like any unusable backend choice:
 * one message, no stack trace.
 */
final class HostLibraryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    HostLibraryException(String message) {
        super(message);
    }
}

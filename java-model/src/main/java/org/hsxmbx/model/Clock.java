package org.hsxmbx.model;

/**
 * The executive clock of the service, ms, a 32-bit counter that wraps (contract section 4):
 * times are compared with serial-number arithmetic, never as plain numbers.
 */
final class Clock {
    private long now;

    long now() {
        return now;
    }

    /**
     * Moves the clock to {@code nowMs}; false (and unchanged) when it is not a uint32 or is
     * behind the current time by serial arithmetic.
     */
    boolean advanceTo(long nowMs) {
        if (nowMs < 0 || nowMs > 0xFFFFFFFFL || serial(nowMs - now) < 0) {
            return false;
        }
        now = nowMs;
        return true;
    }

    /** The deadline of a wait of {@code timeout} ms from now, modulo 2^32; -1 for TIMEOUT_INFINITE. */
    long deadline(int timeout) {
        return timeout == Mbx.TIMEOUT_INFINITE ? -1 : (now + timeout) & 0xFFFFFFFFL;
    }

    /** Whether time {@code t} has come (serial arithmetic). */
    boolean reached(long t) {
        return serial(now - t) >= 0;
    }

    /** How far {@code t} lies ahead of now (negative: behind), as a signed 32-bit number. */
    int until(long t) {
        return serial(t - now);
    }

    /** A 32-bit difference as a signed number: serial-number arithmetic (contract section 5). */
    private static int serial(long difference) {
        return (int) difference;
    }
}

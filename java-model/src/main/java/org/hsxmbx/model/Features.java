package org.hsxmbx.model;

/**
 * Compile-time features of a profile. In C each one removes code when off; the Java model
 * rejects what the C build could not do, so both still agree.
 */
public record Features(boolean fanout, boolean taps, boolean events, boolean timeouts, boolean stdio, boolean loader) {
    public static final Features ALL = new Features(true, true, true, true, true, true);
    /** The minimal build of the budget table: single-reader, no taps, no events, no loader. */
    public static final Features MINIMAL = new Features(false, false, false, true, true, false);
}

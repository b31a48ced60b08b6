package org.hsxmbx.harness.cli;

import java.io.PrintStream;

/**
 * A one-line progress display on stderr for work that takes more than a few seconds: shown
 * only when stderr is a terminal (the launcher passes {@code -Dhsxmbx.progress=true} when
 * {@code [ -t 2 ]}, and {@code HSXMBX_PROGRESS=0} turns it off), so logs and pipes stay free of
 * carriage returns and escape codes. The line appears after {@link #DELAY_MS}, is redrawn at
 * most every {@link #PERIOD_MS} and erased when the work ends.
 */
final class Progress implements AutoCloseable {
    static final long DELAY_MS = 1500;
    static final long PERIOD_MS = 250;
    private static final String ERASE = "\r\u001b[K";

    private final PrintStream err;
    private final String what;
    private final long t0 = System.nanoTime();
    private final Thread ticker;
    private volatile String detail = "";
    private volatile boolean shown;
    private volatile boolean closed;

    private Progress(PrintStream err, String what, boolean on) {
        this.err = err;
        this.what = what;
        if (on) {
            ticker = new Thread(this::tick, "hsxmbx-progress");
            ticker.setDaemon(true);
            ticker.start();
        } else {
            ticker = null;
        }
    }

    /** Whether progress lines are drawn in this process. */
    static boolean enabled() {
        return Boolean.getBoolean("hsxmbx.progress");
    }

    /** Starts a progress line for {@code what}; a no-op object when progress is off. */
    static Progress start(String what) {
        return new Progress(System.err, what, enabled());
    }

    /** What is being done right now ({@code "vector 12/140: 04-fanout/x.json"}). */
    void update(String now) {
        detail = now;
    }

    private void tick() {
        try {
            Thread.sleep(DELAY_MS);
            while (!closed) {
                draw();
                Thread.sleep(PERIOD_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void draw() {
        if (closed) {
            return;
        }
        long s = (System.nanoTime() - t0) / 1_000_000_000L;
        String line = "hsxmbx: " + what + (detail.isEmpty() ? "" : ": " + detail) + " (" + s + " s)";
        int width = width();
        if (line.length() > width - 1) {
            line = line.substring(0, Math.max(0, width - 2)) + "\u2026";
        }
        err.print(ERASE + line);
        err.flush();
        shown = true;
    }

    private static int width() {
        try {
            int w = Integer.parseInt(System.getProperty("hsxmbx.columns", System.getenv().getOrDefault("COLUMNS", "100")));
            return w >= 20 ? w : 100;
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (ticker != null) {
            ticker.interrupt();
        }
        if (shown) {
            err.print(ERASE);
            err.flush();
            shown = false;
        }
    }
}

package org.hsxmbx.codegen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external tool, capturing stdout and stderr; a missing tool is a clear error. */
public final class Exec {
    private Exec() {}

    /** Exit code (-1 when killed on timeout) and the captured streams. */
    public record Result(List<String> command, int exitCode, boolean timedOut, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** A one-paragraph description of a failure, with the tail of the output. */
        public String failure() {
            String out = (stdout + stderr).strip();
            if (out.length() > 4000) {
                out = "..." + out.substring(out.length() - 4000);
            }
            return "'" + String.join(" ", command) + "' " + (timedOut ? "timed out" : "exited " + exitCode)
                    + (out.isEmpty() ? "" : ":\n" + out);
        }
    }

    public static Result run(List<String> command, Path dir, int timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new CodegenException("cannot run '" + command.get(0) + "': " + e.getMessage()
                    + " (is it installed? scripts/install-deps.sh installs the toolchains)", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread to = pump(p.getInputStream(), out);
        Thread te = pump(p.getErrorStream(), err);
        boolean timedOut = false;
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                timedOut = true;
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
            }
            to.join();
            te.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CodegenException("interrupted while running " + command.get(0), e);
        }
        return new Result(List.copyOf(command), timedOut ? -1 : p.exitValue(), timedOut,
                out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs and fails with the tool's output when it does not exit 0. */
    public static Result check(List<String> command, Path dir, int timeoutSeconds) {
        Result r = run(command, dir, timeoutSeconds);
        if (!r.ok()) {
            throw new CodegenException(r.failure());
        }
        return r;
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "exec-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }
}

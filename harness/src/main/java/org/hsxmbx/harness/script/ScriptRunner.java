package org.hsxmbx.harness.script;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.hsxmbx.harness.vector.Backend;

/**
 * Runs one JavaScript scenario ({@code ./hsxmbx run SCRIPT.js}) on backends in lock step.
 * Prints {@code PASS <script> (N calls on java, c)} and a {@code wrote <file> (N steps)} line
 * per emitted vector, or {@code FAIL <script>:<line>: <message>} (exit 1: an assert, expect,
 * backend difference or backend exception), or {@code ERROR <script>[:<line>[:<column>]]:
 * <message>} (exit 2: missing file, syntax error, bad argument to an mbx call, uncaught
 * JavaScript error, unwritable vector). Vectors are written only when the scenario passes.
 */
public final class ScriptRunner {
    /** Exit codes, like {@code verify}. */
    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int UNUSABLE = 2;
    public static final int INTERNAL = 3;

    static {
        // GraalJS runs in interpreter mode on a stock JDK; it says so on every context unless told not to.
        if (System.getProperty("polyglot.engine.WarnInterpreterOnly") == null) {
            System.setProperty("polyglot.engine.WarnInterpreterOnly", "false");
        }
    }

    private ScriptRunner() {}

    /**
     * Runs {@code script} (named {@code display} in messages) on {@code backends}; the first is
     * the reference. With {@code outVector} the emitted vector goes to that file instead.
     */
    public static int run(Path script, String display, List<Backend> backends, Path outVector, PrintWriter out) {
        String text;
        try {
            text = Files.readString(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.println("ERROR " + display + ": cannot read: " + (Files.exists(script) ? e.getMessage() : "no such file"));
            out.flush();
            return UNUSABLE;
        }
        ScriptHost host = new ScriptHost(backends, display, script.toAbsolutePath().getParent(), outVector);
        int code;
        try (Context ctx = Context.newBuilder("js")
                .allowHostAccess(HostAccess.EXPLICIT)
                .option("engine.WarnInterpreterOnly", "false")
                .out(new LineStream(out))
                .err(new LineStream(out))
                .build()) {
            code = evaluate(ctx, host, text, display, out);
        }
        if (code == PASSED) {
            code = finish(host, display, backends, out);
        }
        out.flush();
        return code;
    }

    private static int evaluate(Context ctx, ScriptHost host, String text, String display, PrintWriter out) {
        try {
            host.start();
            Value install = ctx.eval(Source.newBuilder("js", Prelude.SOURCE, Prelude.NAME).buildLiteral());
            install.execute(host);
            ctx.eval(Source.newBuilder("js", text, display).buildLiteral());
            return PASSED;
        } catch (ScenarioFailure e) {
            out.println("FAIL " + display + ": " + e.getMessage()); // a backend that cannot even reset
            return FAILED;
        } catch (PolyglotException e) {
            return report(e, display, out);
        }
    }

    private static int report(PolyglotException e, String display, PrintWriter out) {
        if (e.isSyntaxError()) {
            out.println("ERROR " + location(e, display, true) + ": SyntaxError: " + syntaxMessage(e, display));
            return UNUSABLE;
        }
        if (e.isHostException()) {
            Throwable h = e.asHostException();
            if (h instanceof ScenarioFailure) {
                out.println("FAIL " + location(e, display, false) + ": " + h.getMessage());
                return FAILED;
            }
            if (h instanceof ScriptError) {
                out.println("ERROR " + location(e, display, false) + ": " + h.getMessage());
                return UNUSABLE;
            }
            out.println("ERROR " + location(e, display, false) + ": internal error: " + h);
            return INTERNAL;
        }
        if (e.isInternalError()) {
            out.println("ERROR " + location(e, display, false) + ": internal error: " + e.getMessage());
            return INTERNAL;
        }
        // an uncaught JavaScript error (TypeError, ReferenceError, a thrown value), stack overflow, ...
        out.println("ERROR " + location(e, display, false) + ": " + e.getMessage()
                + " (use assert() or expect() to fail a scenario)");
        return UNUSABLE;
    }

    /** {@code script.js:LINE} of the innermost frame in the script itself (prelude frames skipped). */
    static String location(PolyglotException e, String display, boolean column) {
        SourceSection s = null;
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            SourceSection fs = f.isGuestFrame() ? f.getSourceLocation() : null;
            if (fs != null && display.equals(fs.getSource().getName())) {
                s = fs;
                break;
            }
        }
        if (s == null && e.getSourceLocation() != null && display.equals(e.getSourceLocation().getSource().getName())) {
            s = e.getSourceLocation();
        }
        if (s == null || !s.isAvailable()) {
            return display;
        }
        return display + ":" + s.getStartLine() + (column ? ":" + s.getStartColumn() : "");
    }

    /** GraalJS prefixes syntax errors with {@code name:line:column} (0-based column) and appends the source line. */
    private static String syntaxMessage(PolyglotException e, String display) {
        String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        m = m.replaceFirst("^SyntaxError: ", "");
        return m.replaceFirst("^" + java.util.regex.Pattern.quote(display) + ":\\d+:\\d+ ", "");
    }

    private static int finish(ScriptHost host, String display, List<Backend> backends, PrintWriter out) {
        if (host.firstFailure() != null) {
            out.println("FAIL " + display + ": " + host.firstFailure() + " (the script caught this failure)");
            return FAILED;
        }
        try {
            host.emitDefaultIfAsked();
        } catch (ScenarioFailure | ScriptError e) {
            out.println((e instanceof ScenarioFailure ? "FAIL " : "ERROR ") + display + ": " + e.getMessage());
            return e instanceof ScenarioFailure ? FAILED : UNUSABLE;
        }
        StringBuilder names = new StringBuilder();
        for (Backend b : backends) {
            names.append(names.length() == 0 ? "" : ", ").append(b.name());
        }
        out.println("PASS " + display + " (" + host.calls() + " calls on " + names + ")");
        for (Map.Entry<Path, String> v : host.vectors().entrySet()) {
            try {
                Path parent = v.getKey().toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(v.getKey(), v.getValue(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                out.println("ERROR " + display + ": cannot write " + v.getKey() + ": " + e.getMessage());
                return UNUSABLE;
            }
            long steps = v.getValue().lines().filter(l -> l.startsWith("    {")).count();
            out.println("wrote " + shown(v.getKey()) + " (" + steps + " steps)");
        }
        return PASSED;
    }

    /** A path relative to the working directory when it lies below it, else as it is. */
    private static Path shown(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs) : p;
    }

    /** The script's console output, decoded as UTF-8 and passed on to the command's writer line by line. */
    private static final class LineStream extends OutputStream {
        private final PrintWriter out;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        LineStream(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            buf.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public void flush() {
            if (buf.size() > 0) {
                out.print(buf.toString(StandardCharsets.UTF_8));
                buf.reset();
            }
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}

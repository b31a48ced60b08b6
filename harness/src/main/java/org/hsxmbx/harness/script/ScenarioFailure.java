package org.hsxmbx.harness.script;

/**
 * The scenario does not pass: an {@code assert}/{@code expect} failed, a backend differs from
 * the reference, or a backend threw (exit 1). Thrown by the host API; the runner adds the
 * script line from the JavaScript stack.
 */
final class ScenarioFailure extends RuntimeException {
    ScenarioFailure(String message) {
        super(message);
    }
}

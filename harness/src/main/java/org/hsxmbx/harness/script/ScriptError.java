package org.hsxmbx.harness.script;

/**
 * The script is unusable input: a bad argument to an {@code mbx} call (unknown option, bad
 * mode name, number out of range, bad profile), or a vector it emits cannot be written
 * (exit 2). The runner adds the script line from the JavaScript stack.
 */
final class ScriptError extends RuntimeException {
    ScriptError(String message) {
        super(message);
    }
}

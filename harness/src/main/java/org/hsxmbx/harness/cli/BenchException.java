package org.hsxmbx.harness.cli;

/** A benchmark firmware that did not build, did not run or failed its checks: exit status 1. */
final class BenchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchException(String message) {
        super(message);
    }
}

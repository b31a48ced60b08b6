package org.hsxmbx.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder while the vector player is written (replaced by the real command). */
@Command(name = "verify", description = "Run test vectors on backends.")
final class VerifyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("verify: not built yet");
        return 2;
    }
}

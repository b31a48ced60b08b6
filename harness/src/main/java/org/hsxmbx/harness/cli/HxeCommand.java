package org.hsxmbx.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder while the HXE codec is written (replaced by the real command). */
@Command(name = "hxe", description = "Read and write HXE v2 images.")
final class HxeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("hxe: not built yet");
        return 2;
    }
}

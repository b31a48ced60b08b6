package org.hsxmbx.harness.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./hsxmbx hxe}: the verbs that read, write and load HXE v2 images. */
@Command(name = "hxe", mixinStandardHelpOptions = true,
        description = "Read, write and load HXE v2 images and their .mailbox section (see docs/hxe-mailbox.md).",
        subcommands = {HxeInspectCommand.class, HxePackCommand.class, HxeLoadCommand.class})
final class HxeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

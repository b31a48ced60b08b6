package org.hsxmbx.harness.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./hsxmbx}. Each verb is its own class; see {@code --help}. */
@Command(name = "hsxmbx", mixinStandardHelpOptions = true, version = "hsxmbx 0.1.0",
        description = "HSX mailbox service: reference model, C generator and cross-checks.",
        subcommands = {VerifyCommand.class, FuzzCommand.class, HxeCommand.class, GenerateCommand.class,
            BuildCommand.class, FlashCommand.class, BenchCommand.class, ConstantsCommand.class, RunCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this). Usage errors exit 2, never a stack trace. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("hsxmbx: internal error: " + ex);
            return 3;
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("hsxmbx: " + ex.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        return cl.execute(args);
    }
}

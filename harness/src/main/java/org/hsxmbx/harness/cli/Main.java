package org.hsxmbx.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./hsxmbx}. Each verb is its own class; see {@code --help}. */
@Command(name = "hsxmbx", mixinStandardHelpOptions = true, version = "hsxmbx 0.1.0",
        description = "HSX mailbox service: reference model, C generator and cross-checks.",
        subcommands = {VerifyCommand.class, FuzzCommand.class, HxeCommand.class, GenerateCommand.class,
            BuildCommand.class, FlashCommand.class, BenchCommand.class, ConstantsCommand.class, ConfigsCommand.class, RunCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 ok, 1 failures (a vector, a difference, over budget), 2 bad input or usage,"
                + " 3 internal error."})
public final class Main implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No verb: the usage goes to stderr and the exit is a usage error, so a script's typo never looks like success. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().println();
        spec.commandLine().getErr().println("hsxmbx: name a command (see above)");
        spec.commandLine().getErr().flush();
        return 2;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this). Usage errors exit 2, never a stack trace. */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    /** The configured command line (also what the completion script is generated from). */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("hsxmbx: internal error: " + ex);
            cmd.getErr().flush();
            return 3;
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("hsxmbx: " + ex.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            cmd.getErr().flush();
            return 2;
        });
        return cl;
    }
}

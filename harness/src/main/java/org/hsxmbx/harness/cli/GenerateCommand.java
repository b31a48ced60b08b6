package org.hsxmbx.harness.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hsxmbx.codegen.Board;
import org.hsxmbx.codegen.CodegenException;
import org.hsxmbx.codegen.FirmwareSpec;
import org.hsxmbx.codegen.Generator;
import org.hsxmbx.codegen.RuntimeSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./hsxmbx generate}: writes the statically sized C of a firmware for a board. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write the statically sized C configuration and sources for a board.",
            "Files: hsx_mbx_config.h, hsx_mbx_instance.h, hsx_mbx_constants.h, hsx_fw_mailboxes.h/.c,"
                    + " hsx_fw_layout_check.c, main.c, CMakeLists.txt.",
            "--lib-only: hsx_mbx_config.h, hsx_mbx_instance.h and hsx_fw_mailboxes.h/.c only, to commit to a"
                    + " firmware project.",
            "--vendor: those plus the runtime sources they compile, hsx_mbx_constants.h, hsx_fw_layout_check.c and"
                    + " PROVENANCE (source commit, SHA-256 of each copy): builds without this checkout.",
            "Exit 0 on success, 2 on bad input (the message names the file and field)."})
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    FirmwareOptions opts;

    @Option(names = "--features", paramLabel = "SET",
            description = "all, minimal (timeouts and stdio only: no fan-out, taps, events, introspection, SVC"
                    + " or loader), or a comma-separated list of the features on (fanout, taps, events, timeouts,"
                    + " stdio, loader, introspection, svc, loader_json); replaces the profile's; default: the profile's")
    String features;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    Path out;

    @Option(names = "--lib-only", description = "only the configuration, the instance types and the declared-mailbox table")
    boolean libOnly;

    @Option(names = "--vendor", description = "--lib-only plus the runtime sources and their PROVENANCE")
    boolean vendor;

    @Override
    public Integer call() {
        try {
            Board b = opts.loadBoard();
            FirmwareSpec spec = opts.spec(b, features);
            Generator.Layout layout = vendor ? Generator.Layout.VENDOR
                    : libOnly ? Generator.Layout.LIB_ONLY : Generator.Layout.FIRMWARE;
            RuntimeSources runtime = vendor ? RuntimeSources.of(opts.repoRoot()) : null;
            Generator.Output g = Generator.write(spec, layout, runtime, out);
            System.out.printf("generated %d files for board %s, profile %s, features %s, mailboxes %s in %s%n",
                    g.files().size(), b.id(), spec.profile().name(), spec.featureSet(), spec.mailboxes().label(),
                    out);
            System.out.printf("  static SRAM predicted: %d B without the %d B arena; descriptor record %d B;"
                    + " declared mailboxes reserve %d arena bytes%n", g.sram().staticExcludingArena(),
                    g.sram().arenaBytes(), g.sram().descriptorBytes(), g.declaredArenaBytes());
            return 0;
        } catch (CodegenException e) {
            System.err.println("hsxmbx generate: " + e.getMessage());
            return 2;
        }
    }
}

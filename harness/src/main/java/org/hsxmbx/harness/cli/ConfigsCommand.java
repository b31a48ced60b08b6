package org.hsxmbx.harness.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.hsxmbx.codegen.CodegenException;
import org.hsxmbx.codegen.HostConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hsxmbx configs}: rewrites the committed host and test configurations from their profiles. */
@Command(name = "configs", mixinStandardHelpOptions = true,
        description = {"Write the configurations of the host library, the C unit tests, the cross-compile checks and",
            "the fuzzers (hsx_mbx_config.h, hsx_mbx_instance.h, fuzz_profiles.h) from their profiles.",
            "They are committed; a test fails when one is out of date."})
final class ConfigsCommand implements Callable<Integer> {
    @Option(names = "--root", paramLabel = "DIR", description = "hsxmbx checkout (default: the launcher's)")
    Path root;

    @Override
    public Integer call() {
        Path r = root != null ? root : Path.of(System.getProperty("hsxmbx.root", "."));
        if (!Files.isDirectory(r.resolve("firmware-c"))) {
            System.err.println("configs: " + r.toAbsolutePath() + ": not an hsxmbx checkout (no firmware-c/)");
            return 2;
        }
        try {
            List<String> written = HostConfigs.write(r);
            written.forEach(f -> System.out.println("wrote " + f));
            if (written.isEmpty()) {
                System.out.println("configs: every file is up to date");
            }
            return 0;
        } catch (CodegenException e) {
            System.err.println("configs: " + e.getMessage());
            return 2;
        }
    }
}

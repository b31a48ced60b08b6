package org.hsxmbx.harness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hsxmbx.codegen.ConstantsHeader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./hsxmbx constants DIR}: rewrites hsx_mbx_constants.h from the Java constants. */
@Command(name = "constants", mixinStandardHelpOptions = true,
        description = {"Write hsx_mbx_constants.h (the ABI constants, event codes and tables) from the Java model.",
            "The committed copy lives in firmware-c/include; a test fails when it is out of date."})
final class ConstantsCommand implements Callable<Integer> {
    @Parameters(index = "0", defaultValue = "firmware-c/include", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() {
        // The directory must exist: a typo in DIR must not leave a stray directory tree behind.
        if (!Files.exists(dir)) {
            System.err.println("constants: " + dir + ": no such directory (create it first)");
            return 2;
        }
        if (!Files.isDirectory(dir)) {
            System.err.println("constants: " + dir + ": not a directory (DIR is where "
                    + ConstantsHeader.FILE_NAME + " is written)");
            return 2;
        }
        try {
            ConstantsHeader.write(dir);
        } catch (IOException e) {
            System.err.println("constants: cannot write " + dir.resolve(ConstantsHeader.FILE_NAME) + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 2;
        }
        System.out.println("wrote " + dir.resolve(ConstantsHeader.FILE_NAME));
        return 0;
    }
}

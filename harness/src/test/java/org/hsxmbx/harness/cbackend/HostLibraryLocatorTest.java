package org.hsxmbx.harness.cbackend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hsxmbx.harness.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the host library is looked for, and the error when it is missing. */
class HostLibraryLocatorTest {

    @Test
    void findsTheLibraryBelowTheBuildDirectory(@TempDir Path dir) throws Exception {
        Path lib = dir.resolve("firmware-c").resolve(HostLibraryLocator.fileName());
        Files.createDirectories(lib.getParent());
        Files.writeString(lib, "not really a library");
        HostLibraryLocator l = HostLibraryLocator.of(Map.of("hsxmbx.host.build", dir.toString()), Map.of());
        assertEquals(lib.toAbsolutePath().normalize(), l.locate());
    }

    @Test
    void thePropertyWinsOverTheEnvironmentAndTheBuild(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.so"), "");
        Path b = Files.writeString(dir.resolve("b.so"), "");
        assertEquals(a, HostLibraryLocator.of(Map.of(HostLibraryLocator.PROPERTY, a.toString()),
                Map.of(HostLibraryLocator.ENV, b.toString())).locate());
        assertEquals(b, HostLibraryLocator.of(Map.of(), Map.of(HostLibraryLocator.ENV, b.toString())).locate());
    }

    @Test
    void aMissingLibrarySaysWhatToBuild(@TempDir Path dir) {
        HostLibraryLocator l = HostLibraryLocator.of(Map.of("hsxmbx.host.build", dir.resolve("nothing").toString()),
                Map.of());
        // the repository's own build/host may hold the real library: only check the message when it is absent
        try {
            Path found = l.locate();
            assertTrue(found.getFileName().toString().equals(HostLibraryLocator.fileName()));
        } catch (HostLibraryException e) {
            assertTrue(e.getMessage().startsWith("host C library " + HostLibraryLocator.fileName() + " not found"),
                    e.getMessage());
            assertTrue(e.getMessage().contains(dir.resolve("nothing").toString()), e.getMessage());
            assertTrue(e.getMessage().contains("mvn -o install -DskipTests"), e.getMessage());
            assertTrue(e.getMessage().contains("cmake --build build/host"), e.getMessage());
        }
    }

    @Test
    void anOverrideNamingNoFileIsAnError(@TempDir Path dir) {
        Path missing = dir.resolve("libmissing.so");
        HostLibraryException e = assertThrows(HostLibraryException.class,
                () -> HostLibraryLocator.of(Map.of(), Map.of(HostLibraryLocator.ENV, missing.toString())).locate());
        assertEquals("host C library not found: environment variable HSXMBX_HOSTLIB names " + missing
                + ", which is not a file", e.getMessage());
    }

    @Test
    void verifyReportsAMissingLibraryInOneLine(@TempDir Path dir) throws Exception {
        Path v = Files.writeString(dir.resolve("v.json"), "{\"steps\": [{\"op\": \"task_start\", \"pid\": 1}]}");
        String old = System.getProperty(HostLibraryLocator.PROPERTY);
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setProperty(HostLibraryLocator.PROPERTY, dir.resolve("gone.so").toString());
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            code = Main.run("verify", "--backend", "java,c", v.toString());
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
            if (old == null) {
                System.clearProperty(HostLibraryLocator.PROPERTY);
            } else {
                System.setProperty(HostLibraryLocator.PROPERTY, old);
            }
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, text);
        assertEquals("verify: host C library not found: system property hsxmbx.hostlib names "
                + dir.resolve("gone.so") + ", which is not a file", text.strip());
        assertFalse(text.contains("\tat "), text);
    }
}

package org.hsxmbx.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Maven as the launcher and scripts/test.sh run it prints no escape codes: Debian's Maven 3.8.7
 * with Jansi 2.4 writes a colour reset to stdout and stderr even with -B and
 * -Dstyle.color=never, unless the JVM gets -Djansi.noreset=true (.mvn/jvm.config).
 */
class MavenOutputTest {
    @Test
    void mavenPrintsNoEscapeCodes() throws Exception {
        Path root = Path.of(System.getProperty("hsxmbx.root", "..")).toAbsolutePath().normalize();
        Process p = new ProcessBuilder("mvn", "-B", "-q", "-Dstyle.color=never", "-v").directory(root.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "mvn -v finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("3."), "printed its version: " + out);
        assertFalse(out.contains("\u001b"), "escape code in: " + out.replace("\u001b", "\\e"));
    }
}

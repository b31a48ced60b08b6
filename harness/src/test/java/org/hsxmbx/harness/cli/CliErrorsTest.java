package org.hsxmbx.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage and input errors of the integration issue: each message and exit code. */
class CliErrorsTest {
    @TempDir
    Path tmp;

    private static void noTrace(CliRun r) {
        assertFalse(r.all().contains("Exception") || r.all().contains("\tat "), "no stack trace: " + r.all());
    }

    @Test
    void noArgumentsPrintsUsageOnStderrAndExitsTwo() {
        CliRun r = CliRun.of();
        assertEquals(2, r.code(), r.all());
        assertEquals("", r.out(), "stdout stays empty");
        assertTrue(r.err().contains("Usage: hsxmbx"), r.err());
        assertTrue(r.err().contains("verify") && r.err().contains("completion"), r.err());
        assertTrue(r.err().strip().endsWith("hsxmbx: name a command (see above)"), r.err());
    }

    @Test
    void completionPrintsABashScriptForEveryVerb() {
        CliRun r = CliRun.of("completion");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out().substring(0, 80));
        assertTrue(r.out().contains("complete -F _complete_hsxmbx"), "registers the function");
        for (String verb : new String[] {"verify", "fuzz", "build", "generate", "flash", "hxe", "run", "constants"}) {
            assertTrue(r.out().contains(verb), verb);
        }
        assertTrue(r.out().contains("--backend") && r.out().contains("--junit"), "options of the verbs");
    }

    @Test
    void verifyOfADeviceIsNotAMissingFile() {
        CliRun r = CliRun.of("verify", "--backend", "java", "/dev/null");
        assertEquals(2, r.code(), r.all());
        assertTrue(r.out().contains("ERROR /dev/null: not a vector file (a device, pipe or socket; name a .json file"
                + " or a directory)"), r.out());
        assertFalse(r.out().contains("no such file"), r.out());
    }

    @Test
    void nonUtf8VectorNamesTheByte() throws Exception {
        Path f = tmp.resolve("latin1.json");
        byte[] text = "{\"name\": \"caf\u00e9\",\n \"steps\": [{\"op\": \"stats\"}]}"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(f, text);
        CliRun r = CliRun.of("verify", "--backend", "java", f.toString());
        assertEquals(2, r.code(), r.all());
        assertTrue(r.out().contains("ERROR " + f + ": not UTF-8 text: byte 0xE9 at offset 13 (line 1) is not valid"
                + " UTF-8; save the file as UTF-8"), r.out());
        assertFalse(r.out().contains("Input length"), r.out());
    }

    @Test
    void constantsIntoAFileOrAMissingDirectoryIsBadInput() throws Exception {
        Path file = tmp.resolve("x");
        Files.writeString(file, "");
        CliRun r = CliRun.of("constants", file.toString());
        assertEquals(2, r.code(), r.all());
        assertEquals("constants: " + file + ": not a directory (DIR is where hsx_mbx_constants.h is written)",
                r.err().strip());
        Path missing = tmp.resolve("a").resolve("b");
        r = CliRun.of("constants", missing.toString());
        assertEquals(2, r.code(), r.all());
        assertEquals("constants: " + missing + ": no such directory (create it first)", r.err().strip());
        assertFalse(Files.exists(tmp.resolve("a")), "nothing created");
        r = CliRun.of("constants", tmp.toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(Files.isRegularFile(tmp.resolve("hsx_mbx_constants.h")));
    }

    @Test
    void configsWritesTheHostConfigurationsOnceAndNamesAMissingProfile() throws Exception {
        CliRun r = CliRun.of("configs", "--root", tmp.toString());
        assertEquals(2, r.code(), r.all());
        assertEquals("configs: " + tmp.toAbsolutePath() + ": not an hsxmbx checkout (no firmware-c/)", r.err().strip());
        Path host = tmp.resolve("firmware-c/config/host/profile.json");
        Files.createDirectories(host.getParent());
        r = CliRun.of("configs", "--root", tmp.toString());
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains(host + ": no such profile file (the profile of firmware-c/config/host)"), r.err());
        Path repo = Path.of(System.getProperty("hsxmbx.root", "..")).toAbsolutePath();
        for (String p : new String[] {"firmware-c/config/host/profile.json", "firmware-c/test/config/profile.json",
            "boards/bench/loader-host/profile.json"}) {
            Files.createDirectories(tmp.resolve(p).getParent());
            Files.copy(repo.resolve(p), tmp.resolve(p), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        r = CliRun.of("configs", "--root", tmp.toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("wrote firmware-c/test/cross/minimal/hsx_mbx_instance.h"), r.out());
        assertEquals(Files.readString(repo.resolve("firmware-c/config/host/hsx_mbx_instance.h")),
                Files.readString(tmp.resolve("firmware-c/config/host/hsx_mbx_instance.h")));
        r = CliRun.of("configs", "--root", tmp.toString());
        assertEquals("configs: every file is up to date", r.out().strip());
    }

    @Test
    void fuzzOutIsCheckedBeforeFuzzing() {
        Path missing = tmp.resolve("nodir").resolve("r.json");
        // 20000 operations find no difference: before the fix --out was never looked at and this exited 0
        CliRun r = CliRun.of("fuzz", "--backend", "java,c", "--ops", "20000", "--out", missing.toString());
        assertEquals(2, r.code(), r.all());
        assertEquals("fuzz: --out " + missing + ": directory '" + tmp.resolve("nodir")
                + "' does not exist (create it first)", r.err().strip());
        r = CliRun.of("fuzz", "--backend", "java,c", "--ops", "20000", "--out", tmp.toString());
        assertEquals(2, r.code(), r.all());
        assertEquals("fuzz: --out " + tmp + ": is a directory (name a file)", r.err().strip());
        assertFalse(Files.exists(tmp.resolve("nodir")));
    }

    @Test
    void runOutVectorNeedsAnExistingDirectory() throws Exception {
        Path script = tmp.resolve("s.js");
        Files.writeString(script, "mbx.taskStart(1);\n");
        Path missing = tmp.resolve("gen").resolve("v.json");
        CliRun r = CliRun.of("run", script.toString(), "--out-vector", missing.toString());
        assertEquals(2, r.code(), r.all());
        assertEquals("ERROR --out-vector " + missing + ": directory '" + tmp.resolve("gen")
                + "' does not exist (create it first)", r.out().strip());
        assertFalse(Files.exists(tmp.resolve("gen")), "no directory created");
        Path ok = tmp.resolve("v.json");
        r = CliRun.of("run", script.toString(), "--out-vector", ok.toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(Files.isRegularFile(ok));
    }

    @Test
    void noDescriptorAtTaskStartExplainsTheTaskMailboxes() throws Exception {
        Path v = tmp.resolve("tasks.json");
        Files.writeString(v, "{\"name\": \"two tasks\", \"profile\": {\"base\": \"embedded\", \"max_descriptors\": 5},"
                + " \"steps\": [{\"op\": \"task_start\", \"pid\": 1},"
                + " {\"op\": \"task_start\", \"pid\": 2, \"expect\": {\"status\": \"OK\"}}]}");
        CliRun r = CliRun.of("verify", "--backend", "java", v.toString());
        assertEquals(1, r.code(), r.all());
        assertTrue(r.out().contains("  step 2 (task_start): status: expected OK, got NO_DESCRIPTOR (profile custom"
                + " has task_mailboxes: every task_start binds 4 mailboxes, stdio.in/out/err and pid:N, taking 4"
                + " descriptors and 4 x default_capacity 64 = 256 arena bytes; in use: 4 of max_descriptors 5,"), r.out());
        assertTrue(r.out().contains("set \"task_mailboxes\": false or raise max_descriptors / arena_bytes)"), r.out());
        noTrace(r);
    }

    @Test
    void declaredMailboxesNeedingATaskThatDoesNotFitSayWhy() throws Exception {
        Path profile = tmp.resolve("p.json");
        Files.writeString(profile, "{\"name\": \"tight\", \"base\": \"embedded\", \"max_descriptors\": 5}");
        Path mbx = tmp.resolve("m.json");
        Files.writeString(mbx, "[{\"target\": \"app:a\", \"bindings\": [{\"pid\": 1}, {\"pid\": 2}]}]");
        CliRun r = CliRun.of("build", "--board", "atmega1284p", "--profile", profile.toString(), "--mailboxes",
                mbx.toString(), "--out", tmp.resolve("fw").toString());
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("task 2 named by the declarations cannot be started with profile tight:"
                + " NO_DESCRIPTOR (profile tight has task_mailboxes: every task_start binds 4 mailboxes"), r.err());
        noTrace(r);
    }
}

package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** generate --lib-only and --vendor: what a firmware project commits, and a copy that builds on its own. */
class GeneratorLayoutTest {
    @TempDir
    Path tmp;

    private static final String MAILBOXES = """
            {"version": 1, "mailboxes": [
              {"target": "app:sensor", "capacity": 64, "mode": "RDWR", "bindings": [{"pid": 1}]}
            ]}""";

    private FirmwareSpec spec(String board, String features) throws IOException {
        Path m = tmp.resolve("app.mailbox.json");
        Files.writeString(m, MAILBOXES);
        return GeneratorTest.spec(board, "embedded", features, MailboxSource.load(m));
    }

    @Test
    void libOnlyIsTheConfigurationTheInstanceAndTheTableAndNothingElse() throws IOException {
        FirmwareSpec s = spec("atmega1284p", "all");
        Map<String, String> lib = Generator.generate(s, Generator.Layout.LIB_ONLY, null).files();
        assertEquals(Set.of("hsx_mbx_config.h", "hsx_mbx_instance.h", "hsx_fw_mailboxes.h", "hsx_fw_mailboxes.c"),
                lib.keySet());
        Map<String, String> full = Generator.generate(s).files();
        for (String f : lib.keySet()) {
            assertEquals(full.get(f), lib.get(f), f + " differs from the firmware layout's");
        }
        Path out = tmp.resolve("lib");
        Generator.write(s, Generator.Layout.LIB_ONLY, null, out);
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(lib.keySet(), files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void vendorCopiesOnlyWhatTheConfigurationCompiles() throws IOException {
        RuntimeSources rt = RuntimeSources.of(Repo.root());
        Set<String> all = Generator.generate(spec("mps2-an386", "all"), Generator.Layout.VENDOR, rt).files().keySet();
        assertTrue(all.containsAll(List.of("hsx_mbx_svc.c", "hsx_mbx_loader.c", "PROVENANCE", "hsx_fw_layout_check.c",
                "hsx_mbx_constants.h", "hsx_mbx.h", "hsx_mbx_internal.h", "hsx_mbx.c")), all.toString());
        assertFalse(all.contains("main.c") || all.contains("CMakeLists.txt"), all.toString());
        Set<String> minimal = Generator.generate(spec("mps2-an386", "minimal"), Generator.Layout.VENDOR, rt).files()
                .keySet();
        assertFalse(minimal.contains("hsx_mbx_loader.c") || minimal.contains("hsx_mbx_taps.c"), minimal.toString());
    }

    @Test
    void provenanceNamesTheCommitAndHashesEveryCopy() throws IOException {
        RuntimeSources rt = RuntimeSources.of(Repo.root());
        Exec.Result head = Exec.check(List.of("git", "-C", Repo.root().toString(), "rev-parse", "HEAD"), null, 30);
        assertEquals(head.stdout().strip(), rt.commit());
        Map<String, String> files = Generator.generate(spec("atmega1284p", "all"), Generator.Layout.VENDOR, rt).files();
        String prov = files.get(Generator.PROVENANCE);
        assertTrue(prov.contains("# source    hsxmbx commit " + rt.commit() + "\n"), prov);
        List<String> sums = prov.lines().filter(l -> !l.startsWith("#")).toList();
        List<String> copied = RuntimeSources.needed(spec("atmega1284p", "all"));
        assertEquals(copied.size(), sums.size(), prov);
        for (String rel : copied) {
            String name = Path.of(rel).getFileName().toString();
            byte[] original = Files.readAllBytes(Repo.root().resolve(rel));
            assertEquals(new String(original, StandardCharsets.ISO_8859_1), files.get(name), name + " is not a copy");
            assertTrue(sums.contains(sha256(original) + "  " + name), name + " hash missing from\n" + prov);
            assertTrue(prov.contains("#   " + name + " <- " + rel + "\n"), prov);
        }
    }

    /**
     * The vendored directory, copied away from the checkout, compiles and links with only itself
     * on the include path: the runtime, the table and a main calling the API, with the board's
     * compiler and flags at -Werror.
     */
    @ParameterizedTest
    @ValueSource(strings = {"atmega1284p", "mps2-an386"})
    void vendoredOutputBuildsWithoutTheCheckout(String board) throws IOException {
        FirmwareSpec s = spec(board, "all");
        Repo.requireTool(s.board().tool("gcc"));
        Path gen = tmp.resolve("gen");
        Generator.write(s, Generator.Layout.VENDOR, RuntimeSources.of(Repo.root()), gen);
        Path away = Files.createTempDirectory("hsxmbx-vendored-");
        try {
            try (Stream<Path> files = Files.list(gen)) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                    assertFalse(text.contains(Repo.root().toString()), f + " names the checkout");
                    Files.copy(f, away.resolve(f.getFileName()));
                }
            }
            Files.writeString(away.resolve("app_main.c"), """
                    #include <string.h>
                    #include "hsx_fw_mailboxes.h"
                    #include "hsx_mbx.h"
                    int main(void)
                    {
                        uint8_t failed = 0, buf[8];
                        uint16_t h = 0, sent = 0;
                        hsx_mbx_msg_info_t info;
                        if (hsx_mbx_init(NULL) != HSX_MBX_STATUS_OK || hsx_fw_create_mailboxes(&failed) != 0) {
                            return 1;
                        }
                        hsx_mbx_open(0, "app:sensor", 10, 0, &h);
                        hsx_mbx_send(0, h, (const uint8_t *)"x", 1, 0, 0, HSX_MBX_TIMEOUT_POLL, &sent);
                        return hsx_mbx_recv(0, h, buf, sizeof buf, HSX_MBX_TIMEOUT_POLL, &info);
                    }
                    """);
            List<String> cmd = new ArrayList<>(List.of(s.board().tool("gcc")));
            cmd.addAll(s.board().cpuFlags());
            cmd.addAll(List.of("-std=c11", "-Os", "-Wall", "-Wextra", "-Werror", "-I.", "-o", "app.elf"));
            if (s.board().arch() == Board.Arch.CORTEX_M) {
                cmd.addAll(List.of("--specs=nano.specs", "--specs=nosys.specs"));
            }
            try (Stream<Path> files = Files.list(away)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c")).sorted().forEach(cmd::add);
            }
            Exec.check(cmd, away, 300);
            assertTrue(Files.size(away.resolve("app.elf")) > 0);
            Exec.Result nm = Exec.check(List.of(s.board().tool("nm"), "app.elf"), away, 60);
            Set<String> symbols = new TreeSet<>(nm.stdout().lines().map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .toList());
            assertTrue(symbols.containsAll(List.of("hsx_mbx_init", "hsx_fw_create_mailboxes", "hsx_mbx_recv")),
                    symbols.toString());
        } finally {
            try (Stream<Path> files = Files.walk(away)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

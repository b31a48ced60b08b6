package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {
    @TempDir
    Path tmp;

    static FirmwareSpec spec(String board, String profile, String features, MailboxSource m) {
        Board b = Repo.board(board);
        ProfileChoice.Resolved p = ProfileChoice.resolve(profile, features, b);
        return new FirmwareSpec(b, p.profile(), p.label(), p.featureSet(), m);
    }

    private Path mailboxes(String json) throws IOException {
        Path f = tmp.resolve("app.mailbox.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void generationIsByteIdenticalOnRerun() throws IOException {
        Path m = mailboxes("""
                {"version": 1, "mailboxes": [
                  {"target": "app:telemetry", "capacity": 96, "mode": "RDWR|FANOUT", "bindings": [{"pid": 1}]},
                  {"target": "svc:log", "capacity": 48}
                ]}""");
        for (String board : List.of("atmega1284p", "mps2-an386", "stm32f405")) {
            FirmwareSpec s = spec(board, null, "all", MailboxSource.load(m));
            Path a = tmp.resolve(board + "-a");
            Path b = tmp.resolve(board + "-b");
            Generator.write(s, a);
            Generator.write(spec(board, null, "all", MailboxSource.load(m)), b);
            List<String> names = Generator.generate(s).files().keySet().stream().toList();
            assertEquals(List.of("CMakeLists.txt", "hsx_fw_layout_check.c", "hsx_fw_mailboxes.c", "hsx_fw_mailboxes.h",
                    "hsx_mbx_config.h", "hsx_mbx_constants.h", "hsx_mbx_instance.h", "main.c"), names);
            for (String n : names) {
                assertArrayEquals(Files.readAllBytes(a.resolve(n)), Files.readAllBytes(b.resolve(n)), board + "/" + n);
            }
        }
    }

    @Test
    void everyFileNamesItsInputsAndNoDate() {
        Map<String, String> files = Generator.generate(spec("atmega1284p", "embedded", "minimal",
                MailboxSource.NONE)).files();
        Pattern date = Pattern.compile("20\\d\\d-\\d\\d-\\d\\d|\\d\\d:\\d\\d:\\d\\d");
        for (Map.Entry<String, String> e : files.entrySet()) {
            if (e.getKey().equals(ConstantsHeader.FILE_NAME)) {
                assertEquals(ConstantsHeader.render(), e.getValue());
                continue;
            }
            String head = e.getValue().substring(0, Math.min(800, e.getValue().length()));
            assertTrue(head.startsWith("/* " + e.getKey() + ": ") || head.startsWith("# " + e.getKey() + ": "),
                    e.getKey());
            for (String want : List.of("hsxmbx codegen " + Generator.VERSION, "board     atmega1284p",
                    "profile   embedded (built-in)", "features  minimal", "mailboxes none")) {
                assertTrue(head.contains(want), e.getKey() + " lacks '" + want + "':\n" + head);
            }
            assertFalse(date.matcher(e.getValue()).find(), e.getKey() + " contains a date or time");
            assertFalse(e.getValue().contains(Repo.root().toString()), e.getKey() + " contains an absolute path");
        }
    }

    @Test
    void configFollowsProfileFeaturesAndArch() {
        String avr = Generator.generate(spec("atmega1284p", "embedded", "minimal", MailboxSource.NONE)).files()
                .get("hsx_mbx_config.h");
        assertTrue(avr.contains("#define HSX_MBX_CFG_MAX_DESCRIPTORS   16"), avr);
        assertTrue(avr.contains("#define HSX_MBX_CFG_FANOUT            0"), avr);
        assertTrue(avr.contains("#define HSX_MBX_CFG_TAPS              0"), avr);
        assertTrue(avr.contains("#define HSX_MBX_CFG_EVENTS            0"), avr);
        assertTrue(avr.contains("#define HSX_MBX_CFG_LOADER            0"), avr);
        assertTrue(avr.contains("#define HSX_MBX_CFG_RUNTIME_LIMITS    0"), avr);
        assertTrue(avr.contains("SREG"), avr);
        String arm = Generator.generate(spec("mps2-an386", "desktop", "all", MailboxSource.NONE)).files()
                .get("hsx_mbx_config.h");
        assertTrue(arm.contains("#define HSX_MBX_CFG_MAX_DESCRIPTORS   256"), arm);
        assertTrue(arm.contains("#define HSX_MBX_CFG_FANOUT            1"), arm);
        assertTrue(arm.contains("primask"), arm);
    }

    @Test
    void declaredMailboxesReserveExactArena() throws IOException {
        Path m = mailboxes("""
                [{"target": "app:telemetry", "capacity": 96, "mode": "RDWR|FANOUT",
                  "bindings": [{"pid": 1}, {"pid": 2, "flags": 5}]},
                 {"target": "svc:log"}]""");
        Generator.Output out = Generator.generate(spec("atmega1284p", "embedded", "all", MailboxSource.load(m)));
        // 96 (queue) + 96 (pid 2's tap buffer) + 64 (svc:log at the default capacity)
        assertEquals(96 + 96 + 64, out.declaredArenaBytes());
        String h = out.files().get("hsx_fw_mailboxes.h");
        assertTrue(h.contains("#define HSX_FW_DECLARED_ARENA_BYTES 256UL"), h);
        assertTrue(h.contains("#define HSX_FW_TASK_COUNT          2"), h);
        // two tasks with stdio and pid: mailboxes at 64 bytes each
        assertTrue(h.contains("#define HSX_FW_TASK_ARENA_BYTES    512UL"), h);
        String c = out.files().get("hsx_fw_mailboxes.c");
        assertTrue(c.contains("{\"app:telemetry\", 13, 96, 0x0B, 0, 2}"), c);
        assertTrue(c.contains("{\"svc:log@0\", 9, 0, 0x03, 2, 0}"), c);
        assertTrue(c.contains("{2, 0x05}"), c);
    }

    @Test
    void declarationsThatDoNotFitNameTheEntryAndField() throws IOException {
        Path m = mailboxes("""
                [{"target": "app:a", "capacity": 2000}, {"target": "app:b", "capacity": 3000}]""");
        CodegenException e = assertThrows(CodegenException.class,
                () -> Generator.generate(spec("atmega1284p", "embedded", "all", MailboxSource.load(m))));
        assertTrue(e.getMessage().contains("app.mailbox.json"), e.getMessage());
        assertTrue(e.getMessage().contains("entry 1"), e.getMessage());
        assertTrue(e.getMessage().contains("'capacity'"), e.getMessage());
    }

    @Test
    void badMailboxFileNamesFileAndField() throws IOException {
        Path m = mailboxes("[{\"target\": \"app:x\", \"mode\": \"RDWR|SIDEWAYS\"}]");
        CodegenException e = assertThrows(CodegenException.class, () -> MailboxSource.load(m));
        assertTrue(e.getMessage().contains("app.mailbox.json"), e.getMessage());
        assertTrue(e.getMessage().contains("mode"), e.getMessage());
        CodegenException missing = assertThrows(CodegenException.class,
                () -> MailboxSource.load(tmp.resolve("nope.json")));
        assertTrue(missing.getMessage().contains("nope.json"), missing.getMessage());
    }

    @Test
    void profileFromFileAndItsErrors() throws IOException {
        Path p = tmp.resolve("small.json");
        Files.writeString(p, "{\"base\": \"embedded\", \"name\": \"small\", \"max_descriptors\": 8}");
        ProfileChoice.Resolved r = ProfileChoice.resolve(p.toString(), null, Repo.board("atmega1284p"));
        assertEquals(8, r.profile().maxDescriptors());
        assertTrue(r.label().startsWith("small.json (small, sha256 "), r.label());
        Files.writeString(p, "{\"base\": \"embedded\", \"max_descriptors\": \"many\"}");
        CodegenException e = assertThrows(CodegenException.class,
                () -> ProfileChoice.resolve(p.toString(), null, Repo.board("atmega1284p")));
        assertTrue(e.getMessage().contains("small.json") && e.getMessage().contains("max_descriptors"),
                e.getMessage());
        CodegenException f = assertThrows(CodegenException.class,
                () -> ProfileChoice.resolve("embedded", "most", Repo.board("atmega1284p")));
        assertTrue(f.getMessage().contains("--features"), f.getMessage());
    }

    @Test
    void featureListsNameTheFeaturesOnAndTheConfigFollows() {
        ProfileChoice.Resolved r = ProfileChoice.resolve("embedded", "timeouts,stdio,loader,loader_json",
                Repo.board("atmega1284p"));
        assertEquals(org.hsxmbx.model.Features.of(java.util.EnumSet.of(org.hsxmbx.model.Features.Feature.TIMEOUTS,
                org.hsxmbx.model.Features.Feature.STDIO, org.hsxmbx.model.Features.Feature.LOADER,
                org.hsxmbx.model.Features.Feature.LOADER_JSON)), r.profile().features());
        assertEquals("timeouts,stdio,loader,loader_json", r.featureSet());
        String config = ConfigHeader.render(new FirmwareSpec(Repo.board("atmega1284p"), r.profile(), r.label(),
                r.featureSet(), MailboxSource.NONE));
        assertTrue(Pattern.compile("#define HSX_MBX_CFG_LOADER_JSON +1").matcher(config).find(), config);
        assertTrue(Pattern.compile("#define HSX_MBX_CFG_INTROSPECTION +0").matcher(config).find(), config);
        assertTrue(Pattern.compile("#define HSX_MBX_CFG_SVC +0").matcher(config).find(), config);
        CodegenException json = assertThrows(CodegenException.class,
                () -> ProfileChoice.resolve("embedded", "timeouts,loader_json", Repo.board("atmega1284p")));
        assertTrue(json.getMessage().contains("loader_json needs loader"), json.getMessage());
        CodegenException bad = assertThrows(CodegenException.class,
                () -> ProfileChoice.resolve("embedded", "timeouts,warp", Repo.board("atmega1284p")));
        assertTrue(bad.getMessage().contains("'warp'") && bad.getMessage().contains("introspection"),
                bad.getMessage());
    }

    @Test
    void cLiteralsEscape() {
        assertEquals("\"a\\\"b\\\\c\\?\\n\"", CText.literal("a\"b\\c?\n"));
    }
}

package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BoardReaderTest {
    @TempDir
    Path tmp;

    @Test
    void theThreeBoardsLoad() {
        assertEquals(List.of("atmega1284p", "mps2-an386", "stm32f405"), BoardReader.list(Repo.boards()));
        Board avr = Repo.board("atmega1284p");
        assertEquals(Board.Arch.AVR, avr.arch());
        assertEquals(131072, avr.memory().flashBytes());
        assertEquals(new Board.Budget(14336, 5120, 1024, 24, 128), avr.budget());
        assertNull(avr.linkerScript());
        assertEquals("embedded", avr.defaultProfile());
        Board mps2 = Repo.board("mps2-an386");
        assertEquals(new Board.Budget(10240, 4096, 1280, 32, 224), mps2.budget());
        assertEquals(mps2.budget(), Repo.board("stm32f405").budget()); // budgeted as Cortex-M
        assertNull(mps2.programmer());
        assertTrue(Files.isRegularFile(mps2.linkerScript()));
        Board stm = Repo.board("stm32f405");
        assertNotNull(stm.programmer());
        assertEquals("openocd", stm.programmer().command().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"atmega1284p", "mps2-an386", "stm32f405"})
    void toolchainFileAgreesWithBoardJson(String id) throws IOException {
        Board b = Repo.board(id);
        String cmake = Files.readString(b.toolchainFile());
        assertTrue(cmake.contains("\"" + String.join(" ", b.cpuFlags()) + "\""),
                id + ": toolchain.cmake must set HSX_CPU_FLAGS to the board's cpu_flags " + b.cpuFlags());
        assertTrue(cmake.contains("-DHSX_CLOCK_HZ=" + b.clockHz() + "UL"), id + ": clock differs");
        assertTrue(cmake.contains("set(CMAKE_C_COMPILER " + b.tool("gcc") + ")"), id + ": compiler differs");
        if (b.arch() == Board.Arch.AVR) {
            assertTrue(cmake.contains("-DF_CPU=" + b.clockHz() + "UL"), id + ": F_CPU differs");
        }
    }

    @Test
    void unknownBoardListsTheKnownOnes() {
        CodegenException e = assertThrows(CodegenException.class, () -> BoardReader.load(Repo.boards(), "uno"));
        assertTrue(e.getMessage().contains("unknown board 'uno'"), e.getMessage());
        assertTrue(e.getMessage().contains("atmega1284p, mps2-an386, stm32f405"), e.getMessage());
    }

    private Path variant(Consumer<ObjectNode> edit) throws IOException {
        Path src = Repo.boards().resolve("mps2-an386");
        Path dir = tmp.resolve("boards").resolve("mps2-an386");
        if (Files.exists(dir)) {
            try (var files = Files.walk(tmp.resolve("boards"))) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        for (String f : List.of("toolchain.cmake", "linker.ld")) {
            Files.copy(src.resolve(f), dir.resolve(f));
        }
        Path common = tmp.resolve("boards").resolve("common").resolve("cortex-m");
        Files.createDirectories(common);
        for (String f : List.of("startup.c", "semihosting.c")) {
            Files.copy(Repo.boards().resolve("common/cortex-m").resolve(f), common.resolve(f));
        }
        ObjectMapper om = new ObjectMapper();
        ObjectNode json = (ObjectNode) om.readTree(src.resolve("board.json").toFile());
        edit.accept(json);
        Path f = dir.resolve("board.json");
        om.writerWithDefaultPrettyPrinter().writeValue(f.toFile(), json);
        return f;
    }

    private void rejects(String field, String words, Consumer<ObjectNode> edit) throws IOException {
        Path f = variant(edit);
        BoardException e = assertThrows(BoardException.class, () -> BoardReader.read(f));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(f.toString(), e.file().toString());
        assertTrue(e.getMessage().startsWith(f + ": field '" + field + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void copyOfARealBoardIsValid() throws IOException {
        Path f = variant(j -> { });
        assertEquals("mps2-an386", BoardReader.read(f).id());
        assertEquals("mps2-an386", BoardReader.load(tmp.resolve("boards"), "mps2-an386").id());
    }

    @Test
    void errorsNameTheFileAndTheField() throws IOException {
        rejects("arch", "unknown architecture 'riscv'", j -> j.put("arch", "riscv"));
        rejects("mcu", "is required", j -> j.remove("mcu"));
        rejects("clock_hz", "positive integer", j -> j.put("clock_hz", "fast"));
        rejects("budget.stack_bytes", "positive integer", j -> j.with("budget").put("stack_bytes", -1));
        rejects("budget.stacks", "unknown field", j -> j.with("budget").put("stacks", 1));
        rejects("budget.runtime_flash_minimal_bytes", "must not exceed",
                j -> j.with("budget").put("runtime_flash_minimal_bytes", 99999));
        rejects("budget.runtime_flash_all_bytes", "must not exceed memory.flash_bytes (262144)",
                j -> j.with("budget").put("runtime_flash_all_bytes", 300000));
        rejects("budget.static_sram_bytes", "must not exceed memory.sram_bytes (65536)",
                j -> j.with("budget").put("static_sram_bytes", 65500));
        rejects("colour", "unknown field", j -> j.put("colour", "blue"));
        rejects("linker_script", "does not exist", j -> j.put("linker_script", "nope.ld"));
        rejects("linker_script", "required for cortex-m", j -> j.putNull("linker_script"));
        rejects("console.kind", "unknown console 'lcd'", j -> j.with("console").put("kind", "lcd"));
        rejects("console.sources[0]", "does not exist",
                j -> j.with("console").putArray("sources").add("missing.c"));
        rejects("emulator.command", "{elf}", j -> j.with("emulator").putArray("command").add("qemu"));
        rejects("emulator.output", "unknown output", j -> j.with("emulator").put("output", "xml"));
        rejects("cpu_flags[3]", "non-empty string", j -> j.withArray("cpu_flags").add(3));
        rejects("default_profile", "neither a built-in", j -> j.put("default_profile", "huge"));
        rejects("programmer", "is required", j -> j.remove("programmer"));
        rejects("programmer.default_port", "string or null", j -> {
            ObjectNode p = j.putObject("programmer");
            p.putArray("command").add("openocd");
            p.put("default_port", 3);
        });
    }

    @Test
    void brokenJsonNamesTheLine() throws IOException {
        Path f = variant(j -> { });
        Files.writeString(f, "{\n  \"id\": \"x\",\n  oops\n}\n");
        BoardException e = assertThrows(BoardException.class, () -> BoardReader.read(f));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void idMustMatchItsDirectory() throws IOException {
        variant(j -> j.put("id", "other"));
        BoardException e = assertThrows(BoardException.class,
                () -> BoardReader.load(tmp.resolve("boards"), "mps2-an386"));
        assertEquals("id", e.field());
    }

    @Test
    void outOfTreeBoardByPathResolvesItsPathsAgainstTheFile() throws IOException {
        Path f = variant(j -> j.put("id", "my-m4"));
        Path renamed = f.resolveSibling("my-m4.json");
        Files.move(f, renamed);
        Board b = BoardReader.resolve(renamed.toString(), List.of(), Repo.boards());
        assertEquals("my-m4", b.id(), "the id is the file's, not its directory's");
        assertEquals(renamed.getParent().resolve("linker.ld"), b.linkerScript());
        assertEquals(tmp.resolve("boards/common/cortex-m/startup.c"), b.startup().get(0));
        assertEquals(renamed.toAbsolutePath().normalize(), b.file());
        assertEquals("mps2-an386/my-m4.json", b.fileLabel());
    }

    @Test
    void boardDirectoryAndSearchPath() throws IOException {
        Path f = variant(j -> j.put("description", "the out-of-tree copy"));
        assertEquals("the out-of-tree copy", BoardReader.resolve(f.getParent().toString(), List.of(), Repo.boards())
                .description());
        // An id: the search path comes before the built-in boards, which still follow.
        Board b = BoardReader.resolve("mps2-an386", List.of(tmp.resolve("nowhere"), tmp.resolve("boards")),
                Repo.boards());
        assertEquals("the out-of-tree copy", b.description());
        assertEquals("atmega1284p", BoardReader.resolve("atmega1284p", List.of(tmp.resolve("boards")),
                Repo.boards()).id());
        CodegenException e = assertThrows(CodegenException.class,
                () -> BoardReader.resolve("uno", List.of(tmp.resolve("boards")), Repo.boards()));
        assertTrue(e.getMessage().contains("unknown board 'uno'"), e.getMessage());
        assertTrue(e.getMessage().contains("searched " + tmp.resolve("boards") + ", " + Repo.boards()), e.getMessage());
    }

    @Test
    void missingOrBadOutOfTreeBoardNamesTheFileAndTheField() throws IOException {
        Path missing = tmp.resolve("elsewhere/custom/board.json");
        CodegenException e = assertThrows(CodegenException.class,
                () -> BoardReader.resolve(missing.toString(), List.of(), Repo.boards()));
        assertTrue(e.getMessage().contains("board file '" + missing + "' does not exist"), e.getMessage());
        Files.createDirectories(missing.getParent());
        e = assertThrows(CodegenException.class,
                () -> BoardReader.resolve(missing.getParent().toString(), List.of(), Repo.boards()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());

        Path f = variant(j -> j.with("console").putArray("sources").add("../common/cortex-m/uart.c"));
        BoardException be = assertThrows(BoardException.class,
                () -> BoardReader.resolve(f.toString(), List.of(), Repo.boards()));
        assertEquals(f.toString(), be.file().toString());
        assertEquals("console.sources[0]", be.field());
        assertTrue(be.getMessage().contains("'../common/cortex-m/uart.c' does not exist"), be.getMessage());
    }

    @Test
    void programmerBaudPlaceholder() throws IOException {
        Board avr = Repo.board("atmega1284p");
        assertEquals(115200L, avr.programmer().defaultBaud());
        assertTrue(avr.programmer().command().contains("{baud}"));
        rejects("programmer.default_baud", "required when programmer.command uses {baud}", j -> {
            ObjectNode p = j.putObject("programmer");
            p.putArray("command").add("avrdude").add("-b").add("{baud}");
            p.putNull("default_port");
        });
        rejects("programmer.default_baud", "has no {baud}", j -> {
            ObjectNode p = j.putObject("programmer");
            p.putArray("command").add("openocd");
            p.putNull("default_port");
            p.put("default_baud", 9600);
        });
        rejects("programmer.default_baud", "positive integer", j -> {
            ObjectNode p = j.putObject("programmer");
            p.putArray("command").add("avrdude").add("{baud}");
            p.putNull("default_port");
            p.put("default_baud", "fast");
        });
    }
}

package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.hsxmbx.model.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SramModelTest {
    @Test
    void layoutRules() {
        SramModel.Type u8 = new SramModel.Type("u8", 1, 1);
        SramModel.Type u32 = new SramModel.Type("u32", 4, 4);
        assertEquals(8, SramModel.struct("s", u8, u32).size());
        assertEquals(12, SramModel.struct("s", u8, u32, u8).size());
        assertEquals(6, SramModel.struct("s", u32, u8, u8).size() - 2);
    }

    @Test
    void embeddedDescriptorFitsBothBudgets() {
        assertEquals(22, SramModel.of(Board.Arch.AVR, Profile.EMBEDDED).descriptorBytes());
        assertEquals(24, SramModel.of(Board.Arch.CORTEX_M, Profile.EMBEDDED).descriptorBytes());
    }

    /**
     * Builds the firmware with the cross compiler and compares every storage symbol of the
     * runtime with the model (the struct sizes are also static-asserted by the build itself).
     */
    @ParameterizedTest
    @CsvSource({"atmega1284p, all", "atmega1284p, minimal", "mps2-an386, all", "mps2-an386, minimal"})
    void modelMatchesTheCompiler(String board, String features) {
        Board b = Repo.board(board);
        Repo.requireTool(b.tool("gcc"));
        FirmwareSpec spec = GeneratorTest.spec(board, "embedded", features, MailboxSource.NONE);
        Path out = Path.of("target", "sram-model", board + "-" + features).toAbsolutePath();
        FirmwareBuild.Result r = FirmwareBuild.build(spec, Repo.root(), out);
        Map<String, Long> model = new TreeMap<>(r.generated().sram().symbols());
        // Storage is every hsx_mbx__ symbol (hsx_mbx_state.c) and the g_ scratch of the SVC
        // dispatcher and the loader; other RAM symbols are constant tables (AVR keeps .rodata in RAM).
        Map<String, Long> measured = new TreeMap<>(r.sizes().runtimeSymbols());
        measured.keySet().removeIf(name -> !isStorage(name));
        assertEquals(model, measured, "SramModel vs " + b.tool("nm") + " for " + board + " " + features);
        // The budget figure is the model's storage plus constant tables that AVR keeps in RAM
        // (.rodata is copied to SRAM there); on Cortex-M constants stay in flash.
        long constantsInRam = r.sizes().ramSections().entrySet().stream()
                .filter(e -> !isStorage(e.getKey().replaceFirst("^\\.(bss|data)\\.", "")))
                .mapToLong(Map.Entry::getValue).sum();
        if (b.arch() == Board.Arch.CORTEX_M) {
            assertEquals(0, constantsInRam, "Cortex-M runtime constants in RAM: " + r.sizes().ramSections());
        }
        SizeReport.Item sram = r.sizes().items().get(1);
        assertEquals(r.generated().sram().staticExcludingArena() + constantsInRam, sram.measured(),
                "static SRAM without the arena: " + r.sizes().ramSections());
    }

    private static boolean isStorage(String symbol) {
        return symbol.startsWith("hsx_mbx__") || symbol.startsWith("g_");
    }
}

package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A profile too big for the board's SRAM is refused with a message in profile terms, before the linker runs. */
class FirmwareFitTest {
    @Test
    void desktopProfileDoesNotFitTheMps2BudgetPart() {
        FirmwareSpec spec = GeneratorTest.spec("mps2-an386", "desktop", "all", MailboxSource.NONE);
        CodegenException e = assertThrows(CodegenException.class,
                () -> FirmwareBuild.checkFits(spec, SramModel.of(spec.board().arch(), spec.profile())));
        assertTrue(e.getMessage().contains("profile desktop"), e.getMessage());
        assertTrue(e.getMessage().contains("65536 bytes"), e.getMessage());
    }

    @Test
    void embeddedProfileFitsEveryBoard() {
        for (String board : new String[] {"atmega1284p", "mps2-an386", "stm32f405"}) {
            FirmwareSpec spec = GeneratorTest.spec(board, "embedded", "all", MailboxSource.NONE);
            assertDoesNotThrow(() -> FirmwareBuild.checkFits(spec, SramModel.of(spec.board().arch(), spec.profile())));
        }
    }
}

package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The call-graph rules of {@link StackAnalysis} on small hand-written disassemblies. */
class StackAnalysisTest {
    /**
     * avr-objdump shapes: a call, a tail jump, and a -mcall-prologues save of every register (a jump
     * to its entry, no offset) whose pushes would make the deepest path if it were taken for a callee.
     */
    private static final String AVR = """
            00000100 <hsx_mbx_recv>:
             100:	a4 e0       	ldi	r26, 0x04
             102:	0c 94 00 04 	jmp	0x7e4	; 0x7e4 <__prologue_saves__>
             106:	0e 94 00 02 	call	0x400	; 0x400 <settle>
             10a:	0c 94 00 03 	jmp	0x600	; 0x600 <ring_pop>

            00000400 <settle>:
             400:	0e 94 00 03 	call	0x600	; 0x600 <ring_pop>
             404:	08 95       	ret

            00000600 <ring_pop>:
             600:	0f 93       	push	r16
             602:	08 95       	ret

            000007e4 <__prologue_saves__>:
             7e4:	0f 92       	push	r2
             7e6:	1f 92       	push	r3
             7e8:	2f 92       	push	r4
             7ea:	3f 92       	push	r5
             7ec:	4f 92       	push	r6
             7ee:	5f 92       	push	r7
             7f0:	6f 92       	push	r8
             7f2:	7f 92       	push	r9
             7f4:	8f 92       	push	r10
             7f6:	9f 92       	push	r11
             7f8:	af 92       	push	r12
             7fa:	bf 92       	push	r13
             7fc:	09 94       	ijmp
            """;

    @Test
    void avrDepthIsFramesPlusReturnAddressesAndCallProloguesAreNotCallees() {
        Map<String, Long> frames = Map.of("hsx_mbx_recv", 20L, "settle", 6L);
        StackAnalysis.Result r = StackAnalysis.analyse(Board.Arch.AVR, AVR, frames, List.of("hsx_mbx_recv"));
        assertTrue(r.bounded(), r.problem());
        // recv 20 + 2 + settle 6 + 2 + ring_pop 1 (its one push: no .su entry)
        assertEquals(31, r.bytes());
        assertEquals(List.of("hsx_mbx_recv (20)", "settle (6)", "ring_pop (1)"), r.chain());
    }

    @Test
    void anIndirectCallMakesTheDepthUnbounded() {
        String dis = AVR.replace("404:	08 95       	ret", "404:	09 95       	icall");
        StackAnalysis.Result r = StackAnalysis.analyse(Board.Arch.AVR, dis, Map.of("hsx_mbx_recv", 20L, "settle", 6L),
                List.of("hsx_mbx_recv"));
        assertFalse(r.bounded());
    }

    @Test
    void armFramesWithoutStackUsageCountTheirPrologue() {
        String dis = """
                00000100 <hsx_mbx_send>:
                 100:	b500      	push	{lr}
                 102:	f000 f801 	bl	108 <memcpy>

                00000108 <memcpy>:
                 108:	b5f0      	push	{r4, r5, r6, r7, lr}
                 10a:	b082      	sub	sp, #8
                 10c:	bdf0      	pop	{r4, r5, r6, r7, pc}
                """;
        StackAnalysis.Result r = StackAnalysis.analyse(Board.Arch.CORTEX_M, dis, Map.of("hsx_mbx_send", 16L),
                List.of("hsx_mbx_send"));
        assertEquals(16 + 20 + 8, r.bytes());
    }
}

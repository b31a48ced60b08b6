package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hsxmbx.codegen.InstanceTypes.CType;
import org.hsxmbx.model.Features;
import org.hsxmbx.model.Profile;
import org.junit.jupiter.api.Test;

class InstanceTypesTest {
    private static Profile profile(int descriptors, int tasks, int handles, int arena, int names, int rate) {
        return new Profile("t", descriptors, tasks, handles, 64, arena, rate, 16, true, names, 4, Features.ALL);
    }

    @Test
    void eachTypeIsTheNarrowestHoldingItsMaximum() {
        InstanceTypes small = new InstanceTypes(profile(255, 254, 255, 65535, 255, 255), false, true);
        assertEquals(CType.U8, small.did());
        assertEquals(CType.U16, small.aoff());
        assertEquals(CType.U8, small.noff());
        assertEquals(CType.U8, small.tslot());
        assertEquals(CType.U8, small.hslot());
        assertEquals(CType.U8, small.wcount());
        InstanceTypes wide = new InstanceTypes(profile(256, 255, 256, 65536, 256, 256), false, true);
        assertEquals(CType.U16, wide.did());
        assertEquals(CType.U32, wide.aoff());
        assertEquals(CType.U16, wide.noff());
        assertEquals(CType.U16, wide.tslot(), "255 task slots but one value is 'none'");
        assertEquals(CType.U16, wide.hslot());
        assertEquals(CType.U16, wide.wcount());
        assertEquals(CType.U32, new InstanceTypes(profile(1, 1, 1, 0, 65536, 0), false, false).noff());
    }

    @Test
    void fanOutCountsKeepAllOnesForUnknown() {
        assertEquals(CType.U8, new InstanceTypes(profile(16, 1, 127, 0, 0, 0), false, false).fcnt()); // 254 slots
        assertEquals(CType.U16, new InstanceTypes(profile(16, 0, 255, 0, 0, 0), false, false).fcnt()); // 255 slots
    }

    @Test
    void waitOrderRenumberedWithinEightBitsUpToSixtyFourSlots() {
        assertEquals(CType.U8, new InstanceTypes(profile(16, 63, 1, 0, 0, 0), false, false).worder());
        assertEquals(CType.U16, new InstanceTypes(profile(16, 64, 1, 0, 0, 0), false, false).worder());
    }

    @Test
    void stampIsCompactOnlyOnAvrWithAtMost128HandleSlots() {
        Profile p = profile(16, 15, 8, 4096, 128, 20); // 128 handle slots
        assertTrue(new InstanceTypes(p, false, true).stampCompact());
        assertEquals(CType.U8, new InstanceTypes(p, false, true).stamp());
        assertEquals(CType.U16, new InstanceTypes(p, false, false).stamp());
        assertEquals(CType.U32, new InstanceTypes(p, true, true).stamp(), "run-time limits: the host's 32 bits");
        assertFalse(new InstanceTypes(profile(16, 16, 8, 4096, 128, 20), false, true).stampCompact());
    }

    @Test
    void boardHeaderChoosesTheStampForItsArchitecture() {
        String avr = InstanceHeader.render("", Profile.EMBEDDED, false, InstanceHeader.Scope.AVR);
        String arm = InstanceHeader.render("", Profile.EMBEDDED, false, InstanceHeader.Scope.NOT_AVR);
        assertTrue(avr.contains("#define HSX_MBX_STAMP_COMPACT 1\n"), avr);
        assertTrue(arm.contains("#define HSX_MBX_STAMP_COMPACT 0\n"), arm);
        assertFalse(avr.contains("__AVR__") || arm.contains("__AVR__"));
        String any = InstanceHeader.render("", Profile.EMBEDDED, false, InstanceHeader.Scope.ANY);
        assertTrue(any.contains("#if defined(__AVR__)"), any);
    }
}

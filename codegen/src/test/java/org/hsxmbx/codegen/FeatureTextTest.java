package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.hsxmbx.model.Features;
import org.junit.jupiter.api.Test;

/** FeatureText reads Features's components, so every feature of the record is covered without a list. */
class FeatureTextTest {
    @Test
    void namesAreTheComponentsInJsonSpelling() {
        List<String> names = FeatureText.names();
        assertEquals(Features.class.getRecordComponents().length, names.size());
        assertEquals("fanout", names.get(0));
        assertEquals("loader_json", names.get(names.size() - 1));
        for (String n : names) {
            assertTrue(Features.BITS.containsKey(n.toUpperCase(Locale.ROOT)), n + " has a bit in Features.BITS");
        }
    }

    @Test
    void ofAndOnRoundTripEverySet() {
        assertEquals(Features.ALL, FeatureText.of(FeatureText.on(Features.ALL)));
        assertEquals(Features.MINIMAL, FeatureText.of(FeatureText.on(Features.MINIMAL)));
        assertEquals(List.of(), FeatureText.on(FeatureText.of(List.of())));
        assertEquals("(none)", FeatureText.describe(FeatureText.of(List.of())));
        for (String n : FeatureText.names()) {
            assertTrue(FeatureText.isOn(Features.ALL, n));
            assertEquals(List.of(n), FeatureText.fromBits(FeatureText.bit(n)));
        }
        assertFalse(FeatureText.isOn(Features.MINIMAL, "fanout"));
        assertEquals(FeatureText.on(Features.MINIMAL), FeatureText.fromBits(Features.MINIMAL.bits()));
    }

    @Test
    void anUnknownNameSaysWhichAreKnown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureText.of(List.of("fanout", "turbo")));
        assertTrue(e.getMessage().contains("unknown feature 'turbo' (known: fanout, taps"), e.getMessage());
    }
}

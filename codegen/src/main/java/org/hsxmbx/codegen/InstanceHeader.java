package org.hsxmbx.codegen;

import org.hsxmbx.model.Profile;

/**
 * Writes {@code hsx_mbx_instance.h}: the types and storage counts of one runtime instance,
 * chosen by {@link InstanceTypes} from the profile. The runtime's internal header includes it
 * (found through the include path, next to {@code hsx_mbx_config.h}) instead of choosing the
 * types itself, so each layout rule is written once, here, and {@link SramModel} predicts the
 * records from the same choice.
 */
final class InstanceHeader {
    static final String FILE_NAME = "hsx_mbx_instance.h";

    /** Which compilers the header is for: one architecture, or any (the portable test configs). */
    enum Scope {
        AVR, NOT_AVR, ANY;

        static Scope of(Board.Arch arch) {
            return arch == Board.Arch.AVR ? AVR : NOT_AVR;
        }
    }

    private InstanceHeader() {}

    /** @param banner the file's first comment (see {@link Banner}) */
    static String render(String banner, Profile p, boolean runtimeLimits, Scope scope) {
        return render(banner, p, runtimeLimits, scope, "");
    }

    /** @param declared the declared-mailbox counts of a firmware ({@link DeclaredMailboxes#instanceMacros}) */
    static String render(String banner, Profile p, boolean runtimeLimits, Scope scope, String declared) {
        InstanceTypes t = new InstanceTypes(p, runtimeLimits, scope == Scope.AVR);
        StringBuilder sb = new StringBuilder(banner);
        sb.append("""
                #ifndef HSX_MBX_INSTANCE_H
                #define HSX_MBX_INSTANCE_H

                #include <stdint.h>

                /* Storage counts: task slot 0 is pid 0; an empty tap table, arena or name pool
                 * keeps one element (C has no zero-length arrays). */
                """);
        sb.append(String.format("#define HSX_MBX_NTASK_SLOTS %d%n", t.taskSlots()));
        sb.append(String.format("#define HSX_MBX_NTAP_SLOTS  %d%n", Math.max(1, p.maxTaps())));
        sb.append(String.format("#define HSX_MBX_ARENA_SIZE  %dUL%n", Math.max(1, p.arenaBytes())));
        sb.append(String.format("#define HSX_MBX_NAMES_SIZE  %dUL%n", Math.max(1, p.namePoolBytes())));
        sb.append("""

                /* Index, offset and counter types: the narrowest unsigned type that holds every
                 * value the profile allows (%s). */
                """.formatted(runtimeLimits ? "its sizes are the maxima of the run-time limits" : "its sizes"));
        for (InstanceTypes.Typedef d : t.typedefs()) {
            sb.append(String.format("%-40s /* %s */%n", "typedef " + d.type().c + " " + d.name() + ";",
                    CText.comment(d.why())));
        }
        sb.append(String.format("#define HSX_MBX_WORDER_TOP 0x%X%s%n", t.worder().max,
                t.worder() == InstanceTypes.CType.U32 ? "UL" : "u"));
        stamp(sb, p, runtimeLimits, scope);
        sb.append(declared);
        sb.append("\n#endif /* HSX_MBX_INSTANCE_H */\n");
        return sb.toString();
    }

    /**
     * The open-order stamp: its form for the scope's compilers (a portable header picks it
     * with {@code __AVR__}), which tests may override with {@code -DHSX_MBX_STAMP_COMPACT=1}.
     */
    private static void stamp(StringBuilder sb, Profile p, boolean runtimeLimits, Scope scope) {
        InstanceTypes avr = new InstanceTypes(p, runtimeLimits, true);
        InstanceTypes other = new InstanceTypes(p, runtimeLimits, false);
        String compact;
        if (scope == Scope.ANY && avr.stampCompact() != other.stampCompact()) {
            compact = """
                    #if defined(__AVR__) /* records are byte-aligned: the byte saved is not padding */
                    #define HSX_MBX_STAMP_COMPACT %d
                    #else
                    #define HSX_MBX_STAMP_COMPACT %d
                    #endif
                    """.formatted(bit(avr.stampCompact()), bit(other.stampCompact()));
        } else {
            boolean c = (scope == Scope.AVR ? avr : other).stampCompact();
            compact = "#define HSX_MBX_STAMP_COMPACT " + bit(c) + "\n";
        }
        InstanceTypes.CType wide = other.stamp();
        String signed = wide == InstanceTypes.CType.U32 ? "int32_t" : "int16_t";
        sb.append("""

                /* Open-order stamp of a handle: taps get copies in handle open order. Compact: 8 bits,
                 * renumbered over the open handles before it passes HSX_MBX_STAMP_MAX, so plain compare
                 * is exact (AVR, at most 128 handle slots: one byte less per handle). Otherwise serial
                 * compare, exact while tapped handles are opened less than half its range apart. */
                #ifndef HSX_MBX_STAMP_COMPACT
                %s#endif
                #if HSX_MBX_STAMP_COMPACT
                typedef uint8_t hsx_mbx_stamp_t;
                #define HSX_MBX_STAMP_BEFORE(a, b) ((a) < (b))
                #else
                typedef %s hsx_mbx_stamp_t;
                #define HSX_MBX_STAMP_BEFORE(a, b) ((%s)(%s)((a) - (b)) < 0)
                #endif
                """.formatted(compact, wide.c, signed, wide.c));
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }
}

package org.hsxmbx.codegen;

import org.hsxmbx.model.Features;
import org.hsxmbx.model.Profile;

/**
 * Writes {@code hsx_mbx_config.h}, the configuration interface of the C runtime
 * ({@code firmware-c/include/hsx_mbx_config_template.h}, version {@value #CONFIG_VERSION}):
 * the profile as compile-time limits, the feature switches and the architecture's critical
 * sections. {@link HostConfigs} writes the host and test configurations with the same body.
 */
final class ConfigHeader {
    static final String FILE_NAME = "hsx_mbx_config.h";
    static final int CONFIG_VERSION = 1;

    private ConfigHeader() {}

    static String render(FirmwareSpec spec) {
        StringBuilder sb = new StringBuilder();
        sb.append(Banner.c(FILE_NAME, "configuration of the HSX mailbox runtime for this firmware.", spec));
        sb.append("#ifndef HSX_MBX_CONFIG_H\n#define HSX_MBX_CONFIG_H\n\n");
        body(sb, spec.profile(), spec.featureSet(), Generator.svcEnabled(spec), false);
        sb.append('\n');
        criticalSections(sb, spec.board().arch());
        sb.append("\n#endif /* HSX_MBX_CONFIG_H */\n");
        return sb.toString();
    }

    /**
     * The profile's sizes and features as the configuration macros.
     *
     * @param runtimeLimits the sizes are maxima, the profile comes from hsx_mbx_init (host library)
     */
    static void body(StringBuilder sb, Profile p, String featureSet, boolean svc, boolean runtimeLimits) {
        Features f = p.features();
        sb.append("/* Interface version (firmware-c/include/hsx_mbx_config_template.h). */\n");
        define(sb, "HSX_MBX_CONFIG_VERSION", CONFIG_VERSION, null);
        sb.append("\n/* Profile \"").append(CText.comment(p.name())).append(runtimeLimits
                ? "\": the MAXIMA of the limits hsx_mbx_init() takes. */\n"
                : "\": these values ARE the limits. */\n");
        define(sb, "HSX_MBX_CFG_MAX_DESCRIPTORS", p.maxDescriptors(), "descriptor ids 1..N");
        define(sb, "HSX_MBX_CFG_MAX_TASKS", p.maxTasks(), "live tasks, pid 0 not counted");
        define(sb, "HSX_MBX_CFG_HANDLE_LIMIT", p.handleLimitPerPid(), "handles per pid");
        define(sb, "HSX_MBX_CFG_DEFAULT_CAPACITY", p.defaultCapacity(), "bytes, bind with capacity 0");
        define(sb, "HSX_MBX_CFG_ARENA_BYTES", p.arenaBytes(), "all rings and tap buffers");
        define(sb, "HSX_MBX_CFG_NAME_POOL_BYTES", p.namePoolBytes(), "descriptor names");
        define(sb, "HSX_MBX_CFG_MAX_TAPS", p.maxTaps(), "tap handles at once");
        define(sb, "HSX_MBX_CFG_EVENT_RING_SIZE", p.eventRingSize(), "events kept");
        define(sb, "HSX_MBX_CFG_TAP_RATE_LIMIT", p.tapRateLimit(), "copies per tap per 1000 ms, 0 = unlimited");
        define(sb, "HSX_MBX_CFG_TASK_MAILBOXES", p.taskMailboxes() ? 1 : 0, "task_start binds stdio + pid:");
        define(sb, "HSX_MBX_CFG_FIRST_SEQ", p.firstSeq(), "next_seq of a new descriptor");
        define(sb, "HSX_MBX_CFG_EVENT_MASK", p.eventMask(), "event types emitted at start (HSX_MBX_EVMASK_*)");
        sb.append("\n/* Features (").append(featureSet).append("): 0 removes the code and its storage. */\n");
        define(sb, "HSX_MBX_CFG_FANOUT", bit(f.fanout()), null);
        define(sb, "HSX_MBX_CFG_TAPS", bit(f.taps()), null);
        define(sb, "HSX_MBX_CFG_EVENTS", bit(f.events()), null);
        define(sb, "HSX_MBX_CFG_TIMEOUTS", bit(f.timeouts()), null);
        define(sb, "HSX_MBX_CFG_STDIO", bit(f.stdio()), null);
        define(sb, "HSX_MBX_CFG_LOADER", bit(f.loader()), null);
        define(sb, "HSX_MBX_CFG_LOADER_JSON", bit(f.loaderJson()), "JSON encoding of .mailbox; needs LOADER");
        define(sb, "HSX_MBX_CFG_INTROSPECTION", bit(f.introspection()), "stats, task info, snapshots");
        define(sb, "HSX_MBX_CFG_SVC", bit(svc), "SVC dispatcher of module 0x05");
        define(sb, "HSX_MBX_CFG_RUNTIME_LIMITS", bit(runtimeLimits), runtimeLimits
                ? "limits come from hsx_mbx_init()" : "limits are compile-time constants");
    }

    private static void criticalSections(StringBuilder sb, Board.Arch arch) {
        switch (arch) {
            case AVR -> sb.append("""
                    /* Critical sections (AVR): save SREG, disable interrupts, restore SREG. cli() is a
                     * compiler memory barrier; the SREG store is only volatile, so EXIT puts a barrier
                     * before it: no store of the section may move past the restore, after interrupts
                     * are enabled again (avr-libc's ATOMIC_RESTORESTATE has the same barrier). */
                    #include <avr/interrupt.h>
                    #include <avr/io.h>
                    #define HSX_MBX_ENTER_CRITICAL()      uint8_t hsx_sreg__ = SREG; cli()
                    #define HSX_MBX_EXIT_CRITICAL()       do { __asm__ volatile("" ::: "memory"); SREG = hsx_sreg__; } while (0)
                    """);
            case CORTEX_M -> sb.append("""
                    /* Critical sections (Cortex-M): save PRIMASK, disable interrupts, restore PRIMASK.
                     * Both asm statements clobber "memory": compiler barriers, so no access of the
                     * section moves outside it. */
                    #include <stdint.h>
                    static inline uint32_t hsx_port_irq_save(void)
                    {
                        uint32_t primask;
                        __asm__ volatile("mrs %0, primask\\n\\tcpsid i" : "=r"(primask) : : "memory");
                        return primask;
                    }
                    static inline void hsx_port_irq_restore(uint32_t primask)
                    {
                        __asm__ volatile("msr primask, %0" : : "r"(primask) : "memory");
                    }
                    #define HSX_MBX_ENTER_CRITICAL()      uint32_t hsx_primask__ = hsx_port_irq_save()
                    #define HSX_MBX_EXIT_CRITICAL()       hsx_port_irq_restore(hsx_primask__)
                    """);
            default -> throw new IllegalStateException("no critical section for " + arch);
        }
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }

    private static void define(StringBuilder sb, String name, long value, String note) {
        String line = String.format("#define %-29s %d", name, value);
        if (note != null) {
            line = String.format("%-44s /* %s */", line, note);
        }
        sb.append(line).append('\n');
    }
}

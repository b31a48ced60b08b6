package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The critical sections the generator writes are compiler memory barriers at both ends: no
 * store of the section may be moved (or dropped) past the restore of the interrupt state. On
 * AVR the SREG store is only volatile, so EXIT needs an explicit barrier before it.
 */
class CriticalSectionTest {
    @TempDir
    Path tmp;

    private static String config(String board) {
        return ConfigHeader.render(GeneratorTest.spec(board, "embedded", "all", MailboxSource.NONE));
    }

    private static String define(String header, String name) {
        Matcher m = Pattern.compile("(?m)^#define " + Pattern.quote(name) + "\\(\\)\\s+(.*)$").matcher(header);
        assertTrue(m.find(), name + " missing:\n" + header);
        return m.group(1);
    }

    @Test
    void avrExitHasAMemoryBarrierBeforeTheSregRestore() {
        String exit = define(config("atmega1284p"), "HSX_MBX_EXIT_CRITICAL");
        int barrier = exit.indexOf("__asm__ volatile(\"\" ::: \"memory\")");
        int restore = exit.indexOf("SREG = hsx_sreg__");
        assertTrue(barrier >= 0 && restore > barrier, "EXIT must put a memory barrier before the SREG store: " + exit);
        assertTrue(define(config("atmega1284p"), "HSX_MBX_ENTER_CRITICAL").contains("cli()"));
    }

    @Test
    void cortexMSaveAndRestoreClobberMemory() {
        String h = config("mps2-an386");
        Matcher restore = Pattern.compile("msr primask, %0\"[^;]*\"memory\"\\)").matcher(h);
        Matcher save = Pattern.compile("cpsid i\"[^;]*\"memory\"\\)").matcher(h);
        assertTrue(restore.find(), "the PRIMASK restore must clobber memory:\n" + h);
        assertTrue(save.find(), "the PRIMASK save + cpsid must clobber memory:\n" + h);
        assertTrue(define(h, "HSX_MBX_EXIT_CRITICAL").contains("hsx_port_irq_restore"), h);
    }

    /**
     * avr-gcc with the generated config: a store inside the section, then a wait with interrupts
     * on, then another store to the same variable. Without the barrier the compiler drops the
     * first store as dead (the volatile SREG store does not order memory), so an interrupt
     * handler running in the wait never sees it. The section's store must be emitted between
     * cli and the SREG restore.
     */
    @Test
    void avrSectionStoreIsEmittedBeforeInterruptsComeBack() throws IOException {
        Repo.requireTool("avr-gcc");
        Files.writeString(tmp.resolve(ConfigHeader.FILE_NAME), config("atmega1284p"));
        Path probe = tmp.resolve("probe.c");
        Files.writeString(probe, """
                #include <stdint.h>
                #include "hsx_mbx_config.h"
                extern volatile uint8_t flag;
                uint8_t data;
                void probe(uint8_t v)
                {
                    HSX_MBX_ENTER_CRITICAL();
                    data = v;
                    HSX_MBX_EXIT_CRITICAL();
                    while (flag) {
                    }
                    data = (uint8_t)(v + 1u);
                }
                """);
        Exec.Result r = Exec.check(List.of("avr-gcc", "-std=c99", "-mmcu=atmega1284p", "-Os", "-Wall", "-Wextra",
                "-Werror", "-I" + tmp, "-S", "-o", "-", probe.toString()), tmp, 60);
        List<String> code = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String t = line.strip();
            if (t.equals("cli") || t.startsWith("sts data") || t.startsWith("out __SREG__")) {
                code.add(t.replaceAll(",.*", ""));
            }
        }
        assertTrue(code.size() >= 3 && code.get(0).equals("cli") && code.get(1).equals("sts data")
                && code.get(2).equals("out __SREG__"), "expected cli, sts data, out __SREG__ in that order, got "
                + code + ":\n" + r.stdout());
    }

    /** The whole runtime compiles with the generated AVR config (warnings are errors). */
    @Test
    void runtimeCompilesWithTheGeneratedAvrConfig() throws IOException {
        Repo.requireTool("avr-gcc");
        Files.writeString(tmp.resolve(ConfigHeader.FILE_NAME), config("atmega1284p"));
        Path src = Repo.root().resolve("firmware-c/src");
        List<String> sources;
        try (var files = Files.list(src)) {
            sources = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".c")).sorted().toList();
        }
        assertTrue(sources.contains("hsx_mbx.c") && sources.contains("hsx_mbx_state.c"), sources.toString());
        for (String f : sources) {
            Exec.check(List.of("avr-gcc", "-std=c99", "-mmcu=atmega1284p", "-Os", "-Wall", "-Wextra", "-Werror",
                    "-I" + tmp, "-I" + Repo.root().resolve("firmware-c/include"), "-c", "-o",
                    tmp.resolve(f + ".o").toString(), src.resolve(f).toString()), tmp, 120);
        }
    }
}

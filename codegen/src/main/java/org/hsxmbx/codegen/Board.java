package org.hsxmbx.codegen;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A board description ({@code boards/<id>/board.json}, read by {@link BoardReader}). Paths are
 * resolved against the board's directory.
 *
 * @param id             directory name and {@code --board} value
 * @param description    one line for humans
 * @param arch           instruction set family, selects SRAM layouts and critical sections
 * @param mcu            part name (informational; cpu_flags select the code)
 * @param clockHz        CPU clock after the startup code
 * @param cpuFlags       compiler flags that select the CPU (also in the toolchain file)
 * @param optFlags       optimisation flags of firmware builds
 * @param toolchainPrefix prefix of gcc, size, nm, objdump
 * @param toolchainFile  CMake toolchain file
 * @param memory         flash and SRAM of the part
 * @param budget         the mailbox budget checked by {@code ./hsxmbx build}
 * @param linkerScript   linker script, or null for the toolchain's default
 * @param startup        startup sources (empty when the C library's crt is used)
 * @param console        console kind and sources
 * @param defaultProfile profile used when none is given
 * @param emulator       how to run firmware in an emulator
 * @param programmer     how to flash a real board, or null when there is none
 * @param dir            directory of board.json (the paths in it are relative to it)
 * @param file           the board file itself
 */
public record Board(
        String id,
        String description,
        Arch arch,
        String mcu,
        long clockHz,
        List<String> cpuFlags,
        List<String> optFlags,
        String toolchainPrefix,
        Path toolchainFile,
        Memory memory,
        Budget budget,
        Path linkerScript,
        List<Path> startup,
        Console console,
        String defaultProfile,
        Emulator emulator,
        Programmer programmer,
        Path dir,
        Path file) {

    public Board {
        cpuFlags = List.copyOf(cpuFlags);
        optFlags = List.copyOf(optFlags);
        startup = List.copyOf(startup);
    }

    /** Instruction set family. */
    public enum Arch {
        AVR("avr"), CORTEX_M("cortex-m");

        private final String jsonName;

        Arch(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }

        public static Arch fromJson(String s) {
            for (Arch a : values()) {
                if (a.jsonName.equals(s)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** Memory of the part, in bytes. */
    public record Memory(long flashBytes, long sramBytes) {}

    /** The mailbox budget (boards-and-budgets.md); every figure is an upper bound in bytes. */
    public record Budget(long runtimeFlashAllBytes, long runtimeFlashMinimalBytes, long staticSramBytes,
                         long descriptorBytes, long stackBytes) {}

    /** Console: {@code uart0} or {@code semihosting}, and the C sources implementing hsx_console.h. */
    public record Console(String kind, List<Path> sources) {
        public Console {
            sources = List.copyOf(sources);
        }
    }

    /**
     * An emulator command line; {@code {elf}} is replaced by the firmware. {@code output} says how
     * to read the console from it: {@code plain} or {@code simavr-uart} (simavr's coloured UART lines).
     */
    public record Emulator(List<String> command, String output, int timeoutSeconds) {
        public Emulator {
            command = List.copyOf(command);
        }
    }

    /**
     * A programmer command line with {@code {elf}}, {@code {hex}}, {@code {port}} and {@code {baud}}
     * placeholders; {@code defaultBaud} is set exactly when the command uses {@code {baud}}.
     */
    public record Programmer(List<String> command, String defaultPort, Long defaultBaud) {
        public Programmer {
            command = List.copyOf(command);
        }
    }

    /** How generated files name the board file: its directory and file name, never an absolute path. */
    public String fileLabel() {
        Path parent = file.getParent();
        return (parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/") + file.getFileName();
    }

    /** Name of a tool of the board's toolchain ({@code gcc}, {@code size}, {@code nm}, {@code objdump}). */
    public String tool(String name) {
        return toolchainPrefix + name;
    }

    /** Replaces {@code {key}} placeholders in each argument. */
    public static List<String> expand(List<String> template, Map<String, String> values) {
        return template.stream().map(arg -> {
            String out = arg;
            for (Map.Entry<String, String> e : values.entrySet()) {
                out = out.replace("{" + e.getKey() + "}", e.getValue());
            }
            return out;
        }).toList();
    }
}

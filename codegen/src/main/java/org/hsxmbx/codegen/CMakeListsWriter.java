package org.hsxmbx.codegen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the firmware's {@code CMakeLists.txt}: the runtime from {@code firmware-c/src} as a
 * static library compiled with the generated configuration, and the firmware ELF (generated
 * sources, the board's console and startup code) linked with the board's linker script, with
 * a link map, {@code -fstack-usage} files and an Intel HEX copy for programmers.
 * Paths into the repository are relative to {@code HSX_ROOT}, the board's files relative to
 * {@code HSX_BOARD_DIR} (the directory of its board.json, in or out of the repository); the
 * build passes both, so the file holds no absolute path.
 */
final class CMakeListsWriter {
    static final String FILE_NAME = "CMakeLists.txt";
    /** Name of the runtime library target; its archive name marks runtime objects in the map. */
    static final String RUNTIME_LIB = "hsx_mbx";
    static final String ELF = "firmware.elf";
    static final String MAP = "firmware.map";
    static final String HEX = "firmware.hex";

    /**
     * The runtime's public functions (firmware-c/include/hsx_mbx.h). The firmware links every one
     * of them ({@code --undefined} makes each a root of {@code --gc-sections}) so that the flash
     * figure is the whole runtime an executive links, not only what the self-check calls.
     * Functions a configuration leaves out (svc, load_section) are simply not found. The send and
     * receive fast paths are here too: the header's hsx_mbx_send/hsx_mbx_recv wrappers call them.
     */
    static final List<String> RUNTIME_API = List.of("hsx_mbx_init", "hsx_mbx_task_start", "hsx_mbx_task_exit",
            "hsx_mbx_tick", "hsx_mbx_bind", "hsx_mbx_open", "hsx_mbx_send", "hsx_mbx__send_fast", "hsx_mbx_recv",
            "hsx_mbx__recv_fast", "hsx_mbx_peek",
            "hsx_mbx_tap", "hsx_mbx_close", "hsx_mbx_stats", "hsx_mbx_task_info", "hsx_mbx_desc_snapshot",
            "hsx_mbx_tap_snapshot", "hsx_mbx_event_next", "hsx_mbx_event_seq", "hsx_mbx_event_mask", "hsx_mbx_svc", "hsx_mbx_svc_complete",
            "hsx_mbx_load_section");

    private CMakeListsWriter() {}

    static String render(FirmwareSpec spec) {
        Board b = spec.board();
        StringBuilder sb = new StringBuilder();
        sb.append(Banner.hash(FILE_NAME, "builds the mailbox firmware for board " + b.id() + ".", spec));
        sb.append("#\n# cmake -S <this dir> -B <build dir> -DHSX_ROOT=<hsxmbx checkout> [-DHSX_BOARD_DIR=<dir of board.json>]\n");
        sb.append("# (./hsxmbx build does it; HSX_BOARD_DIR defaults to ${HSX_ROOT}/boards/").append(b.id()).append(")\n\n");
        sb.append("cmake_minimum_required(VERSION 3.20)\n\n");
        sb.append("""
                if(NOT DEFINED HSX_ROOT)
                  message(FATAL_ERROR "set HSX_ROOT to the hsxmbx checkout (-DHSX_ROOT=...)")
                endif()
                """);
        sb.append("if(NOT DEFINED HSX_BOARD_DIR)\n  set(HSX_BOARD_DIR \"${HSX_ROOT}/boards/").append(b.id())
                .append("\")\nendif()\n");
        sb.append("if(NOT CMAKE_TOOLCHAIN_FILE)\n  set(CMAKE_TOOLCHAIN_FILE \"${HSX_BOARD_DIR}/")
                .append(rel(b.dir(), b.toolchainFile())).append("\")\nendif()\n\n");
        sb.append("project(hsx_firmware_").append(CText.ident(b.id())).append(" C)\n\n");
        sb.append("set(HSX_OPT_FLAGS ").append(String.join(" ", b.optFlags())).append(")\n");
        sb.append("""
                set(HSX_C_FLAGS ${HSX_OPT_FLAGS} -std=c11 -Wall -Wextra -ffunction-sections -fdata-sections)

                # The mailbox runtime, configured by hsx_mbx_config.h in this directory.
                file(GLOB HSX_RUNTIME_SOURCES CONFIGURE_DEPENDS "${HSX_ROOT}/firmware-c/src/*.c")
                add_library(hsx_mbx STATIC ${HSX_RUNTIME_SOURCES})
                target_include_directories(hsx_mbx PUBLIC "${CMAKE_CURRENT_SOURCE_DIR}" "${HSX_ROOT}/firmware-c/include")
                target_compile_options(hsx_mbx PRIVATE ${HSX_C_FLAGS} -fstack-usage)

                """);
        List<String> sources = new ArrayList<>(List.of("main.c", SramModel.LAYOUT_CHECK));
        sources.add("\"${HSX_ROOT}/boards/common/hsx_console_fmt.c\"");
        for (Path p : b.console().sources()) {
            sources.add("\"${HSX_BOARD_DIR}/" + rel(b.dir(), p) + "\"");
        }
        for (Path p : b.startup()) {
            sources.add("\"${HSX_BOARD_DIR}/" + rel(b.dir(), p) + "\"");
        }
        sb.append("# The firmware: self-check, declared mailboxes, the board's console and startup code.\n");
        sb.append("add_executable(").append(ELF).append('\n');
        for (String s : sources) {
            sb.append("    ").append(s).append('\n');
        }
        sb.append(")\n");
        sb.append("# firmware-c/src for the runtime's internal layouts (").append(SramModel.LAYOUT_CHECK).append(").\n");
        sb.append("target_include_directories(").append(ELF)
                .append(" PRIVATE \"${HSX_ROOT}/boards/common\" \"${HSX_ROOT}/firmware-c/src\")\n");
        sb.append("target_compile_options(").append(ELF).append(" PRIVATE ${HSX_C_FLAGS} -fstack-usage)\n");
        sb.append("target_link_libraries(").append(ELF).append(" PRIVATE hsx_mbx)\n");
        sb.append("# Keep the whole runtime API, as an executive links it (the size report measures it).\n");
        sb.append("target_link_options(").append(ELF).append(" PRIVATE\n");
        for (String f : RUNTIME_API) {
            sb.append("    -Wl,--undefined=").append(f).append('\n');
        }
        sb.append(")\n");
        sb.append("# The optimisation flags link too: -mrelax (AVR) relaxes calls and jumps at link time.\n");
        sb.append("target_link_options(").append(ELF).append(" PRIVATE ${HSX_OPT_FLAGS} -Wl,--gc-sections -Wl,-Map=")
                .append(MAP);
        if (b.linkerScript() != null) {
            sb.append(" \"-T${HSX_BOARD_DIR}/").append(rel(b.dir(), b.linkerScript())).append('"');
        }
        sb.append(")\n");
        sb.append("add_custom_command(TARGET ").append(ELF).append(" POST_BUILD\n")
                .append("    COMMAND ${CMAKE_OBJCOPY} -O ihex ").append(ELF).append(' ').append(HEX).append('\n')
                .append("    BYPRODUCTS ").append(HEX).append(' ').append(MAP).append(")\n");
        return sb.toString();
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }
}

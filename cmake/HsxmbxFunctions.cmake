# HsxmbxFunctions.cmake: the CMake functions of the hsxmbx mailbox runtime, shared by
# add_subdirectory(<hsxmbx>/firmware-c) and find_package(hsxmbx) (docs/c-runtime.md,
# "Into your own CMake project").
#
# Whoever includes this file sets, before the calls:
#   HSXMBX_RUNTIME_INCLUDE_DIR  firmware-c/include (hsx_mbx.h, hsx_mbx_constants.h)
#   HSXMBX_RUNTIME_SOURCE_DIR   firmware-c/src (hsx_mbx*.c, hsx_mbx_internal.h)
#   HSXMBX_BOARDS_DIR           the built-in boards (boards/<id>/board.json, boards/common)
#   HSXMBX_EXECUTABLE           the hsxmbx CLI (the checkout's launcher or the installed one);
#                               a cache variable, so a project can point it elsewhere
#
# hsxmbx_add_runtime(<name> CONFIG_DIR <dir> [SOURCES extra.c...] [OPT_FLAGS flags...])
#   A static library of the runtime compiled with <dir>/hsx_mbx_config.h (plus any extra
#   sources, e.g. a declared-mailbox table). Optimisation: OPT_FLAGS (default -Os) when the
#   caller chose none, see hsxmbx_runtime_opt_flags below.
#
# hsxmbx_generate(TARGET <target> [BOARD <id | dir | board.json>] [PROFILE <name | file>]
#                 [FEATURES all|minimal] [MAILBOXES <file | dir>] [OUT <dir>] [RUNTIME <name>])
#   At build time runs `hsxmbx generate --lib-only` (configuration + declared-mailbox
#   table), builds the runtime with that configuration as the static library <RUNTIME>
#   (default <target>_hsxmbx) holding the table too, and links it to <target>. BOARD
#   defaults to HSX_BOARD, which every board's toolchain.cmake sets.
#
# hsxmbx_board_support(TARGET <target> [BOARD <id | dir | board.json>])
#   Adds the board's console (boards/common/hsx_console.h and its sources), startup code
#   and linker script, as board.json names them, to an executable: what the repository's
#   own firmware uses. Optional; a project with its own startup and console skips it.
include_guard(GLOBAL)

# Kept as global properties: the functions may be called from any directory of the project.
foreach(v HSXMBX_RUNTIME_INCLUDE_DIR HSXMBX_RUNTIME_SOURCE_DIR HSXMBX_BOARDS_DIR)
  if(NOT ${v})
    message(FATAL_ERROR "HsxmbxFunctions.cmake: ${v} must be set before it is included")
  endif()
  set_property(GLOBAL PROPERTY ${v} "${${v}}")
endforeach()

# The runtime's sources in HSXMBX_RUNTIME_SOURCE_DIR, one file per concept (docs/c-runtime.md,
# "Source files"). A feature's file compiles to nothing (or to its rejections) when the
# configuration leaves the feature out, so every configuration compiles all of them.
set(HSXMBX_RUNTIME_SOURCE_NAMES
    hsx_mbx.c hsx_mbx_state.c hsx_mbx_tasks.c hsx_mbx_desc.c hsx_mbx_target.c hsx_mbx_ring.c
    hsx_mbx_arena.c hsx_mbx_wait.c hsx_mbx_msg.c hsx_mbx_fanout.c hsx_mbx_taps.c hsx_mbx_events.c
    hsx_mbx_introspect.c hsx_mbx_svc.c hsx_mbx_loader.c hsx_mbx_preload.c)
# A global property as well: hsxmbx_add_runtime may run in a directory that does not see
# this variable (a project that add_subdirectory()s hsxmbx and calls hsxmbx_generate).
set_property(GLOBAL PROPERTY HSXMBX_RUNTIME_SOURCE_NAMES "${HSXMBX_RUNTIME_SOURCE_NAMES}")

set(HSXMBX_BOARD_PATH "$ENV{HSXMBX_BOARD_PATH}" CACHE STRING
    "folders of out-of-tree boards (<dir>/<id>/board.json), searched before the built-in ones")

# Finds a board's board.json: a file, a directory holding board.json, or an id looked up in
# HSXMBX_BOARD_PATH and then in the built-in boards. Fails naming what was searched.
function(hsxmbx_find_board out board)
  if(board STREQUAL "")
    message(FATAL_ERROR "hsxmbx: no BOARD given and HSX_BOARD is not set (use a board's toolchain.cmake, "
        "or pass BOARD <id | board.json>)")
  endif()
  get_filename_component(abs "${board}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT IS_DIRECTORY "${abs}" AND EXISTS "${abs}")
    set(${out} "${abs}" PARENT_SCOPE)
    return()
  endif()
  if(IS_DIRECTORY "${abs}" AND EXISTS "${abs}/board.json")
    set(${out} "${abs}/board.json" PARENT_SCOPE)
    return()
  endif()
  if(board MATCHES "[/\\\\]|\\.json$")
    message(FATAL_ERROR "hsxmbx: board '${board}': no such file (looked for ${abs})")
  endif()
  string(REPLACE ":" ";" path "${HSXMBX_BOARD_PATH}")
  set(searched "")
  get_property(builtin GLOBAL PROPERTY HSXMBX_BOARDS_DIR)
  foreach(dir IN LISTS path builtin)
    if(dir STREQUAL "")
      continue()
    endif()
    if(EXISTS "${dir}/${board}/board.json")
      set(${out} "${dir}/${board}/board.json" PARENT_SCOPE)
      return()
    endif()
    list(APPEND searched "${dir}")
  endforeach()
  list(JOIN searched ", " searched)
  message(FATAL_ERROR "hsxmbx: unknown board '${board}' (searched ${searched}; HSXMBX_BOARD_PATH adds folders)")
endfunction()

# A JSON field of board.json, or a configure error naming the file and the field.
function(hsxmbx_board_field out file)
  file(READ "${file}" json)
  string(JSON value ERROR_VARIABLE err GET "${json}" ${ARGN})
  if(err)
    list(JOIN ARGN "." field)
    message(FATAL_ERROR "${file}: field '${field}': ${err}")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

# A JSON array of strings of board.json as a CMake list.
function(hsxmbx_board_list out file)
  hsxmbx_board_field(arr "${file}" ${ARGN})
  file(READ "${file}" json)
  string(JSON type TYPE "${json}" ${ARGN})
  set(items "")
  if(type STREQUAL "ARRAY")
    string(JSON n LENGTH "${arr}")
    if(n GREATER 0)
      math(EXPR last "${n} - 1")
      foreach(i RANGE ${last})
        string(JSON item GET "${arr}" ${i})
        list(APPEND items "${item}")
      endforeach()
    endif()
  elseif(NOT type STREQUAL "NULL")
    list(JOIN ARGN "." field)
    message(FATAL_ERROR "${file}: field '${field}': must be an array of strings")
  endif()
  set(${out} "${items}" PARENT_SCOPE)
endfunction()

# The runtime's optimisation when the caller chose none. A build without CMAKE_BUILD_TYPE
# (and without -O in CMAKE_C_FLAGS) compiles at -O0, which doubles the runtime's flash:
# then the runtime gets <default> (and says so). HSX_MBX_OPT_FLAGS, when defined (even
# empty), replaces this choice.
function(hsxmbx_runtime_opt_flags out default)
  if(DEFINED HSX_MBX_OPT_FLAGS)
    set(${out} "${HSX_MBX_OPT_FLAGS}" PARENT_SCOPE)
    return()
  endif()
  get_property(multi GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(multi OR CMAKE_BUILD_TYPE OR CMAKE_C_FLAGS MATCHES "(^| )-O")
    set(${out} "" PARENT_SCOPE)
  else()
    set(${out} "${default}" PARENT_SCOPE)
  endif()
endfunction()

function(hsxmbx_add_runtime name)
  cmake_parse_arguments(PARSE_ARGV 1 A "" "CONFIG_DIR" "SOURCES;OPT_FLAGS")
  if(NOT A_CONFIG_DIR)
    message(FATAL_ERROR "hsxmbx_add_runtime(${name}): CONFIG_DIR <dir of hsx_mbx_config.h> is required")
  endif()
  get_filename_component(cfg "${A_CONFIG_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT DEFINED A_OPT_FLAGS)
    set(A_OPT_FLAGS -Os)
  endif()
  hsxmbx_runtime_opt_flags(opt "${A_OPT_FLAGS}")
  if(opt)
    list(JOIN opt " " shown)
    message(STATUS "hsxmbx: ${name} compiled with ${shown} (no CMAKE_BUILD_TYPE; set HSX_MBX_OPT_FLAGS to change)")
  endif()
  get_property(src GLOBAL PROPERTY HSXMBX_RUNTIME_SOURCE_DIR)
  get_property(inc GLOBAL PROPERTY HSXMBX_RUNTIME_INCLUDE_DIR)
  get_property(names GLOBAL PROPERTY HSXMBX_RUNTIME_SOURCE_NAMES)
  list(TRANSFORM names PREPEND "${src}/" OUTPUT_VARIABLE sources)
  add_library(${name} STATIC ${sources} ${A_SOURCES})
  target_include_directories(${name} PUBLIC "${cfg}" "${inc}")
  if(NOT CMAKE_C_STANDARD)
    set_target_properties(${name} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  endif()
  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    # Per-function sections: a firmware linked with --gc-sections keeps only what it calls.
    target_compile_options(${name} PRIVATE ${opt} -ffunction-sections -fdata-sections)
  else()
    target_compile_options(${name} PRIVATE ${opt})
  endif()
endfunction()

function(hsxmbx_generate)
  cmake_parse_arguments(PARSE_ARGV 0 A "" "TARGET;BOARD;PROFILE;FEATURES;MAILBOXES;OUT;RUNTIME" "")
  if(NOT A_TARGET OR NOT TARGET ${A_TARGET})
    message(FATAL_ERROR "hsxmbx_generate: TARGET <an existing target> is required (got '${A_TARGET}')")
  endif()
  if(NOT A_BOARD)
    set(A_BOARD "${HSX_BOARD}")
  endif()
  if(NOT A_RUNTIME)
    set(A_RUNTIME ${A_TARGET}_hsxmbx)
  endif()
  if(NOT A_OUT)
    set(A_OUT "${CMAKE_CURRENT_BINARY_DIR}/hsxmbx_${A_TARGET}")
  endif()
  if(NOT HSXMBX_EXECUTABLE)
    message(FATAL_ERROR "hsxmbx_generate: HSXMBX_EXECUTABLE (the hsxmbx CLI) is not set")
  endif()
  hsxmbx_find_board(board_json "${A_BOARD}")
  set(args generate --lib-only --board "${board_json}" --out "${A_OUT}")
  set(deps "${board_json}")
  if(A_PROFILE)
    get_filename_component(p "${A_PROFILE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(EXISTS "${p}")
      set(A_PROFILE "${p}")
      list(APPEND deps "${p}")
    endif()
    list(APPEND args --profile "${A_PROFILE}")
  endif()
  if(A_FEATURES)
    list(APPEND args --features "${A_FEATURES}")
  endif()
  if(A_MAILBOXES)
    get_filename_component(m "${A_MAILBOXES}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${m}")
      message(FATAL_ERROR "hsxmbx_generate(${A_TARGET}): MAILBOXES '${A_MAILBOXES}': no such file or directory")
    endif()
    list(APPEND args --mailboxes "${m}")
    if(IS_DIRECTORY "${m}")
      file(GLOB_RECURSE srcs CONFIGURE_DEPENDS "${m}/*.c" "${m}/*.h")
      list(APPEND deps ${srcs})
    else()
      list(APPEND deps "${m}")
    endif()
  endif()
  set(outputs "${A_OUT}/hsx_mbx_config.h" "${A_OUT}/hsx_mbx_instance.h" "${A_OUT}/hsx_mbx_declared.h"
      "${A_OUT}/hsx_fw_mailboxes.h")
  add_custom_command(OUTPUT ${outputs}
      COMMAND ${HSXMBX_EXECUTABLE} ${args}
      DEPENDS ${deps}
      COMMENT "hsxmbx generate --lib-only for ${A_TARGET} (board ${A_BOARD})"
      VERBATIM)
  # The board's own optimisation flags (what ./hsxmbx build measures) when the caller chose none.
  hsxmbx_board_list(board_opt "${board_json}" opt_flags)
  hsxmbx_add_runtime(${A_RUNTIME} CONFIG_DIR "${A_OUT}" OPT_FLAGS ${board_opt}
      SOURCES "${A_OUT}/hsx_mbx_config.h" "${A_OUT}/hsx_mbx_instance.h" "${A_OUT}/hsx_mbx_declared.h"
      "${A_OUT}/hsx_fw_mailboxes.h")
  target_link_libraries(${A_TARGET} PRIVATE ${A_RUNTIME})
endfunction()

function(hsxmbx_board_support)
  cmake_parse_arguments(PARSE_ARGV 0 A "" "TARGET;BOARD" "")
  if(NOT A_TARGET OR NOT TARGET ${A_TARGET})
    message(FATAL_ERROR "hsxmbx_board_support: TARGET <an existing executable> is required (got '${A_TARGET}')")
  endif()
  if(NOT A_BOARD)
    set(A_BOARD "${HSX_BOARD}")
  endif()
  hsxmbx_find_board(board_json "${A_BOARD}")
  get_filename_component(dir "${board_json}" DIRECTORY)
  hsxmbx_board_list(console "${board_json}" console sources)
  hsxmbx_board_list(startup "${board_json}" startup)
  hsxmbx_board_field(linker "${board_json}" linker_script)
  get_property(boards GLOBAL PROPERTY HSXMBX_BOARDS_DIR)
  set(sources "${boards}/common/hsx_console_fmt.c")
  foreach(s IN LISTS console startup)
    get_filename_component(s "${s}" ABSOLUTE BASE_DIR "${dir}")
    list(APPEND sources "${s}")
  endforeach()
  target_sources(${A_TARGET} PRIVATE ${sources})
  target_include_directories(${A_TARGET} PRIVATE "${boards}/common")
  if(NOT linker STREQUAL "" AND NOT linker STREQUAL "null")
    get_filename_component(linker "${linker}" ABSOLUTE BASE_DIR "${dir}")
    target_link_options(${A_TARGET} PRIVATE "-T${linker}")
    set_property(TARGET ${A_TARGET} APPEND PROPERTY LINK_DEPENDS "${linker}")
  endif()
endfunction()

# Compiles each of SRCS with CC and FLAGS against a copy of the config template
# (TEMPLATE) in the scratch directory WORK, plus the -D options DEFS (a ;-list).
# INSTANCE is the generated hsx_mbx_instance.h of the template's profile (embedded).
# EXPECT empty: every source must compile (warnings are errors). EXPECT set: every
# source must fail, with EXPECT in the compiler's output (the #error of
# hsx_mbx_internal.h), so a config that chose no critical sections never builds.
file(MAKE_DIRECTORY ${WORK})
configure_file(${TEMPLATE} ${WORK}/hsx_mbx_config.h COPYONLY)
configure_file(${INSTANCE} ${WORK}/hsx_mbx_instance.h COPYONLY)
foreach(src ${SRCS})
  execute_process(COMMAND ${CC} ${FLAGS} ${DEFS} -I${WORK} -fsyntax-only ${src}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if("${EXPECT}" STREQUAL "")
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "${CC} failed on ${src} with ${DEFS}:\n${out}")
    endif()
  else()
    if(rc EQUAL 0)
      message(FATAL_ERROR "${src} compiled with ${DEFS}, but it must fail with: ${EXPECT}")
    endif()
    string(FIND "${out}" "${EXPECT}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${src} failed with ${DEFS}, but not with '${EXPECT}':\n${out}")
    endif()
  endif()
endforeach()

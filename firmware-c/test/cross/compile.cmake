# Compiles each of SRCS with CC and FLAGS (a ;-list); fails on any warning.
foreach(src ${SRCS})
  execute_process(COMMAND ${CC} ${FLAGS} -c ${src} -o /dev/null RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${CC} failed on ${src}")
  endif()
endforeach()

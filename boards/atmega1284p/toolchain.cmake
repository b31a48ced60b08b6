# toolchain.cmake: CMake cross toolchain for the atmega1284p board.
# Keep CPU flags and clock in step with board.json (cpu_flags, clock_hz);
# BoardsTest checks that they agree.
#   cmake -DCMAKE_TOOLCHAIN_FILE=boards/atmega1284p/toolchain.cmake ...
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR avr)

set(CMAKE_C_COMPILER avr-gcc)
set(CMAKE_ASM_COMPILER avr-gcc)
set(CMAKE_AR avr-ar)
set(CMAKE_RANLIB avr-ranlib)
set(CMAKE_OBJCOPY avr-objcopy)
set(CMAKE_SIZE avr-size)

set(HSX_BOARD atmega1284p)
set(HSX_CPU_FLAGS "-mmcu=atmega1284p")
set(CMAKE_C_FLAGS_INIT "${HSX_CPU_FLAGS} -DF_CPU=16000000UL -DHSX_CLOCK_HZ=16000000UL")
set(CMAKE_ASM_FLAGS_INIT "${HSX_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${HSX_CPU_FLAGS}")

# No host executables can run: check the compiler by building a library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

# toolchain.cmake: CMake cross toolchain for the mps2-an386 board (Cortex-M4, Thumb-2,
# soft-float calling convention: the mailbox runtime uses no floating point).
# Keep CPU flags and clock in step with board.json (cpu_flags, clock_hz);
# BoardsTest checks that they agree. The linker script and startup code are
# added by the firmware's CMakeLists (see board.json).
#   cmake -DCMAKE_TOOLCHAIN_FILE=boards/mps2-an386/toolchain.cmake ...
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_AR arm-none-eabi-ar)
set(CMAKE_RANLIB arm-none-eabi-ranlib)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy)
set(CMAKE_SIZE arm-none-eabi-size)

set(HSX_BOARD mps2-an386)
set(HSX_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=soft")
set(CMAKE_C_FLAGS_INIT "${HSX_CPU_FLAGS} -DHSX_CLOCK_HZ=25000000UL")
set(CMAKE_ASM_FLAGS_INIT "${HSX_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${HSX_CPU_FLAGS} -nostartfiles --specs=nano.specs")

# No host executables can run: check the compiler by building a library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

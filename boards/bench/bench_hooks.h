/* bench_hooks.h: the runtime's port hooks in the benchmark firmware, force-included
 * (-include) into the runtime's sources by boards/bench/CMakeLists.txt, before the
 * generated hsx_mbx_config.h (which defines no hook).
 *
 * HSX_MBX_ON_COMPLETE: a blocked call finished during another call. A real executive
 * makes the task READY here; the bench counts and checks the completion
 * (bench_on_complete in bench_main.c), so the wake figure includes a hook call. */
#ifndef BENCH_HOOKS_H
#define BENCH_HOOKS_H

struct hsx_mbx_completion;
void bench_on_complete(const struct hsx_mbx_completion *c);
#define HSX_MBX_ON_COMPLETE(c) bench_on_complete(c)

#endif /* BENCH_HOOKS_H */

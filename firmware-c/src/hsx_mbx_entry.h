/* hsx_mbx_entry.h: what every public call of the runtime does around its
 * operation. A public call lives in the file of its concept, next to the
 * operation it runs (one translation unit: the compiler inlines the operation
 * into it, as it did when the runtime was one file), and reads:
 *
 *     HSX_MBX_ENTER_CRITICAL();
 *     HSX_MBX_REFUSE_IN_HOOK();        (hsx_mbx_internal.h)
 *     t = hsx_mbx__task_ready(pid);    the caller exists and is not blocked
 *     st = HSX_MBX_TASK_ST(t);         else INVALID_ARGUMENT
 *     ... the operation ...
 *     st = hsx_mbx__finish(pid, HSX_MBX_FNCODE_x, st);
 *     HSX_MBX_EXIT_CRITICAL();
 */
#ifndef HSX_MBX_ENTRY_H
#define HSX_MBX_ENTRY_H

#include "hsx_mbx_events.h"
#include "hsx_mbx_state.h"
#include "hsx_mbx_tasks.h"

/* The caller's task if it exists and is not blocked, else NULL (INVALID_ARGUMENT);
 * returned, not stored through a pointer, so the entry points keep it in registers. */
static inline hsx_mbx_task_t *hsx_mbx__task_ready(uint16_t pid)
{
    hsx_mbx_task_t *t = hsx_mbx__task_find(pid);
    return (t != NULL && t->state == HSX_MBX_TS_READY) ? t : NULL;
}

#define HSX_MBX_TASK_ST(t) ((t) != NULL ? HSX_MBX_STATUS_OK : HSX_MBX_STATUS_INVALID_ARGUMENT)

/* Emits mailbox_error with the call's fn code for an error status (the last
 * event of the call); returns st. Nothing without the event ring. */
static inline hsx_mbx_status_t hsx_mbx__finish(uint16_t pid, uint8_t fn, hsx_mbx_status_t st)
{
    return hsx_mbx__ev_error(pid, fn, st);
}

/* hsx_mbx__finish() with the test for OK inline, so that a call that succeeds
 * makes no call for its bookkeeping: for send and receive, whose general path
 * runs the fan-out and wake calls (elsewhere the test would cost each call site
 * more flash than the call it saves is worth). */
static inline hsx_mbx_status_t hsx_mbx__finish_hot(uint16_t pid, uint8_t fn, hsx_mbx_status_t st)
{
    return st == HSX_MBX_STATUS_OK ? st : hsx_mbx__ev_error(pid, fn, st);
}

#endif /* HSX_MBX_ENTRY_H */

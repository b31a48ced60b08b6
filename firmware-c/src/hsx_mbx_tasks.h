/* hsx_mbx_tasks.h: tasks and handles (hsx_mbx_tasks.c). */
#ifndef HSX_MBX_TASKS_H
#define HSX_MBX_TASKS_H

#include "hsx_mbx_state.h"

/* Every used handle: one flat walk over the live rows of the table (free task
 * slots hold no used handles: init clears the table, task_exit releases a
 * task's handles, task_start clears its row). */
#define HSX_MBX_FOR_EACH_HANDLE(hp)                                                       \
    for ((hp) = hsx_mbx__handle[0]; (hp) != hsx_mbx__handle[L_MAXT + 1u]; (hp)++)        \
        if ((hp)->flags & HSX_MBX_HF_USED)

/* The live task of pid, or NULL. */
hsx_mbx_task_t *hsx_mbx__task_find(uint16_t pid);

static inline unsigned hsx_mbx__tslot_of(const hsx_mbx_task_t *t) { return (uint32_t)(t - hsx_mbx__task); }

/* Handle id of task t (used, possibly stale), or NULL. */
hsx_mbx_handle_t *hsx_mbx__handle_find(const hsx_mbx_task_t *t, uint16_t id);
unsigned hsx_mbx__handle_count(const hsx_mbx_task_t *t);

/* Handle id of task t into *out: INVALID_HANDLE when it has none or it is stale. */
static inline hsx_mbx_status_t hsx_mbx__handle_check(hsx_mbx_task_t *t, uint16_t id, hsx_mbx_handle_t **out)
{
    hsx_mbx_handle_t *h = hsx_mbx__handle_find(t, id);
    *out = h;
    if (h == NULL || (h->flags & HSX_MBX_HF_STALE)) {
        return HSX_MBX_STATUS_INVALID_HANDLE;
    }
    return HSX_MBX_STATUS_OK;
}

/* A fan-out reader: read access, not a tap, not a sender, not stale. */
static inline int hsx_mbx__is_reader(const hsx_mbx_handle_t *h)
{
    return (h->flags & (HSX_MBX_HF_USED | HSX_MBX_HF_SENDER | HSX_MBX_HF_TAP | HSX_MBX_HF_STALE | 0x01u)) ==
           (HSX_MBX_HF_USED | 0x01u);
}

/* Whether descriptor id still has a handle that is not stale. */
int hsx_mbx__desc_has_handles(uint16_t id);

/* A new handle of t on descriptor desc (a free slot exists: checked by the caller). */
hsx_mbx_handle_t *hsx_mbx__handle_alloc(hsx_mbx_task_t *t, uint16_t desc, uint8_t access);
/* Claims the lowest free task slot for pid (checked by the caller: new pid, a slot
 * free), without its stdio mailboxes (task_start, and init's declared tasks). */
hsx_mbx_task_t *hsx_mbx__task_attach(uint16_t pid);

/* Releases one handle (its tap buffer too); frees an ownerless descriptor left
 * without handles, else settles it (model: release). */
void hsx_mbx__handle_release(unsigned ts, hsx_mbx_handle_t *hp);


#endif /* HSX_MBX_TASKS_H */

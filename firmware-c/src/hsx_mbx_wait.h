/* hsx_mbx_wait.h: blocking, wake, settle and the clock (hsx_mbx_wait.c). */
#ifndef HSX_MBX_WAIT_H
#define HSX_MBX_WAIT_H

#include "hsx_mbx_state.h"

/* Oldest waiter of the given kind (0 = either) on descriptor id, after
 * `after_order` when `use_after` (FIFO walk). A task waits iff its wdesc != 0. */
hsx_mbx_task_t *hsx_mbx__oldest_waiter(uint16_t id, uint8_t state, int use_after, uint32_t after_order);
/* Ends t's wait with status (h: the message, or NULL): event, completion hook. */
void hsx_mbx__complete(hsx_mbx_task_t *t, uint8_t status, const msg_hdr_t *h);
/* Enters the wait (the caller has set whandle and the buffer fields); timeout
 * is checked (<= 0xFFFF, not POLL). */
void hsx_mbx__block(hsx_mbx_task_t *t, uint8_t state, uint16_t id, uint16_t timeout);
/* After a change on descriptor id: wake receivers, retry blocked senders (FIFO),
 * repeat while a sender got in (decisions.md, "Settling a descriptor"). */
void hsx_mbx__settle_waiters(uint16_t id, hsx_mbx_desc_t *d);

/* Settles descriptor id after a change: settle_waiters() when somebody may wait
 * on it, else only fan-out reclamation. */
void hsx_mbx__settle(uint16_t id);
/* After a shrink of id to cap: blocked senders that can never fit fail. */
void hsx_mbx__senders_too_large(uint16_t id, uint16_t cap);
/* The tick operation: the clock moves to now, expired waits time out. */

/* A timeout argument: at most 0xFFFF ms, and only POLL without the timeouts feature. */
static inline hsx_mbx_status_t hsx_mbx__timeout_check(uint32_t timeout)
{
    if (timeout > 0xFFFFu || (!HAS_TIMEOUTS && timeout != HSX_MBX_TIMEOUT_POLL)) {
        return HSX_MBX_STATUS_INVALID_ARGUMENT;
    }
    return HSX_MBX_STATUS_OK;
}

#endif /* HSX_MBX_WAIT_H */

/* backoff.c — how long to wait after a failed exchange.
 *
 * "Full jitter" (Marc Brooker, "Exponential Backoff And Jitter", AWS
 * Architecture Blog, 2015): the wait is uniform in [0, min(cap, base*2^n)],
 * so kiosks that lost the upstream together do not come back together.
 * Retry-After from the upstream is a floor (still capped).
 */
#include "sync/sync.h"

int64_t sync_backoff_ms(int attempt, int64_t base_ms, uint32_t random32,
                        int64_t retry_after_ms)
{
    if (base_ms < 1)
        base_ms = 1;
    if (attempt < 0)
        attempt = 0;
    int64_t ceiling = base_ms;
    for (int i = 0; i < attempt && ceiling < SYNC_BACKOFF_CAP_MS; i++)
        ceiling *= 2;
    if (ceiling > SYNC_BACKOFF_CAP_MS)
        ceiling = SYNC_BACKOFF_CAP_MS;
    /* random32 / 2^32 * (ceiling + 1): uniform over 0..ceiling. */
    int64_t wait = (int64_t)(((uint64_t)random32 * (uint64_t)(ceiling + 1)) >> 32);
    if (retry_after_ms > wait)
        wait = retry_after_ms;
    if (wait > SYNC_BACKOFF_CAP_MS)
        wait = SYNC_BACKOFF_CAP_MS;
    return wait;
}

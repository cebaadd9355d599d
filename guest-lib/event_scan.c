/*
 * The 2-level event scan (events.h): which ports an upcall must handle.
 * Portable C with GCC's __atomic builtins and no inline assembly, so the
 * host unit tests run it on a fake shared_info.
 *
 * The hypervisor sets bits concurrently, from another CPU, while we
 * scan: a pending bit, then its selector bit, then upcall_pending.
 * Clearing in the opposite order (upcall_pending, selector word, each
 * pending bit before its handler runs) means an event that arrives
 * during the scan is never lost: at worst it is found twice, once by
 * this pass and once by the next, which then sees no pending bit.
 */
#include <parasol/events.h>

#define BITS_PER_WORD (8 * sizeof(xen_ulong_t))

/* Dispatches the pending, unmasked ports of one word of the bitmap. */
static unsigned int scan_word(shared_info_t *shared, unsigned int word,
                              evtchn_dispatch_t dispatch, void *ctx)
{
    xen_ulong_t pending =
        __atomic_load_n(&shared->evtchn_pending[word], __ATOMIC_ACQUIRE);
    xen_ulong_t masked =
        __atomic_load_n(&shared->evtchn_mask[word], __ATOMIC_RELAXED);
    xen_ulong_t ready = pending & ~masked;
    unsigned int count = 0;

    while (ready) {
        unsigned int bit = (unsigned int)__builtin_ctzl(ready);
        xen_ulong_t one = (xen_ulong_t)1 << bit;

        ready &= ready - 1;
        /* Cleared before the handler runs: an event sent during the
         * handler sets it again and is not lost. */
        __atomic_fetch_and(&shared->evtchn_pending[word], ~one,
                           __ATOMIC_SEQ_CST);
        dispatch(word * BITS_PER_WORD + bit, ctx);
        count++;
    }
    return count;
}

unsigned int evtchn_scan(shared_info_t *shared, vcpu_info_t *vcpu,
                         evtchn_dispatch_t dispatch, void *ctx)
{
    unsigned int count = 0;

    do {
        /* Sequentially consistent, so it cannot pass the exchange. */
        __atomic_store_n(&vcpu->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
        xen_ulong_t sel =
            __atomic_exchange_n(&vcpu->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);

        while (sel) {
            unsigned int word = (unsigned int)__builtin_ctzl(sel);

            sel &= sel - 1;
            count += scan_word(shared, word, dispatch, ctx);
        }
    } while (__atomic_load_n(&vcpu->evtchn_upcall_pending, __ATOMIC_ACQUIRE));
    return count;
}

/*
 * The 2-level event ABI: pending and mask bitmaps in shared_info, a
 * selector word and an upcall flag in each vcpu_info.
 *
 * Port p is bit p % 64 of word p / 64 of each bitmap. Raising it sets
 * its pending bit; if the guest has not masked it, bit p / 64 of the
 * notified vCPU's selector says "look in that word", and the upcall flag
 * says "look at your selector". The guest clears the flag, swaps the
 * selector for zero, then scans the words it named. Each step is a
 * test-and-set, so a step that finds its bit already set stops there:
 * someone before us has already told the guest as much, and it has not
 * looked yet.
 *
 * The guest writes these words concurrently (clears pending bits,
 * masks and unmasks, swaps the selector), so every access is an atomic
 * read-modify-write or load, sequentially consistent: the guest's
 * "unmask, then look for pending" and our "set pending, then look at
 * the mask" cannot both miss each other.
 */
#include <hv/event_2l.h>
#include <hv/panic.h>

static size_t word_of(evtchn_port_t port)
{
    ASSERT(port < EVTCHN_2L_NR_CHANNELS);
    return port / EVTCHN_2L_BITS_PER_WORD;
}

static xen_ulong_t bit_of(evtchn_port_t port)
{
    return (xen_ulong_t)1 << (port % EVTCHN_2L_BITS_PER_WORD);
}

/* Set bit in *word; was it set before? */
static bool test_and_set(xen_ulong_t *word, xen_ulong_t bit)
{
    return __atomic_fetch_or(word, bit, __ATOMIC_SEQ_CST) & bit;
}

static bool test_and_clear(xen_ulong_t *word, xen_ulong_t bit)
{
    return __atomic_fetch_and(word, ~bit, __ATOMIC_SEQ_CST) & bit;
}

static bool test(const xen_ulong_t *word, xen_ulong_t bit)
{
    return __atomic_load_n(word, __ATOMIC_SEQ_CST) & bit;
}

/*
 * Tell the vCPU of vi that port's word has news: its selector bit, then
 * its upcall flag. True if the flag went from 0 to 1, the one case in
 * which the vCPU may be asleep without knowing.
 */
static bool mark_selector(struct vcpu_info *vi, evtchn_port_t port)
{
    xen_ulong_t sel_bit = (xen_ulong_t)1 << word_of(port);

    if (test_and_set(&vi->evtchn_pending_sel, sel_bit))
        return false;
    return __atomic_exchange_n(&vi->evtchn_upcall_pending, 1,
                               __ATOMIC_SEQ_CST) == 0;
}

enum evtchn_2l_raise evtchn_2l_set_pending(struct shared_info *s,
                                           struct vcpu_info *vi,
                                           evtchn_port_t port)
{
    size_t w = word_of(port);

    if (test_and_set(&s->evtchn_pending[w], bit_of(port)))
        return EVTCHN_2L_WAS_PENDING;
    /* Masked: the guest finds it when it unmasks the port. */
    if (test(&s->evtchn_mask[w], bit_of(port)))
        return EVTCHN_2L_QUIET;
    return mark_selector(vi, port) ? EVTCHN_2L_KICK : EVTCHN_2L_QUIET;
}

void evtchn_2l_clear_pending(struct shared_info *s, evtchn_port_t port)
{
    test_and_clear(&s->evtchn_pending[word_of(port)], bit_of(port));
}

/*
 * As on Xen, only a mask bit that was set does anything: a guest that
 * cleared the mask itself has done the selector step itself too (Mini-OS
 * does), and one that never masked the port got the upcall when it
 * became pending.
 */
bool evtchn_2l_unmask(struct shared_info *s, struct vcpu_info *vi,
                      evtchn_port_t port)
{
    size_t w = word_of(port);

    if (!test_and_clear(&s->evtchn_mask[w], bit_of(port)))
        return false;
    if (!test(&s->evtchn_pending[w], bit_of(port)))
        return false;
    return mark_selector(vi, port);
}

bool evtchn_2l_is_pending(const struct shared_info *s, evtchn_port_t port)
{
    return test(&s->evtchn_pending[word_of(port)], bit_of(port));
}

bool evtchn_2l_is_masked(const struct shared_info *s, evtchn_port_t port)
{
    return test(&s->evtchn_mask[word_of(port)], bit_of(port));
}

bool evtchn_2l_upcall_deliverable(const struct vcpu_info *vi)
{
    return __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST) &&
           !__atomic_load_n(&vi->evtchn_upcall_mask, __ATOMIC_SEQ_CST);
}

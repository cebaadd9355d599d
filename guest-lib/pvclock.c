/*
 * The PV clock's arithmetic (pvclock.h). No floating point and no
 * inline assembly: the multiplication uses GCC's 128-bit integers,
 * which compile to one mul instruction, and the barriers are __atomic
 * fences, so the host unit tests build this file unchanged.
 */
#include <parasol/pvclock.h>

/* The fixed-point fraction of tsc_to_system_mul: 32 bits. */
#define PVCLOCK_FRAC_BITS 32
/* wc_sec holds the low 32 bits of the seconds, wc_sec_hi the rest. */
#define WC_SEC_LO_BITS 32

uint64_t pvclock_scale_delta(uint64_t delta, uint32_t mul_frac, int8_t shift)
{
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    return (uint64_t)(((unsigned __int128)delta * mul_frac) >>
                      PVCLOCK_FRAC_BITS);
}

uint64_t pvclock_ns(const vcpu_time_info_t *snapshot, uint64_t tsc)
{
    /*
     * A TSC behind the timestamp (read on a CPU whose TSC lags, just
     * after an update) would wrap to centuries: count it as no time.
     */
    uint64_t delta =
        tsc > snapshot->tsc_timestamp ? tsc - snapshot->tsc_timestamp : 0;

    return snapshot->system_time +
           pvclock_scale_delta(delta, snapshot->tsc_to_system_mul,
                               snapshot->tsc_shift);
}

/* A read barrier: loads before it are done before loads after it. */
static inline void pvclock_rmb(void)
{
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
}

uint64_t pvclock_read_ns(const volatile vcpu_time_info_t *time,
                         uint64_t (*read_tsc)(void))
{
    vcpu_time_info_t snap;
    uint32_t version;
    uint64_t tsc;

    /* An odd version means an update is under way; a changed one, that
     * one happened while we copied. Either way, copy again. */
    do {
        version = time->version;
        pvclock_rmb();
        snap.tsc_timestamp = time->tsc_timestamp;
        snap.system_time = time->system_time;
        snap.tsc_to_system_mul = time->tsc_to_system_mul;
        snap.tsc_shift = time->tsc_shift;
        tsc = read_tsc();
        pvclock_rmb();
    } while ((version & 1) || version != time->version);
    return pvclock_ns(&snap, tsc);
}

void pvclock_read_wallclock(const volatile shared_info_t *shared,
                            struct pvclock_wallclock *base)
{
    uint32_t version;

    do {
        version = shared->wc_version;
        pvclock_rmb();
        base->sec =
            ((uint64_t)shared->wc_sec_hi << WC_SEC_LO_BITS) | shared->wc_sec;
        base->nsec = shared->wc_nsec;
        pvclock_rmb();
    } while ((version & 1) || version != shared->wc_version);
}

void pvclock_wallclock_add(const struct pvclock_wallclock *base,
                           uint64_t system_ns, struct pvclock_wallclock *now)
{
    uint64_t ns = base->nsec + system_ns;

    now->sec = base->sec + ns / NSEC_PER_SEC;
    now->nsec = (uint32_t)(ns % NSEC_PER_SEC);
}

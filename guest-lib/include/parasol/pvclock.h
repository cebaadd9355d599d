/*
 * The PV clock's arithmetic, portable and host-tested: turning a TSC
 * reading into system time with the hypervisor's per-vCPU scale
 * (vcpu_time_info), and reading that and the wall clock consistently
 * while the hypervisor may be rewriting them (version seqlocks).
 *
 * system time = system_time + scale(tsc - tsc_timestamp), where
 * scale(d) = ((d << tsc_shift) * tsc_to_system_mul) >> 32, and a
 * negative tsc_shift shifts right: tsc_to_system_mul is a 32.32 fixed
 * point fraction of ns per (shifted) tick.
 */
#ifndef PARASOL_PVCLOCK_H
#define PARASOL_PVCLOCK_H

#include <public/xen.h>

#define NSEC_PER_SEC UINT64_C(1000000000)

/* scale(delta): ns in delta TSC ticks, in 64x32-bit fixed point. */
uint64_t pvclock_scale_delta(uint64_t delta, uint32_t mul_frac, int8_t shift);

/* System time at TSC value tsc, from a consistent copy of the clock. */
uint64_t pvclock_ns(const vcpu_time_info_t *snapshot, uint64_t tsc);

/*
 * System time now, from the live vcpu_time_info: copies it under its
 * version seqlock, reading the TSC inside the retry loop with
 * read_tsc() (the guest's rdtsc_ordered, a fake in tests).
 */
uint64_t pvclock_read_ns(const volatile vcpu_time_info_t *time,
                         uint64_t (*read_tsc)(void));

/* A time of day: seconds and nanoseconds since the Unix epoch. */
struct pvclock_wallclock {
    uint64_t sec;
    uint32_t nsec; /* < NSEC_PER_SEC */
};

/* The wall clock at system time 0, under the wc_version seqlock. */
void pvclock_read_wallclock(const volatile shared_info_t *shared,
                            struct pvclock_wallclock *base);

/* base + system_ns, normalised. */
void pvclock_wallclock_add(const struct pvclock_wallclock *base,
                           uint64_t system_ns, struct pvclock_wallclock *now);

#endif

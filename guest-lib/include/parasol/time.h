/*
 * Time: the hypervisor's system time (ns since it booted) through the
 * PV clock in our vcpu_info, the wall clock from shared_info, and
 * sleeping on a one-shot timer.
 */
#ifndef PARASOL_TIME_H
#define PARASOL_TIME_H

#include <parasol/pvclock.h>

#define NSEC_PER_MSEC UINT64_C(1000000)
#define NSEC_PER_USEC UINT64_C(1000)

/* System time now, in ns. */
uint64_t time_now_ns(void);

/* The time of day now. */
void time_wallclock(struct pvclock_wallclock *now);

/*
 * Sleeps for at least ns: arms this vCPU's one-shot timer (VIRQ_TIMER)
 * and blocks until it fires, as many times as other events wake us
 * early. Blocking unmasks events (SCHEDOP_block); the previous mask
 * is restored before returning. Returns 0, or -XEN_Exxx when the timer
 * cannot be bound or armed. The first call binds VIRQ_TIMER.
 */
int sleep_ns(uint64_t ns);

static inline int sleep_ms(uint64_t ms)
{
    return sleep_ns(ms * NSEC_PER_MSEC);
}

#endif

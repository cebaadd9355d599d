/*
 * The PV clock: the time values the hypervisor publishes to guests in
 * shared memory, in Xen's format, so a guest reads the time without a
 * hypercall.
 *
 * Per vCPU, vcpu_info.time (struct vcpu_time_info) gives the system time
 * at one cycle count and the scale from cycles to nanoseconds; the guest
 * extrapolates from it with its own rdtsc. Per domain, shared_info's
 * wc_* fields give the wall-clock time at which system time was 0.
 * Both are written under a version counter that is odd while an update
 * is in progress: a guest that sees it odd, or changed, reads again.
 */
#ifndef HV_PVCLOCK_H
#define HV_PVCLOCK_H

#include <hv/domain.h>

/*
 * Publish the current system time in v's vcpu_info. Called with v about
 * to run on this CPU (or running): the cycle counter sampled is this
 * CPU's. Interrupts off, so the sample is not stale when written.
 */
void pvclock_update_vcpu(struct vcpu *v);

/* Publish the wall-clock time of system time 0 in d's shared_info. */
void pvclock_update_wallclock(struct domain *d);

/* Seconds since the Unix epoch at system time 0 (boot). */
uint64_t wallclock_boot_unix_seconds(void);

#endif

/*
 * The scheduler's interface: Xen's credit scheduler, preemptive. Each
 * CPU has a run queue and an idle vCPU that halts when the queue is
 * empty; the policy (who runs, for how long, the credit) is
 * hv/sched_credit.c, the mechanism (switching, runstates, the timers
 * that preempt) is hv/sched.c.
 *
 * A vCPU is runnable when it is online, not blocked, and its domain is
 * active and not paused. Whoever changes one of those conditions calls
 * vcpu_wake(), vcpu_sleep() or sched_domain_update() so the scheduler
 * learns about it.
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <hv/domain.h>

/* Set up the scheduler's shared state and this CPU's run queue and
 * timers; before the first vCPU is created. Interrupts off. */
void sched_init(void);

/* Add a vCPU to the scheduler (once, when created): not runnable. */
void sched_add_vcpu(struct vcpu *v);
/* Remove it (domain destruction); it must not be running. */
void sched_remove_vcpu(struct vcpu *v);

/* An event or timeout for v: end its block; if it is runnable, queue it
 * (BOOSTed) and reschedule if it should run first. Any context. */
void vcpu_wake(struct vcpu *v);
/* v may have stopped being runnable: unqueue it, or reschedule if it is
 * current. Any context. */
void vcpu_sleep(struct vcpu *v);
/* d's pause count or state changed: queue or unqueue each of its vCPUs
 * as it is now runnable or not (blocks are left as they are). */
void sched_domain_update(struct domain *d);

/* SCHEDOP_block for the current vCPU: enable its events and sleep
 * until one is pending (returns at once if one already is). */
void vcpu_block_current(void);
/* SCHEDOP_yield: let another runnable vCPU go first. */
void vcpu_yield_current(void);

/* Ask this CPU to run the scheduler before it returns to a guest. */
void sched_raise(void);
/* Run the scheduler if asked: called on the way back to a guest and in
 * the idle loop, interrupts off. May not return (switches vCPU). */
void sched_do_pending(void);

/* Enter the idle loop on this CPU for good. Interrupts off. */
noreturn void sched_start(void);

/* Print every CPU's run queue, then each domain's weight and cap and
 * each vCPU's credit, priority and runstate (debug key 'r'). */
void sched_dump(void);

/* The idle vCPU's loop (entered through arch_vcpu_run). */
noreturn void idle_loop(void);

/* Update v's runstate accounting (RUNSTATE_*) at system time now. */
void vcpu_set_runstate(struct vcpu *v, int state, uint64_t now);

/* CPU time (ns) v has run, up to now; and the sum over d's vCPUs
 * (getdomaininfo's cpu_time, getvcpuinfo's cpu_time). Any context. */
uint64_t sched_vcpu_cpu_time(const struct vcpu *v);
uint64_t sched_domain_cpu_time(const struct domain *d);

/*
 * The credit parameters (domctl scheduler_op, XEN_SCHEDULER_CREDIT).
 * A put leaves the weight as it is when weight is 0 and the cap when it
 * is CSCHED_CAP_KEEP (0xffff), as Xen does; the types (16 bits each)
 * bound the rest, so a put cannot fail.
 */
void sched_credit_get(const struct domain *d, uint16_t *weight, uint16_t *cap);
void sched_credit_put(struct domain *d, uint16_t weight, uint16_t cap);
/*
 * The scheduler-wide parameters (sysctl scheduler_op). A put checks
 * Xen's ranges: tslice_ms 1..1000, ratelimit_us 0 or 100..500000 and
 * not above the slice, vcpu_migr_delay_us at most 100000; -EINVAL
 * otherwise, 0 when set.
 */
void sched_params_get(uint32_t *tslice_ms, uint32_t *ratelimit_us,
                      uint32_t *migr_delay_us);
int sched_params_put(uint32_t tslice_ms, uint32_t ratelimit_us,
                     uint32_t migr_delay_us);

#endif

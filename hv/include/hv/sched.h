/*
 * The scheduler's interface. For now one CPU runs the guest vCPUs in
 * turn and an idle vCPU that halts when none is runnable; the
 * credit-style proportional-share policy comes with many domains.
 *
 * A vCPU is runnable when it is online, not blocked, and its domain is
 * active and not paused. Changes of those conditions call
 * vcpu_wake()/vcpu_sleep() so the scheduler learns about them.
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <hv/domain.h>

/* Add a vCPU to the scheduler (once, when created). */
void sched_add_vcpu(struct vcpu *v);
/* Remove it (domain destruction); it must not be running. */
void sched_remove_vcpu(struct vcpu *v);

/* An event or timeout for v: end its block; if it is runnable, get the
 * scheduler to consider it. Any context. */
void vcpu_wake(struct vcpu *v);
/* v may have stopped being runnable: reschedule if it is current. */
void vcpu_sleep(struct vcpu *v);

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

/* Print what runs where and every vCPU's scheduling state (debug key
 * 'r'). */
void sched_dump(void);

/* The idle vCPU's loop (entered through arch_vcpu_run). */
noreturn void idle_loop(void);

/* Update v's runstate accounting (RUNSTATE_*) at system time now. */
void vcpu_set_runstate(struct vcpu *v, int state, uint64_t now);

#endif

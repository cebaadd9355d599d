/*
 * What sched.c shares with sched_info.c, and nothing else includes.
 */
#ifndef HV_SCHED_INTERNAL_H
#define HV_SCHED_INTERNAL_H

#include <hv/sched_credit.h>
#include <hv/spinlock.h>

struct vcpu;

/* Guards the credit state: sched_policy, every run queue, every vCPU's and
 * domain's 'sched'. Taken before a timer queue's lock, never after. */
extern spinlock_t sched_lock;
/* The credit policy's shared state (sched_credit.c). */
extern struct csched sched_policy;

/* The vCPU a csched_vcpu belongs to. */
struct vcpu *sched_vcpu_of(struct csched_vcpu *sv);

#endif

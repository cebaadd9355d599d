/*
 * The per-CPU block: everything that belongs to one physical CPU.
 *
 * There is one struct percpu per CPU, reached with this_cpu(), which the
 * arch layer resolves in one instruction (x86: the block's address is at
 * %gs:0). Only the owning CPU touches its block, except where a field
 * says otherwise; that is why no field here needs a lock of its own.
 */
#ifndef HV_PERCPU_H
#define HV_PERCPU_H

#include <hv/arch.h>
#include <hv/sched_credit.h>
#include <hv/timer.h>

struct vcpu;

#define MAX_CPUS 64

struct percpu {
    struct percpu *self; /* first: arch_this_cpu() loads it */
    unsigned int cpu_id; /* 0 = boot CPU */
    uint32_t apic_id;    /* hardware ID of this CPU's local APIC */
    bool online;
    unsigned int irq_depth;    /* nested interrupt handlers running */
    struct timer_queue timers; /* remote CPUs may add timers under its lock */
    struct vcpu *current;      /* running vCPU (the idle one when none) */
    struct vcpu *idle_vcpu;    /* this CPU's idle vCPU */
    bool sched_pending;        /* run the scheduler before guest entry */
    /* The scheduler's part (sched.c): the run queue under sched_lock,
     * the timers that end a slice and burn credit every tick. */
    struct csched_cpu sched;
    struct timer sched_slice;
    struct timer sched_tick;
    unsigned int sched_ticks; /* ticks so far: every third accounts */
    bool sched_ticking;       /* sched_tick is armed */
    struct arch_percpu arch;  /* descriptor tables, stacks (arch-defined) */
};

extern struct percpu percpu_blocks[MAX_CPUS];

static inline struct percpu *this_cpu(void)
{
    return arch_this_cpu();
}

static inline struct percpu *percpu_of(unsigned int cpu)
{
    return &percpu_blocks[cpu];
}

/* How many CPUs are online (CPUs 0 to that number - 1). */
static inline unsigned int cpus_online(void)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < MAX_CPUS; i++)
        n += percpu_blocks[i].online;
    return n;
}

#endif

/*
 * The scheduler's mechanism: it tells the credit policy
 * (sched_credit.c) what happens to vCPUs, does the switches the policy
 * decides, keeps the runstates, and drives the two per-CPU timers that
 * make it preemptive: the slice timer ends the running vCPU's slice (so
 * a guest that spins forever loses the CPU), and the tick burns its
 * credit every 10 ms and, once a period on CPU 0, shares out credit.
 *
 * Scheduling decisions are taken at one kind of place only: on the way
 * back to a guest, and in the idle loop, with interrupts off
 * (sched_do_pending). Everything else, interrupt handlers and the timers
 * included, just asks for one with sched_raise(). So no hypercall or
 * interrupt handler ever loses its stack in the middle of its work: a
 * switch discards the CPU's stack only when nothing on it is left to do
 * (arch_vcpu_run).
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/lib.h>
#include <hv/panic.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/time.h>

#include "sched_internal.h"

spinlock_t sched_lock = SPINLOCK_INIT;
struct csched sched_policy;

/* The idle domain owns every CPU's idle vCPU; it never runs guest code. */
static struct domain idle_domain = {.domain_id = DOMID_IDLE};
static struct vcpu idle_vcpus[MAX_CPUS];

struct vcpu *current_vcpu(void)
{
    return this_cpu()->current;
}

bool is_idle_vcpu(const struct vcpu *v)
{
    return v->domain == &idle_domain;
}

struct vcpu *sched_vcpu_of(struct csched_vcpu *sv)
{
    return container_of(sv, struct vcpu, sched);
}

/* The CPU whose run queue v joins. */
static struct percpu *cpu_of(const struct vcpu *v)
{
    return container_of(v->sched.cpu, struct percpu, sched);
}

void sched_raise(void)
{
    this_cpu()->sched_pending = true;
}

/* Ask v's CPU to reschedule. Every vCPU runs on this CPU today; another
 * CPU would also need an interrupt to notice. */
static void raise_for(const struct vcpu *v)
{
    cpu_of(v)->sched_pending = true;
}

static void slice_end(struct timer *t, void *data)
{
    (void)t;
    (void)data;
    sched_raise();
}

static void tick(struct timer *t, void *data);

void sched_init(void)
{
    struct percpu *cpu = this_cpu();

    /* Guests run on this CPU only: its time is all there is to share. */
    csched_init(&sched_policy, 1);
    csched_cpu_init(&sched_policy, &cpu->sched);
    timer_init(&cpu->sched_slice, slice_end, NULL);
    timer_init(&cpu->sched_tick, tick, NULL);
}

void sched_add_vcpu(struct vcpu *v)
{
    struct domain *d = v->domain;
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    /* A domain joins with its first vCPU (d is zeroed when created). */
    if (!d->sched.link.next)
        csched_dom_init(&sched_policy, &d->sched);
    csched_vcpu_init(&d->sched, &v->sched, &this_cpu()->sched);
    spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_remove_vcpu(struct vcpu *v)
{
    struct domain *d = v->domain;
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    ASSERT(v != current_vcpu());
    csched_vcpu_remove(&v->sched);
    if (list_empty(&d->sched.vcpus))
        csched_dom_remove(&d->sched);
    spin_unlock_irqrestore(&sched_lock, flags);
}

void vcpu_set_runstate(struct vcpu *v, int state, uint64_t now)
{
    if (now > v->runstate_entry_time)
        v->runstate_time[v->runstate] += now - v->runstate_entry_time;
    v->runstate_entry_time = now;
    v->runstate = state;
    v->runstate_area_stale = true;
}

/* The state of a vCPU that is not running: waiting for the CPU, blocked
 * waiting for an event, or offline (down, paused, shut down). */
static int idle_runstate(const struct vcpu *v)
{
    if (vcpu_runnable(v))
        return RUNSTATE_runnable;
    return v->online && v->blocked ? RUNSTATE_blocked : RUNSTATE_offline;
}

/* Tell the policy whether v may run now. True if its CPU should
 * reschedule. sched_lock held. */
static bool update_locked(struct vcpu *v, uint64_t now)
{
    bool resched;

    if (vcpu_runnable(v))
        resched = csched_wake(&v->sched);
    else
        resched = csched_sleep(&v->sched);
    /* The running vCPU's state changes when it is switched out. */
    if (v->runstate != RUNSTATE_running && v->runstate != idle_runstate(v))
        vcpu_set_runstate(v, idle_runstate(v), now);
    return resched;
}

static void sched_vcpu_update(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    if (update_locked(v, now_ns()))
        raise_for(v);
    spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_domain_update(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);
    uint64_t now = now_ns();

    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && update_locked(d->vcpu[i], now))
            raise_for(d->vcpu[i]);
    spin_unlock_irqrestore(&sched_lock, flags);
}

void vcpu_wake(struct vcpu *v)
{
    /* Any wake-up ends a block: the guest re-checks why it woke. */
    v->blocked = false;
    v->polling = false;
    sched_vcpu_update(v);
}

void vcpu_sleep(struct vcpu *v)
{
    sched_vcpu_update(v);
}

void vcpu_block_current(void)
{
    struct vcpu *v = current_vcpu();

    /* SCHEDOP_block re-enables event delivery, then sleeps only if no
     * event is already waiting: checking after setting 'blocked' means
     * an event raised in between wakes the vCPU instead of being lost. */
    v->vcpu_info->evtchn_upcall_mask = 0;
    v->blocked = true;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (vcpu_event_deliverable(v))
        v->blocked = false;
    else
        sched_vcpu_update(v);
}

void vcpu_yield_current(void)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    csched_yield(&current_vcpu()->sched);
    spin_unlock_irqrestore(&sched_lock, flags);
    sched_raise();
}

/* ---- The tick. ---- */

/* Keep the tick going while a guest runs or a parked domain waits for
 * the accounting that unparks it; an idle CPU with neither sleeps. */
static void tick_update(struct percpu *cpu, bool guest, bool parked,
                        uint64_t now)
{
    bool want = guest || parked;

    if (want && !cpu->sched_ticking)
        timer_set(&cpu->sched_tick, now + csched_tick_ns(&sched_policy));
    else if (!want && cpu->sched_ticking)
        timer_stop(&cpu->sched_tick);
    cpu->sched_ticking = want;
}

/* Timer context, this CPU. */
static void tick(struct timer *t, void *data)
{
    struct percpu *cpu = this_cpu();
    uint64_t now = now_ns(), next;
    unsigned long flags = spin_lock_irqsave(&sched_lock);
    bool account =
        ++cpu->sched_ticks % CSCHED_TICKS_PER_TSLICE == 0 && cpu->cpu_id == 0;
    bool resched = csched_tick(&cpu->sched, now, account);

    next = t->expires + csched_tick_ns(&sched_policy);
    spin_unlock_irqrestore(&sched_lock, flags);
    (void)data;
    /* Ticks missed while the host did not run us are not made up. */
    timer_set(t, next > now ? next : now + csched_tick_ns(&sched_policy));
    if (resched)
        sched_raise();
}

/* ---- Switching. ---- */

/* The policy's choice, skipping any vCPU no longer runnable that it was
 * not told about. sched_lock held. */
static struct csched_choice pick(struct percpu *cpu, uint64_t now)
{
    struct csched_choice choice = csched_schedule(&cpu->sched, now);

    while (choice.next && !vcpu_runnable(sched_vcpu_of(choice.next))) {
        csched_sleep(choice.next);
        choice = csched_schedule(&cpu->sched, now);
    }
    return choice;
}

static void switch_to(struct vcpu *prev, struct vcpu *next, uint64_t now)
{
    if (!is_idle_vcpu(prev)) {
        vcpu_set_runstate(prev, idle_runstate(prev), now);
        vcpu_periodic_pause(prev);
        arch_vcpu_save(prev);
    }
    if (!is_idle_vcpu(next)) {
        vcpu_set_runstate(next, RUNSTATE_running, now);
        vcpu_periodic_resume(next);
    }
    this_cpu()->current = next;
    arch_vcpu_run(next);
}

static void schedule(void)
{
    struct percpu *cpu = this_cpu();
    struct vcpu *prev = cpu->current, *next;
    unsigned long flags = spin_lock_irqsave(&sched_lock);
    uint64_t now = now_ns();
    struct csched_choice choice;
    bool parked;

    if (!is_idle_vcpu(prev))
        update_locked(prev, now); /* rescheduling already */
    choice = pick(cpu, now);
    parked = csched_any_parked(&sched_policy);
    spin_unlock_irqrestore(&sched_lock, flags);
    next = choice.next ? sched_vcpu_of(choice.next) : cpu->idle_vcpu;
    if (choice.until)
        timer_set(&cpu->sched_slice, choice.until);
    else
        timer_stop(&cpu->sched_slice);
    tick_update(cpu, choice.next != NULL, parked, now);
    if (next != prev)
        switch_to(prev, next, now);
}

void sched_do_pending(void)
{
    struct percpu *cpu = this_cpu();

    ASSERT(!arch_irqs_enabled());
    if (!cpu->sched_pending)
        return;
    cpu->sched_pending = false;
    schedule();
}

noreturn void idle_loop(void)
{
    for (;;) {
        arch_irq_save();
        sched_do_pending();
        arch_wait_for_interrupt();
    }
}

noreturn void sched_start(void)
{
    struct percpu *cpu = this_cpu();
    struct vcpu *idle = &idle_vcpus[cpu->cpu_id];

    idle->domain = &idle_domain;
    idle->vcpu_id = cpu->cpu_id;
    idle->online = true;
    cpu->idle_vcpu = idle;
    cpu->current = idle;
    cpu->sched_pending = true;
    arch_vcpu_run(idle);
}

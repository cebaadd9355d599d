/*
 * The scheduler: round robin over the runnable vCPUs, and an idle vCPU
 * per CPU that halts when none is runnable.
 *
 * Scheduling decisions are taken at one kind of place only: on the way
 * back to a guest, and in the idle loop, with interrupts off
 * (sched_do_pending). Everything else, interrupt handlers included, just
 * asks for one with sched_raise(). So no hypercall or interrupt handler
 * ever loses its stack in the middle of its work: a switch discards the
 * CPU's stack only when nothing on it is left to do (arch_vcpu_run).
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

static spinlock_t sched_lock = SPINLOCK_INIT; /* guards run_list */
static struct list_node run_list = LIST_HEAD_INIT(run_list);

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

void sched_add_vcpu(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    list_add_tail(&v->sched_node, &run_list);
    spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_remove_vcpu(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    ASSERT(v != current_vcpu());
    list_del(&v->sched_node);
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

void sched_raise(void)
{
    this_cpu()->sched_pending = true;
}

void vcpu_wake(struct vcpu *v)
{
    /* Any wake-up ends a block: the guest re-checks why it woke. */
    v->blocked = false;
    v->polling = false;
    if (!vcpu_runnable(v))
        return;
    if (v->runstate == RUNSTATE_blocked || v->runstate == RUNSTATE_offline)
        vcpu_set_runstate(v, RUNSTATE_runnable, now_ns());
    /* One CPU for now: the scheduler here will find it. */
    sched_raise();
}

void vcpu_sleep(struct vcpu *v)
{
    if (v == current_vcpu())
        sched_raise();
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
        sched_raise();
}

void vcpu_yield_current(void)
{
    sched_raise();
}

/* The next runnable vCPU after prev in list order, prev itself if it is
 * the only one, or the idle vCPU. */
static struct vcpu *pick_next(struct vcpu *prev)
{
    struct list_node *start =
        is_idle_vcpu(prev) ? &run_list : &prev->sched_node;
    struct list_node *pos = start->next;
    struct vcpu *next = this_cpu()->idle_vcpu;

    for (; pos != start; pos = pos->next) {
        if (pos == &run_list)
            continue;
        struct vcpu *v = list_entry(pos, struct vcpu, sched_node);
        if (vcpu_runnable(v)) {
            next = v;
            break;
        }
    }
    if (is_idle_vcpu(next) && !is_idle_vcpu(prev) && vcpu_runnable(prev))
        next = prev;
    return next;
}

static void schedule(void)
{
    struct vcpu *prev = current_vcpu(), *next;
    unsigned long flags = spin_lock_irqsave(&sched_lock);
    uint64_t now = now_ns();

    next = pick_next(prev);
    spin_unlock_irqrestore(&sched_lock, flags);
    if (next == prev)
        return;
    if (!is_idle_vcpu(prev)) {
        int state = vcpu_runnable(prev) ? RUNSTATE_runnable
                    : prev->online      ? RUNSTATE_blocked
                                        : RUNSTATE_offline;
        vcpu_set_runstate(prev, state, now);
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
    list_init(&idle->sched_node);
    cpu->idle_vcpu = idle;
    cpu->current = idle;
    cpu->sched_pending = true;
    arch_vcpu_run(idle);
}

static const char *const runstate_names[] = {
    [RUNSTATE_running] = "running",
    [RUNSTATE_runnable] = "runnable",
    [RUNSTATE_blocked] = "blocked",
    [RUNSTATE_offline] = "offline",
};

void sched_dump(void)
{
    struct vcpu *cur = current_vcpu();
    unsigned long flags = spin_lock_irqsave(&sched_lock);

    pr_info("scheduler: cpu %u runs %s%u.%u\n", this_cpu()->cpu_id,
            is_idle_vcpu(cur) ? "idle " : "d", cur->domain->domain_id,
            cur->vcpu_id);
    list_for_each (pos, &run_list) {
        struct vcpu *v = list_entry(pos, struct vcpu, sched_node);
        pr_info("  d%u.%u %-8s%s%s\n", v->domain->domain_id, v->vcpu_id,
                runstate_names[v->runstate], v->blocked ? " blocked" : "",
                vcpu_runnable(v) ? " runnable" : "");
    }
    spin_unlock_irqrestore(&sched_lock, flags);
}

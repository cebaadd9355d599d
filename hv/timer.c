/*
 * Timer queues (see hv/timer.h). A sorted list: the queues are short (a
 * few timers per CPU: one per vCPU plus the scheduler's), and a sorted
 * list keeps the earliest expiry at the head in O(1).
 *
 * The current CPU's queue drives its hardware one-shot timer: after any
 * change to the head, the timer is armed for the new earliest expiry.
 * The hardware may fire early (a counter too short for a far deadline);
 * timer_softirq() then runs nothing and simply arms it again.
 */
#include <hv/percpu.h>
#include <hv/time.h>
#include <hv/timer.h>

/* timer_softirq() runs per CPU; each CPU counts only its own. */
static unsigned long softirq_runs[MAX_CPUS];

void timer_queue_init(struct timer_queue *q)
{
    spin_lock_init(&q->lock);
    list_init(&q->pending);
}

void timer_init(struct timer *t, timer_fn_t fn, void *data)
{
    list_init(&t->node);
    t->expires = 0;
    t->fn = fn;
    t->data = data;
    t->active = false;
}

static void dequeue(struct timer *t)
{
    list_del(&t->node);
    t->active = false;
}

bool timer_queue_add(struct timer_queue *q, struct timer *t, uint64_t expires)
{
    unsigned long flags = spin_lock_irqsave(&q->lock);
    struct list_node *pos = &q->pending;
    bool earliest;

    if (t->active)
        dequeue(t);
    t->expires = expires;
    /* Walk back from the latest timer: a new timer usually expires after
     * the others. Stopping at the first one not later keeps FIFO order
     * among equal expiries. */
    while (pos->prev != &q->pending &&
           list_entry(pos->prev, struct timer, node)->expires > expires)
        pos = pos->prev;
    list_add_tail(&t->node, pos);
    t->active = true;
    earliest = q->pending.next == &t->node;
    spin_unlock_irqrestore(&q->lock, flags);
    return earliest;
}

bool timer_queue_remove(struct timer_queue *q, struct timer *t)
{
    unsigned long flags = spin_lock_irqsave(&q->lock);
    bool was_active = t->active;

    if (was_active)
        dequeue(t);
    spin_unlock_irqrestore(&q->lock, flags);
    return was_active;
}

uint64_t timer_queue_next(struct timer_queue *q)
{
    unsigned long flags = spin_lock_irqsave(&q->lock);
    uint64_t next = 0;

    if (!list_empty(&q->pending))
        next = list_first_entry(&q->pending, struct timer, node)->expires;
    spin_unlock_irqrestore(&q->lock, flags);
    return next;
}

unsigned timer_queue_run(struct timer_queue *q, uint64_t now)
{
    unsigned ran = 0;
    unsigned long flags = spin_lock_irqsave(&q->lock);

    while (!list_empty(&q->pending)) {
        struct timer *t = list_first_entry(&q->pending, struct timer, node);

        if (t->expires > now)
            break;
        dequeue(t);
        /* The callback may take the lock to re-add timers. */
        spin_unlock_irqrestore(&q->lock, flags);
        t->fn(t, t->data);
        ran++;
        flags = spin_lock_irqsave(&q->lock);
    }
    spin_unlock_irqrestore(&q->lock, flags);
    return ran;
}

/* Arm the hardware for q's earliest timer, or disarm it. Interrupts off. */
static void rearm(struct timer_queue *q)
{
    uint64_t deadline = 0;

    spin_lock(&q->lock);
    if (!list_empty(&q->pending))
        deadline = system_time_to_cycles(
            list_first_entry(&q->pending, struct timer, node)->expires);
    spin_unlock(&q->lock);
    arch_timer_arm(deadline);
}

static bool is_earliest(struct timer_queue *q, struct timer *t)
{
    bool earliest;

    spin_lock(&q->lock);
    earliest = t->active && q->pending.next == &t->node;
    spin_unlock(&q->lock);
    return earliest;
}

/* The hardware is re-armed only when the earliest expiry changes: under
 * a hypervisor each arming may cost an exit. */
void timer_set(struct timer *t, uint64_t expires)
{
    struct timer_queue *q = &this_cpu()->timers;
    unsigned long flags = arch_irq_save();
    bool was_earliest = is_earliest(q, t);

    if (timer_queue_add(q, t, expires) || was_earliest)
        rearm(q);
    arch_irq_restore(flags);
}

void timer_stop(struct timer *t)
{
    struct timer_queue *q = &this_cpu()->timers;
    unsigned long flags = arch_irq_save();
    bool was_earliest = is_earliest(q, t);

    if (timer_queue_remove(q, t) && was_earliest)
        rearm(q);
    arch_irq_restore(flags);
}

void timer_softirq(void)
{
    struct percpu *cpu = this_cpu();
    unsigned long flags = arch_irq_save();

    softirq_runs[cpu->cpu_id]++;
    timer_queue_run(&cpu->timers, now_ns());
    rearm(&cpu->timers);
    arch_irq_restore(flags);
}

unsigned long timer_softirq_count(void)
{
    return softirq_runs[this_cpu()->cpu_id];
}

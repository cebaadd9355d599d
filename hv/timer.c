/*
 * Timer queues (see hv/timer.h). A sorted list: the queues are short (a
 * few timers per CPU: one per vCPU plus the scheduler's), and a sorted
 * list keeps the earliest expiry at the head in O(1).
 */
#include <hv/timer.h>

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

bool timer_queue_add(struct timer_queue *q, struct timer *t,
                     uint64_t expires)
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

/*
 * Per-CPU one-shot software timers, ordered by expiry in a queue that
 * drives the CPU's single hardware one-shot timer.
 *
 * Times are system time in nanoseconds (hv/time.h). A timer belongs to
 * the CPU whose queue it is on; all queue operations run on that CPU
 * with interrupts off (the queue lock is taken internally).
 */
#ifndef HV_TIMER_H
#define HV_TIMER_H

#include <hv/list.h>
#include <hv/spinlock.h>

struct timer;
typedef void (*timer_fn_t)(struct timer *t, void *data);

struct timer {
    struct list_node node; /* on timer_queue.pending while active */
    uint64_t expires;      /* system time (ns) at which fn runs */
    timer_fn_t fn;
    void *data;
    bool active;
};

struct timer_queue {
    spinlock_t lock;          /* guards pending and every timer on it */
    struct list_node pending; /* sorted by expires, earliest first */
};

void timer_queue_init(struct timer_queue *q);
void timer_init(struct timer *t, timer_fn_t fn, void *data);

/*
 * Queue t to run at 'expires' on queue q (re-queueing it if active).
 * Timers with equal expiry run in the order they were set.
 * Returns true if t became the earliest timer, so the caller must
 * re-arm the hardware timer.
 */
bool timer_queue_add(struct timer_queue *q, struct timer *t, uint64_t expires);
/* Remove t if active. Returns true if it was. */
bool timer_queue_remove(struct timer_queue *q, struct timer *t);
/* Expiry of the earliest active timer, or 0 if none. */
uint64_t timer_queue_next(struct timer_queue *q);
/*
 * Run, in expiry order, every timer whose expiry is <= now. A callback may
 * re-add its own or other timers; one re-added for a time <= now runs in
 * the same pass. Returns how many callbacks ran.
 */
unsigned timer_queue_run(struct timer_queue *q, uint64_t now);

/* The current CPU's queue, with the hardware timer kept armed. */
void timer_set(struct timer *t, uint64_t expires);
void timer_stop(struct timer *t);
/* Timer interrupt handler body: run expired timers and re-arm. */
void timer_softirq(void);
/* How many times timer_softirq() ran on this CPU (for tests). */
unsigned long timer_softirq_count(void);

#endif

/*
 * Ticket spinlocks. Fair (FIFO) so no CPU starves. Locks that may be taken
 * from interrupt context must use the _irqsave forms everywhere.
 *
 * Lock order: code that needs two locks of the same class takes them
 * through spin_lock_pair(), which orders them by address, so two CPUs
 * locking the same pair can never deadlock.
 */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H

#include <hv/arch.h>

typedef struct {
    uint16_t next;  /* ticket handed to the next arrival */
    uint16_t owner; /* ticket now allowed in */
} spinlock_t;

#define SPINLOCK_INIT                                                          \
    {                                                                          \
        0, 0                                                                   \
    }

static inline void spin_lock_init(spinlock_t *l)
{
    l->next = l->owner = 0;
}

static inline void spin_lock(spinlock_t *l)
{
    uint16_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

    while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
        arch_cpu_relax();
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(spinlock_t *l)
{
    return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) !=
           __atomic_load_n(&l->next, __ATOMIC_RELAXED);
}

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
    unsigned long flags = arch_irq_save();

    spin_lock(l);
    return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
    spin_unlock(l);
    arch_irq_restore(flags);
}

/* Take two locks of one class in a fixed (address) order. */
static inline void spin_lock_pair(spinlock_t *a, spinlock_t *b)
{
    if (a == b) {
        spin_lock(a);
        return;
    }
    if (a > b) {
        spinlock_t *t = a;
        a = b;
        b = t;
    }
    spin_lock(a);
    spin_lock(b);
}

static inline void spin_unlock_pair(spinlock_t *a, spinlock_t *b)
{
    spin_unlock(a);
    if (a != b)
        spin_unlock(b);
}

#endif

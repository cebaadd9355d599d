/*
 * sched_op (hypercall 29): a vCPU gives up the CPU (yield), sleeps until
 * an event arrives (block, poll), or stops its domain (shutdown).
 *
 * The scheduler does the sleeping and waking (sched.c); this file checks
 * the guest's arguments and says what should happen. A vCPU that blocks
 * or polls is put to sleep only on the way back to the guest, after this
 * handler returned 0, and resumes with that 0 when it is woken.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/spinlock.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <public/sched.h>

/* The most ports one SCHEDOP_poll may watch (Xen's limit). */
#define SCHED_POLL_MAX_PORTS 128

static long sched_shutdown(guest_va_t arg)
{
    struct sched_shutdown op;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.reason > SHUTDOWN_MAX)
        return -EINVAL;
    /* Stopping the current domain: the scheduler never comes back to
     * this vCPU, so the 0 is seen only if the domain is resumed. */
    domain_shutdown(current_domain(), op.reason);
    return 0;
}

/* Latch the reason a later shutdown will report. Only the first code
 * counts, as in Xen: later calls do not change it. */
static long sched_shutdown_code(guest_va_t arg)
{
    struct domain *d = current_domain();
    struct sched_shutdown op;
    unsigned long flags;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.reason > SHUTDOWN_MAX)
        return -EINVAL;
    flags = spin_lock_irqsave(&d->lock);
    if (!d->shutdown_code_set) {
        d->shutdown_code = op.reason;
        d->shutdown_code_set = true;
    }
    spin_unlock_irqrestore(&d->lock, flags);
    return 0;
}

/* The checks come in Xen's order: the domain must exist (-ESRCH) before
 * the caller's right to stop it is looked at (-EPERM). */
static long sched_remote_shutdown(guest_va_t arg)
{
    struct sched_remote_shutdown op;
    struct domain *target;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    /* A dying domain counts (Xen answers 0: it is shut down already). */
    target = domain_by_id_any(op.domain_id);
    if (!target)
        return -ESRCH;
    if (!current_domain()->is_privileged)
        return -EPERM;
    /* Xen 4.17 takes any reason from the controller, as a byte: the
     * toolstack reads it back from getdomaininfo as it gave it. */
    domain_shutdown(target, (uint8_t)op.reason);
    return 0;
}

/* ---- Poll timeouts. ---- */

/*
 * Each vCPU has its own poll timer, as on Xen, set up at its first poll
 * with a timeout and stopped with the vCPU's other timers
 * (vcpu_timers_stop) before the vCPU goes. Timer context: the timeout
 * wakes v only if it still polls.
 */
static void poll_timeout_fire(struct timer *t, void *data)
{
    struct vcpu *v = data;

    (void)t;
    if (__atomic_load_n(&v->polling, __ATOMIC_SEQ_CST))
        vcpu_wake(v);
}

/* A new poll begins: its own timeout, if any, replaces the last one's. */
static void poll_timeout_set(struct vcpu *v, uint64_t timeout)
{
    if (!v->poll_timer.fn)
        timer_init(&v->poll_timer, poll_timeout_fire, v);
    if (timeout)
        timer_set(&v->poll_timer, timeout);
    else
        timer_stop(&v->poll_timer);
}

/* ---- Poll. ---- */

static void poll_end(struct vcpu *v)
{
    __atomic_store_n(&v->polling, false, __ATOMIC_SEQ_CST);
    v->blocked = false;
}

GUEST_HANDLE_TYPE(evtchn_port, evtchn_port_t);

/* Copy in the ports to watch: -EFAULT, else 0. */
static long poll_read_ports(const struct sched_poll *op, evtchn_port_t *ports)
{
    guest_handle_evtchn_port hnd;

    guest_handle_from_public(hnd, op->ports);

    for (unsigned int i = 0; i < op->nr_ports; i++)
        if (copy_from_guest_offset(&ports[i], hnd, i, 1))
            return -EFAULT;
    return 0;
}

/*
 * Look at the ports in the guest's order, as Xen 4.17 does (measured):
 * the first pending one ends the poll (1), even if a later one is not a
 * valid port; a port that is not valid, before any pending one, makes
 * the poll fail (-EINVAL). 0 if none is pending.
 */
static int poll_ports(struct domain *d, const evtchn_port_t *ports,
                      unsigned int nr)
{
    for (unsigned int i = 0; i < nr; i++) {
        int rc = evtchn_port_poll(d, ports[i]);

        if (rc != 0)
            return rc;
    }
    return 0;
}

/*
 * Should the poll end at once rather than sleep, though no watched port
 * is pending? Yes if an event is deliverable or the timeout has passed.
 */
static bool poll_done(struct vcpu *v, const struct sched_poll *op)
{
    if (vcpu_event_deliverable(v))
        return true;
    return op->timeout != 0 && op->timeout <= now_ns();
}

/*
 * The ports are copied in before the vCPU is marked polling, and looked
 * at only after: a port raised in between is either seen here or sees
 * the flag and wakes the vCPU.
 */
static long sched_poll(guest_va_t arg)
{
    struct vcpu *v = current_vcpu();
    evtchn_port_t ports[SCHED_POLL_MAX_PORTS];
    struct sched_poll op;
    long err;
    int seen;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.nr_ports > SCHED_POLL_MAX_PORTS)
        return -EINVAL;
    err = poll_read_ports(&op, ports);
    if (err)
        return err;

    v->blocked = true;
    __atomic_store_n(&v->polling, true, __ATOMIC_SEQ_CST);
    seen = poll_ports(v->domain, ports, op.nr_ports);
    if (seen != 0 || poll_done(v, &op)) {
        poll_end(v);
        return seen < 0 ? seen : 0;
    }
    poll_timeout_set(v, op.timeout);
    vcpu_sleep(v);
    return 0;
}

/* arg's type depends on cmd. */
HYPERCALL_DEFINE(sched_op, int, cmd, guest_handle_void, hnd)
{
    guest_va_t arg = hnd.va;

    switch (cmd) {
    case SCHEDOP_yield:
        vcpu_yield_current();
        return 0;
    case SCHEDOP_block:
        vcpu_block_current();
        return 0;
    case SCHEDOP_shutdown:
        return sched_shutdown(arg);
    case SCHEDOP_poll:
        return sched_poll(arg);
    case SCHEDOP_remote_shutdown:
        return sched_remote_shutdown(arg);
    case SCHEDOP_shutdown_code:
        return sched_shutdown_code(arg);
    default:
        /* Including SCHEDOP_watchdog and SCHEDOP_pin_override. */
        return -ENOSYS;
    }
}

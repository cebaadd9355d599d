/*
 * Guests' reads of the console rings: the hypervisor's log for
 * XEN_SYSCTL_readconsole (`xl dmesg`; its handler is the last function
 * here), and (through console_domain.c) a domain's buffer for
 * PARASOLOP_console_read. The text is taken out under the
 * ring's lock and copied to the guest without it.
 */
#include <hv/console.h>
#include <hv/console_ring.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <public/sysctl.h>

/* Take the text out under the lock: how many bytes, or *err. */
static long take_locked(spinlock_t *lock,
                        struct console_ring *(*find)(void *ctx, long *err),
                        void *ctx, struct console_ring_read *op, char *out,
                        size_t max)
{
    unsigned long flags = spin_lock_irqsave(lock);
    long err = 0;
    struct console_ring *r = find(ctx, &err);
    long n = r ? (long)console_ring_take(r, op, out, max) : err;

    spin_unlock_irqrestore(lock, flags);
    return n;
}

long console_ring_read(spinlock_t *lock,
                       struct console_ring *(*find)(void *ctx, long *err),
                       void *ctx, struct console_ring_read *op)
{
    /* No ring holds more than this: a bigger buffer gets no more. */
    size_t max = MIN((size_t)op->count, CONSOLE_RING_MAX);
    char *text = xmalloc(max ? max : 1);
    long n, err = 0;
    unsigned long flags;

    if (!text)
        return -ENOMEM;
    n = take_locked(lock, find, ctx, op, text, max);
    if (n >= 0 && copy_to_guest(op->buffer, text, (size_t)n))
        n = -EFAULT;
    xfree(text);
    if (n < 0)
        return n;
    if (op->clear) {
        struct console_ring *r;

        flags = spin_lock_irqsave(lock);
        r = find(ctx, &err);
        if (r)
            console_ring_clear(r, op);
        spin_unlock_irqrestore(lock, flags);
    }
    op->count = (uint32_t)n;
    return 0;
}

static struct console_ring *find_log(void *ctx, long *err)
{
    (void)ctx;
    (void)err;
    return &console_log_ring;
}

long console_log_read(struct console_ring_read *op)
{
    return console_ring_read(&console_log_lock, find_log, NULL, op);
}

/* XEN_SYSCTL_readconsole: IN clear, incremental, index, buffer, count;
 * OUT index, count (Xen's read_console_ring semantics). */
long sysctl_readconsole(struct xen_sysctl *op, bool *copyback)
{
    struct xen_sysctl_readconsole *rc = &op->u.readconsole;
    struct console_ring_read r = {
        .clear = rc->clear,
        .incremental = rc->incremental,
        .index = rc->index,
        .count = rc->count,
        .buffer = (guest_va_t)(uintptr_t)rc->buffer.p,
    };
    long err = console_log_read(&r);

    if (err)
        return err;
    rc->index = r.index;
    rc->count = r.count;
    *copyback = true;
    return 0;
}

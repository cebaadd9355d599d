/*
 * Each domain's console text, kept by the hypervisor: whatever a domain
 * writes with console_io goes into its own bounded buffer (allocated at
 * its first write, freed with it), which dom0 reads with Parasol's own
 * PARASOLOP_console_read (public/parasol.h; Xen has no such call) and
 * waits on with VIRQ_CON_RING.
 *
 * Locking: consoles_lock guards every domain's buffer and its
 * d->console pointer; it is taken before the domain list's lock
 * (domain_by_id), never after.
 */
#include <hv/console.h>
#include <hv/console_ring.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <public/parasol.h>

/* Per domain: what `xl console` shows of a guest's past output. */
#define DOMAIN_CONSOLE_SIZE KiB(4)
/* The domain that reads the others' text, and is not told of its own. */
#define CONSOLE_READER_DOMID 0

#define ASCII_FIRST_PRINTABLE ' '
#define ASCII_LAST_PRINTABLE '~'

struct domain_console {
    struct console_ring ring;
    char text[DOMAIN_CONSOLE_SIZE];
};

static spinlock_t consoles_lock = SPINLOCK_INIT;

/* What a domain that never wrote shows: nothing. */
static struct console_ring empty_ring = {.size = 1};

/* d's buffer, made at its first write; NULL if there is no memory. */
static struct domain_console *console_of(struct domain *d)
{
    struct domain_console *c = __atomic_load_n(&d->console, __ATOMIC_ACQUIRE),
                          *fresh;
    unsigned long flags;

    if (c)
        return c;
    fresh = xzalloc(sizeof(*fresh));
    if (!fresh)
        return NULL;
    fresh->ring =
        (struct console_ring){.buf = fresh->text, .size = sizeof(fresh->text)};
    flags = spin_lock_irqsave(&consoles_lock);
    if (!d->console) {
        __atomic_store_n(&d->console, fresh, __ATOMIC_RELEASE);
        fresh = NULL;
    }
    c = d->console;
    spin_unlock_irqrestore(&consoles_lock, flags);
    xfree(fresh); /* another vCPU of d made it first */
    return c;
}

static bool is_kept(char c)
{
    return c == '\n' ||
           (c >= ASCII_FIRST_PRINTABLE && c <= ASCII_LAST_PRINTABLE);
}

void console_domain_write(struct domain *d, const char *s, size_t n)
{
    struct domain_console *c = console_of(d);
    unsigned long flags;
    bool grew = false;

    if (!c)
        return; /* no memory: the text still went to the console */
    flags = spin_lock_irqsave(&consoles_lock);
    for (size_t i = 0; i < n; i++) {
        if (is_kept(s[i])) {
            console_ring_put(&c->ring, &s[i], 1);
            grew = true;
        }
    }
    spin_unlock_irqrestore(&consoles_lock, flags);
    if (grew && d->domain_id != CONSOLE_READER_DOMID)
        send_global_virq(VIRQ_CON_RING);
}

void console_domain_destroy(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&consoles_lock);
    struct domain_console *c = d->console;

    d->console = NULL;
    spin_unlock_irqrestore(&consoles_lock, flags);
    xfree(c);
}

/* ---- PARASOLOP_console_read (dom0). ---- */

/* consoles_lock held: the ring of domain *ctx, or NULL with -ESRCH. */
static struct console_ring *find_console(void *ctx, long *err)
{
    struct domain *d = domain_by_id(*(const domid_t *)ctx);

    if (!d) {
        *err = -ESRCH;
        return NULL;
    }
    return d->console ? &d->console->ring : &empty_ring;
}

static long console_read_op(guest_va_t arg)
{
    struct parasol_console_read op;
    struct console_ring_read r;
    long rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.pad)
        return -EINVAL;
    r = (struct console_ring_read){.clear = op.clear,
                                   .incremental = op.incremental,
                                   .index = op.index,
                                   .count = op.count,
                                   .buffer =
                                       (guest_va_t)(uintptr_t)op.buffer.p};
    rc = console_ring_read(&consoles_lock, find_console, &op.domid, &r);
    if (rc)
        return rc;
    op.index = r.index;
    op.count = r.count;
    return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
}

/* Only dom0, whatever the command: no other domain learns even which
 * commands exist. */
HYPERCALL_DEFINE(parasol_op, unsigned int, cmd, guest_handle_void, hnd)
{
    if (!current_domain()->is_privileged)
        return -EPERM;
    switch (cmd) {
    case PARASOLOP_console_read:
        return console_read_op(hnd.va);
    default:
        return -ENOSYS;
    }
}

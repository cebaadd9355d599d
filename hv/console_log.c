/*
 * The hypervisor's log: every line printk prints, and every line of
 * domU console text (with its "(dN) " prefix), kept in a bounded ring
 * for XEN_SYSCTL_readconsole (`xl dmesg`), as Xen's conring. dom0's own
 * console text is not logged, as on Xen (whose console_to_ring option
 * is off by default): it is the interactive console. Readers:
 * console_read.c.
 */
#include <hv/console.h>
#include <hv/console_ring.h>
#include <hv/spinlock.h>

spinlock_t console_log_lock = SPINLOCK_INIT; /* guards console_log_ring */
static char log_text[CONSOLE_RING_MAX];
struct console_ring console_log_ring = {.buf = log_text,
                                        .size = sizeof(log_text)};

void console_log_write(const char *s, size_t n)
{
    unsigned long flags = spin_lock_irqsave(&console_log_lock);

    console_ring_put(&console_log_ring, s, n);
    spin_unlock_irqrestore(&console_log_lock, flags);
}

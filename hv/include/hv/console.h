/*
 * The hypervisor console: serialised output for printk and guests, and a
 * small input ring fed by the serial interrupt.
 */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <hv/types.h>

/* Write n bytes; '\n' becomes "\r\n". Takes the console lock. */
void console_write(const char *s, size_t n);
/*
 * Write without the lock, for panic: another CPU may hold it forever.
 * Output may interleave, but it gets out.
 */
void console_write_unlocked(const char *s, size_t n);

/*
 * console=none: drop ordinary output. Panics still print, through
 * console_write_unlocked(), so a failure is never silent.
 */
void console_set_silent(bool silent);

/* Call notify (interrupt context) after each input byte: dom0 gets its
 * VIRQ_CONSOLE this way. */
void console_set_input_notify(void (*notify)(void));

/* Give each input byte to filter first (interrupt context); a byte it
 * returns true for goes no further. The debug keys use it. */
void console_set_input_filter(bool (*filter)(char c));

/* Input side: called by the arch serial interrupt for each byte. */
void console_input(char c);
/* Take up to n buffered input bytes; returns the count. */
size_t console_read(char *buf, size_t n);

/*
 * The hypervisor's log (console_log.c): printk lines and domU console
 * lines, in a bounded ring. Any context but NMI; takes the log's lock.
 */
void console_log_write(const char *s, size_t n);
struct console_ring_read;
/* A guest's read of the log (hv/console_ring.h): 0, -EFAULT, -ENOMEM. */
long console_log_read(struct console_ring_read *op);
/* XEN_SYSCTL_readconsole, in sysctl.c's table (console_read.c). */
struct xen_sysctl;
long sysctl_readconsole(struct xen_sysctl *op, bool *copyback);

/*
 * Each domain's console_io text, kept by the hypervisor
 * (console_domain.c) for dom0 to read (PARASOLOP_console_read).
 * console_domain_write: append a domain's text; any context but
 * interrupts. console_domain_destroy: free its buffer (domain.c, when
 * the domain is destroyed).
 */
struct domain;
void console_domain_write(struct domain *d, const char *s, size_t n);
void console_domain_destroy(struct domain *d);

#endif

/*
 * The guest's console: text through the console_io hypercall, which the
 * hypervisor writes to its own console (the serial line), and the
 * printf family on top of it. dom0, and every guest the hypervisor
 * starts, use this: guest-lib has no PV console ring.
 *
 * On real Xen, a domU's console_io writes are refused (-EPERM) except
 * in debug builds: the output is then simply lost.
 */
#ifndef PARASOL_CONSOLE_H
#define PARASOL_CONSOLE_H

#include <parasol/format.h>
#include <stddef.h>

/* Writes len bytes; returns 0 or the hypercall's -XEN_Exxx. */
int console_write(const char *s, size_t len);

/*
 * Reads up to len bytes of console input without waiting; returns the
 * number read (0 if none) or -XEN_Exxx (-EPERM unless dom0).
 */
int console_read(char *buf, size_t len);

/* As C's; return the number of characters formatted. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Writes s and a newline. */
int puts(const char *s);

/*
 * Prints "PANIC: " and the message, then crashes the domain
 * (SCHEDOP_shutdown, SHUTDOWN_crash). Never returns.
 */
_Noreturn void panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif

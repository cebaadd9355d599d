/*
 * Formatted output without a C library: the printf family's formatter
 * (hv/lib/format.c), writing to any sink. Each side supplies its own
 * output: guest-lib's printf a sink on the console_io hypercall, the
 * hypervisor's printk a line buffer through vsnprintf.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, with the flags - 0 + space
 * #, a width and a precision (numbers or *), and the length modifiers
 * hh h l ll z t j. %p is 0x and the digits the value needs;
 * %#018lx gives a fixed-width address. No floating point: neither side
 * touches FPU state.
 *
 * Depends on the freestanding C headers only; the host unit tests build
 * format.c as it is.
 */
#ifndef LIB_FORMAT_H
#define LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Where formatted characters go, one at a time. */
struct fmt_sink {
    void (*put)(struct fmt_sink *sink, char c);
};

/* Formats into sink; returns the number of characters produced. */
int fmt_vformat(struct fmt_sink *sink, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/*
 * As C's: write at most size - 1 characters and a NUL (when size > 0);
 * return the length the whole result would have.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif

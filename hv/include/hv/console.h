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

#endif

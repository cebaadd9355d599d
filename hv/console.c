/*
 * Console multiplexing: one lock serialises every writer so lines from
 * different CPUs and guests never interleave mid-line; input bytes wait in
 * a ring until dom0 or the debug keys take them.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/spinlock.h>

#define CONSOLE_INPUT_RING 256 /* power of two */

static spinlock_t console_lock = SPINLOCK_INIT; /* guards output */
static bool console_silent;

void console_set_silent(bool silent)
{
    console_silent = silent;
}

static struct {
    spinlock_t lock; /* guards buf, prod, cons */
    char buf[CONSOLE_INPUT_RING];
    unsigned prod, cons;
} input = {.lock = SPINLOCK_INIT};

void console_write_unlocked(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            arch_console_putc('\r');
        arch_console_putc(s[i]);
    }
}

void console_write(const char *s, size_t n)
{
    unsigned long flags;

    if (console_silent)
        return;
    flags = spin_lock_irqsave(&console_lock);
    console_write_unlocked(s, n);
    spin_unlock_irqrestore(&console_lock, flags);
}

/* Called after each input byte (dom0's VIRQ_CONSOLE), if set. */
static void (*input_notify)(void);

void console_set_input_notify(void (*notify)(void))
{
    input_notify = notify;
}

/* Sees each input byte first; true means it took it (debug keys). */
static bool (*input_filter)(char c);

void console_set_input_filter(bool (*filter)(char c))
{
    input_filter = filter;
}

void console_input(char c)
{
    unsigned long flags;

    if (input_filter && input_filter(c))
        return;
    flags = spin_lock_irqsave(&input.lock);

    /* A full ring drops the newest byte: typing faster than the reader
     * takes input loses keys, it never overwrites unread ones. */
    if (input.prod - input.cons < CONSOLE_INPUT_RING)
        input.buf[input.prod++ % CONSOLE_INPUT_RING] = c;
    spin_unlock_irqrestore(&input.lock, flags);
    if (input_notify)
        input_notify();
}

size_t console_read(char *buf, size_t n)
{
    unsigned long flags = spin_lock_irqsave(&input.lock);
    size_t got = 0;

    while (got < n && input.cons != input.prod)
        buf[got++] = input.buf[input.cons++ % CONSOLE_INPUT_RING];
    spin_unlock_irqrestore(&input.lock, flags);
    return got;
}

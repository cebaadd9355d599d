/*
 * console_io (hypercall 18): guests writing to, and dom0 reading from,
 * the hypervisor console.
 *
 * dom0 owns the console: its text goes out as it is, and only it may
 * read input. Any other domain's text is for debugging only, so it is
 * made harmless and attributable, as Xen does: every byte that is not
 * printable is dropped, and the rest is collected into whole lines that
 * go out prefixed with "(d<id>) ", so two guests writing at once never
 * interleave mid-line and no guest can forge a hypervisor message or
 * drive the terminal with escape sequences.
 *
 * Every domain's text, dom0's included, is also kept in the domain's
 * own buffer for dom0 to read (console_domain.c), and the domU lines go
 * into the hypervisor's log (console_log.c), as on Xen.
 *
 * The partial lines wait in a few slots here, chosen by domain ID,
 * rather than in struct domain: when two domains share a slot, the
 * newcomer first pushes out the other's partial line (it ends early,
 * nothing is lost).
 */
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <public/xen.h>

/* Guest text is copied in through a buffer on the stack this big. */
#define CONSOLE_IO_CHUNK 128
/*
 * At most this much of one write is printed. The hypervisor cannot be
 * preempted inside a hypercall, and a serial line prints about 11 KiB a
 * second: a guest asking for 4 GiB must not hold the CPU for days.
 */
#define CONSOLE_IO_WRITE_MAX KiB(16)

#define CONSOLE_LINE_SLOTS 8
#define CONSOLE_LINE_MAX 160  /* a longer line is cut into pieces */
#define CONSOLE_PREFIX_MAX 16 /* "(d32767) " and a NUL */

#define ASCII_FIRST_PRINTABLE ' '
#define ASCII_LAST_PRINTABLE '~'

struct console_line {
    domid_t domid; /* whose partial line this is, when len > 0 */
    size_t len;
    char text[CONSOLE_LINE_MAX];
};

static spinlock_t lines_lock = SPINLOCK_INIT; /* guards lines[] */
static struct console_line lines[CONSOLE_LINE_SLOTS];

/*
 * Log the slot's line with its owner's prefix and empty it; print it
 * too when guest_loglvl= asks for it, in one console_write() so that no
 * other output lands inside it. Called with lines_lock held; takes the
 * console lock.
 */
static void line_flush(struct console_line *line)
{
    char out[CONSOLE_PREFIX_MAX + CONSOLE_LINE_MAX + 1];
    int n =
        snprintf(out, CONSOLE_PREFIX_MAX, "(d%u) ", (unsigned int)line->domid);

    memcpy(out + n, line->text, line->len);
    out[n + line->len] = '\n';
    if (hv_options.guest_loglvl >= LOG_INFO)
        console_write(out, n + line->len + 1);
    console_log_write(out, n + line->len + 1);
    line->len = 0;
}

static bool is_printable(char c)
{
    return c >= ASCII_FIRST_PRINTABLE && c <= ASCII_LAST_PRINTABLE;
}

/* Add a chunk of a non-console domain's output to its line. */
static void guest_text(domid_t domid, const char *s, size_t n)
{
    struct console_line *line = &lines[domid % CONSOLE_LINE_SLOTS];
    unsigned long flags = spin_lock_irqsave(&lines_lock);

    if (line->len > 0 && line->domid != domid)
        line_flush(line);
    line->domid = domid;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n' || line->len == CONSOLE_LINE_MAX)
            line_flush(line);
        if (is_printable(s[i]))
            line->text[line->len++] = s[i];
    }
    spin_unlock_irqrestore(&lines_lock, flags);
}

static long console_io_write(struct domain *d, guest_va_t buf, uint32_t count)
{
    char chunk[CONSOLE_IO_CHUNK];
    size_t left = MIN((uint64_t)count, CONSOLE_IO_WRITE_MAX);

    while (left > 0) {
        size_t n = MIN(left, sizeof(chunk));

        if (copy_from_guest(chunk, buf, n))
            return -EFAULT;
        if (d->is_privileged)
            console_write(chunk, n);
        else
            guest_text(d->domain_id, chunk, n);
        console_domain_write(d, chunk, n);
        buf += n;
        left -= n;
    }
    return 0;
}

/* Input bytes for dom0, at most count; returns how many were copied. */
static long console_io_read(const struct domain *d, guest_va_t buf,
                            uint32_t count)
{
    char chunk[CONSOLE_IO_CHUNK];
    size_t done = 0;

    if (!d->is_privileged)
        return -EPERM;
    /* The result is a count or an error: keep counts positive. */
    if ((int32_t)count < 0)
        return -E2BIG;
    while (done < count) {
        size_t got = console_read(chunk, MIN(sizeof(chunk), count - done));

        if (got == 0)
            break;
        /* Bytes already taken from the ring are lost on a fault, as in
         * Xen: the guest gave a bad buffer. */
        if (copy_to_guest(buf + done, chunk, got))
            return -EFAULT;
        done += got;
    }
    return (long)done;
}

HYPERCALL_DEFINE(console_io, unsigned int, cmd, unsigned int, count,
                 guest_handle_char, buf)
{
    struct domain *d = current_domain();

    switch (cmd) {
    case CONSOLEIO_write:
        return console_io_write(d, buf.va, count);
    case CONSOLEIO_read:
        return console_io_read(d, buf.va, count);
    default:
        return -ENOSYS;
    }
}

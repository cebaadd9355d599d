/*
 * The console (console.h): console_io writes and reads, and the printf
 * family, which formats into a small buffer on the stack and writes it
 * with one hypercall per buffer-full rather than one per character.
 */
#include <parasol/console.h>
#include <parasol/hypercall.h>
#include <parasol/shutdown.h>
#include <parasol/string.h>

/* Bytes one printf formats before it writes: a line, usually. */
#define CONSOLE_BUF_SIZE 128
/* console_io counts are ints; larger writes go in pieces. */
#define CONSOLE_MAX_CHUNK 0x40000000UL

int console_write(const char *s, size_t len)
{
    while (len > 0) {
        size_t n = len < CONSOLE_MAX_CHUNK ? len : CONSOLE_MAX_CHUNK;
        /* console_io takes a char *, though it only reads it. */
        int rc = HYPERVISOR_console_io(CONSOLEIO_write, (int)n, (char *)s);

        if (rc < 0)
            return rc;
        s += n;
        len -= n;
    }
    return 0;
}

int console_read(char *buf, size_t len)
{
    if (len > CONSOLE_MAX_CHUNK)
        len = CONSOLE_MAX_CHUNK;
    return HYPERVISOR_console_io(CONSOLEIO_read, (int)len, buf);
}

/* A sink that collects characters and writes them a buffer at a time. */
struct console_sink {
    struct fmt_sink base; /* first, so a fmt_sink * is a console_sink * */
    size_t len;
    char buf[CONSOLE_BUF_SIZE];
};

static void console_flush(struct console_sink *c)
{
    console_write(c->buf, c->len);
    c->len = 0;
}

static void console_put(struct fmt_sink *sink, char ch)
{
    struct console_sink *c = (struct console_sink *)sink;

    c->buf[c->len++] = ch;
    if (c->len == sizeof(c->buf))
        console_flush(c);
}

int vprintf(const char *fmt, va_list ap)
{
    struct console_sink c = {.base.put = console_put, .len = 0};
    int n = fmt_vformat(&c.base, fmt, ap);

    console_flush(&c);
    return n;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int puts(const char *s)
{
    size_t len = strlen(s);
    int rc = console_write(s, len);

    if (rc == 0)
        rc = console_write("\n", 1);
    return rc < 0 ? rc : (int)len + 1;
}

static void console_put_string(struct console_sink *c, const char *s)
{
    while (*s)
        console_put(&c->base, *s++);
}

_Noreturn void panic(const char *fmt, ...)
{
    struct console_sink c = {.base.put = console_put, .len = 0};
    va_list ap;

    /* One sink for the whole line, so that it goes out in one write. */
    console_put_string(&c, "PANIC: ");
    va_start(ap, fmt);
    fmt_vformat(&c.base, fmt, ap);
    va_end(ap);
    console_put_string(&c, "\n");
    console_flush(&c);
    guest_crash();
}

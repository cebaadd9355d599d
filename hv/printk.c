/*
 * printk: leveled hypervisor messages. Each call formats into a local
 * buffer and goes out in one console_write, so a message is never split
 * by another CPU's output.
 */
#include <hv/console.h>
#include <hv/lib.h>
#include <hv/printk.h>

#define PRINTK_LINE_MAX 512
#define PRINTK_PREFIX "(HV) "

static enum log_level current_level = LOG_INFO;

void printk_set_level(enum log_level level)
{
    current_level = level;
}

enum log_level printk_get_level(void)
{
    return current_level;
}

bool printk_parse_level(const char *s, enum log_level *out)
{
    static const struct {
        const char *name;
        enum log_level level;
    } names[] = {
        {"none", LOG_NONE}, {"error", LOG_ERR},   {"warning", LOG_WARN},
        {"info", LOG_INFO}, {"debug", LOG_DEBUG}, {"all", LOG_DEBUG},
    };

    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (!strcmp(s, names[i].name)) {
            *out = names[i].level;
            return true;
        }
    }
    return false;
}

void vprintk(enum log_level level, const char *fmt, va_list ap)
{
    char line[PRINTK_LINE_MAX];
    size_t prefix = sizeof(PRINTK_PREFIX) - 1;
    int n;

    if (level > current_level)
        return;
    memcpy(line, PRINTK_PREFIX, prefix);
    n = vsnprintf(line + prefix, sizeof(line) - prefix, fmt, ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof(line) - prefix)
        n = (int)(sizeof(line) - prefix - 1); /* truncated */
    console_write(line, prefix + (size_t)n);
    console_log_write(line, prefix + (size_t)n);
}

void printk(enum log_level level, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(level, fmt, ap);
    va_end(ap);
}

/*
 * Hypervisor log: printk with levels, on the formatter the hypervisor
 * shares with guest-lib (lib/format.h: vsnprintf, snprintf). Messages
 * above the current level (set by loglvl= on the command line) are
 * dropped. Every line goes out prefixed with "(HV) ".
 */
#ifndef HV_PRINTK_H
#define HV_PRINTK_H

#include <hv/types.h>
#include <lib/format.h>
#include <stdarg.h>

enum log_level {
    LOG_NONE = -1, /* loglvl=none: only panics get through */
    LOG_ERR = 0,
    LOG_WARN = 1,
    LOG_INFO = 2,
    LOG_DEBUG = 3,
};

void printk(enum log_level level, const char *fmt, ...) __printf(2, 3);
void vprintk(enum log_level level, const char *fmt, va_list ap);

void printk_set_level(enum log_level level);
enum log_level printk_get_level(void);

/* Parse a loglvl= value: none, error, warning, info, debug or all. */
bool printk_parse_level(const char *s, enum log_level *out);

#define pr_err(...) printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...) printk(LOG_WARN, __VA_ARGS__)
#define pr_info(...) printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) printk(LOG_DEBUG, __VA_ARGS__)

#endif

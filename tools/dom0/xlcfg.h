/*
 * A domain's configuration in Xen's xl.cfg syntax: `key = value`
 * settings, one a line (or separated by ';'), with "double" or 'single'
 * quoted strings (C escapes in both), numbers (decimal, 0x hex, 0
 * octal, as strtol reads them), lists [ "a", "b", ] that may span lines,
 * '#' comments, and `key += "more"` to append to a string. A later
 * setting of a key replaces an earlier one, so `xl create`'s key=value
 * arguments, parsed after the file, override it.
 *
 * Unlike xl, an unknown key is an error, and every error names the
 * file, line and column: "hello.cfg:3:10: memory: not a number".
 *
 * The parser is one bounded pass over the text: no recursion (lists do
 * not nest), no allocation, every string into a fixed buffer.
 */
#ifndef DOM0_XLCFG_H
#define DOM0_XLCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/xen.h>

#define XLCFG_NAME_MAX 63      /* bytes of a domain name, no NUL */
#define XLCFG_PATH_MAX 127     /* bytes of a kernel path */
#define XLCFG_CMDLINE_MAX 1023 /* Xen's MAX_GUEST_CMDLINE, less the NUL */
#define XLCFG_ERROR_MAX 160    /* one error line, with its NUL */

/* xl's defaults (libxl's when xl leaves a field alone). */
#define XLCFG_MEMORY_DEFAULT_MIB 32
#define XLCFG_WEIGHT_DEFAULT 256
/* Xen's credit domctl reads a weight of 0 as "keep the weight" and a
 * cap of 0xffff as "keep the cap", so neither can be asked for. */
#define XLCFG_WEIGHT_MIN 1
#define XLCFG_WEIGHT_MAX 65535
#define XLCFG_CAP_MAX 65534

/*
 * What to do when a domain stops, in xl's names. Only destroy,
 * restart and preserve are acted on; xlcfg_action_effective() says
 * what the others fall back to.
 */
enum xlcfg_action {
    XLCFG_ACTION_DESTROY,
    XLCFG_ACTION_RESTART,
    XLCFG_ACTION_RENAME_RESTART,
    XLCFG_ACTION_PRESERVE,
    XLCFG_ACTION_COREDUMP_DESTROY,
    XLCFG_ACTION_COREDUMP_RESTART,
    XLCFG_ACTION_SOFT_RESET,
    XLCFG_ACTION_COUNT,
};

/* Which stop an action answers; the on_* keys in this order. */
enum xlcfg_event {
    XLCFG_ON_POWEROFF,
    XLCFG_ON_REBOOT,
    XLCFG_ON_WATCHDOG,
    XLCFG_ON_CRASH,
    XLCFG_EVENT_COUNT,
};

/* The keys, in the order the reference lists them. */
enum xlcfg_key {
    XLCFG_KEY_NAME,
    XLCFG_KEY_TYPE,
    XLCFG_KEY_KERNEL,
    XLCFG_KEY_CMDLINE,
    XLCFG_KEY_ROOT,
    XLCFG_KEY_EXTRA,
    XLCFG_KEY_MEMORY,
    XLCFG_KEY_MAXMEM,
    XLCFG_KEY_VCPUS,
    XLCFG_KEY_MAXVCPUS,
    XLCFG_KEY_UUID,
    XLCFG_KEY_ON_POWEROFF,
    XLCFG_KEY_ON_REBOOT,
    XLCFG_KEY_ON_WATCHDOG,
    XLCFG_KEY_ON_CRASH,
    XLCFG_KEY_CPU_WEIGHT,
    XLCFG_KEY_CAP,
    XLCFG_KEY_COUNT,
};

/* Where a setting was read: a file (or "command line") and a place. */
struct xlcfg_pos {
    const char *file;
    unsigned line; /* 0: the key was not set */
    unsigned col;
};

struct xlcfg {
    char name[XLCFG_NAME_MAX + 1];
    char kernel[XLCFG_PATH_MAX + 1];
    /* cmdline as written; after xlcfg_finish(), the command line the
     * domain gets (cmdline, or root= and extra joined as xl does). */
    char cmdline[XLCFG_CMDLINE_MAX + 1];
    char root[XLCFG_CMDLINE_MAX + 1];
    char extra[XLCFG_CMDLINE_MAX + 1];
    uint64_t memory_mib; /* 0 until set or defaulted */
    uint64_t maxmem_mib;
    unsigned vcpus;
    unsigned maxvcpus;
    xen_domain_handle_t uuid;
    bool has_uuid; /* else the toolstack makes one up */
    enum xlcfg_action on[XLCFG_EVENT_COUNT];
    unsigned cpu_weight;
    unsigned cap;
    bool has_sched; /* cpu_weight or cap was given */
    /* Set by xlcfg_finish(): root/extra were given but cmdline wins,
     * which xl reports as a warning. */
    bool root_extra_ignored;
    /* Where each key was last set, by enum xlcfg_key. */
    struct xlcfg_pos pos[XLCFG_KEY_COUNT];
};

/* Xen's own names for the actions ("rename-restart"). */
const char *xlcfg_action_name(enum xlcfg_action action);
/* The action that is carried out: destroy, restart or preserve. */
enum xlcfg_action xlcfg_action_effective(enum xlcfg_action action);
/* "on_poweroff" and the others. */
const char *xlcfg_event_key(enum xlcfg_event event);

/* Empty configuration with xl's defaults for the on_* actions. */
void xlcfg_init(struct xlcfg *cfg);

/*
 * Parses len bytes of text from file into cfg, on top of what cfg
 * holds already. Returns 0, or -1 with one line (no newline) in err:
 * "FILE:LINE:COL: what went wrong". file must outlive cfg's use of pos.
 */
int xlcfg_parse(struct xlcfg *cfg, const char *file, const char *text,
                size_t len, char *err);

/*
 * One `key=value` from xl create's command line, as the number-th
 * override (from 1): the same syntax, reported as "command line:N:COL".
 */
int xlcfg_override(struct xlcfg *cfg, unsigned number, const char *arg,
                   char *err);

/*
 * Checks what no single setting can (name and kernel given, maxmem and
 * maxvcpus not below memory and vcpus), fills in xl's defaults and
 * builds the command line. file names the config in errors. Returns 0,
 * or -1 with a line in err.
 */
int xlcfg_finish(struct xlcfg *cfg, const char *file, char *err);

/*
 * Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (either case) into
 * uuid. Returns false if text is anything else.
 */
bool xlcfg_uuid_parse(const char *text, xen_domain_handle_t uuid);

/* Writes uuid in that form into buf: XLCFG_UUID_TEXT bytes. */
#define XLCFG_UUID_TEXT 37
void xlcfg_uuid_format(const xen_domain_handle_t uuid, char *buf);

#endif /* DOM0_XLCFG_H */

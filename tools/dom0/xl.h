/*
 * `xl`, the shell command that manages domains with Xen's sub-command
 * names and output formats. Its sub-commands form a table of
 * {name, handler, help, usage, options, operand counts}, one family per
 * file (xl_list.c, xl_domain.c, xl_info.c, xl_console.c); xl.c
 * dispatches, parses options and holds the output helpers they share.
 */
#ifndef DOM0_XL_H
#define DOM0_XL_H

#include "shell.h"
#include "toolstack.h"

#define XL_OPT_LETTERS 26 /* options are single lowercase letters */
#define XL_LINE_MAX 512   /* one formatted output line */

/* One run of a sub-command: its operands, with the options taken out. */
struct xl_call {
    struct shell *sh;
    struct toolstack *ts;
    const struct xl_cmd *cmd;
    const char *opt[XL_OPT_LETTERS]; /* "" for a flag, else its value */
    int argc;                        /* operands */
    char *argv[SHELL_ARGS_MAX];
};

struct xl_cmd {
    const char *name;
    enum shell_status (*handler)(struct xl_call *call);
    const char *help;    /* one line, for `xl help` */
    const char *usage;   /* "list [-l] [DOM...]", after "usage: xl " */
    const char *options; /* as getopt's: "ld:" (d takes a value) */
    int min_args;        /* operands, checked before the handler */
    int max_args;
};

struct xl_family {
    const struct xl_cmd *cmds;
    size_t count;
};

extern const struct xl_family xl_family_list;    /* xl_list.c */
extern const struct xl_family xl_family_domain;  /* xl_domain.c */
extern const struct xl_family xl_family_info;    /* xl_info.c */
extern const struct xl_family xl_family_console; /* xl_console.c */

/* The option's value, "" for a flag given, NULL if not given. */
static inline const char *xl_opt(const struct xl_call *call, char letter)
{
    return call->opt[letter - 'a'];
}

/* Formatted output through the shell; a line longer than XL_LINE_MAX
 * is cut, which no format here can produce. */
void xl_printf(struct shell *sh, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* "xl: " and the message and a newline; returns SHELL_FAILED. */
enum shell_status xl_error(struct shell *sh, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The same line, for checks that answer true or false: returns false. */
bool xl_complain(struct shell *sh, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A backend failure: "xl: cannot WHAT DOMAIN: REASON (error -N)". */
enum shell_status xl_fail_call(struct shell *sh, const char *what,
                               const char *domain, int err);
/* Xen's errno in words: "no such domain" for -XEN_ESRCH. */
const char *xl_strerror(int err);

/* A domain's name for output: registered, "Domain-0" or "(null)" as
 * xl prints for a domain it has no name for. */
const char *xl_name(struct toolstack *ts, domid_t domid);

/*
 * A config from the ramdisk: file, then each of the argc key=value
 * overrides, then the checks of the whole (xl create's reading). Prints
 * one error line and returns false on failure.
 */
bool xl_load_config(struct toolstack *ts, struct shell *sh, const char *file,
                    int argc, char *const *overrides, struct xlcfg *cfg);

/* Seconds with one decimal, as xl's "%8.1f" of nanoseconds / 1e9. */
void xl_seconds(uint64_t ns, unsigned width, char *buf, size_t size);

/* xl's six state letters: r b p s, the shutdown reason, d. */
#define XL_STATE_LEN 6
void xl_state(const struct xl_dominfo *info, char *buf);

/* Reads every domain into out (at most max); -1 after an error line. */
int xl_list_all(struct xl_call *call, struct xl_dominfo *out, unsigned max);

/* A decimal operand ("-w 512") from min to max; false after an error
 * line. */
bool xl_number(struct xl_call *call, const char *what, const char *text,
               uint64_t min, uint64_t max, uint64_t *out);

/*
 * For the commands that act on a domain: looks it up (ID or name) and
 * refuses dom0 for the actions xl will not take on it. Returns false
 * after an error line.
 */
bool xl_target(struct xl_call *call, const char *arg, const char *action,
               struct xl_dominfo *info);

#endif /* DOM0_XL_H */

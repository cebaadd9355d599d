/*
 * The `xl` shell command: finds the sub-command in the families' tables,
 * takes its options out of the words (anywhere among them, as getopt
 * does for xl), checks the operand count, and runs it. Also the output
 * helpers every family shares: formatted lines, error lines with Xen's
 * errno in words, names, times and state letters as xl prints them.
 */
#include "xl.h"

#include <lib/format.h>
#include <lib/string.h>
#include <public/errno.h>
#include <public/sched.h>

#define HELP_GAP 2
#define NS_PER_TENTH 100000000ull
#define TENTHS_PER_SEC 10
#define DECIMAL 10

static const struct xl_family *const families[] = {
    &xl_family_list,
    &xl_family_domain,
    &xl_family_info,
    &xl_family_console,
};

#define FAMILY_COUNT (sizeof(families) / sizeof(families[0]))

static const struct xl_cmd *xl_cmd_at(size_t index)
{
    for (size_t f = 0; f < FAMILY_COUNT; f++) {
        if (index < families[f]->count)
            return &families[f]->cmds[index];
        index -= families[f]->count;
    }
    return NULL;
}

static const struct xl_cmd *xl_cmd_find(const char *name)
{
    const struct xl_cmd *cmd;

    for (size_t i = 0; (cmd = xl_cmd_at(i)) != NULL; i++)
        if (strcmp(cmd->name, name) == 0)
            return cmd;
    return NULL;
}

void xl_printf(struct shell *sh, const char *fmt, ...)
{
    char line[XL_LINE_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    shell_puts(sh, line);
}

static void error_line(struct shell *sh, const char *fmt, va_list ap)
{
    char line[XL_LINE_MAX];

    vsnprintf(line, sizeof(line), fmt, ap);
    shell_puts(sh, "xl: ");
    shell_puts(sh, line);
    shell_puts(sh, "\n");
}

enum shell_status xl_error(struct shell *sh, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_line(sh, fmt, ap);
    va_end(ap);
    return SHELL_FAILED;
}

bool xl_complain(struct shell *sh, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_line(sh, fmt, ap);
    va_end(ap);
    return false;
}

const char *xl_strerror(int err)
{
    static const struct {
        int err;
        const char *text;
    } texts[] = {
        {XEN_EPERM, "not permitted"},
        {XEN_ENOENT, "no such entry"},
        {XEN_ESRCH, "no such domain"},
        {XEN_E2BIG, "too big"},
        {XEN_EAGAIN, "try again"},
        {XEN_ENOMEM, "out of memory"},
        {XEN_EACCES, "permission denied"},
        {XEN_EFAULT, "bad address"},
        {XEN_EBUSY, "busy"},
        {XEN_EEXIST, "already exists"},
        {XEN_EINVAL, "invalid argument"},
        {XEN_ENOSPC, "no space left"},
        {XEN_ENOSYS, "not available in this dom0"},
        {XEN_ENODATA, "no data"},
        {XEN_ETIME, "timed out"},
    };

    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        if (-err == texts[i].err)
            return texts[i].text;
    return "error";
}

enum shell_status xl_fail_call(struct shell *sh, const char *what,
                               const char *domain, int err)
{
    return xl_error(sh, "cannot %s %s: %s (error %d)", what, domain,
                    xl_strerror(err), err);
}

const char *xl_name(struct toolstack *ts, domid_t domid)
{
    const char *name = toolstack_name(ts, domid);

    return name ? name : "(null)";
}

void xl_seconds(uint64_t ns, unsigned width, char *buf, size_t size)
{
    /* Rounded to the nearest tenth, as printf's %.1f does. */
    uint64_t tenths = (ns + NS_PER_TENTH / 2) / NS_PER_TENTH;

    snprintf(buf, size, "%*llu.%llu", (int)(width > 2 ? width - 2 : 0),
             (unsigned long long)(tenths / TENTHS_PER_SEC),
             (unsigned long long)(tenths % TENTHS_PER_SEC));
}

void xl_state(const struct xl_dominfo *info, char *buf)
{
    /* xl's letters for SHUTDOWN_poweroff .. SHUTDOWN_soft_reset. */
    static const char reasons[] = "-rscwS";
    unsigned reason = info->shutdown ? info->shutdown_reason : 0;

    buf[0] = info->running ? 'r' : '-';
    buf[1] = info->blocked ? 'b' : '-';
    buf[2] = info->paused ? 'p' : '-';
    buf[3] = info->shutdown ? 's' : '-';
    buf[4] = reason < sizeof(reasons) - 1 ? reasons[reason] : '?';
    buf[5] = info->dying ? 'd' : '-';
    buf[XL_STATE_LEN] = '\0';
}

int xl_list_all(struct xl_call *call, struct xl_dominfo *out, unsigned max)
{
    int n = call->ts->be->list(call->ts->be->ctx, 0, out, max);

    if (n < 0) {
        xl_error(call->sh, "cannot list the domains: %s (error %d)",
                 xl_strerror(n), n);
        return -1;
    }
    return n;
}

bool xl_number(struct xl_call *call, const char *what, const char *text,
               uint64_t min, uint64_t max, uint64_t *out)
{
    uint64_t value = 0;
    const char *p = text;

    for (; *p >= '0' && *p <= '9' && value <= max; p++)
        value = value * DECIMAL + (uint64_t)(*p - '0');
    if (p == text || *p || value < min || value > max) {
        xl_error(call->sh, "%s: '%s' is not a number from %llu to %llu", what,
                 text, (unsigned long long)min, (unsigned long long)max);
        return false;
    }
    *out = value;
    return true;
}

bool xl_target(struct xl_call *call, const char *arg, const char *action,
               struct xl_dominfo *info)
{
    if (!toolstack_lookup(call->ts, call->sh, arg, info))
        return false;
    if (info->domid != 0)
        return true;
    xl_error(call->sh, "cannot %s domain 0 (%s): it runs this toolstack",
             action, TOOLSTACK_DOM0_NAME);
    return false;
}

static void put_usage(struct shell *sh, const struct xl_cmd *cmd)
{
    xl_printf(sh, "usage: xl %s\n", cmd->usage);
}

static const struct xl_cmd help_cmd; /* below, with its handler */

/* help first, then every family's commands. */
static const struct xl_cmd *listed_at(size_t index)
{
    return index == 0 ? &help_cmd : xl_cmd_at(index - 1);
}

static enum shell_status help_list(struct shell *sh)
{
    const struct xl_cmd *cmd;
    size_t width = 0, i;

    /* Names, as xl lists them: the usages are one 'xl help CMD' away. */
    for (i = 0; (cmd = listed_at(i)) != NULL; i++)
        if (strlen(cmd->name) > width)
            width = strlen(cmd->name);
    shell_puts(sh, "usage: xl COMMAND [ARGS]; 'xl help COMMAND' explains one\n"
                   "commands:\n");
    for (i = 0; (cmd = listed_at(i)) != NULL; i++)
        xl_printf(sh, "  %-*s%s\n", (int)(width + HELP_GAP), cmd->name,
                  cmd->help);
    return SHELL_OK;
}

static enum shell_status help_one(struct shell *sh, const struct xl_cmd *cmd)
{
    put_usage(sh, cmd);
    xl_printf(sh, "  %s\n", cmd->help);
    return SHELL_OK;
}

static enum shell_status cmd_help(struct xl_call *call)
{
    const struct xl_cmd *cmd;

    if (call->argc == 0)
        return help_list(call->sh);
    cmd = strcmp(call->argv[0], "help") == 0 ? &help_cmd
                                             : xl_cmd_find(call->argv[0]);
    if (!cmd)
        return xl_error(call->sh, "unknown command '%s' (try 'xl help')",
                        call->argv[0]);
    return help_one(call->sh, cmd);
}

static const struct xl_cmd help_cmd = {
    .name = "help",
    .handler = cmd_help,
    .help = "list the xl commands, or explain one",
    .usage = "help [COMMAND]",
    .max_args = 1,
};

/* Is letter an option of spec, and does it take a value? */
static bool option_spec(const char *spec, char letter, bool *takes_value)
{
    /* A command without options has no spec at all. */
    const char *hit =
        spec && letter >= 'a' && letter <= 'z' ? strchr(spec, letter) : NULL;

    if (!hit)
        return false;
    *takes_value = hit[1] == ':';
    return true;
}

/* One word of options ("-lv", "-d", "-dVALUE"); *i moves past a value
 * taken from the next word. */
static bool take_options(struct xl_call *call, int argc, char **argv, int *i)
{
    for (const char *p = argv[*i] + 1; *p; p++) {
        bool takes_value;

        if (!option_spec(call->cmd->options, *p, &takes_value)) {
            xl_error(call->sh, "%s: unknown option '-%c'", call->cmd->name, *p);
            return false;
        }
        if (!takes_value) {
            call->opt[*p - 'a'] = "";
            continue;
        }
        if (p[1]) {
            call->opt[*p - 'a'] = p + 1;
        } else if (*i + 1 < argc) {
            call->opt[*p - 'a'] = argv[++*i];
        } else {
            xl_error(call->sh, "%s: option '-%c' needs a value",
                     call->cmd->name, *p);
            return false;
        }
        return true;
    }
    return true;
}

/* argv[0] is the sub-command; options anywhere, "--" ends them. */
static bool parse_words(struct xl_call *call, int argc, char **argv)
{
    bool options = true;

    for (int i = 1; i < argc; i++) {
        if (options && strcmp(argv[i], "--") == 0) {
            options = false;
        } else if (options && argv[i][0] == '-' && argv[i][1]) {
            if (!take_options(call, argc, argv, &i))
                return false;
        } else {
            call->argv[call->argc++] = argv[i];
        }
    }
    return true;
}

static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

static enum shell_status run(struct shell *sh, const struct xl_cmd *cmd,
                             int argc, char **argv)
{
    struct xl_call call = {.sh = sh, .ts = sh->env->toolstack, .cmd = cmd};

    if (wants_help(argc, argv))
        return help_one(sh, cmd);
    if (!parse_words(&call, argc, argv)) {
        put_usage(sh, cmd);
        return SHELL_FAILED;
    }
    if (call.argc < cmd->min_args || call.argc > cmd->max_args) {
        xl_error(sh, "%s: %s", cmd->name,
                 call.argc < cmd->min_args ? "missing operand"
                                           : "too many operands");
        put_usage(sh, cmd);
        return SHELL_FAILED;
    }
    if (!call.ts && cmd != &help_cmd)
        return xl_error(sh, "no toolstack in this dom0");
    return cmd->handler(&call);
}

static enum shell_status cmd_xl(struct shell *sh, int argc, char **argv)
{
    const struct xl_cmd *cmd;

    if (argc < 2) {
        help_list(sh);
        return SHELL_FAILED;
    }
    cmd = strcmp(argv[1], "help") == 0 ? &help_cmd : xl_cmd_find(argv[1]);
    if (!cmd)
        return xl_error(sh, "unknown command '%s' (try 'xl help')", argv[1]);
    return run(sh, cmd, argc - 1, argv + 1);
}

static const struct shell_cmd xl_shell_cmds[] = {
    {.name = "xl",
     .handler = cmd_xl,
     .help = "manage domains, as Xen's xl ('xl help' lists the commands)",
     .usage = "xl COMMAND [ARGS]",
     .max_args = SHELL_ARGS_MAX - 1},
};

const struct shell_family shell_family_xl = {
    .cmds = xl_shell_cmds,
    .count = sizeof(xl_shell_cmds) / sizeof(xl_shell_cmds[0]),
};

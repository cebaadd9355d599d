/*
 * The hypervisor's command-line options, Xen's names where Xen has the
 * option: loglvl=, guest_loglvl=, console=, dom0_mem=, dom0_max_vcpus=;
 * plus selftest= for boot tests.
 */
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/lib.h>
#include <hv/printk.h>

/* Other domains' console lines are printed at LOG_INFO: by default they
 * stay off the terminal dom0's shell uses, and `xl console`, `xl dmesg`
 * show them. */
struct hv_options hv_options = {.console = "com1", .guest_loglvl = LOG_WARN};

/*
 * A level in Xen's syntax, "level/rate-limited-level". There is no rate
 * limiting here, so the second part is checked and otherwise unused.
 */
static bool parse_level(const char *value, enum log_level *level)
{
    char name[16];
    const char *slash = strchr(value, '/');
    size_t len = slash ? (size_t)(slash - value) : strlen(value);

    if (len >= sizeof(name))
        return false;
    memcpy(name, value, len);
    name[len] = '\0';
    if (!printk_parse_level(name, level))
        return false;
    return !slash || printk_parse_level(slash + 1, &(enum log_level){0});
}

static bool parse_loglvl(const char *value)
{
    enum log_level level;

    if (!parse_level(value, &level))
        return false;
    printk_set_level(level);
    return true;
}

static bool parse_guest_loglvl(const char *value)
{
    enum log_level level;

    if (!parse_level(value, &level))
        return false;
    hv_options.guest_loglvl = level;
    return true;
}

static bool parse_console(const char *value)
{
    if (strcmp(value, "com1") && strcmp(value, "none"))
        return false;
    strlcpy(hv_options.console, value, sizeof(hv_options.console));
    console_set_silent(!strcmp(value, "none"));
    return true;
}

static const struct param hv_params[] = {
    {.name = "loglvl", .type = PARAM_CUSTOM, .parse = parse_loglvl},
    {.name = "guest_loglvl", .type = PARAM_CUSTOM, .parse = parse_guest_loglvl},
    {.name = "console", .type = PARAM_CUSTOM, .parse = parse_console},
    {.name = "dom0_mem",
     .type = PARAM_STRING,
     .var = hv_options.dom0_mem,
     .size = sizeof(hv_options.dom0_mem)},
    {.name = "dom0_max_vcpus",
     .type = PARAM_UINT,
     .var = &hv_options.dom0_max_vcpus},
    {.name = "selftest",
     .type = PARAM_STRING,
     .var = hv_options.selftest,
     .size = sizeof(hv_options.selftest)},
};

/* The console is up when the command line is parsed: report at once. */
static void report(enum cmdline_problem problem, const char *opt, size_t len,
                   void *ctx)
{
    pr_warn("command line: %s option '%.*s' ignored\n",
            problem == CMDLINE_UNKNOWN ? "unknown" : "bad value in", (int)len,
            opt);
}

void cmdline_apply(const char *cmdline)
{
    cmdline_parse(cmdline, hv_params, ARRAY_SIZE(hv_params), report, NULL);
}

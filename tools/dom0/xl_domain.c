/*
 * xl's commands that change a domain: create (config from the ramdisk,
 * key=value overrides, then the toolstack builds it), destroy, shutdown,
 * reboot, pause and unpause. None of them acts on dom0, which runs this
 * toolstack, and each reports a failure in one line.
 */
#include "cpio.h"
#include "xl.h"
#include "xl_console.h"

#include <lib/string.h>
#include <public/errno.h>
#include <public/sched.h>

static bool read_config(struct xl_call *call, const char *file,
                        const char **text, size_t *len)
{
    struct cpio_entry entry;
    enum cpio_status status = CPIO_NOT_FOUND;

    if (call->ts->ramdisk)
        status = cpio_find(call->ts->ramdisk, call->ts->ramdisk_size, file,
                           &entry, NULL);
    if (status == CPIO_OK && !cpio_is_regular(&entry))
        status = CPIO_NOT_FOUND;
    if (status == CPIO_NOT_FOUND)
        return xl_complain(call->sh, "%s: no such file in the ramdisk", file);
    if (status != CPIO_OK)
        return xl_complain(call->sh, "%s: bad ramdisk: %s", file,
                           cpio_strerror(status));
    *text = (const char *)entry.data;
    *len = entry.size;
    return true;
}

/* Accepted by xl, not all carried out here: say what will happen. */
static void warn_config(struct shell *sh, const struct xlcfg *cfg)
{
    if (cfg->root_extra_ignored)
        shell_puts(sh, "Warning: ignoring root= and extra= in favour of "
                       "cmdline=\n");
    for (unsigned e = 0; e < XLCFG_EVENT_COUNT; e++) {
        enum xlcfg_action asked = cfg->on[e];
        enum xlcfg_action done = xlcfg_action_effective(asked);

        if (asked != done)
            xl_printf(sh, "Warning: %s=%s is not supported: Parasol will %s\n",
                      xlcfg_event_key(e), xlcfg_action_name(asked),
                      xlcfg_action_name(done));
    }
}

bool xl_load_config(struct toolstack *ts, struct shell *sh, const char *file,
                    int argc, char *const *overrides, struct xlcfg *cfg)
{
    struct xl_call call = {.sh = sh, .ts = ts};
    char err[XLCFG_ERROR_MAX];
    const char *text = NULL;
    size_t len = 0;
    int rc;

    if (!read_config(&call, file, &text, &len))
        return false;
    xlcfg_init(cfg);
    rc = xlcfg_parse(cfg, file, text, len, err);
    for (int i = 0; rc == 0 && i < argc; i++)
        rc = xlcfg_override(cfg, (unsigned)i + 1, overrides[i], err);
    if (rc == 0)
        rc = xlcfg_finish(cfg, file, err);
    if (rc < 0)
        xl_printf(sh, "%s\n", err);
    return rc == 0;
}

/* The file, then each key=value operand, then the checks of the whole. */
static bool build_config(struct xl_call *call, struct xlcfg *cfg)
{
    return xl_load_config(call->ts, call->sh, call->argv[0], call->argc - 1,
                          call->argv + 1, cfg);
}

static enum shell_status cmd_create(struct xl_call *call)
{
    static struct xlcfg cfg; /* large: kept off dom0's stack */
    domid_t domid;

    xl_printf(call->sh, "Parsing config from %s\n", call->argv[0]);
    if (!build_config(call, &cfg))
        return SHELL_FAILED;
    warn_config(call->sh, &cfg);
    if (toolstack_start(call->ts, call->sh, &cfg, xl_opt(call, 'p') != NULL,
                        &domid) < 0)
        return SHELL_FAILED;
    if (xl_opt(call, 'c'))
        return xl_console_attach(call, domid);
    return SHELL_OK;
}

static enum shell_status cmd_destroy(struct xl_call *call)
{
    struct xl_dominfo info;

    if (!xl_target(call, call->argv[0], "destroy", &info))
        return SHELL_FAILED;
    return toolstack_destroy(call->ts, call->sh, info.domid) < 0 ? SHELL_FAILED
                                                                 : SHELL_OK;
}

/*
 * shutdown -w / reboot -w: until the domain is gone (its on_* action
 * destroyed it, or restarted it under a new ID) or stopped and kept.
 */
static enum shell_status wait_stop(struct xl_call *call, domid_t domid)
{
    const struct xl_backend *be = call->ts->be;
    uint64_t deadline = be->uptime_ns(be->ctx) + TOOLSTACK_SHUTDOWN_WAIT_NS;
    struct xl_dominfo info;

    xl_printf(call->sh, "Waiting for 1 domains\n");
    for (;;) {
        uint64_t now = be->uptime_ns(be->ctx);
        int rc;

        toolstack_react(call->ts, call->sh);
        rc = toolstack_dominfo(call->ts, domid, &info);
        if (rc == -XEN_ESRCH) {
            xl_printf(call->sh, "Domain %u has been destroyed.\n", domid);
            return SHELL_OK;
        }
        if (rc == 0 && info.shutdown) {
            xl_printf(call->sh,
                      "Domain %u has been shut down, reason code "
                      "%u\n",
                      domid, info.shutdown_reason);
            return SHELL_OK;
        }
        if (rc < 0 || now >= deadline ||
            be->wait_exception(be->ctx, deadline - now) < 0)
            return xl_error(call->sh, "domain %u did not stop within %llu s",
                            domid, TOOLSTACK_SHUTDOWN_WAIT_NS / XL_NS_PER_SEC);
    }
}

static enum shell_status stop_one(struct xl_call *call, const char *arg,
                                  unsigned reason)
{
    const char *verb = reason == SHUTDOWN_reboot ? "reboot" : "shut down";
    struct xl_dominfo info;
    int rc;

    if (!xl_target(call, arg, verb, &info))
        return SHELL_FAILED;
    xl_printf(call->sh, "%s domain %u\n",
              reason == SHUTDOWN_reboot ? "Rebooting" : "Shutting down",
              info.domid);
    rc = call->ts->be->shutdown(call->ts->be->ctx, info.domid, reason);
    if (rc < 0)
        return xl_fail_call(call->sh, verb, arg, rc);
    return xl_opt(call, 'w') ? wait_stop(call, info.domid) : SHELL_OK;
}

static enum shell_status cmd_shutdown(struct xl_call *call)
{
    return stop_one(call, call->argv[0], SHUTDOWN_poweroff);
}

static enum shell_status cmd_reboot(struct xl_call *call)
{
    return stop_one(call, call->argv[0], SHUTDOWN_reboot);
}

static enum shell_status pause_or_unpause(struct xl_call *call, bool pause)
{
    const struct xl_backend *be = call->ts->be;
    const char *verb = pause ? "pause" : "unpause";
    struct xl_dominfo info;
    int rc;

    if (!xl_target(call, call->argv[0], verb, &info))
        return SHELL_FAILED;
    rc = pause ? be->pause(be->ctx, info.domid)
               : be->unpause(be->ctx, info.domid);
    return rc < 0 ? xl_fail_call(call->sh, verb, call->argv[0], rc) : SHELL_OK;
}

static enum shell_status cmd_pause(struct xl_call *call)
{
    return pause_or_unpause(call, true);
}

static enum shell_status cmd_unpause(struct xl_call *call)
{
    return pause_or_unpause(call, false);
}

static const struct xl_cmd domain_cmds[] = {
    {.name = "create",
     .handler = cmd_create,
     .help = "create a domain from a config file of the ramdisk",
     .usage = "create [-p] [-c] CFG [KEY=VALUE...]",
     .options = "pc",
     .min_args = 1,
     .max_args = SHELL_ARGS_MAX},
    {.name = "destroy",
     .handler = cmd_destroy,
     .help = "end a domain at once",
     .usage = "destroy DOM",
     .min_args = 1,
     .max_args = 1},
    {.name = "shutdown",
     .handler = cmd_shutdown,
     .help = "ask a domain to shut down (-w: and wait until it has)",
     .usage = "shutdown [-w] DOM",
     .options = "w",
     .min_args = 1,
     .max_args = 1},
    {.name = "reboot",
     .handler = cmd_reboot,
     .help = "ask a domain to reboot (-w: and wait until it has)",
     .usage = "reboot [-w] DOM",
     .options = "w",
     .min_args = 1,
     .max_args = 1},
    {.name = "pause",
     .handler = cmd_pause,
     .help = "stop running a domain's vCPUs",
     .usage = "pause DOM",
     .min_args = 1,
     .max_args = 1},
    {.name = "unpause",
     .handler = cmd_unpause,
     .help = "run a paused domain again",
     .usage = "unpause DOM",
     .min_args = 1,
     .max_args = 1},
};

const struct xl_family xl_family_domain = {
    .cmds = domain_cmds,
    .count = sizeof(domain_cmds) / sizeof(domain_cmds[0]),
};

/*
 * xl's listing commands: list (xl's columns, or with -l the domains as
 * JSON in libxl's shape), domid, domname and uptime, each line in xl's
 * own format so that scripts written for Xen read it unchanged.
 */
#include "xl.h"
#include "xl_json.h"

#include <lib/format.h>
#include <lib/string.h>
#include <public/errno.h>

#define TIME_WIDTH 8
#define SECS_PER_MIN 60u
#define SECS_PER_HOUR 3600u
#define SECS_PER_DAY 86400u

static struct xl_dominfo doms[TOOLSTACK_LIST_MAX];

/* The domains named by the operands, or all of them. */
static int select_domains(struct xl_call *call)
{
    if (call->argc == 0)
        return xl_list_all(call, doms, TOOLSTACK_LIST_MAX);
    for (int i = 0; i < call->argc; i++)
        if (!toolstack_lookup(call->ts, call->sh, call->argv[i], &doms[i]))
            return -1;
    return call->argc;
}

static void list_row(struct xl_call *call, const struct xl_dominfo *d)
{
    char state[XL_STATE_LEN + 1], time[TIME_WIDTH + 1];
    uint64_t mem_kib = (d->tot_pages + d->outstanding_pages) * XL_KIB_PER_PAGE;

    xl_state(d, state);
    xl_seconds(d->cpu_time_ns, TIME_WIDTH, time, sizeof(time));
    xl_printf(call->sh, "%-40s %5u %5llu %5u     %s  %s\n",
              xl_name(call->ts, d->domid), d->domid,
              (unsigned long long)(mem_kib / XL_KIB_PER_MIB), d->online_vcpus,
              state, time);
}

static enum shell_status cmd_list(struct xl_call *call)
{
    int n = select_domains(call);

    if (n < 0)
        return SHELL_FAILED;
    if (xl_opt(call, 'l')) {
        xl_json_domains(call->sh, call->ts, doms, n);
        return SHELL_OK;
    }
    shell_puts(call->sh, "Name                                        ID   Mem "
                         "VCPUs\tState\tTime(s)\n");
    for (int i = 0; i < n; i++)
        list_row(call, &doms[i]);
    return SHELL_OK;
}

static enum shell_status cmd_domid(struct xl_call *call)
{
    struct xl_dominfo info;
    const char *name = call->argv[0];
    struct toolstack_domain *d = toolstack_by_name(call->ts, name);

    if (strcmp(name, TOOLSTACK_DOM0_NAME) == 0) {
        shell_puts(call->sh, "0\n");
        return SHELL_OK;
    }
    if (!d || toolstack_dominfo(call->ts, d->domid, &info) < 0)
        return xl_error(call->sh,
                        "cannot get the domid of '%s': no such domain", name);
    xl_printf(call->sh, "%u\n", d->domid);
    return SHELL_OK;
}

static enum shell_status cmd_domname(struct xl_call *call)
{
    struct xl_dominfo info;
    uint64_t domid;
    const char *name;

    if (!xl_number(call, "domname", call->argv[0], 0, DOMID_FIRST_RESERVED - 1,
                   &domid))
        return SHELL_FAILED;
    name = toolstack_name(call->ts, (domid_t)domid);
    if (!name || toolstack_dominfo(call->ts, (domid_t)domid, &info) < 0)
        return xl_error(call->sh,
                        "cannot get the name of domain %llu: no such domain",
                        (unsigned long long)domid);
    xl_printf(call->sh, "%s\n", name);
    return SHELL_OK;
}

/* xl's "H:MM:SS", with "N days, " in front once there are days. */
static void uptime_text(uint64_t secs, char *buf, size_t size)
{
    unsigned days = (unsigned)(secs / SECS_PER_DAY);
    unsigned hours = (unsigned)(secs % SECS_PER_DAY / SECS_PER_HOUR);
    unsigned mins = (unsigned)(secs % SECS_PER_HOUR / SECS_PER_MIN);
    unsigned s = (unsigned)(secs % SECS_PER_MIN);

    if (days)
        snprintf(buf, size, "%u day%s, %2u:%02u:%02u", days,
                 days > 1 ? "s" : "", hours, mins, s);
    else
        snprintf(buf, size, "%2u:%02u:%02u", hours, mins, s);
}

/* dom0 has been up as long as the hypervisor; a domU since xl made it. */
static void uptime_row(struct xl_call *call, domid_t domid, uint64_t now)
{
    struct toolstack_domain *d = toolstack_by_domid(call->ts, domid);
    char text[32];

    if (domid != 0 && !d)
        return; /* xl shows only the domains it knows the start of */
    uptime_text((now - (d ? d->start_ns : 0)) / XL_NS_PER_SEC, text,
                sizeof(text));
    xl_printf(call->sh, "%-33s %4u %s\n", xl_name(call->ts, domid), domid,
              text);
}

static enum shell_status cmd_uptime(struct xl_call *call)
{
    uint64_t now = call->ts->be->uptime_ns(call->ts->be->ctx);
    int n = select_domains(call);

    if (n < 0)
        return SHELL_FAILED;
    xl_printf(call->sh, "%-33s %4s %s\n", "Name", "ID", "Uptime");
    for (int i = 0; i < n; i++)
        uptime_row(call, doms[i].domid, now);
    return SHELL_OK;
}

static const struct xl_cmd list_cmds[] = {
    {.name = "list",
     .handler = cmd_list,
     .help = "list the domains (-l: in detail, as JSON)",
     .usage = "list [-l] [DOM...]",
     .options = "l",
     .max_args = SHELL_ARGS_MAX},
    {.name = "domid",
     .handler = cmd_domid,
     .help = "print the ID of a domain named NAME",
     .usage = "domid NAME",
     .min_args = 1,
     .max_args = 1},
    {.name = "domname",
     .handler = cmd_domname,
     .help = "print the name of domain ID",
     .usage = "domname ID",
     .min_args = 1,
     .max_args = 1},
    {.name = "uptime",
     .handler = cmd_uptime,
     .help = "show how long the domains have been up",
     .usage = "uptime [DOM...]",
     .max_args = SHELL_ARGS_MAX},
};

const struct xl_family xl_family_list = {
    .cmds = list_cmds,
    .count = sizeof(list_cmds) / sizeof(list_cmds[0]),
};

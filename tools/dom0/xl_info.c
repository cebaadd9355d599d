/*
 * xl's commands that report on the machine and the scheduler: info
 * (physinfo and the hypervisor's version, in xl's "key : value" lines),
 * dmesg (the hypervisor's log), vcpu-list, and sched-credit, which shows
 * and sets a domain's credit weight and cap.
 */
#include "xl.h"

#include <lib/format.h>
#include <lib/string.h>

#define LOG_CHUNK 256
#define TIME_WIDTH 9
#define XEN_PAGESIZE_TEXT "4096"

static struct xl_dominfo doms[TOOLSTACK_LIST_MAX];

static void info_line(struct shell *sh, const char *key, const char *value)
{
    xl_printf(sh, "%-23s: %s\n", key, value);
}

static void info_uint(struct shell *sh, const char *key, uint64_t value)
{
    xl_printf(sh, "%-23s: %llu\n", key, (unsigned long long)value);
}

static void info_physinfo(struct shell *sh, const struct xl_physinfo *p)
{
    char mhz[24];

    info_line(sh, "host", "dom0");
    info_line(sh, "release", PARASOL_VERSION);
    info_line(sh, "machine", "x86_64");
    info_uint(sh, "nr_cpus", p->nr_cpus);
    info_uint(sh, "max_cpu_id", p->nr_cpus ? p->nr_cpus - 1 : 0);
    info_uint(sh, "nr_nodes", p->nr_nodes);
    info_uint(sh, "cores_per_socket", p->cores_per_socket);
    info_uint(sh, "threads_per_core", p->threads_per_core);
    snprintf(mhz, sizeof(mhz), "%u.%03u", p->cpu_khz / XL_KHZ_PER_MHZ,
             p->cpu_khz % XL_KHZ_PER_MHZ);
    info_line(sh, "cpu_mhz", mhz);
    info_line(sh, "virt_caps", "pv");
    info_uint(sh, "total_memory", p->total_pages / XL_PAGES_PER_MIB);
    info_uint(sh, "free_memory", p->free_pages / XL_PAGES_PER_MIB);
}

static void info_version(struct shell *sh, const struct xl_version *v)
{
    char version[XL_VERSION_TEXT_MAX + 24];

    snprintf(version, sizeof(version), "%u.%u%s", v->major, v->minor, v->extra);
    info_uint(sh, "xen_major", v->major);
    info_uint(sh, "xen_minor", v->minor);
    info_line(sh, "xen_extra", v->extra);
    info_line(sh, "xen_version", version);
    info_line(sh, "xen_caps", v->caps);
    info_line(sh, "xen_scheduler", "credit");
    info_line(sh, "xen_pagesize", XEN_PAGESIZE_TEXT);
    info_line(sh, "xen_changeset", v->changeset);
    info_line(sh, "xen_commandline", v->cmdline);
}

static enum shell_status cmd_info(struct xl_call *call)
{
    const struct xl_backend *be = call->ts->be;
    static struct xl_version version;
    struct xl_physinfo phys;
    int rc = be->physinfo(be->ctx, &phys);

    if (rc < 0)
        return xl_fail_call(call->sh, "read", "the physical info", rc);
    memset(&version, 0, sizeof(version));
    rc = be->version(be->ctx, &version);
    if (rc < 0)
        return xl_fail_call(call->sh, "read", "the hypervisor's version", rc);
    version.extra[sizeof(version.extra) - 1] = '\0';
    version.caps[sizeof(version.caps) - 1] = '\0';
    version.changeset[sizeof(version.changeset) - 1] = '\0';
    version.cmdline[sizeof(version.cmdline) - 1] = '\0';
    info_physinfo(call->sh, &phys);
    info_version(call->sh, &version);
    return SHELL_OK;
}

static enum shell_status cmd_dmesg(struct xl_call *call)
{
    const struct xl_backend *be = call->ts->be;
    char buf[LOG_CHUNK];
    uint64_t index = 0;
    int n;

    while ((n = be->read_hv_log(be->ctx, &index, buf, sizeof(buf))) > 0)
        shell_write(call->sh, buf,
                    (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf));
    if (n < 0)
        return xl_fail_call(call->sh, "read", "the hypervisor's log", n);
    return SHELL_OK;
}

static void vcpu_row(struct xl_call *call, domid_t domid, unsigned vcpu,
                     const struct xl_vcpuinfo *v)
{
    char time[TIME_WIDTH + 1];

    xl_seconds(v->cpu_time_ns, TIME_WIDTH, time, sizeof(time));
    xl_printf(call->sh, "%-32s %5u %5u", xl_name(call->ts, domid), domid, vcpu);
    if (v->online)
        xl_printf(call->sh, "%5u %3c%c- ", v->cpu, v->running ? 'r' : '-',
                  v->blocked ? 'b' : '-');
    else
        xl_printf(call->sh, "%5c %3c%cp ", '-', '-', '-');
    /* No pinning here: every vCPU may run anywhere. */
    xl_printf(call->sh, "%s  all / all\n", time);
}

static enum shell_status vcpus_of(struct xl_call *call,
                                  const struct xl_dominfo *d)
{
    const struct xl_backend *be = call->ts->be;

    for (unsigned v = 0; v <= d->max_vcpu_id; v++) {
        struct xl_vcpuinfo info;
        int rc = be->vcpu_info(be->ctx, d->domid, v, &info);

        if (rc < 0)
            return xl_fail_call(call->sh, "read the vCPUs of",
                                xl_name(call->ts, d->domid), rc);
        vcpu_row(call, d->domid, v, &info);
    }
    return SHELL_OK;
}

static enum shell_status cmd_vcpu_list(struct xl_call *call)
{
    int n =
        call->argc ? call->argc : xl_list_all(call, doms, TOOLSTACK_LIST_MAX);

    if (n < 0)
        return SHELL_FAILED;
    for (int i = 0; i < call->argc; i++)
        if (!toolstack_lookup(call->ts, call->sh, call->argv[i], &doms[i]))
            return SHELL_FAILED;
    xl_printf(call->sh, "%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU",
              "CPU", "State", "Time(s)", "Affinity (Hard / Soft)");
    for (int i = 0; i < n; i++)
        if (vcpus_of(call, &doms[i]) != SHELL_OK)
            return SHELL_FAILED;
    return SHELL_OK;
}

/* One domain's parameters; false after an error line. */
static bool sched_get(struct xl_call *call, domid_t domid,
                      struct xl_sched_credit *sc)
{
    const struct xl_backend *be = call->ts->be;
    int rc = be->sched_credit_get(be->ctx, domid, sc);

    if (rc < 0)
        xl_fail_call(call->sh, "read the credit parameters of",
                     xl_name(call->ts, domid), rc);
    return rc == 0;
}

static void sched_row(struct xl_call *call, domid_t domid,
                      const struct xl_sched_credit *sc)
{
    xl_printf(call->sh, "%-33s %4u %6u %4u\n", xl_name(call->ts, domid), domid,
              sc->weight, sc->cap);
}

static void sched_header(struct shell *sh)
{
    xl_printf(sh, "%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap");
}

/* -w and -c on one domain: the values not given stay as they are. */
static enum shell_status sched_set(struct xl_call *call, domid_t domid)
{
    const struct xl_backend *be = call->ts->be;
    const char *w = xl_opt(call, 'w'), *c = xl_opt(call, 'c');
    struct xl_sched_credit sc;
    uint64_t value;
    int rc;

    if (!sched_get(call, domid, &sc))
        return SHELL_FAILED;
    if (w && !xl_number(call, "weight", w, XLCFG_WEIGHT_MIN, XLCFG_WEIGHT_MAX,
                        &value))
        return SHELL_FAILED;
    if (w)
        sc.weight = (unsigned)value;
    if (c && !xl_number(call, "cap", c, 0, XLCFG_CAP_MAX, &value))
        return SHELL_FAILED;
    if (c)
        sc.cap = (unsigned)value;
    rc = be->sched_credit_set(be->ctx, domid, &sc);
    if (rc < 0)
        return xl_fail_call(call->sh, "set the credit parameters of",
                            xl_name(call->ts, domid), rc);
    return SHELL_OK;
}

/* Every domain's, read before anything is printed. */
static enum shell_status sched_list(struct xl_call *call)
{
    static struct xl_sched_credit params[TOOLSTACK_LIST_MAX];
    int n = xl_list_all(call, doms, TOOLSTACK_LIST_MAX);

    if (n < 0)
        return SHELL_FAILED;
    for (int i = 0; i < n; i++)
        if (!sched_get(call, doms[i].domid, &params[i]))
            return SHELL_FAILED;
    sched_header(call->sh);
    for (int i = 0; i < n; i++)
        sched_row(call, doms[i].domid, &params[i]);
    return SHELL_OK;
}

static enum shell_status cmd_sched_credit(struct xl_call *call)
{
    const char *dom = xl_opt(call, 'd');
    struct xl_sched_credit sc;
    struct xl_dominfo info;

    if (!dom && (xl_opt(call, 'w') || xl_opt(call, 'c')))
        return xl_error(call->sh, "sched-credit: -w and -c need -d DOM");
    if (!dom)
        return sched_list(call);
    if (!toolstack_lookup(call->ts, call->sh, dom, &info))
        return SHELL_FAILED;
    if (xl_opt(call, 'w') || xl_opt(call, 'c'))
        return sched_set(call, info.domid);
    if (!sched_get(call, info.domid, &sc))
        return SHELL_FAILED;
    sched_header(call->sh);
    sched_row(call, info.domid, &sc);
    return SHELL_OK;
}

static const struct xl_cmd info_cmds[] = {
    {.name = "info",
     .handler = cmd_info,
     .help = "show the machine and the hypervisor",
     .usage = "info"},
    {.name = "dmesg",
     .handler = cmd_dmesg,
     .help = "print the hypervisor's log",
     .usage = "dmesg"},
    {.name = "vcpu-list",
     .handler = cmd_vcpu_list,
     .help = "list the vCPUs of the domains",
     .usage = "vcpu-list [DOM...]",
     .max_args = SHELL_ARGS_MAX},
    {.name = "sched-credit",
     .handler = cmd_sched_credit,
     .help = "show the credit scheduler's weights and caps, or set a "
             "domain's",
     .usage = "sched-credit [-d DOM [-w WEIGHT] [-c CAP]]",
     .options = "d:w:c:"},
};

const struct xl_family xl_family_info = {
    .cmds = info_cmds,
    .count = sizeof(info_cmds) / sizeof(info_cmds[0]),
};

/*
 * struct xl_backend in the real dom0, over guest-lib. What an unprivileged
 * call answers (the time, the hypervisor's version) is answered here;
 * every hook that needs the privileged domctl/sysctl calls answers
 * -XEN_ENOSYS, which xl reports as "not available in this dom0", so that
 * dom0 boots and says what it cannot do instead of failing in another way.
 */
#include "dom0.h"

#include <lib/string.h>
#include <parasol/guest.h>

/* XENVER_version answers (major << 16) | minor. */
#define VERSION_MAJOR_SHIFT 16
#define VERSION_MINOR_MASK 0xffff

static int none_list(void *ctx, domid_t first, struct xl_dominfo *out,
                     unsigned max)
{
    (void)ctx, (void)first, (void)out, (void)max;
    return -XEN_ENOSYS;
}

static int none_create(void *ctx, const struct xl_domain_spec *spec,
                       domid_t *domid, char *reason)
{
    (void)ctx, (void)spec, (void)domid;
    strlcpy(reason, "this dom0 has no domain builder", XL_REASON_MAX);
    return -XEN_ENOSYS;
}

static int none_domid(void *ctx, domid_t domid)
{
    (void)ctx, (void)domid;
    return -XEN_ENOSYS;
}

static int none_shutdown(void *ctx, domid_t domid, unsigned reason)
{
    (void)ctx, (void)domid, (void)reason;
    return -XEN_ENOSYS;
}

static int none_vcpu_info(void *ctx, domid_t domid, unsigned vcpu,
                          struct xl_vcpuinfo *out)
{
    (void)ctx, (void)domid, (void)vcpu, (void)out;
    return -XEN_ENOSYS;
}

static int none_physinfo(void *ctx, struct xl_physinfo *out)
{
    (void)ctx, (void)out;
    return -XEN_ENOSYS;
}

/* A string answer of xen_version, cut to fit and NUL-terminated. */
static void version_text(int cmd, char *buf, size_t size)
{
    static char answer[1024]; /* the largest xen_version string answer */

    answer[0] = '\0';
    if (HYPERVISOR_xen_version(cmd, answer) < 0)
        answer[0] = '\0';
    answer[sizeof(answer) - 1] = '\0';
    strlcpy(buf, answer, size);
}

static int dom0_version(void *ctx, struct xl_version *out)
{
    int version = HYPERVISOR_xen_version(XENVER_version, NULL);

    (void)ctx;
    if (version < 0)
        return version;
    out->major = (unsigned)version >> VERSION_MAJOR_SHIFT;
    out->minor = (unsigned)version & VERSION_MINOR_MASK;
    version_text(XENVER_extraversion, out->extra, sizeof(out->extra));
    version_text(XENVER_capabilities, out->caps, sizeof(out->caps));
    version_text(XENVER_changeset, out->changeset, sizeof(out->changeset));
    version_text(XENVER_commandline, out->cmdline, sizeof(out->cmdline));
    return 0;
}

static int none_read(void *ctx, uint64_t *index, char *buf, size_t size)
{
    (void)ctx, (void)index, (void)buf, (void)size;
    return -XEN_ENOSYS;
}

static int none_read_console(void *ctx, domid_t domid, uint64_t *index,
                             char *buf, size_t size)
{
    (void)ctx, (void)domid, (void)index, (void)buf, (void)size;
    return -XEN_ENOSYS;
}

static int none_write_console(void *ctx, domid_t domid, const char *buf,
                              size_t len)
{
    (void)ctx, (void)domid, (void)buf, (void)len;
    return -XEN_ENOSYS;
}

static int none_sched_get(void *ctx, domid_t domid, struct xl_sched_credit *out)
{
    (void)ctx, (void)domid, (void)out;
    return -XEN_ENOSYS;
}

static int none_sched_set(void *ctx, domid_t domid,
                          const struct xl_sched_credit *in)
{
    (void)ctx, (void)domid, (void)in;
    return -XEN_ENOSYS;
}

static uint64_t dom0_uptime(void *ctx)
{
    (void)ctx;
    return time_now_ns();
}

static int none_wait(void *ctx, uint64_t timeout_ns)
{
    (void)ctx, (void)timeout_ns;
    return -XEN_ENOSYS;
}

const struct xl_backend *dom0_xl_backend(void)
{
    static const struct xl_backend backend = {
        .list = none_list,
        .create = none_create,
        .destroy = none_domid,
        .pause = none_domid,
        .unpause = none_domid,
        .shutdown = none_shutdown,
        .vcpu_info = none_vcpu_info,
        .physinfo = none_physinfo,
        .version = dom0_version,
        .read_hv_log = none_read,
        .read_console = none_read_console,
        .write_console = none_write_console,
        .sched_credit_get = none_sched_get,
        .sched_credit_set = none_sched_set,
        .uptime_ns = dom0_uptime,
        .wait_exception = none_wait,
    };

    return &backend;
}

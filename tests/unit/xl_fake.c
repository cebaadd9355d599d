/*
 * The fake backend (xl_fake.h): every hook checks its failure switch,
 * counts the call, then acts on the domain table as the hypervisor
 * would, in the simplest way that keeps the states consistent.
 */
#include "xl_fake.h"

#include <string.h>

#include <public/errno.h>
#include <public/sched.h>

#define MIB_PAGES 256u
#define KIB_PER_PAGE 4u

struct fake fake;

void fake_reset(void)
{
    struct fake_dom *d0 = &fake.doms[0];

    memset(&fake, 0, sizeof(fake));
    fake.next_domid = 1;
    fake.phys = (struct xl_physinfo){
        .nr_cpus = 2,
        .threads_per_core = 1,
        .cores_per_socket = 2,
        .nr_nodes = 1,
        .cpu_khz = 2592000,
        .total_pages = 512 * MIB_PAGES,
        .free_pages = 256 * MIB_PAGES,
    };
    fake.version.major = 4;
    fake.version.minor = 17;
    strcpy(fake.version.extra, "-parasol");
    strcpy(fake.version.caps, "xen-3.0-x86_64");
    strcpy(fake.version.cmdline, "loglvl=info");
    d0->exists = true;
    d0->info.domid = 0;
    d0->info.running = true;
    d0->info.tot_pages = 64 * MIB_PAGES;
    d0->info.max_pages = 64 * MIB_PAGES;
    d0->info.online_vcpus = 1;
    d0->info.cpu_time_ns = 12345678901ull;
    d0->sched = (struct xl_sched_credit){256, 0};
    d0->vcpus[0] = (struct xl_vcpuinfo){
        .online = true, .running = true, .cpu_time_ns = 12345678901ull};
}

void fake_stop(domid_t domid, unsigned reason)
{
    fake.doms[domid].info.shutdown = true;
    fake.doms[domid].info.shutdown_reason = reason;
    fake.doms[domid].info.running = false;
    fake.doms[domid].info.blocked = false;
    fake.exceptions++;
}

/* Counts the call; returns the failure asked for, if any. */
static int enter(enum fake_hook hook)
{
    fake.calls[hook]++;
    return fake.fail[hook];
}

static struct fake_dom *dom(domid_t domid)
{
    return domid < FAKE_DOMS && fake.doms[domid].exists ? &fake.doms[domid]
                                                        : NULL;
}

static int f_list(void *ctx, domid_t first, struct xl_dominfo *out,
                  unsigned max)
{
    unsigned n = 0;
    int rc = enter(FAKE_LIST);

    (void)ctx;
    if (rc)
        return rc;
    for (unsigned id = first; id < FAKE_DOMS && n < max; id++)
        if (fake.doms[id].exists)
            out[n++] = fake.doms[id].info;
    return (int)n;
}

static domid_t free_domid(void)
{
    while (fake.next_domid < FAKE_DOMS && fake.doms[fake.next_domid].exists)
        fake.next_domid++;
    return fake.next_domid;
}

static int f_create(void *ctx, const struct xl_domain_spec *spec,
                    domid_t *domid, char *reason)
{
    uint64_t pages = spec->memory_kib / KIB_PER_PAGE;
    int rc = enter(FAKE_CREATE);
    struct fake_dom *d;

    (void)ctx;
    fake.last_spec = *spec;
    strncpy(fake.last_cmdline, spec->cmdline, FAKE_TEXT - 1);
    if (rc) {
        if (fake.create_reason)
            strcpy(reason, fake.create_reason);
        return rc;
    }
    if (spec->image_size < 4 || memcmp(spec->image, "\177ELF", 4) != 0) {
        strcpy(reason, "not an ELF image");
        return -XEN_EINVAL;
    }
    if (pages > fake.phys.free_pages || free_domid() >= FAKE_DOMS)
        return -XEN_ENOMEM;
    *domid = free_domid();
    fake.next_domid++;
    d = &fake.doms[*domid];
    memset(d, 0, sizeof(*d));
    d->exists = true;
    d->info.domid = *domid;
    d->info.paused = true;
    d->info.tot_pages = pages;
    d->info.max_pages = spec->maxmem_kib / KIB_PER_PAGE;
    d->info.online_vcpus = spec->vcpus;
    d->info.max_vcpu_id = spec->max_vcpus - 1;
    memcpy(d->info.handle, spec->handle, sizeof(d->info.handle));
    d->sched = (struct xl_sched_credit){256, 0};
    for (unsigned v = 0; v < spec->vcpus && v < FAKE_VCPUS; v++)
        d->vcpus[v].online = true;
    fake.phys.free_pages -= pages;
    return 0;
}

static int f_destroy(void *ctx, domid_t domid)
{
    struct fake_dom *d = dom(domid);
    int rc = enter(FAKE_DESTROY);

    (void)ctx;
    if (rc)
        return rc;
    if (!d)
        return -XEN_ESRCH;
    d->exists = false;
    fake.phys.free_pages += d->info.tot_pages;
    return 0;
}

static int f_pause(void *ctx, domid_t domid)
{
    struct fake_dom *d = dom(domid);
    int rc = enter(FAKE_PAUSE);

    (void)ctx;
    if (rc)
        return rc;
    if (!d)
        return -XEN_ESRCH;
    d->info.paused = true;
    return 0;
}

static int f_unpause(void *ctx, domid_t domid)
{
    struct fake_dom *d = dom(domid);
    int rc = enter(FAKE_UNPAUSE);

    (void)ctx;
    if (rc)
        return rc;
    if (!d)
        return -XEN_ESRCH;
    if (!d->info.paused)
        return -XEN_EINVAL;
    d->info.paused = false;
    d->info.blocked = true;
    return 0;
}

static int f_shutdown(void *ctx, domid_t domid, unsigned reason)
{
    struct fake_dom *d = dom(domid);
    int rc = enter(FAKE_SHUTDOWN);

    (void)ctx;
    if (rc)
        return rc;
    if (!d)
        return -XEN_ESRCH;
    fake.last_shutdown_reason = reason;
    if (!d->ignores_shutdown)
        fake_stop(domid, reason);
    return 0;
}

static int f_vcpu_info(void *ctx, domid_t domid, unsigned vcpu,
                       struct xl_vcpuinfo *out)
{
    struct fake_dom *d = dom(domid);
    int rc = enter(FAKE_VCPU_INFO);

    (void)ctx;
    if (rc)
        return rc;
    if (!d)
        return -XEN_ESRCH;
    if (vcpu >= FAKE_VCPUS)
        return -XEN_EINVAL;
    *out = d->vcpus[vcpu];
    return 0;
}

static int f_physinfo(void *ctx, struct xl_physinfo *out)
{
    int rc = enter(FAKE_PHYSINFO);

    (void)ctx;
    if (rc)
        return rc;
    *out = fake.phys;
    return 0;
}

static int f_version(void *ctx, struct xl_version *out)
{
    int rc = enter(FAKE_VERSION);

    (void)ctx;
    if (rc)
        return rc;
    *out = fake.version;
    return 0;
}

static int read_text(const char *text, size_t len, uint64_t *index, char *buf,
                     size_t size)
{
    size_t n;

    if (*index >= len)
        return 0;
    n = len - *index < size ? len - *index : size;
    memcpy(buf, text + *index, n);
    *index += n;
    return (int)n;
}

static int f_read_hv_log(void *ctx, uint64_t *index, char *buf, size_t size)
{
    int rc = enter(FAKE_HV_LOG);

    (void)ctx;
    if (rc)
        return rc;
    return read_text(fake.hv_log, strlen(fake.hv_log), index, buf, size);
}

static int f_read_console(void *ctx, domid_t domid, uint64_t *index, char *buf,
                          size_t size)
{
    struct fake_dom *d = dom(domid);
    int rc = enter(FAKE_CONSOLE);

    (void)ctx;
    if (rc)
        return rc;
    if (!d)
        return -XEN_ESRCH;
    return read_text(d->console, d->console_len, index, buf, size);
}

static int f_write_console(void *ctx, domid_t domid, const char *buf,
                           size_t len)
{
    struct fake_dom *d = dom(domid);

    (void)ctx;
    if (!d)
        return -XEN_ESRCH;
    if (len > FAKE_TEXT - d->input_len)
        len = FAKE_TEXT - d->input_len;
    memcpy(d->input + d->input_len, buf, len);
    d->input_len += len;
    return 0;
}

static int f_sched_get(void *ctx, domid_t domid, struct xl_sched_credit *out)
{
    struct fake_dom *d = dom(domid);
    int rc = enter(FAKE_SCHED_GET);

    (void)ctx;
    if (rc)
        return rc;
    if (!d)
        return -XEN_ESRCH;
    *out = d->sched;
    return 0;
}

static int f_sched_set(void *ctx, domid_t domid,
                       const struct xl_sched_credit *in)
{
    struct fake_dom *d = dom(domid);
    int rc = enter(FAKE_SCHED_SET);

    (void)ctx;
    if (rc)
        return rc;
    if (!d)
        return -XEN_ESRCH;
    d->sched = *in;
    return 0;
}

static uint64_t f_uptime(void *ctx)
{
    (void)ctx;
    return fake.now_ns;
}

/* Time passes only here: a wait without an event lasts its timeout. */
static int f_wait(void *ctx, uint64_t timeout_ns)
{
    int rc = enter(FAKE_WAIT);

    (void)ctx;
    if (rc)
        return rc;
    if (fake.exceptions) {
        fake.exceptions = 0;
        return 1;
    }
    fake.now_ns += timeout_ns;
    return 0;
}

const struct xl_backend fake_backend = {
    .list = f_list,
    .create = f_create,
    .destroy = f_destroy,
    .pause = f_pause,
    .unpause = f_unpause,
    .shutdown = f_shutdown,
    .vcpu_info = f_vcpu_info,
    .physinfo = f_physinfo,
    .version = f_version,
    .read_hv_log = f_read_hv_log,
    .read_console = f_read_console,
    .write_console = f_write_console,
    .sched_credit_get = f_sched_get,
    .sched_credit_set = f_sched_set,
    .uptime_ns = f_uptime,
    .wait_exception = f_wait,
};

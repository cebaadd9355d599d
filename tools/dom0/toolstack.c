/*
 * The toolstack's registry and the domain start: names and configs of
 * the domains xl created, the lookup of a domain by ID or name, and
 * the build of a domain from a finished config (the policy that reacts
 * to stopped domains is in toolstack_policy.c).
 */
#include "toolstack.h"

#include "cpio.h"
#include "xl.h"

#include <lib/string.h>
#include <public/errno.h>

#define DECIMAL 10
/* xorshift64*: any odd constant works; this is the usual one. */
#define UUID_MULTIPLIER 0x2545f4914f6cdd1dull
#define UUID_SEED 0x9e3779b97f4a7c15ull
#define UUID_VERSION_BYTE 6
#define UUID_VARIANT_BYTE 8

void toolstack_init(struct toolstack *ts, const struct xl_backend *be,
                    const void *ramdisk, size_t ramdisk_size)
{
    memset(ts, 0, sizeof(*ts));
    ts->be = be;
    ts->ramdisk = ramdisk;
    ts->ramdisk_size = ramdisk_size;
    ts->uuid_state = UUID_SEED;
}

struct toolstack_domain *toolstack_by_domid(struct toolstack *ts, domid_t domid)
{
    for (size_t i = 0; i < TOOLSTACK_DOMAINS_MAX; i++)
        if (ts->doms[i].used && ts->doms[i].domid == domid)
            return &ts->doms[i];
    return NULL;
}

struct toolstack_domain *toolstack_by_name(struct toolstack *ts,
                                           const char *name)
{
    for (size_t i = 0; i < TOOLSTACK_DOMAINS_MAX; i++)
        if (ts->doms[i].used && strcmp(ts->doms[i].cfg.name, name) == 0)
            return &ts->doms[i];
    return NULL;
}

const char *toolstack_name(struct toolstack *ts, domid_t domid)
{
    struct toolstack_domain *d = toolstack_by_domid(ts, domid);

    if (domid == 0)
        return TOOLSTACK_DOM0_NAME;
    return d ? d->cfg.name : NULL;
}

int toolstack_dominfo(struct toolstack *ts, domid_t domid,
                      struct xl_dominfo *info)
{
    int n = ts->be->list(ts->be->ctx, domid, info, 1);

    if (n < 0)
        return n;
    return n == 1 && info->domid == domid ? 0 : -XEN_ESRCH;
}

/* A domain ID as xl reads one: decimal digits only, below the IDs Xen
 * reserves. */
static bool parse_domid(const char *arg, domid_t *domid)
{
    uint32_t value = 0;

    if (!*arg)
        return false;
    for (; *arg; arg++) {
        if (*arg < '0' || *arg > '9')
            return false;
        value = value * DECIMAL + (uint32_t)(*arg - '0');
        if (value >= DOMID_FIRST_RESERVED)
            return false;
    }
    *domid = (domid_t)value;
    return true;
}

bool toolstack_lookup(struct toolstack *ts, struct shell *sh, const char *arg,
                      struct xl_dominfo *info)
{
    struct toolstack_domain *d = toolstack_by_name(ts, arg);
    domid_t domid = 0;
    int rc;

    if (d)
        domid = d->domid;
    else if (strcmp(arg, TOOLSTACK_DOM0_NAME) != 0 && !parse_domid(arg, &domid))
        return xl_complain(sh, "domain '%s' does not exist", arg);
    rc = toolstack_dominfo(ts, domid, info);
    if (rc == -XEN_ESRCH && d)
        d->used = false; /* destroyed behind xl's back: forget the name */
    if (rc == -XEN_ESRCH)
        return xl_complain(sh, "domain '%s' does not exist", arg);
    if (rc < 0)
        return xl_complain(sh, "cannot look up domain '%s': %s (error %d)", arg,
                           xl_strerror(rc), rc);
    return true;
}

/* A random (version 4) UUID for a config without one. Unique is what
 * matters here; the generator is seeded from the clock. */
static void make_uuid(struct toolstack *ts, xen_domain_handle_t uuid)
{
    ts->uuid_state ^= ts->be->uptime_ns(ts->be->ctx);
    if (!ts->uuid_state)
        ts->uuid_state = UUID_SEED; /* xorshift never leaves 0 */
    for (size_t i = 0; i < sizeof(xen_domain_handle_t); i++) {
        uint64_t x = ts->uuid_state;

        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        ts->uuid_state = x;
        uuid[i] = (uint8_t)((x * UUID_MULTIPLIER) >> 56);
    }
    uuid[UUID_VERSION_BYTE] =
        (uint8_t)((uuid[UUID_VERSION_BYTE] & 0x0f) | 0x40);
    uuid[UUID_VARIANT_BYTE] =
        (uint8_t)((uuid[UUID_VARIANT_BYTE] & 0x3f) | 0x80);
}

static struct toolstack_domain *free_slot(struct toolstack *ts)
{
    for (size_t i = 0; i < TOOLSTACK_DOMAINS_MAX; i++)
        if (!ts->doms[i].used)
            return &ts->doms[i];
    return NULL;
}

/* The checks that need no hypercall: a new name, room, a kernel. */
static bool start_checks(struct toolstack *ts, struct shell *sh,
                         const struct xlcfg *cfg, struct cpio_entry *kernel)
{
    enum cpio_status status;

    if (toolstack_by_name(ts, cfg->name) ||
        strcmp(cfg->name, TOOLSTACK_DOM0_NAME) == 0)
        return xl_complain(sh, "domain '%s' already exists", cfg->name);
    if (!free_slot(ts))
        return xl_complain(sh, "too many domains (at most %u)",
                           TOOLSTACK_DOMAINS_MAX);
    status = ts->ramdisk ? cpio_find(ts->ramdisk, ts->ramdisk_size, cfg->kernel,
                                     kernel, NULL)
                         : CPIO_NOT_FOUND;
    if (status == CPIO_NOT_FOUND ||
        (status == CPIO_OK && !cpio_is_regular(kernel)))
        return xl_complain(sh, "kernel '%s': no such file in the ramdisk",
                           cfg->kernel);
    if (status != CPIO_OK)
        return xl_complain(sh, "kernel '%s': bad ramdisk: %s", cfg->kernel,
                           cpio_strerror(status));
    return true;
}

/* Refuses a domain that cannot fit, before anything is built. A
 * machine that cannot say what is free leaves it to create. */
static bool memory_fits(struct toolstack *ts, struct shell *sh,
                        const struct xlcfg *cfg)
{
    struct xl_physinfo phys;
    uint64_t free_kib;

    if (ts->be->physinfo(ts->be->ctx, &phys) < 0)
        return true;
    free_kib = phys.free_pages * XL_KIB_PER_PAGE;
    if (cfg->memory_mib * XL_KIB_PER_MIB <= free_kib)
        return true;
    return xl_complain(sh,
                       "not enough free memory for '%s': %llu MiB asked, "
                       "%llu MiB free",
                       cfg->name, (unsigned long long)cfg->memory_mib,
                       (unsigned long long)(free_kib / XL_KIB_PER_MIB));
}

static void fill_spec(struct xl_domain_spec *spec, const struct xlcfg *cfg,
                      const struct cpio_entry *kernel)
{
    memcpy(spec->handle, cfg->uuid, sizeof(spec->handle));
    spec->name = cfg->name;
    spec->memory_kib = cfg->memory_mib * XL_KIB_PER_MIB;
    spec->maxmem_kib = cfg->maxmem_mib * XL_KIB_PER_MIB;
    spec->vcpus = cfg->vcpus;
    spec->max_vcpus = cfg->maxvcpus;
    spec->cmdline = cfg->cmdline;
    spec->image = kernel->data;
    spec->image_size = kernel->size;
}

/* After create: the scheduler parameters, then run it unless paused.
 * On failure the half-started domain is destroyed. */
static int start_finish(struct toolstack *ts, struct shell *sh,
                        const struct xlcfg *cfg, bool paused, domid_t domid)
{
    const struct xl_backend *be = ts->be;
    struct xl_sched_credit sched = {cfg->cpu_weight, cfg->cap};
    int rc = 0;
    const char *what = "";

    if (cfg->has_sched) {
        rc = be->sched_credit_set(be->ctx, domid, &sched);
        what = "set the scheduler parameters of";
    }
    if (rc == 0 && !paused) {
        rc = be->unpause(be->ctx, domid);
        what = "unpause";
    }
    if (rc == 0)
        return 0;
    xl_fail_call(sh, what, cfg->name, rc);
    be->destroy(be->ctx, domid);
    return -1;
}

int toolstack_start(struct toolstack *ts, struct shell *sh,
                    const struct xlcfg *cfg, bool paused, domid_t *domid)
{
    return toolstack_start_prepared(ts, sh, cfg, paused, NULL, domid);
}

int toolstack_start_prepared(struct toolstack *ts, struct shell *sh,
                             const struct xlcfg *cfg, bool paused,
                             const struct toolstack_prepare *prep,
                             domid_t *domid)
{
    const struct xl_backend *be = ts->be;
    struct xl_domain_spec spec = {0};
    struct cpio_entry kernel;
    struct toolstack_domain *slot;
    char reason[XL_REASON_MAX] = "";
    int rc;

    if (!start_checks(ts, sh, cfg, &kernel) || !memory_fits(ts, sh, cfg))
        return -1;
    slot = free_slot(ts);
    slot->cfg = *cfg;
    if (!slot->cfg.has_uuid)
        make_uuid(ts, slot->cfg.uuid);
    fill_spec(&spec, &slot->cfg, &kernel);
    if (prep) {
        spec.domid = prep->domid;
        spec.prepare = prep->fn;
        spec.prepare_ctx = prep->ctx;
    }
    rc = be->create(be->ctx, &spec, domid, reason);
    if (rc < 0) {
        reason[XL_REASON_MAX - 1] = '\0';
        xl_error(sh, "cannot create '%s': %s (error %d)", cfg->name,
                 reason[0] ? reason : xl_strerror(rc), rc);
        return -1;
    }
    if (start_finish(ts, sh, &slot->cfg, paused, *domid) < 0)
        return -1;
    slot->used = true;
    slot->preserved = false;
    slot->domid = *domid;
    slot->start_ns = be->uptime_ns(be->ctx);
    return 0;
}

int toolstack_destroy(struct toolstack *ts, struct shell *sh, domid_t domid)
{
    struct toolstack_domain *d = toolstack_by_domid(ts, domid);
    int rc = ts->be->destroy(ts->be->ctx, domid);

    /* Gone either way: forget it, so that its name is free again. */
    if (d && (rc == 0 || rc == -XEN_ESRCH))
        d->used = false;
    if (rc == 0)
        return 0;
    xl_error(sh, "cannot destroy domain %u: %s (error %d)", domid,
             xl_strerror(rc), rc);
    return -1;
}

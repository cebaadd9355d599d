/*
 * xl's backend over the hypercall wrappers and the builder
 * (xc_backend.h). Each hook converts between xl's structures and Xen's
 * and passes the hypervisor's errno through. A domain's console output
 * comes from Parasol's own call, which Xen answers with -XEN_ENOSYS;
 * console input has no call on either and answers -XEN_ENOSYS, as
 * xl_backend.h asks.
 */
#include "xc_backend.h"

#include "toolstack.h"
#include "xc.h"
#include "xs_service.h"

#include <lib/macros.h>
#include <parasol/events.h>
#include <parasol/format.h>
#include <parasol/hypercall.h>
#include <parasol/string.h>
#include <parasol/time.h>

_Static_assert(XL_REASON_MAX <= BUILD_REASON_MAX,
               "a build reason must fit xl's");
_Static_assert(XL_PAGE_SIZE == PAGE_SIZE, "xl counts pages of PAGE_SIZE");

/* getdomaininfolist entries fetched per call. */
#define LIST_BATCH 8
/* How often wait_exception looks at the clock while it waits. */
#define EXC_POLL_NS 10000000ULL

/* ---- The store rings of the domains built here ------------------------- */

struct store_slot {
    bool used;
    domid_t domid;
    struct build_store store;
};

static struct store_slot stores[TOOLSTACK_DOMAINS_MAX];

static struct store_slot *store_find(domid_t domid)
{
    for (unsigned i = 0; i < ARRAY_SIZE(stores); i++) {
        if (stores[i].used && stores[i].domid == domid)
            return &stores[i];
    }
    return NULL;
}

/* A domain that finds no free slot is refused before it is built. */
static struct store_slot *store_free_slot(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(stores); i++) {
        if (!stores[i].used)
            return &stores[i];
    }
    return NULL;
}

bool xc_backend_store(domid_t domid, struct build_store *out)
{
    const struct store_slot *slot = store_find(domid);

    if (slot)
        *out = slot->store;
    return slot != NULL;
}

/* ---- The hooks ---------------------------------------------------------- */

static void dominfo_from_xen(const struct xen_domctl_getdomaininfo *x,
                             struct xl_dominfo *out)
{
    memset(out, 0, sizeof(*out));
    out->domid = x->domain;
    out->dying = x->flags & XEN_DOMINF_dying;
    out->shutdown = x->flags & XEN_DOMINF_shutdown;
    out->paused = x->flags & XEN_DOMINF_paused;
    out->blocked = x->flags & XEN_DOMINF_blocked;
    out->running = x->flags & XEN_DOMINF_running;
    out->shutdown_reason =
        (x->flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
    out->tot_pages = x->tot_pages;
    out->outstanding_pages = x->outstanding_pages;
    out->max_pages = x->max_pages;
    out->cpu_time_ns = x->cpu_time;
    out->online_vcpus = x->nr_online_vcpus;
    out->max_vcpu_id = x->max_vcpu_id;
    memcpy(out->handle, x->handle, sizeof(out->handle));
}

static int be_list(void *ctx, domid_t first, struct xl_dominfo *out,
                   unsigned max)
{
    struct xen_domctl_getdomaininfo batch[LIST_BATCH];
    unsigned done = 0;
    int got;

    (void)ctx;
    while (done < max) {
        got = xc_domain_getinfolist(first, MIN(max - done, LIST_BATCH), batch);
        if (got < 0)
            return got;
        for (int i = 0; i < got; i++)
            dominfo_from_xen(&batch[i], &out[done++]);
        if (got < LIST_BATCH || max == done)
            break;
        first = batch[got - 1].domain + 1;
    }
    return (int)done;
}

/* The toolstack's part of a new domain's store: its keys, as xl writes
 * them, and the service of its ring. */
static int serve_store(const struct xl_domain_spec *spec, domid_t domid,
                       const struct build_store *store)
{
    struct xs_domain_keys k = {
        .domid = domid,
        .name = spec->name,
        .target_kib = spec->memory_kib,
        .store_port = store->port,
        .store_mfn = store->mfn,
    };

    return xs_service_introduce(&k);
}

static int be_create(void *ctx, const struct xl_domain_spec *spec,
                     domid_t *domid, char *reason)
{
    char why[BUILD_REASON_MAX];
    struct store_slot *slot = store_free_slot();
    struct build_store store;
    struct build_params p = {
        .memory_kib = spec->memory_kib,
        .maxmem_kib = spec->maxmem_kib,
        .max_vcpus = spec->max_vcpus,
        .cmdline = spec->cmdline,
        .domid = spec->domid,
        .prepare = spec->prepare,
        .prepare_ctx = spec->prepare_ctx,
        .store = &store,
    };
    int rc;

    (void)ctx;
    if (!slot) {
        strlcpy(reason, "no room to keep another store ring", XL_REASON_MAX);
        return -XEN_ENOSPC;
    }
    memcpy(p.handle, spec->handle, sizeof(p.handle));
    /* The builder starts vCPU 0; a PV kernel brings up the others. */
    rc = builder_build(spec->image, spec->image_size, &p, domid, why);
    if (rc) {
        strlcpy(reason, why, XL_REASON_MAX);
        return rc;
    }
    rc = serve_store(spec, *domid, &store);
    if (rc) {
        snprintf(reason, XL_REASON_MAX, "cannot serve its store (error %d)",
                 rc);
        xc_domain_destroy(*domid);
        return rc;
    }
    *slot = (struct store_slot){.used = true, .domid = *domid, .store = store};
    return 0;
}

static int be_destroy(void *ctx, domid_t domid)
{
    struct store_slot *slot = store_find(domid);
    int rc;

    (void)ctx;
    /* Its store page is unmapped before the domain can go. */
    xs_service_release(domid);
    rc = xc_domain_destroy(domid);
    /* A domain that is gone has no ring; one that stays keeps it. */
    if (slot && (rc == 0 || rc == -XEN_ESRCH))
        slot->used = false;
    return rc;
}

static int be_pause(void *ctx, domid_t domid)
{
    (void)ctx;
    return xc_domain_pause(domid);
}

static int be_unpause(void *ctx, domid_t domid)
{
    (void)ctx;
    return xc_domain_unpause(domid);
}

static int be_shutdown(void *ctx, domid_t domid, unsigned reason)
{
    (void)ctx;
    return xc_domain_remote_shutdown(domid, reason);
}

static int be_vcpu_info(void *ctx, domid_t domid, unsigned vcpu,
                        struct xl_vcpuinfo *out)
{
    struct xen_domctl_getvcpuinfo info;
    int rc = xc_vcpu_getinfo(domid, vcpu, &info);

    (void)ctx;
    if (rc)
        return rc;
    out->online = info.online;
    out->blocked = info.blocked;
    out->running = info.running;
    out->cpu_time_ns = info.cpu_time;
    out->cpu = info.cpu;
    return 0;
}

static int be_physinfo(void *ctx, struct xl_physinfo *out)
{
    struct xen_sysctl_physinfo info;
    int rc = xc_physinfo(&info);

    (void)ctx;
    if (rc)
        return rc;
    out->nr_cpus = info.nr_cpus;
    out->threads_per_core = info.threads_per_core;
    out->cores_per_socket = info.cores_per_socket;
    out->nr_nodes = info.nr_nodes;
    out->cpu_khz = info.cpu_khz;
    out->total_pages = info.total_pages;
    out->free_pages = info.free_pages;
    return 0;
}

/* One xen_version string, cut to fit xl's field. */
static int version_string(int cmd, char *dst, size_t size)
{
    static xen_commandline_t text; /* the largest answer, 1 KiB */
    int rc;

    memset(text, 0, sizeof(text));
    rc = HYPERVISOR_xen_version(cmd, text);
    if (rc < 0)
        return rc;
    text[sizeof(text) - 1] = '\0';
    strlcpy(dst, text, size);
    return 0;
}

static int be_version(void *ctx, struct xl_version *out)
{
    int version = HYPERVISOR_xen_version(XENVER_version, NULL), rc;

    (void)ctx;
    if (version < 0)
        return version;
    out->major = (unsigned)version >> 16;
    out->minor = (unsigned)version & 0xffff;
    rc = version_string(XENVER_extraversion, out->extra, sizeof(out->extra));
    if (!rc)
        rc = version_string(XENVER_capabilities, out->caps, sizeof(out->caps));
    if (!rc)
        rc = version_string(XENVER_changeset, out->changeset,
                            sizeof(out->changeset));
    if (!rc)
        rc = version_string(XENVER_commandline, out->cmdline,
                            sizeof(out->cmdline));
    return rc;
}

static int be_read_hv_log(void *ctx, uint64_t *index, char *buf, size_t size)
{
    uint32_t at = (uint32_t)*index;
    int rc = xc_readconsole(&at, buf, (uint32_t)MIN(size, (size_t)UINT32_MAX));

    (void)ctx;
    if (rc >= 0)
        *index = at;
    return rc;
}

/* Parasol keeps each domain's output; on Xen this is -XEN_ENOSYS. */
static int be_read_console(void *ctx, domid_t domid, uint64_t *index, char *buf,
                           size_t size)
{
    uint32_t at = (uint32_t)*index;
    int rc = xc_console_read(domid, &at, buf,
                             (uint32_t)MIN(size, (size_t)UINT32_MAX));

    (void)ctx;
    if (rc >= 0)
        *index = at;
    return rc;
}

static int be_write_console(void *ctx, domid_t domid, const char *buf,
                            size_t len)
{
    (void)ctx, (void)domid, (void)buf, (void)len;
    return -XEN_ENOSYS;
}

static int be_sched_credit_get(void *ctx, domid_t domid,
                               struct xl_sched_credit *out)
{
    struct xen_domctl_sched_credit c;
    int rc = xc_sched_credit_get(domid, &c);

    (void)ctx;
    if (rc == 0) {
        out->weight = c.weight;
        out->cap = c.cap;
    }
    return rc;
}

static int be_sched_credit_set(void *ctx, domid_t domid,
                               const struct xl_sched_credit *in)
{
    struct xen_domctl_sched_credit c = {.weight = (uint16_t)in->weight,
                                        .cap = (uint16_t)in->cap};

    (void)ctx;
    if (in->weight > UINT16_MAX || in->cap > UINT16_MAX)
        return -XEN_EINVAL;
    return xc_sched_credit_set(domid, &c);
}

static uint64_t be_uptime_ns(void *ctx)
{
    (void)ctx;
    return time_now_ns();
}

/* ---- VIRQ_DOM_EXC ------------------------------------------------------- */

/* Set by the event, cleared by the waiter that sees it. */
static volatile bool exc_seen;
static evtchn_port_t exc_port; /* 0 until bound */

static void exc_event(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;
    exc_seen = true;
}

static int exc_bind(void)
{
    int port, rc;

    if (exc_port)
        return 0;
    port = evtchn_bind_virq(VIRQ_DOM_EXC, 0);
    if (port < 0)
        return port;
    rc = evtchn_register((evtchn_port_t)port, exc_event, NULL);
    if (rc == 0)
        rc = evtchn_unmask((evtchn_port_t)port);
    if (rc < 0) {
        evtchn_close((evtchn_port_t)port);
        return rc;
    }
    exc_port = (evtchn_port_t)port;
    return 0;
}

bool xc_backend_exception_pending(void)
{
    return exc_seen;
}

/* Sleeps in short steps, so an exception is seen within EXC_POLL_NS. The
 * port was bound by xc_backend(): an exception before the first wait
 * counts too. */
static int be_wait_exception(void *ctx, uint64_t timeout_ns)
{
    uint64_t start = time_now_ns(), waited = 0;
    int rc = exc_bind();

    (void)ctx;
    if (rc)
        return rc;
    while (!exc_seen && waited < timeout_ns) {
        rc = sleep_ns(MIN(timeout_ns - waited, EXC_POLL_NS));
        if (rc < 0)
            return rc;
        waited = time_now_ns() - start;
    }
    if (!exc_seen)
        return 0;
    exc_seen = false;
    return 1;
}

static int be_alloc_unbound(void *ctx, domid_t dom, domid_t remote)
{
    evtchn_port_t port;
    int rc = xc_evtchn_alloc_unbound(dom, remote, &port);

    (void)ctx;
    return rc < 0 ? rc : (int)port;
}

static const struct xl_backend backend = {
    .list = be_list,
    .create = be_create,
    .destroy = be_destroy,
    .pause = be_pause,
    .unpause = be_unpause,
    .shutdown = be_shutdown,
    .vcpu_info = be_vcpu_info,
    .physinfo = be_physinfo,
    .version = be_version,
    .read_hv_log = be_read_hv_log,
    .read_console = be_read_console,
    .write_console = be_write_console,
    .sched_credit_get = be_sched_credit_get,
    .sched_credit_set = be_sched_credit_set,
    .uptime_ns = be_uptime_ns,
    .wait_exception = be_wait_exception,
    .alloc_unbound = be_alloc_unbound,
    .ctx = NULL,
};

const struct xl_backend *xc_backend(void)
{
    /* A failure shows again, as wait_exception's answer. */
    exc_bind();
    return &backend;
}

/*
 * dom0's privileged hypercalls (xc.h). Each wrapper fills one domctl,
 * sysctl or other request, calls, and hands back the hypervisor's
 * answer; none retries or interprets an error. The foreign windows map
 * another domain's frames into dom0 with guest-lib's page-table helpers.
 */
#include "xc.h"

#include <parasol/hypercall.h>
#include <parasol/memory.h>
#include <parasol/string.h>

/* ---- The calls ---------------------------------------------------------- */

static int do_domctl(struct xen_domctl *op, uint32_t cmd, domid_t domid)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = domid;
    return HYPERVISOR_domctl(op);
}

static int do_sysctl(struct xen_sysctl *op, uint32_t cmd)
{
    op->cmd = cmd;
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return HYPERVISOR_sysctl(op);
}

/* A command whose only argument is the domain. */
static int domctl_simple(uint32_t cmd, domid_t domid)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    return do_domctl(&op, cmd, domid);
}

/* ---- Domains ------------------------------------------------------------ */

int xc_domain_create(const struct xc_create_args *a, domid_t *domid)
{
    struct xen_domctl op;
    struct xen_domctl_createdomain *c = &op.u.createdomain;
    int rc;

    memset(&op, 0, sizeof(op));
    memcpy(c->handle, a->handle, sizeof(c->handle));
    c->flags = a->flags;
    c->max_vcpus = a->max_vcpus;
    c->max_evtchn_port = a->max_evtchn_port;
    c->max_grant_frames = a->max_grant_frames;
    c->max_maptrack_frames = a->max_maptrack_frames;
    c->grant_opts = XEN_DOMCTL_GRANT_version(a->max_grant_version);
    rc = do_domctl(&op, XEN_DOMCTL_createdomain, *domid);
    if (rc == 0)
        *domid = op.domain;
    return rc;
}

int xc_domain_destroy(domid_t domid)
{
    return domctl_simple(XEN_DOMCTL_destroydomain, domid);
}

int xc_domain_pause(domid_t domid)
{
    return domctl_simple(XEN_DOMCTL_pausedomain, domid);
}

int xc_domain_unpause(domid_t domid)
{
    return domctl_simple(XEN_DOMCTL_unpausedomain, domid);
}

int xc_domain_getinfo(domid_t domid, struct xen_domctl_getdomaininfo *info)
{
    struct xen_domctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    rc = do_domctl(&op, XEN_DOMCTL_getdomaininfo, domid);
    if (rc < 0)
        return rc;
    if (op.u.getdomaininfo.domain != domid)
        return -XEN_ESRCH;
    *info = op.u.getdomaininfo;
    return 0;
}

int xc_domain_getinfolist(domid_t first, unsigned max,
                          struct xen_domctl_getdomaininfo *info)
{
    struct xen_sysctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    op.u.getdomaininfolist.first_domain = first;
    op.u.getdomaininfolist.max_domains = max;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, info);
    rc = do_sysctl(&op, XEN_SYSCTL_getdomaininfolist);
    return rc < 0 ? rc : (int)op.u.getdomaininfolist.num_domains;
}

int xc_domain_max_mem(domid_t domid, uint64_t max_kib)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.u.max_mem.max_memkb = max_kib;
    return do_domctl(&op, XEN_DOMCTL_max_mem, domid);
}

int xc_domain_max_vcpus(domid_t domid, unsigned max)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.u.max_vcpus.max = max;
    return do_domctl(&op, XEN_DOMCTL_max_vcpus, domid);
}

int xc_domain_setdomainhandle(domid_t domid, const xen_domain_handle_t handle)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    memcpy(op.u.setdomainhandle.handle, handle, sizeof(xen_domain_handle_t));
    return do_domctl(&op, XEN_DOMCTL_setdomainhandle, domid);
}

int xc_domain_hypercall_init(domid_t domid, xen_pfn_t gmfn)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.u.hypercall_init.gmfn = gmfn;
    return do_domctl(&op, XEN_DOMCTL_hypercall_init, domid);
}

int xc_domain_remote_shutdown(domid_t domid, unsigned reason)
{
    struct sched_remote_shutdown arg = {.domain_id = domid, .reason = reason};

    return HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &arg);
}

int xc_vcpu_setcontext(domid_t domid, unsigned vcpu, vcpu_guest_context_t *ctx)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.u.vcpucontext.vcpu = vcpu;
    set_xen_guest_handle(op.u.vcpucontext.ctxt, ctx);
    return do_domctl(&op, XEN_DOMCTL_setvcpucontext, domid);
}

int xc_vcpu_getinfo(domid_t domid, unsigned vcpu,
                    struct xen_domctl_getvcpuinfo *info)
{
    struct xen_domctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    op.u.getvcpuinfo.vcpu = vcpu;
    rc = do_domctl(&op, XEN_DOMCTL_getvcpuinfo, domid);
    if (rc == 0)
        *info = op.u.getvcpuinfo;
    return rc;
}

int xc_sched_id(uint32_t *sched_id)
{
    struct xen_sysctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    rc = do_sysctl(&op, XEN_SYSCTL_sched_id);
    if (rc == 0)
        *sched_id = op.u.sched_id.sched_id;
    return rc;
}

/* The credit and credit2 parameters share one layout: weight, cap. */
_Static_assert(sizeof(struct xen_domctl_sched_credit) ==
                   sizeof(struct xen_domctl_sched_credit2),
               "credit and credit2 parameters differ");

static int sched_credit_op(domid_t domid, uint32_t cmd,
                           struct xen_domctl_sched_credit *credit)
{
    struct xen_domctl op;
    uint32_t sched_id;
    int rc = xc_sched_id(&sched_id);

    if (rc)
        return rc;
    if (sched_id != XEN_SCHEDULER_CREDIT && sched_id != XEN_SCHEDULER_CREDIT2)
        return -XEN_ENOSYS;
    memset(&op, 0, sizeof(op));
    op.u.scheduler_op.sched_id = sched_id;
    op.u.scheduler_op.cmd = cmd;
    op.u.scheduler_op.u.credit = *credit;
    rc = do_domctl(&op, XEN_DOMCTL_scheduler_op, domid);
    if (rc == 0)
        *credit = op.u.scheduler_op.u.credit;
    return rc;
}

int xc_sched_credit_get(domid_t domid, struct xen_domctl_sched_credit *out)
{
    memset(out, 0, sizeof(*out));
    return sched_credit_op(domid, XEN_DOMCTL_SCHEDOP_getinfo, out);
}

int xc_sched_credit_set(domid_t domid, const struct xen_domctl_sched_credit *in)
{
    struct xen_domctl_sched_credit credit = *in;

    return sched_credit_op(domid, XEN_DOMCTL_SCHEDOP_putinfo, &credit);
}

/* ---- The machine -------------------------------------------------------- */

int xc_physinfo(struct xen_sysctl_physinfo *info)
{
    struct xen_sysctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    rc = do_sysctl(&op, XEN_SYSCTL_physinfo);
    if (rc == 0)
        *info = op.u.physinfo;
    return rc;
}

int xc_readconsole(uint32_t *index, char *buf, uint32_t size)
{
    struct xen_sysctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    op.u.readconsole.incremental = 1;
    op.u.readconsole.index = *index;
    op.u.readconsole.count = size;
    set_xen_guest_handle(op.u.readconsole.buffer, buf);
    rc = do_sysctl(&op, XEN_SYSCTL_readconsole);
    if (rc < 0)
        return rc;
    *index = op.u.readconsole.index;
    return (int)op.u.readconsole.count;
}

int xc_console_read(domid_t domid, uint32_t *index, char *buf, uint32_t size)
{
    struct parasol_console_read op = {
        .incremental = 1,
        .domid = domid,
        .index = *index,
        .count = size,
    };
    int rc;

    set_xen_guest_handle(op.buffer, buf);
    rc = HYPERVISOR_parasol_op(PARASOLOP_console_read, &op);
    if (rc < 0)
        return rc;
    *index = op.index;
    return (int)op.count;
}

/* ---- Memory of another domain ------------------------------------------- */

long xc_populate_physmap(domid_t domid, xen_pfn_t *frames, unsigned long nr)
{
    struct xen_memory_reservation r = {
        .nr_extents = nr,
        .extent_order = 0,
        .mem_flags = 0,
        .domid = domid,
    };

    set_xen_guest_handle(r.extent_start, frames);
    return HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
}

static unsigned long window_va(unsigned window)
{
    return XC_WINDOW_VA + (unsigned long)window * PAGE_SIZE;
}

/* Where the L1 entry of window i is, its page tables made if need be. */
static int window_entry(unsigned i, struct pt_walk *w)
{
    return mm_walk_create(window_va(i), w);
}

int xc_unmap_foreign(void)
{
    mmu_update_t req[XC_NR_WINDOWS];
    mmuext_op_t flush[XC_NR_WINDOWS];
    struct pt_walk w;
    unsigned n = 0;
    int rc;

    for (unsigned i = 0; i < XC_NR_WINDOWS; i++) {
        if (mm_walk(window_va(i), &w) != 0 || !(w.pte & PTE_PRESENT))
            continue;
        req[n].ptr = w.pte_maddr | MMU_NORMAL_PT_UPDATE;
        req[n].val = 0;
        flush[n].cmd = MMUEXT_INVLPG_LOCAL;
        flush[n].arg1.linear_addr = window_va(i);
        n++;
    }
    if (n == 0)
        return 0;
    rc = HYPERVISOR_mmu_update(req, n, NULL, DOMID_SELF);
    if (rc == 0)
        rc = HYPERVISOR_mmuext_op(flush, n, NULL, DOMID_SELF);
    return rc;
}

int xc_map_foreign(domid_t domid, const xen_pfn_t *mfns, unsigned n,
                   void **pages)
{
    mmu_update_t req[XC_NR_WINDOWS];
    struct pt_walk w;
    int rc;

    if (n == 0 || n > XC_NR_WINDOWS)
        return -XEN_EINVAL;
    rc = xc_unmap_foreign();
    for (unsigned i = 0; rc == 0 && i < n; i++) {
        rc = window_entry(i, &w);
        req[i].ptr = w.pte_maddr | MMU_NORMAL_PT_UPDATE;
        req[i].val = pte_make(mfns[i], PTE_FLAGS_DATA);
    }
    if (rc < 0)
        return rc;
    /* The entries are not present now: no stale translation to flush. */
    rc = HYPERVISOR_mmu_update(req, n, NULL, domid);
    if (rc < 0) {
        xc_unmap_foreign(); /* the requests before the bad one took */
        return rc;
    }
    for (unsigned i = 0; i < n; i++)
        pages[i] = (void *)window_va(i);
    return 0;
}

/* Pages mapped at XC_SCRATCH_VA now; 0 when the buffer is free. */
static size_t scratch_pages;

static unsigned long scratch_va(size_t i)
{
    return XC_SCRATCH_VA + i * PAGE_SIZE;
}

void xc_scratch_free(void)
{
    while (scratch_pages) {
        unsigned long va = scratch_va(--scratch_pages);
        xen_pfn_t mfn = pte_mfn(mm_lookup(va));

        mm_unmap_page(va);
        page_free(mfn_to_virt(mfn));
    }
}

int xc_scratch_alloc(size_t bytes, void **buf)
{
    size_t pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
    void *page;
    int rc;

    if (scratch_pages)
        return -XEN_EBUSY;
    if (pages > XC_SCRATCH_PAGES)
        return -XEN_E2BIG;
    while (scratch_pages < pages) {
        page = page_alloc();
        if (!page) {
            xc_scratch_free();
            return -XEN_ENOMEM;
        }
        rc = mm_map_page(scratch_va(scratch_pages), virt_to_mfn(page),
                         PTE_FLAGS_DATA);
        if (rc < 0) {
            page_free(page);
            xc_scratch_free();
            return rc;
        }
        scratch_pages++;
    }
    *buf = (void *)XC_SCRATCH_VA;
    return 0;
}

static int mmuext_foreign(domid_t domid, unsigned cmd, xen_pfn_t mfn)
{
    mmuext_op_t op = {.cmd = cmd, .arg1.mfn = mfn};

    return HYPERVISOR_mmuext_op(&op, 1, NULL, domid);
}

int xc_pin_table(domid_t domid, unsigned level, xen_pfn_t mfn)
{
    static const unsigned pin_cmd[PT_LEVELS + 1] = {
        [1] = MMUEXT_PIN_L1_TABLE,
        [2] = MMUEXT_PIN_L2_TABLE,
        [3] = MMUEXT_PIN_L3_TABLE,
        [4] = MMUEXT_PIN_L4_TABLE,
    };

    if (level < 1 || level > PT_LEVELS)
        return -XEN_EINVAL;
    return mmuext_foreign(domid, pin_cmd[level], mfn);
}

int xc_unpin_table(domid_t domid, xen_pfn_t mfn)
{
    return mmuext_foreign(domid, MMUEXT_UNPIN_TABLE, mfn);
}

/* ---- Event channels ----------------------------------------------------- */

int xc_evtchn_alloc_unbound(domid_t domid, domid_t remote, evtchn_port_t *port)
{
    evtchn_alloc_unbound_t arg = {.dom = domid, .remote_dom = remote};
    int rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &arg);

    if (rc == 0)
        *port = arg.port;
    return rc;
}

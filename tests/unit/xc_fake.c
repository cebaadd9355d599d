/*
 * The fake of dom0's hypercall wrappers (xc_fake.h). Only the calls the
 * builder makes exist here; each counts itself first, so that any one
 * of them can be made to fail.
 */
#include "xc_fake.h"

#include <stdlib.h>
#include <string.h>

#define FAKE_PAGE 4096

struct xc_fake xc_fake;

static uint8_t frames[FAKE_MAX_PAGES][FAKE_PAGE];
static uint8_t shared_info_frame[FAKE_PAGE];
static uint8_t scratch[XC_SCRATCH_PAGES * FAKE_PAGE];

void xc_fake_reset(void)
{
    memset(&xc_fake, 0, sizeof(xc_fake));
    xc_fake.free_pages = FAKE_MAX_PAGES * 16;
    memset(frames, 0xaa, sizeof(frames));
    memset(shared_info_frame, 0xff, sizeof(shared_info_frame));
}

uint8_t *xc_fake_frame(xen_pfn_t mfn)
{
    if (mfn == FAKE_SHARED_INFO_MFN)
        return shared_info_frame;
    if (mfn < FAKE_MFN_BASE || mfn - FAKE_MFN_BASE >= xc_fake.populated)
        return NULL;
    return frames[mfn - FAKE_MFN_BASE];
}

/* Counts the call; true when it is the one to fail. */
static bool failing(void)
{
    return ++xc_fake.calls == xc_fake.fail_at;
}

int xc_physinfo(struct xen_sysctl_physinfo *info)
{
    if (failing())
        return xc_fake.fail_rc;
    memset(info, 0, sizeof(*info));
    info->free_pages = xc_fake.free_pages;
    return 0;
}

int xc_scratch_alloc(size_t bytes, void **buf)
{
    if (failing())
        return xc_fake.fail_rc;
    if (xc_fake.scratch || bytes > sizeof(scratch))
        abort(); /* the builder must never ask twice or too much */
    memset(scratch, 0, bytes);
    xc_fake.scratch = true;
    *buf = scratch;
    return 0;
}

void xc_scratch_free(void)
{
    xc_fake.scratch = false;
}

int xc_domain_create(const struct xc_create_args *a, domid_t *domid)
{
    if (failing())
        return xc_fake.fail_rc;
    if (xc_fake.created || *domid != 0 || a->max_vcpus == 0)
        abort();
    xc_fake.created = true;
    *domid = FAKE_DOMID;
    return 0;
}

/* Every call on the domain must name the one that exists. */
static void check_domid(domid_t domid)
{
    if (!xc_fake.created || xc_fake.destroyed || domid != FAKE_DOMID)
        abort();
}

int xc_domain_destroy(domid_t domid)
{
    check_domid(domid);
    xc_fake.destroyed = true;
    return 0;
}

int xc_domain_max_vcpus(domid_t domid, unsigned max)
{
    if (failing())
        return xc_fake.fail_rc;
    check_domid(domid);
    xc_fake.max_vcpus = max;
    return 0;
}

int xc_evtchn_alloc_unbound(domid_t domid, domid_t remote, evtchn_port_t *port)
{
    if (failing())
        return xc_fake.fail_rc;
    check_domid(domid);
    if (xc_fake.store_port || remote != 0)
        abort(); /* one store port, offered to dom0 */
    xc_fake.store_port = FAKE_STORE_PORT;
    *port = FAKE_STORE_PORT;
    return 0;
}

int xc_domain_max_mem(domid_t domid, uint64_t max_kib)
{
    if (failing())
        return xc_fake.fail_rc;
    check_domid(domid);
    xc_fake.max_kib = max_kib;
    return 0;
}

/* Frames are given in pfn order, as the builder asks for them; a failing
 * call gives half of what it was asked. */
long xc_populate_physmap(domid_t domid, xen_pfn_t *pfns, unsigned long nr)
{
    unsigned long give = nr;

    check_domid(domid);
    if (failing())
        give = nr / 2;
    for (unsigned long i = 0; i < give; i++) {
        if (pfns[i] != xc_fake.populated || pfns[i] >= FAKE_MAX_PAGES)
            abort();
        pfns[i] = FAKE_MFN_BASE + xc_fake.populated++;
    }
    return (long)give;
}

int xc_domain_getinfo(domid_t domid, struct xen_domctl_getdomaininfo *info)
{
    if (failing())
        return xc_fake.fail_rc;
    check_domid(domid);
    memset(info, 0, sizeof(*info));
    info->domain = domid;
    info->shared_info_frame = FAKE_SHARED_INFO_MFN;
    return 0;
}

int xc_map_foreign(domid_t domid, const xen_pfn_t *mfns, unsigned n,
                   void **pages)
{
    if (failing())
        return xc_fake.fail_rc;
    check_domid(domid);
    if (n == 0 || n > XC_NR_WINDOWS)
        abort();
    for (unsigned i = 0; i < n; i++) {
        pages[i] = xc_fake_frame(mfns[i]);
        if (!pages[i])
            abort();
    }
    xc_fake.windows = n;
    return 0;
}

int xc_unmap_foreign(void)
{
    xc_fake.windows = 0;
    return 0;
}

int xc_domain_hypercall_init(domid_t domid, xen_pfn_t gmfn)
{
    if (failing())
        return xc_fake.fail_rc;
    check_domid(domid);
    xc_fake.hypercall_mfn = gmfn;
    return 0;
}

int xc_pin_table(domid_t domid, unsigned level, xen_pfn_t mfn)
{
    if (failing())
        return xc_fake.fail_rc;
    check_domid(domid);
    /* Xen refuses a pin while a writable mapping of a table remains. */
    if (level != 4 || xc_fake.windows)
        abort();
    xc_fake.pinned_l4 = mfn;
    return 0;
}

int xc_vcpu_setcontext(domid_t domid, unsigned vcpu, vcpu_guest_context_t *ctx)
{
    if (failing())
        return xc_fake.fail_rc;
    check_domid(domid);
    if (vcpu != 0)
        abort();
    xc_fake.context = *ctx;
    xc_fake.has_context = true;
    return 0;
}

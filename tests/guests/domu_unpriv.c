/*
 * domu_unpriv: a domU (not privileged) tries dom0's control calls, as
 * Xen 4.17 answers them (every check below holds there): domctl and
 * sysctl are -EPERM after their version and domain checks (a domain
 * that does not exist is -ESRCH first); the MMU calls and the remote
 * shutdown that name another domain are -EPERM, or -ESRCH when it does
 * not exist; a reservation for another domain, existing or not, does
 * nothing (0 extents done).
 *
 * dom0's test_build builds and runs it. Its verdict is its shutdown
 * reason: poweroff when every check passed, crash otherwise
 * (verdict_end()); on Xen 4.17 a domU's console output is dropped.
 */
#include "verdict.h"

#include <parasol/guest.h>
#include <public/domctl.h>
#include <public/sysctl.h>

#define DOM0 0
#define NO_SUCH_DOMAIN 999
#define OLD_VERSION 0x14

static long domctl_on(uint32_t cmd, domid_t domain, uint32_t version)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.interface_version = version;
    op.domain = domain;
    return hypercall5(__HYPERVISOR_domctl, (unsigned long)&op, 0, 0, 0, 0);
}

static long sysctl_of(uint32_t cmd, uint32_t version)
{
    struct xen_sysctl op;

    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.interface_version = version;
    return hypercall5(__HYPERVISOR_sysctl, (unsigned long)&op, 0, 0, 0, 0);
}

static void check_control(void)
{
    const uint32_t v = XEN_DOMCTL_INTERFACE_VERSION;

    check_rc(domctl_on(XEN_DOMCTL_pausedomain, DOM0, OLD_VERSION), -XEN_EACCES,
             "domctl of another version");
    check_rc(domctl_on(XEN_DOMCTL_pausedomain, NO_SUCH_DOMAIN, v), -XEN_ESRCH,
             "domctl on no domain");
    check_rc(domctl_on(XEN_DOMCTL_pausedomain, DOM0, v), -XEN_EPERM,
             "pausedomain of dom0");
    check_rc(domctl_on(XEN_DOMCTL_getdomaininfo, DOM0, v), -XEN_EPERM,
             "getdomaininfo");
    check_rc(domctl_on(XEN_DOMCTL_createdomain, 0, v), -XEN_EPERM,
             "createdomain");
    check_rc(sysctl_of(XEN_SYSCTL_physinfo, OLD_VERSION), -XEN_EACCES,
             "sysctl of another version");
    check_rc(sysctl_of(XEN_SYSCTL_physinfo, XEN_SYSCTL_INTERFACE_VERSION),
             -XEN_EPERM, "physinfo");
}

static long populate(domid_t id, xen_pfn_t *frame)
{
    struct xen_memory_reservation r = {.nr_extents = 1, .domid = id};

    set_xen_guest_handle(r.extent_start, frame);
    return HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
}

static void check_foreign(void)
{
    static uint64_t page[PAGE_SIZE / sizeof(uint64_t)]
        __attribute__((aligned(PAGE_SIZE)));
    xen_pfn_t frame = 0;
    struct pt_walk w;
    mmu_update_t req;
    struct mmuext_op pin = {.cmd = MMUEXT_PIN_L1_TABLE,
                            .arg1.mfn = virt_to_mfn(page)};
    struct sched_remote_shutdown rs = {.domain_id = DOM0,
                                       .reason = SHUTDOWN_poweroff};

    check_rc(populate(DOM0, &frame), 0,
             "populate_physmap for dom0: nothing done");
    check_rc(populate(NO_SUCH_DOMAIN, &frame), 0,
             "populate_physmap for no domain: nothing done");
    check_rc(mm_walk((unsigned long)page, &w), 0, "the page's L1 entry");
    req.ptr = w.pte_maddr;
    req.val = w.pte;
    check_rc(HYPERVISOR_mmu_update(&req, 1, NULL, DOM0), -XEN_EPERM,
             "mmu_update under dom0's ID");
    check_rc(HYPERVISOR_mmu_update(&req, 1, NULL, NO_SUCH_DOMAIN), -XEN_ESRCH,
             "mmu_update under no domain");
    check_rc(HYPERVISOR_mmuext_op(&pin, 1, NULL, DOM0), -XEN_EPERM,
             "mmuext_op under dom0's ID");
    check_rc(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_EPERM,
             "remote shutdown of dom0");
}

int main(void)
{
    verdict_title("domu_unpriv", "a domU tries dom0's calls");
    check_control();
    check_foreign();
    verdict_end();
}

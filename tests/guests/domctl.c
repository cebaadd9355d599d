/*
 * test_domctl: dom0 controls other domains through domctl and sysctl,
 * and builds them through the foreign memory calls, as Xen 4.17 answers
 * (every value below measured there, under the same QEMU, with
 * sched=credit, Parasol's scheduler):
 *
 * - Another interface version is -EACCES before anything else; a bad
 *   pointer -EFAULT. An unknown domctl is -ENOSYS, or -ESRCH when its
 *   domain does not exist; an unknown sysctl -ENOSYS.
 * - createdomain picks the first free ID after the last one it picked
 *   (failed creations move it too), takes an explicit one if free
 *   (-EEXIST if not), and checks the configuration with Xen's errnos.
 * - getdomaininfo answers for the first domain with an ID >= the one
 *   asked; flags carry the shutdown code in bits 16 and up (~0 until
 *   there is one); a new domain is paused by its controller, with no
 *   vCPU until max_vcpus and no memory until populate_physmap.
 * - pause and unpause count; unpausing at 0 is -EINVAL; a domain may
 *   not pause, destroy or set the context of its own vCPUs.
 * - dom0 maps a frame of the domain under foreigndom = its ID, pins one
 *   as its L4, writes the hypercall page into another, and gives vCPU 0
 *   a context on that L4 (checked first; later only with the same
 *   tables, else -EOPNOTSUPP); the domain
 *   destroyed while a frame is still mapped lingers, dying, holding
 *   that frame, until dom0 unmaps it; then free memory is what it was,
 *   as it is after 200 domains created, filled and destroyed.
 */
#include "verdict.h"

#include <parasol/guest.h>
#include <public/domctl.h>
#include <public/sysctl.h>

#define OLD_VERSION 0x14
#define UNKNOWN_CMD 9999
#define NO_SUCH_DOMAIN 999
#define EXPLICIT_ID 7
#define NR_FRAMES 4
#define MAX_MEM_KB 8192
#define KB_PER_PAGE 4
#define FOREIGN_VA 0x40000000UL
#define PATTERN 0x5a5aa5a5c3c33c3cULL
#define BAD_POINTER 8UL
/* How long Xen may take to free a destroyed domain's memory (its RCU
 * callbacks run a little later); Parasol frees it at once. */
#define SETTLE_NS (20 * NSEC_PER_MSEC)
#define SETTLE_TRIES 50
#define MANY_DOMAINS 200
#define NO_SHUTDOWN_CODE 0xffff0000U
#define CODE_OF(flags) ((flags) >> XEN_DOMINF_shutdownshift)
#define HANDLE_BYTES 16
#define KERNEL_ENTRY 0x1000UL
#define NON_CANONICAL 0x800000000000UL
#define UNALIGNED_LDT 0x1234UL

static const xen_domain_handle_t handle_a = {1, 2,  3,  4,  5,  6,  7,  8,
                                             9, 10, 11, 12, 13, 14, 15, 16};

static long domctl(struct xen_domctl *op)
{
    return hypercall5(__HYPERVISOR_domctl, (unsigned long)op, 0, 0, 0, 0);
}

static long sysctl(struct xen_sysctl *op)
{
    return hypercall5(__HYPERVISOR_sysctl, (unsigned long)op, 0, 0, 0, 0);
}

/* A domctl of cmd on domain, its arguments zeroed. */
static void domctl_init(struct xen_domctl *op, uint32_t cmd, domid_t domain)
{
    memset(op, 0, sizeof(*op));
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = domain;
}

static long domctl_simple(uint32_t cmd, domid_t domain)
{
    struct xen_domctl op;

    domctl_init(&op, cmd, domain);
    return domctl(&op);
}

static void sysctl_init(struct xen_sysctl *op, uint32_t cmd)
{
    memset(op, 0, sizeof(*op));
    op->cmd = cmd;
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
}

static uint64_t free_pages(void)
{
    struct xen_sysctl op;

    sysctl_init(&op, XEN_SYSCTL_physinfo);
    if (sysctl(&op))
        return 0;
    return op.u.physinfo.free_pages;
}

/* Free memory once the machine is quiet (see SETTLE_NS), until it is
 * 'want' or the tries run out. */
static uint64_t free_pages_settled(uint64_t want)
{
    uint64_t n = free_pages();

    for (int i = 0; i < SETTLE_TRIES && n != want; i++) {
        sleep_ns(SETTLE_NS);
        n = free_pages();
    }
    return n;
}

/* A PV domain's configuration as xl gives it. */
static void pv_config(struct xen_domctl *op, domid_t id)
{
    struct xen_domctl_createdomain *c = &op->u.createdomain;

    domctl_init(op, XEN_DOMCTL_createdomain, id);
    memcpy(c->handle, handle_a, sizeof(c->handle));
    c->max_vcpus = 1;
    c->max_evtchn_port = 1023;
    c->max_grant_frames = -1;
    c->max_maptrack_frames = -1;
    c->grant_opts = XEN_DOMCTL_GRANT_version(1);
}

static long create(domid_t id, domid_t *got)
{
    struct xen_domctl op;
    long rc;

    pv_config(&op, id);
    rc = domctl(&op);
    *got = op.domain;
    return rc;
}

static long info(domid_t id, struct xen_domctl_getdomaininfo *out)
{
    struct xen_domctl op;
    long rc;

    domctl_init(&op, XEN_DOMCTL_getdomaininfo, id);
    rc = domctl(&op);
    *out = op.u.getdomaininfo;
    if (!rc)
        check_hex(op.domain, out->domain, "getdomaininfo echoes the domain");
    return rc;
}

static long max_mem(domid_t id, uint64_t kb)
{
    struct xen_domctl op;

    domctl_init(&op, XEN_DOMCTL_max_mem, id);
    op.u.max_mem.max_memkb = kb;
    return domctl(&op);
}

static long max_vcpus(domid_t id, uint32_t max)
{
    struct xen_domctl op;

    domctl_init(&op, XEN_DOMCTL_max_vcpus, id);
    op.u.max_vcpus.max = max;
    return domctl(&op);
}

static long vcpu_info(domid_t id, uint32_t vcpu,
                      struct xen_domctl_getvcpuinfo *out)
{
    struct xen_domctl op;
    long rc;

    domctl_init(&op, XEN_DOMCTL_getvcpuinfo, id);
    op.u.getvcpuinfo.vcpu = vcpu;
    rc = domctl(&op);
    *out = op.u.getvcpuinfo;
    return rc;
}

static long vcpu_context(uint32_t cmd, domid_t id, uint32_t vcpu,
                         vcpu_guest_context_t *ctx)
{
    struct xen_domctl op;

    domctl_init(&op, cmd, id);
    op.u.vcpucontext.vcpu = vcpu;
    set_xen_guest_handle(op.u.vcpucontext.ctxt, ctx);
    return domctl(&op);
}

static long reservation(unsigned cmd, domid_t id, xen_pfn_t *frames, unsigned n)
{
    struct xen_memory_reservation r = {.nr_extents = n, .domid = id};

    set_xen_guest_handle(r.extent_start, frames);
    return HYPERVISOR_memory_op(cmd, &r);
}

static long mmu_one(uint64_t ptr, uint64_t val, uint32_t foreigndom)
{
    mmu_update_t req = {.ptr = ptr, .val = val};

    return HYPERVISOR_mmu_update(&req, 1, NULL, foreigndom);
}

static long mmuext_one(unsigned cmd, xen_pfn_t mfn, uint32_t foreigndom)
{
    struct mmuext_op op = {.cmd = cmd, .arg1.mfn = mfn};

    return HYPERVISOR_mmuext_op(&op, 1, NULL, foreigndom);
}

static long hypercall_init(domid_t id, xen_pfn_t gmfn)
{
    struct xen_domctl op;

    domctl_init(&op, XEN_DOMCTL_hypercall_init, id);
    op.u.hypercall_init.gmfn = gmfn;
    return domctl(&op);
}

static void check_versions(void)
{
    struct xen_domctl dop;
    struct xen_sysctl sop;

    domctl_init(&dop, XEN_DOMCTL_getdomaininfo, 0);
    dop.interface_version = OLD_VERSION;
    check_rc(domctl(&dop), -XEN_EACCES, "domctl of another version");
    dop.domain = NO_SUCH_DOMAIN;
    check_rc(domctl(&dop), -XEN_EACCES,
             "another version is checked before the domain");
    sysctl_init(&sop, XEN_SYSCTL_physinfo);
    sop.interface_version = OLD_VERSION;
    check_rc(sysctl(&sop), -XEN_EACCES, "sysctl of another version");
    check_rc(hypercall5(__HYPERVISOR_domctl, BAD_POINTER, 0, 0, 0, 0),
             -XEN_EFAULT, "domctl from a bad pointer");
    check_rc(hypercall5(__HYPERVISOR_sysctl, BAD_POINTER, 0, 0, 0, 0),
             -XEN_EFAULT, "sysctl from a bad pointer");
    check_rc(domctl_simple(UNKNOWN_CMD, 0), -XEN_ENOSYS, "an unknown domctl");
    check_rc(domctl_simple(UNKNOWN_CMD, NO_SUCH_DOMAIN), -XEN_ESRCH,
             "an unknown domctl on no domain");
    sysctl_init(&sop, UNKNOWN_CMD);
    check_rc(sysctl(&sop), -XEN_ENOSYS, "an unknown sysctl");
}

static void check_machine(void)
{
    struct xen_sysctl op;
    const struct xen_sysctl_physinfo *pi = &op.u.physinfo;

    sysctl_init(&op, XEN_SYSCTL_physinfo);
    check_rc(sysctl(&op), 0, "physinfo");
    check_true(pi->nr_cpus >= 1 && pi->max_cpu_id == pi->nr_cpus - 1,
               "physinfo: CPUs");
    check_true(pi->capabilities & XEN_SYSCTL_PHYSCAP_pv, "physinfo: PV");
    check_true(pi->free_pages > 0 && pi->free_pages < pi->total_pages &&
                   pi->total_pages <= pi->max_mfn + 1,
               "physinfo: memory");
    check_true(pi->cpu_khz > 0, "physinfo: CPU speed");
    sysctl_init(&op, XEN_SYSCTL_sched_id);
    check_rc(sysctl(&op), 0, "sched_id");
    check_hex(op.u.sched_id.sched_id, XEN_SCHEDULER_CREDIT,
              "the credit scheduler");
}

struct bad_config {
    const char *what;
    uint32_t flags, max_vcpus, grant_opts, iommu_opts, emulation, misc;
    uint32_t vmtrace;
    int32_t grant_frames;
    long rc;
    int32_t maptrack_frames;
    uint32_t cpupool;
};

/* Each refused as on Xen 4.17. HVM is not among them: a PV-only
 * hypervisor (Parasol) refuses it with -EINVAL, an HVM-capable Xen with
 * -EOPNOTSUPP (no emulated devices asked for): see check_configs(). */
static const struct bad_config bad_configs[] = {
    {"HAP without HVM", XEN_DOMCTL_CDF_hap, 1, 1, 0, 0, 0, 0, -1, -XEN_EINVAL,
     -1, 0},
    {"an unknown flag", 1U << 8, 1, 1, 0, 0, 0, 0, -1, -XEN_EINVAL, -1, 0},
    {"an IOMMU", XEN_DOMCTL_CDF_iommu, 1, 1, 0, 0, 0, 0, -1, -XEN_EINVAL, -1,
     0},
    {"IOMMU options alone", 0, 1, 1, 1, 0, 0, 0, -1, -XEN_EINVAL, -1, 0},
    {"a vPMU", XEN_DOMCTL_CDF_vpmu, 1, 1, 0, 0, 0, 0, -1, -XEN_EINVAL, -1, 0},
    {"nested virtualisation", XEN_DOMCTL_CDF_nested_virt, 1, 1, 0, 0, 0, 0, -1,
     -XEN_EINVAL, -1, 0},
    {"S3 integrity", XEN_DOMCTL_CDF_s3_integrity, 1, 1, 0, 0, 0, 0, -1,
     -XEN_EINVAL, -1, 0},
    {"no vCPU", 0, 0, 1, 0, 0, 0, 0, -1, -XEN_EINVAL, -1, 0},
    {"8193 vCPUs", 0, 8193, 1, 0, 0, 0, 0, -1, -XEN_EINVAL, -1, 0},
    {"grant table version 0", 0, 1, 0, 0, 0, 0, 0, -1, -XEN_EINVAL, -1, 0},
    {"grant table version 3", 0, 1, 3, 0, 0, 0, 0, -1, -XEN_EINVAL, -1, 0},
    {"unknown grant options", 0, 1, 0x11, 0, 0, 0, 0, -1, -XEN_EINVAL, -1, 0},
    {"an emulated local APIC", 0, 1, 1, 0, XEN_X86_EMU_LAPIC, 0, 0, -1,
     -XEN_EOPNOTSUPP, -1, 0},
    {"unknown misc flags", 0, 1, 1, 0, 0, 2, 0, -1, -XEN_EINVAL, -1, 0},
    {"a trace buffer", 0, 1, 1, 0, 0, 0, 4096, -1, -XEN_EINVAL, -1, 0},
    {"no grant frame", 0, 1, 1, 0, 0, 0, 0, 0, -XEN_EINVAL, -1, 0},
    {"100000 grant frames", 0, 1, 1, 0, 0, 0, 0, 100000, -XEN_EINVAL, -1, 0},
    {"65 grant frames", 0, 1, 1, 0, 0, 0, 0, 65, -XEN_EINVAL, -1, 0},
    {"1025 maptrack frames", 0, 1, 1, 0, 0, 0, 0, -1, -XEN_EINVAL, 1025, 0},
    {"CPU pool 1", 0, 1, 1, 0, 0, 0, 0, -1, -XEN_ESRCH, -1, 1},
};

/* Accepted, then destroyed at once. */
static const struct bad_config good_configs[] = {
    {"oos_off", XEN_DOMCTL_CDF_oos_off, 1, 1, 0, 0, 0, 0, -1, 0, -1, 0},
    {"a xenstore domain", XEN_DOMCTL_CDF_xs_domain, 1, 1, 0, 0, 0, 0, -1, 0, -1,
     0},
    {"grant table version 2", 0, 1, 2, 0, 0, 0, 0, -1, 0, -1, 0},
    {"an emulated PIT", 0, 1, 1, 0, XEN_X86_EMU_PIT, 0, 0, -1, 0, -1, 0},
    {"relaxed MSRs", 0, 1, 1, 0, 0, XEN_X86_MSR_RELAXED, 0, -1, 0, -1, 0},
    {"64 grant frames", 0, 1, 1, 0, 0, 0, 0, 64, 0, -1, 0},
    {"no maptrack frame", 0, 1, 1, 0, 0, 0, 0, -1, 0, 0, 0},
};

static long create_with(const struct bad_config *b)
{
    struct xen_domctl op;
    long rc;

    pv_config(&op, 0);
    op.u.createdomain.flags = b->flags;
    op.u.createdomain.max_vcpus = b->max_vcpus;
    op.u.createdomain.grant_opts = b->grant_opts;
    op.u.createdomain.iommu_opts = b->iommu_opts;
    op.u.createdomain.arch.emulation_flags = b->emulation;
    op.u.createdomain.arch.misc_flags = b->misc;
    op.u.createdomain.vmtrace_size = b->vmtrace;
    op.u.createdomain.max_grant_frames = b->grant_frames;
    op.u.createdomain.max_maptrack_frames = b->maptrack_frames;
    op.u.createdomain.cpupool_id = b->cpupool;
    rc = domctl(&op);
    if (rc == 0)
        domctl_simple(XEN_DOMCTL_destroydomain, op.domain);
    return rc;
}

/* Creates (and destroys) 1 + every entry of both tables: each takes an
 * ID, even when refused. */
static unsigned check_configs(void)
{
    static const struct bad_config hvm = {
        "HVM", XEN_DOMCTL_CDF_hvm, 1, 1, 0, 0, 0, 0, -1, 0, -1, 0};
    char what[80];
    long rc;

    for (unsigned i = 0; i < sizeof(bad_configs) / sizeof(bad_configs[0]);
         i++) {
        snprintf(what, sizeof(what), "create with %s", bad_configs[i].what);
        check_rc(create_with(&bad_configs[i]), bad_configs[i].rc, what);
    }
    for (unsigned i = 0; i < sizeof(good_configs) / sizeof(good_configs[0]);
         i++) {
        snprintf(what, sizeof(what), "create with %s", good_configs[i].what);
        check_rc(create_with(&good_configs[i]), 0, what);
    }
    rc = create_with(&hvm);
    check_true(rc == -XEN_EINVAL || rc == -XEN_EOPNOTSUPP,
               "create HVM: refused (-EINVAL or -EOPNOTSUPP)");
    return sizeof(bad_configs) / sizeof(bad_configs[0]) +
           sizeof(good_configs) / sizeof(good_configs[0]) + 1;
}

/* IDs: the next after the configurations' ones, explicit, taken. */
static void check_ids(unsigned used, domid_t *a, domid_t *b)
{
    domid_t c = 0;

    check_rc(create(0, a), 0, "create with an ID chosen");
    check_hex(*a, used + 1, "the first free ID after the last chosen");
    check_rc(create(EXPLICIT_ID, b), 0, "create with ID 7");
    check_hex(*b, EXPLICIT_ID, "the ID asked for");
    check_rc(create(EXPLICIT_ID, &c), -XEN_EEXIST, "ID 7 again");
    check_rc(create(DOMID_FIRST_RESERVED, &c), 0, "create with a reserved ID");
    check_hex(c, *a + 1, "a reserved ID: one is chosen");
    check_rc(domctl_simple(XEN_DOMCTL_destroydomain, c), 0, "destroy it");
}

static void check_new_domain(domid_t a, domid_t b)
{
    struct xen_domctl_getdomaininfo di;

    check_rc(info(a, &di), 0, "getdomaininfo of the new domain");
    check_hex(di.domain, a, "info: the domain");
    check_hex(di.flags, NO_SHUTDOWN_CODE | XEN_DOMINF_paused,
              "info: paused by its controller, no shutdown code");
    check_hex(di.tot_pages, 0, "info: no memory");
    check_hex(di.max_pages, 0, "info: no memory allowed");
    check_hex(di.nr_online_vcpus, 0, "info: no vCPU online");
    check_hex(di.max_vcpu_id, XEN_INVALID_MAX_VCPU_ID, "info: no vCPU yet");
    check_true(memcmp(di.handle, handle_a, HANDLE_BYTES) == 0,
               "info: the handle given");
    check_true(di.shared_info_frame != 0, "info: a shared_info frame");
    check_hex(di.cpupool, 0, "info: CPU pool 0");
    check_rc(info(b + 1, &di), 0, "getdomaininfo past domain 7");
    check_hex(di.domain, a, "... answers for the next domain");
    check_rc(info(a + 1, &di), -XEN_ESRCH, "getdomaininfo past every domain");
    check_rc(info(DOMID_FIRST_RESERVED, &di), -XEN_EINVAL,
             "getdomaininfo of a reserved ID");
    check_rc(info(DOMID_SELF, &di), -XEN_EINVAL, "getdomaininfo of DOMID_SELF");
    check_rc(info(0, &di), 0, "getdomaininfo of dom0");
    check_hex(di.flags, NO_SHUTDOWN_CODE | XEN_DOMINF_running,
              "info: dom0 runs");
    check_hex(di.nr_online_vcpus, 1, "info: dom0's vCPU");
}

static void check_limits(domid_t a)
{
    struct xen_domctl_getdomaininfo di;
    struct xen_domctl_getvcpuinfo vi;

    check_rc(max_mem(a, MAX_MEM_KB), 0, "max_mem");
    info(a, &di);
    check_hex(di.max_pages, MAX_MEM_KB / KB_PER_PAGE, "max_pages from max_mem");
    check_rc(vcpu_info(a, 0, &vi), -XEN_ESRCH, "getvcpuinfo before max_vcpus");
    check_rc(max_vcpus(a, 2), -XEN_EINVAL, "max_vcpus other than created");
    check_rc(max_vcpus(a, 1), 0, "max_vcpus as created");
    check_rc(max_vcpus(a, 1), 0, "max_vcpus again");
    check_rc(max_vcpus(0, 1), -XEN_EINVAL, "max_vcpus on dom0 itself");
    info(a, &di);
    check_hex(di.max_vcpu_id, 0, "info: vCPU 0 exists");
    check_hex(di.nr_online_vcpus, 0, "info: ... and is down");
    check_hex(di.flags, NO_SHUTDOWN_CODE | XEN_DOMINF_paused,
              "info: neither blocked nor running without online vCPUs");
    check_rc(vcpu_info(a, 0, &vi), 0, "getvcpuinfo");
    check_true(!vi.online && !vi.blocked && !vi.running && vi.cpu_time == 0,
               "getvcpuinfo: down, never ran");
    check_rc(vcpu_info(a, 1, &vi), -XEN_EINVAL, "getvcpuinfo past max_vcpus");
}

static void check_handle_and_pause(domid_t a)
{
    struct xen_domctl_getdomaininfo di;
    struct xen_domctl op;

    domctl_init(&op, XEN_DOMCTL_setdomainhandle, a);
    memcpy(op.u.setdomainhandle.handle, handle_a, HANDLE_BYTES);
    op.u.setdomainhandle.handle[0] = 0xee;
    check_rc(domctl(&op), 0, "setdomainhandle");
    info(a, &di);
    check_true(di.handle[0] == 0xee && di.handle[15] == 16, "the new handle");

    check_rc(domctl_simple(XEN_DOMCTL_pausedomain, 0), -XEN_EINVAL,
             "pause dom0 itself");
    check_rc(domctl_simple(XEN_DOMCTL_pausedomain, a), 0, "pause once more");
    check_rc(domctl_simple(XEN_DOMCTL_unpausedomain, a), 0, "unpause");
    info(a, &di);
    check_true(di.flags & XEN_DOMINF_paused, "still paused once");
    check_rc(domctl_simple(XEN_DOMCTL_unpausedomain, a), 0, "unpause again");
    info(a, &di);
    check_true(!(di.flags & XEN_DOMINF_paused), "not paused");
    check_rc(domctl_simple(XEN_DOMCTL_unpausedomain, a), -XEN_EINVAL,
             "unpause when not paused");
    check_rc(domctl_simple(XEN_DOMCTL_unpausedomain, 0), -XEN_EINVAL,
             "unpause dom0");
    check_rc(domctl_simple(XEN_DOMCTL_pausedomain, a), 0, "pause");
}

static vcpu_guest_context_t ctx;
static xen_pfn_t frames[NR_FRAMES];

static void check_populate(domid_t a)
{
    struct xen_domctl_getdomaininfo di;

    for (unsigned i = 0; i < NR_FRAMES; i++)
        frames[i] = i;
    check_rc(reservation(XENMEM_populate_physmap, a, frames, NR_FRAMES),
             NR_FRAMES, "populate_physmap for the domain");
    check_true(frames[0] != 0 && frames[1] != frames[0],
               "machine frames written back");
    info(a, &di);
    check_hex(di.tot_pages, NR_FRAMES, "info: its frames");
    check_rc(reservation(XENMEM_populate_physmap, NO_SUCH_DOMAIN, frames, 1), 0,
             "populate_physmap for no domain: nothing done");
}

/* frames[0] mapped writable at FOREIGN_VA, read and written. */
static uint64_t map_foreign(domid_t a, domid_t b)
{
    struct pt_walk w;
    volatile uint64_t *p = (volatile uint64_t *)FOREIGN_VA;
    uint64_t pte = pte_make(frames[0], PTE_FLAGS_DATA);

    check_rc(mm_walk_create(FOREIGN_VA, &w), 0, "an L1 entry to map with");
    check_rc(mmu_one(w.pte_maddr, pte, DOMID_SELF), -XEN_EBUSY,
             "map the domain's frame as dom0's");
    check_rc(mmu_one(w.pte_maddr, pte, b), -XEN_EBUSY,
             "map it as another domain's");
    check_rc(mmu_one(w.pte_maddr, pte, NO_SUCH_DOMAIN), -XEN_ESRCH,
             "map it as no domain's");
    check_rc(mmu_one(w.pte_maddr, pte, a), 0, "map it as the domain's");
    check_rc(mmuext_one(MMUEXT_INVLPG_LOCAL, FOREIGN_VA, DOMID_SELF), 0,
             "flush");
    check_hex(*p, 0, "the new frame reads zero");
    *p = PATTERN;
    check_hex(*p, PATTERN, "the frame written through dom0's tables");
    return w.pte_maddr;
}

static void check_pins_and_stubs(domid_t a)
{
    check_rc(mmuext_one(MMUEXT_PIN_L4_TABLE, frames[1], DOMID_SELF),
             -XEN_EINVAL, "pin the domain's frame as dom0's");
    check_rc(mmuext_one(MMUEXT_PIN_L4_TABLE, frames[1], NO_SUCH_DOMAIN),
             -XEN_ESRCH, "pin as no domain's");
    check_rc(mmuext_one(MMUEXT_PIN_L4_TABLE, frames[1], a), 0,
             "pin an L4 of the domain");
    check_rc(mmuext_one(MMUEXT_PIN_L4_TABLE, frames[1], a), -XEN_EINVAL,
             "pin it again");
    check_rc(mmuext_one(MMUEXT_PIN_L4_TABLE, frames[0], a), -XEN_EINVAL,
             "pin a frame dom0 maps writable");
    check_rc(hypercall_init(a, frames[2]), 0, "hypercall_init");
    check_rc(hypercall_init(a, frames[1]), -XEN_EPERM,
             "hypercall_init on a page table");
    check_rc(hypercall_init(a, virt_to_mfn(&ctx)), -XEN_EINVAL,
             "hypercall_init on a frame of dom0's");
}

static long set_context(domid_t id, xen_pfn_t cr3_mfn)
{
    memset(&ctx, 0, sizeof(ctx));
    ctx.flags = VGCF_in_kernel;
    ctx.user_regs.cs = FLAT_KERNEL_CS;
    ctx.user_regs.ss = FLAT_KERNEL_SS;
    ctx.user_regs.rip = KERNEL_ENTRY;
    ctx.kernel_ss = FLAT_KERNEL_SS;
    ctx.ctrlreg[3] = (uint64_t)cr3_mfn << PAGE_SHIFT;
    return vcpu_context(XEN_DOMCTL_setvcpucontext, id, 0, &ctx);
}

/* vCPU 0 gets a context (down: no VGCF_online) on the pinned L4. */
static void check_context(domid_t a)
{
    struct xen_domctl_getvcpuinfo vi;

    check_rc(vcpu_context(XEN_DOMCTL_getvcpucontext, a, 0, &ctx), -XEN_ENODATA,
             "getvcpucontext before any");
    check_rc(vcpu_context(XEN_DOMCTL_getvcpucontext, a, 1, &ctx), -XEN_EINVAL,
             "getvcpucontext past max_vcpus");
    check_rc(vcpu_context(XEN_DOMCTL_getvcpucontext, 0, 0, &ctx), -XEN_EINVAL,
             "getvcpucontext of dom0's own");
    check_rc(set_context(0, frames[1]), -XEN_EINVAL,
             "setvcpucontext of dom0's own");
    check_rc(set_context(a, virt_to_mfn(&ctx)), -XEN_EINVAL,
             "setvcpucontext: CR3 a frame of dom0's");
    ctx.user_regs.rip = NON_CANONICAL;
    check_rc(vcpu_context(XEN_DOMCTL_setvcpucontext, a, 0, &ctx), -XEN_EINVAL,
             "setvcpucontext: a non-canonical rip");
    ctx.user_regs.rip = KERNEL_ENTRY;
    ctx.ldt_base = UNALIGNED_LDT;
    ctx.ldt_ents = 1;
    check_rc(vcpu_context(XEN_DOMCTL_setvcpucontext, a, 0, &ctx), -XEN_EINVAL,
             "setvcpucontext: an unaligned LDT");
    check_rc(set_context(a, frames[1]), 0, "setvcpucontext");
    memset(&ctx, 0, sizeof(ctx));
    check_rc(vcpu_context(XEN_DOMCTL_getvcpucontext, a, 0, &ctx), 0,
             "getvcpucontext");
    check_hex(ctx.ctrlreg[3], (uint64_t)frames[1] << PAGE_SHIFT,
              "context: CR3");
    check_hex(ctx.flags, VGCF_in_kernel, "context: kernel mode, down");
    check_true(ctx.user_regs.cs == FLAT_KERNEL_CS &&
                   ctx.user_regs.ss == FLAT_KERNEL_SS &&
                   ctx.user_regs.rip == KERNEL_ENTRY &&
                   ctx.kernel_ss == FLAT_KERNEL_SS,
               "context: selectors and rip");
    check_rc(vcpu_info(a, 0, &vi), 0, "getvcpuinfo");
    check_true(!vi.online, "a context without VGCF_online: still down");
    check_rc(set_context(a, frames[3]), -XEN_EOPNOTSUPP,
             "setvcpucontext again, another CR3");
    check_rc(set_context(a, frames[1]), 0, "setvcpucontext again, same tables");
    check_rc(vcpu_context(XEN_DOMCTL_setvcpucontext, a, 0, NULL), 0,
             "setvcpucontext with none: a reset");
    check_rc(vcpu_context(XEN_DOMCTL_getvcpucontext, a, 0, &ctx), -XEN_ENODATA,
             "no context after the reset");
    check_rc(set_context(a, frames[3]), 0, "then a context on another L4");
    memset(&ctx, 0, sizeof(ctx));
    check_rc(vcpu_context(XEN_DOMCTL_getvcpucontext, a, 0, &ctx), 0,
             "getvcpucontext");
    check_hex(ctx.ctrlreg[3], (uint64_t)frames[3] << PAGE_SHIFT,
              "context: the new CR3");
}

static long address_size(uint32_t cmd, domid_t id, uint32_t *size)
{
    struct xen_domctl op;
    long rc;

    domctl_init(&op, cmd, id);
    op.u.address_size.size = *size;
    rc = domctl(&op);
    *size = op.u.address_size.size;
    return rc;
}

static long trigger(domid_t id, uint32_t what, uint32_t vcpu)
{
    struct xen_domctl op;

    domctl_init(&op, XEN_DOMCTL_sendtrigger, id);
    op.u.sendtrigger.trigger = what;
    op.u.sendtrigger.vcpu = vcpu;
    return domctl(&op);
}

static long affinity(uint32_t cmd, domid_t id, uint32_t vcpu, uint32_t flags,
                     uint8_t *hard, uint8_t *soft, uint32_t nr_bits)
{
    struct xen_domctl op;

    domctl_init(&op, cmd, id);
    op.u.vcpuaffinity.vcpu = vcpu;
    op.u.vcpuaffinity.flags = flags;
    set_xen_guest_handle(op.u.vcpuaffinity.cpumap_hard.bitmap, hard);
    set_xen_guest_handle(op.u.vcpuaffinity.cpumap_soft.bitmap, soft);
    op.u.vcpuaffinity.cpumap_hard.nr_bits = nr_bits;
    op.u.vcpuaffinity.cpumap_soft.nr_bits = nr_bits;
    return domctl(&op);
}

/* Bytes 0 and 1 of a bitmap, as one value (byte 0 low). */
static unsigned two_bytes(const uint8_t *b)
{
    return b[0] | (unsigned)b[1] << 8;
}

#define UNTOUCHED 0xee
#define BOTH (XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT)

/* One CPU under both: every mask reads as CPU 0, whatever was asked. */
static void check_affinity(domid_t a)
{
    const uint32_t get = XEN_DOMCTL_getvcpuaffinity;
    const uint32_t set = XEN_DOMCTL_setvcpuaffinity;
    uint8_t hard[8], soft[8];

    memset(hard, UNTOUCHED, 8);
    memset(soft, UNTOUCHED, 8);
    check_rc(affinity(get, a, 0, BOTH, hard, soft, 64), 0, "getvcpuaffinity");
    check_true(two_bytes(hard) == 1 && two_bytes(soft) == 1,
               "affinities: every CPU, zeros past them");
    memset(hard, UNTOUCHED, 8);
    check_rc(affinity(get, a, 0, XEN_VCPUAFFINITY_HARD, hard, NULL, 4), 0,
             "getvcpuaffinity into 4 bits");
    check_hex(two_bytes(hard), 0xee01, "one byte written");
    check_rc(affinity(get, a, 0, 0, hard, soft, 64), -XEN_EINVAL,
             "getvcpuaffinity of neither");
    check_rc(affinity(get, a, 0, XEN_VCPUAFFINITY_HARD, NULL, soft, 64),
             -XEN_EINVAL, "getvcpuaffinity into no bitmap");
    check_rc(affinity(get, a, 1, XEN_VCPUAFFINITY_HARD, hard, soft, 64),
             -XEN_EINVAL, "getvcpuaffinity past max_vcpus");
    memset(hard, 0, 8);
    hard[0] = 2;
    check_rc(affinity(set, a, 0, XEN_VCPUAFFINITY_HARD, hard, soft, 64),
             -XEN_EINVAL, "setvcpuaffinity to a CPU the machine lacks");
    memset(hard, 0xff, 8);
    check_rc(affinity(set, a, 0, XEN_VCPUAFFINITY_HARD, hard, soft, 64), 0,
             "setvcpuaffinity to every CPU");
    check_hex(two_bytes(hard), 1, "the hard affinity in effect");
    memset(soft, 0, 8);
    soft[0] = 2;
    check_rc(affinity(set, a, 0, XEN_VCPUAFFINITY_SOFT, hard, soft, 64), 0,
             "soft affinity to a CPU the machine lacks");
    check_hex(two_bytes(soft), 0, "no CPU in effect");
    memset(hard, UNTOUCHED, 8);
    memset(soft, UNTOUCHED, 8);
    check_rc(affinity(get, a, 0, BOTH, hard, soft, 64), 0,
             "getvcpuaffinity again");
    check_true(two_bytes(hard) == 1 && two_bytes(soft) == 0,
               "hard: CPU 0; soft: none");
}

/* The smaller commands, and those for hardware neither offers here. */
static void check_misc(domid_t a)
{
    struct xen_domctl_getdomaininfo di;
    struct xen_domctl op;
    uint32_t size = 0;

    check_rc(address_size(XEN_DOMCTL_get_address_size, a, &size), 0,
             "get_address_size");
    check_hex(size, 64, "a 64-bit domain");
    size = 64;
    check_rc(address_size(XEN_DOMCTL_set_address_size, a, &size), 0,
             "set_address_size 64");
    size = 32;
    check_rc(address_size(XEN_DOMCTL_set_address_size, a, &size),
             -XEN_EOPNOTSUPP, "set_address_size 32: no 32-bit PV");
    domctl_init(&op, XEN_DOMCTL_setdebugging, a);
    op.u.setdebugging.enable = 1;
    check_rc(domctl(&op), 0, "setdebugging");
    info(a, &di);
    check_true(di.flags & XEN_DOMINF_debugged, "info: debugged");
    op.u.setdebugging.enable = 0;
    check_rc(domctl(&op), 0, "setdebugging off");
    info(a, &di);
    check_true(!(di.flags & XEN_DOMINF_debugged), "info: not debugged");
    check_rc(trigger(a, XEN_DOMCTL_SENDTRIGGER_NMI, 1), -XEN_ESRCH,
             "an NMI to no vCPU");
    check_rc(trigger(a, XEN_DOMCTL_SENDTRIGGER_NMI, 0), 0, "an NMI to vCPU 0");
    check_rc(trigger(a, XEN_DOMCTL_SENDTRIGGER_POWER, 0), -XEN_EINVAL,
             "the power button of a PV domain");
    check_rc(trigger(a, XEN_DOMCTL_SENDTRIGGER_RESET, 0), -XEN_ENOSYS,
             "a reset trigger");
    check_rc(domctl_simple(XEN_DOMCTL_assign_device, a), -XEN_EOPNOTSUPP,
             "assign_device: no IOMMU");
    check_rc(domctl_simple(XEN_DOMCTL_monitor_op, a), -XEN_EOPNOTSUPP,
             "monitor_op of a PV domain");
    check_rc(domctl_simple(XEN_DOMCTL_get_paging_mempool_size, a),
             -XEN_EOPNOTSUPP, "paging pool of a PV domain");
    check_rc(domctl_simple(XEN_DOMCTL_psr_cmt_op, a), -XEN_ENODEV,
             "cache monitoring: no such hardware");
}

static void check_list(domid_t a, domid_t b)
{
    static struct xen_domctl_getdomaininfo list[8];
    struct xen_sysctl op;
    struct xen_sysctl_getdomaininfolist *l = &op.u.getdomaininfolist;

    sysctl_init(&op, XEN_SYSCTL_getdomaininfolist);
    l->max_domains = 8;
    set_xen_guest_handle(l->buffer, list);
    check_rc(sysctl(&op), 0, "getdomaininfolist");
    check_hex(l->num_domains, 3, "three domains");
    check_true(list[0].domain == 0 && list[1].domain == b &&
                   list[2].domain == a,
               "in ID order");
    l->first_domain = 1;
    l->max_domains = 1;
    check_rc(sysctl(&op), 0, "getdomaininfolist from 1, one entry");
    check_true(l->num_domains == 1 && list[0].domain == b, "domain 7");
    l->first_domain = DOMID_FIRST_RESERVED;
    l->max_domains = 8;
    check_rc(sysctl(&op), 0, "getdomaininfolist from a reserved ID");
    check_hex(l->num_domains, 0, "no domain");
}

static void check_remote_shutdown(domid_t b)
{
    struct sched_remote_shutdown rs = {.domain_id = b,
                                       .reason = SHUTDOWN_reboot};
    struct xen_domctl_getdomaininfo di;

    check_rc(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), 0,
             "remote shutdown");
    info(b, &di);
    check_hex(di.flags,
              XEN_DOMINF_shutdown | XEN_DOMINF_paused |
                  SHUTDOWN_reboot << XEN_DOMINF_shutdownshift,
              "info: shut down, reason reboot");
    check_rc(domctl_simple(XEN_DOMCTL_resumedomain, b), 0, "resumedomain");
    info(b, &di);
    check_hex(di.flags, NO_SHUTDOWN_CODE | XEN_DOMINF_paused,
              "info: running again (but paused), no shutdown code");
    check_rc(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), 0,
             "remote shutdown again");
}

/* What still works on a dying domain, as on Xen: most commands, and
 * remote shutdown; not a new context, memory or pin. */
static void check_dying(domid_t a)
{
    struct sched_remote_shutdown rs = {.domain_id = a,
                                       .reason = SHUTDOWN_poweroff};
    struct xen_domctl_getvcpuinfo vi;

    check_rc(domctl_simple(XEN_DOMCTL_pausedomain, a), 0, "dying: pause");
    check_rc(domctl_simple(XEN_DOMCTL_unpausedomain, a), 0, "dying: unpause");
    check_rc(max_mem(a, MAX_MEM_KB), 0, "dying: max_mem");
    check_rc(max_vcpus(a, 1), 0, "dying: max_vcpus");
    check_rc(vcpu_info(a, 0, &vi), 0, "dying: getvcpuinfo");
    check_rc(domctl_simple(XEN_DOMCTL_setdebugging, a), 0,
             "dying: setdebugging");
    check_rc(domctl_simple(XEN_DOMCTL_resumedomain, a), 0, "dying: resume");
    check_rc(set_context(a, frames[1]), -XEN_EOPNOTSUPP,
             "dying: setvcpucontext");
    check_rc(reservation(XENMEM_populate_physmap, a, frames + 3, 1), 0,
             "dying: populate_physmap does nothing");
    check_rc(mmuext_one(MMUEXT_PIN_L4_TABLE, frames[0], a), -XEN_EINVAL,
             "dying: pin");
    check_rc(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), 0,
             "dying: remote shutdown");
}

/* Destroyed with frames[0] still mapped by dom0: dying, holding it. */
static void check_destroy(domid_t a, uint64_t pte_maddr)
{
    struct xen_domctl_getdomaininfo di;

    check_rc(domctl_simple(XEN_DOMCTL_destroydomain, 0), -XEN_EINVAL,
             "destroy dom0 itself");
    check_rc(domctl_simple(XEN_DOMCTL_destroydomain, NO_SUCH_DOMAIN),
             -XEN_ESRCH, "destroy no domain");
    check_rc(domctl_simple(XEN_DOMCTL_pausedomain, NO_SUCH_DOMAIN), -XEN_ESRCH,
             "pause no domain");
    check_rc(max_mem(NO_SUCH_DOMAIN, MAX_MEM_KB), -XEN_ESRCH,
             "max_mem of no domain");
    check_rc(domctl_simple(XEN_DOMCTL_destroydomain, a), 0,
             "destroy with a frame mapped by dom0");
    check_rc(info(a, &di), 0, "getdomaininfo of the dying domain");
    check_hex(di.domain, a, "it is still there");
    check_hex(di.flags, NO_SHUTDOWN_CODE | XEN_DOMINF_dying | XEN_DOMINF_paused,
              "info: dying");
    check_hex(di.tot_pages, 1, "info: holding the mapped frame");
    check_rc(domctl_simple(XEN_DOMCTL_destroydomain, a), 0, "destroy again");
    check_hex(*(volatile uint64_t *)FOREIGN_VA, PATTERN,
              "the mapped frame still reads what was written");
    check_dying(a);
    check_rc(mmu_one(pte_maddr, 0, DOMID_SELF), 0, "unmap it");
    check_rc(mmuext_one(MMUEXT_INVLPG_LOCAL, FOREIGN_VA, DOMID_SELF), 0,
             "flush");
    check_rc(info(a, &di), -XEN_ESRCH, "then the domain is gone");
}

/* Create, fill and destroy many domains: none is refused, and free
 * memory comes back whole (nothing leaks per domain). */
static void check_many(void)
{
    uint64_t before = free_pages_settled(0);
    unsigned failures = 0;

    for (unsigned i = 0; i < MANY_DOMAINS; i++) {
        xen_pfn_t list[NR_FRAMES] = {0, 1, 2, 3};
        domid_t id = 0;

        if (create(0, &id) || max_mem(id, MAX_MEM_KB) || max_vcpus(id, 1) ||
            reservation(XENMEM_populate_physmap, id, list, NR_FRAMES) !=
                NR_FRAMES ||
            domctl_simple(XEN_DOMCTL_destroydomain, id))
            failures++;
    }
    check_hex(failures, 0, "200 domains created, filled and destroyed");
    check_hex(free_pages_settled(before), before,
              "free memory as before the 200 domains");
}

int main(void)
{
    uint64_t free_before, pte_maddr;
    unsigned used;
    domid_t a = 0, b = 0;

    verdict_title("test_domctl", "dom0 controls other domains");
    check_versions();
    check_machine();
    used = check_configs();
    free_before = free_pages_settled(0);
    check_ids(used, &a, &b);
    check_new_domain(a, b);
    check_limits(a);
    check_handle_and_pause(a);
    check_populate(a);
    pte_maddr = map_foreign(a, b);
    check_pins_and_stubs(a);
    check_context(a);
    check_misc(a);
    check_affinity(a);
    check_list(a, b);
    check_remote_shutdown(b);
    check_destroy(a, pte_maddr);
    check_rc(domctl_simple(XEN_DOMCTL_destroydomain, b), 0,
             "destroy the shut-down domain");
    check_hex(free_pages_settled(free_before), free_before,
              "free memory as before the domains");
    check_many();
    verdict_end();
}

/*
 * dom0's domain builder (builder.h), in libxenguest's order (reference
 * §7): check the parameters and the image and compute the layout before
 * any hypercall; then create the domain, set its vCPUs and memory limit,
 * populate its memory, write every piece of the layout through foreign
 * windows (XC_NR_WINDOWS frames a call), reset its shared_info, write its
 * hypercall page, pin its L4 and load vCPU 0. A failure at any step after the
 * create destroys the domain.
 *
 * Two notes libxenguest reads ask for nothing here: INIT_P2M (the p2m
 * stays in the initial mapping, which is what a kernel gets from a
 * builder that does not read the note, so every kernel takes it) and
 * MOD_START_PFN (a domU gets no ramdisk).
 *
 * The xenstore page is laid out and zeroed, start_info names its frame,
 * and its event channel is a port allocated in the domain, unbound and
 * offered to dom0, as libxenguest's: dom0's store service binds it. No
 * console backend exists: the console page is zeroed and its event
 * channel is 0, which no backend listens on.
 */
#include "builder.h"

#include "build_layout.h"
#include "xc.h"

#include <lib/elf.h>
#include <lib/macros.h>
#include <parasol/format.h>
#include <parasol/memory.h>
#include <parasol/string.h>
#include <public/errno.h>
#include <public/features.h>
#include <public/sched.h>
#include <stdarg.h>

/* Frames per populate_physmap call. */
#define BUILD_POPULATE_BATCH 512
/* createdomain's limits, libxl's defaults for a PV guest. */
#define BUILD_MAX_EVTCHN_PORT 1023
#define BUILD_GRANT_VERSION 1
/* The domain that serves the store: dom0, as libxl's default. */
#define BUILD_STORE_DOMID 0

/* What an x86-64 PV guest may use, for the image parser and the layout. */
static const struct elf_limits guest_limits = {
    .page_size = PAGE_SIZE,
    .va_hole_start = VA_LOWER_HALF_END,
    .va_hole_end = HYPERVISOR_VIRT_END,
};

/* Features a PV domU cannot be given: a kernel that requires one is
 * refused before anything is built. */
#define BUILD_UNAVAILABLE_FEATURES                                             \
    (1u << XENFEAT_auto_translated_physmap |                                   \
     1u << XENFEAT_supervisor_mode_kernel |                                    \
     1u << XENFEAT_hvm_callback_vector | 1u << XENFEAT_dom0)

struct build {
    const uint8_t *image;
    size_t len;
    const struct build_params *p;
    struct elf_image_info info;
    struct build_layout layout;
    xen_pfn_t *p2m; /* nr_pages entries, in the scratch buffer */
    domid_t domid;
    bool created;
    xen_pfn_t shared_info;    /* its frame, from getdomaininfo */
    evtchn_port_t store_port; /* the domain's, offered to dom0 */
    char *reason;
    char cmdline[MAX_GUEST_CMDLINE]; /* start_info's, after prepare */
};

_Static_assert(BUILD_MAX_MEMORY_KIB / (PAGE_SIZE / 1024) * sizeof(xen_pfn_t) <=
                   XC_SCRATCH_PAGES * PAGE_SIZE,
               "the largest domain's p2m fits dom0's scratch range");

/* The vCPU context is 5 KiB: kept off the stack (one build at a time). */
static vcpu_guest_context_t build_vcpu_ctx;

__attribute__((format(printf, 3, 4))) static int fail(struct build *b, int rc,
                                                      const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(b->reason, BUILD_REASON_MAX, fmt, ap);
    va_end(ap);
    return rc;
}

/* ---- Before any hypercall ----------------------------------------------- */

static int check_params(struct build *b)
{
    const struct build_params *p = b->p;

    if (p->memory_kib == 0 || p->memory_kib % (PAGE_SIZE / 1024))
        return fail(b, -XEN_EINVAL, "memory of %lu KiB is not whole pages",
                    (unsigned long)p->memory_kib);
    if (p->maxmem_kib < p->memory_kib)
        return fail(b, -XEN_EINVAL, "maxmem is below memory");
    if (p->memory_kib > BUILD_MAX_MEMORY_KIB)
        return fail(b, -XEN_EINVAL, "memory above the builder's %lu MiB",
                    (unsigned long)(BUILD_MAX_MEMORY_KIB >> 10));
    if (p->max_vcpus == 0)
        return fail(b, -XEN_EINVAL, "no vCPU");
    return 0;
}

static int check_image(struct build *b)
{
    const char *why;
    int rc = elf_parse_image(b->image, b->len, &guest_limits, &b->info, &why);

    if (rc)
        return fail(b, rc, "not a PV kernel: %s", why);
    if (b->info.features_required & BUILD_UNAVAILABLE_FEATURES)
        return fail(b, -XEN_EINVAL,
                    "the kernel requires a feature a PV domU lacks (%s)",
                    b->info.features);
    rc = layout_compute(&b->info, b->p->memory_kib / (PAGE_SIZE / 1024),
                        &guest_limits, &b->layout, &why);
    if (rc == -XEN_ENOMEM)
        return fail(b, rc, "%s: %lu pages needed, %lu given", why,
                    (unsigned long)b->layout.mapped_pages,
                    (unsigned long)b->layout.nr_pages);
    if (rc)
        return fail(b, rc, "%s", why);
    return 0;
}

/* ---- The domain and its memory ------------------------------------------ */

/* A domain larger than the free memory is refused before it exists, so
 * that it takes nothing from the machine on its way to failing. Memory
 * can still run out later: populate() handles that. */
static int check_free_memory(struct build *b)
{
    struct xen_sysctl_physinfo info;
    int rc = xc_physinfo(&info);

    if (rc)
        return fail(b, rc, "physinfo failed (error %d)", rc);
    if (info.free_pages < b->layout.nr_pages)
        return fail(b, -XEN_ENOMEM, "%lu pages needed, %lu free",
                    (unsigned long)b->layout.nr_pages,
                    (unsigned long)info.free_pages);
    return 0;
}

static int create_domain(struct build *b)
{
    struct xc_create_args a = {
        .max_vcpus = b->p->max_vcpus,
        .max_evtchn_port = BUILD_MAX_EVTCHN_PORT,
        .max_grant_frames = -1,
        .max_maptrack_frames = -1,
        .max_grant_version = BUILD_GRANT_VERSION,
    };
    int rc;

    memcpy(a.handle, b->p->handle, sizeof(a.handle));
    b->domid = b->p->domid;
    rc = xc_domain_create(&a, &b->domid);
    if (rc)
        return fail(b, rc, "createdomain failed (error %d)", rc);
    b->created = true;
    rc = xc_domain_max_vcpus(b->domid, b->p->max_vcpus);
    if (rc)
        return fail(b, rc, "max_vcpus %u failed (error %d)", b->p->max_vcpus,
                    rc);
    rc = xc_domain_max_mem(b->domid, b->p->maxmem_kib);
    if (rc)
        return fail(b, rc, "max_mem %lu KiB failed (error %d)",
                    (unsigned long)b->p->maxmem_kib, rc);
    return 0;
}

/* The caller's step once the domain exists (build_params.prepare). */
static int prepare(struct build *b)
{
    int rc;

    strlcpy(b->cmdline, b->p->cmdline ? b->p->cmdline : "", sizeof(b->cmdline));
    if (!b->p->prepare)
        return 0;
    rc = b->p->prepare(b->p->prepare_ctx, b->domid, b->cmdline,
                       sizeof(b->cmdline));
    b->cmdline[sizeof(b->cmdline) - 1] = '\0';
    if (rc)
        return fail(b, rc, "preparing domain %u failed (error %d)", b->domid,
                    rc);
    return 0;
}

/* The domain's store port, offered to dom0, whose store service binds
 * it (reference §7, step 8). */
static int alloc_store_port(struct build *b)
{
    int rc =
        xc_evtchn_alloc_unbound(b->domid, BUILD_STORE_DOMID, &b->store_port);

    if (rc)
        return fail(b, rc, "no store event channel (error %d)", rc);
    return 0;
}

/* Frames 0 .. nr_pages - 1, in batches; b->p2m gets their MFNs. */
static int populate(struct build *b)
{
    uint64_t nr = b->layout.nr_pages, done = 0, n;
    long got;

    for (uint64_t pfn = 0; pfn < nr; pfn++)
        b->p2m[pfn] = pfn;
    while (done < nr) {
        n = MIN(nr - done, (uint64_t)BUILD_POPULATE_BATCH);
        got = xc_populate_physmap(b->domid, b->p2m + done, n);
        if (got < 0)
            return fail(b, (int)got, "populate_physmap failed (error %ld)",
                        got);
        done += (uint64_t)got;
        if ((uint64_t)got < n)
            return fail(b, -XEN_ENOMEM, "only %lu of %lu pages available",
                        (unsigned long)done, (unsigned long)nr);
    }
    return 0;
}

/* ---- Writing the layout ------------------------------------------------- */

/* The file bytes of every segment that fall in the page at va. The
 * parser checked that each segment's bytes lie in the image and its
 * addresses do not wrap. */
static void copy_segments(const struct build *b, uint64_t va, uint8_t *page)
{
    for (unsigned i = 0; i < b->info.nr_segments; i++) {
        const struct elf_segment *s = &b->info.segments[i];
        uint64_t start = MAX(va, s->vaddr);
        uint64_t end = MIN(va + PAGE_SIZE, s->vaddr + s->filesz);

        if (start < end)
            memcpy(page + (start - va),
                   b->image + s->offset + (start - s->vaddr), end - start);
    }
}

/* Page i of the p2m: its share of b->p2m, the rest zero. */
static void copy_p2m(const struct build *b, uint64_t i, uint8_t *page)
{
    size_t bytes = b->layout.nr_pages * sizeof(xen_pfn_t);
    size_t off = i * PAGE_SIZE;

    memcpy(page, (const uint8_t *)b->p2m + off,
           MIN(bytes - off, (size_t)PAGE_SIZE));
}

static void fill_start_info(const struct build *b, uint8_t *page)
{
    struct layout_start_args a = {
        .p2m = b->p2m,
        .shared_info = b->shared_info,
        .cmdline = b->cmdline,
        .store_evtchn = b->store_port,
        /* No console backend listens on a port. */
        .console_evtchn = 0,
    };

    layout_start_info(&b->layout, &a, (start_info_t *)page);
}

/*
 * Frame pfn of the pieces, zeroed, then filled as its piece says: the
 * kernel's bytes (its bss and gaps stay zero), the p2m, start_info, a
 * page table. The xenstore and console rings and the boot stack stay
 * zero.
 */
static void fill_page(const struct build *b, uint64_t pfn, uint8_t *page)
{
    const struct build_layout *l = &b->layout;

    memset(page, 0, PAGE_SIZE);
    if (pfn < l->p2m_pfn)
        copy_segments(b, layout_va(l, pfn), page);
    else if (pfn < l->start_info_pfn)
        copy_p2m(b, pfn - l->p2m_pfn, page);
    else if (pfn == l->start_info_pfn)
        fill_start_info(b, page);
    else if (pfn >= l->pt_pfn && pfn < l->stack_pfn)
        layout_page_table(l, b->p2m, pfn - l->pt_pfn, (uint64_t *)page);
}

/* Every frame from the kernel's first to the boot stack, a window-full
 * at a time. */
static int write_pieces(struct build *b)
{
    const struct build_layout *l = &b->layout;
    void *pages[XC_NR_WINDOWS];
    unsigned n;
    int rc;

    for (uint64_t pfn = l->kernel_pfn; pfn <= l->stack_pfn; pfn += n) {
        n = (unsigned)MIN((uint64_t)XC_NR_WINDOWS, l->stack_pfn + 1 - pfn);
        rc = xc_map_foreign(b->domid, b->p2m + pfn, n, pages);
        if (rc)
            return fail(b, rc,
                        "cannot map frames %#lx-%#lx of the domain "
                        "(error %d)",
                        (unsigned long)pfn, (unsigned long)(pfn + n - 1), rc);
        for (unsigned i = 0; i < n; i++)
            fill_page(b, pfn + i, pages[i]);
    }
    return 0;
}

/* As libxenguest: shared_info zeroed, every vCPU's events masked. */
static int reset_shared_info(struct build *b)
{
    shared_info_t *si;
    void *va;
    int rc = xc_map_foreign(b->domid, &b->shared_info, 1, &va);

    if (rc)
        return fail(b, rc, "cannot map shared_info (error %d)", rc);
    si = va;
    memset(si, 0, sizeof(*si));
    for (unsigned i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        si->vcpu_info[i].evtchn_upcall_mask = 1;
    return 0;
}

static int load_layout(struct build *b)
{
    struct xen_domctl_getdomaininfo info;
    int rc = xc_domain_getinfo(b->domid, &info), unmapped;

    if (rc)
        return fail(b, rc, "getdomaininfo failed (error %d)", rc);
    b->shared_info = info.shared_info_frame;
    rc = write_pieces(b);
    if (!rc)
        rc = reset_shared_info(b);
    /* No writable mapping of a page table may remain when it is pinned. */
    unmapped = xc_unmap_foreign();
    if (!rc && unmapped)
        return fail(b, unmapped, "cannot unmap the windows (error %d)",
                    unmapped);
    return rc;
}

/* ---- Handing over ------------------------------------------------------- */

static int start_vcpu0(struct build *b)
{
    const struct build_layout *l = &b->layout;
    xen_pfn_t mfn;
    int rc;

    if (b->info.has_hypercall_page) {
        mfn = b->p2m[layout_pfn(l, b->info.hypercall_page)];
        rc = xc_domain_hypercall_init(b->domid, mfn);
        if (rc)
            return fail(b, rc, "hypercall_init failed (error %d)", rc);
    }
    rc = xc_pin_table(b->domid, PT_LEVELS, b->p2m[l->pt_pfn]);
    if (rc)
        return fail(b, rc, "pinning the L4 failed (error %d)", rc);
    layout_vcpu_context(l, &b->info, b->p2m, &build_vcpu_ctx);
    rc = xc_vcpu_setcontext(b->domid, 0, &build_vcpu_ctx);
    if (rc)
        return fail(b, rc, "setvcpucontext failed (error %d)", rc);
    return 0;
}

static int build_domain(struct build *b)
{
    void *buf;
    int rc = check_free_memory(b);

    if (rc)
        return rc;
    rc = xc_scratch_alloc(b->layout.nr_pages * sizeof(xen_pfn_t), &buf);
    if (rc)
        return fail(b, rc, "no room for the p2m in dom0 (error %d)", rc);
    b->p2m = buf;
    rc = create_domain(b);
    if (!rc)
        rc = prepare(b);
    if (!rc)
        rc = alloc_store_port(b);
    if (!rc)
        rc = populate(b);
    if (!rc)
        rc = load_layout(b);
    if (!rc)
        rc = start_vcpu0(b);
    if (!rc && b->p->store) {
        b->p->store->mfn = b->p2m[b->layout.xenstore_pfn];
        b->p->store->port = b->store_port;
    }
    if (rc && b->created)
        xc_domain_destroy(b->domid);
    xc_scratch_free();
    return rc;
}

int builder_build(const void *image, size_t len, const struct build_params *p,
                  domid_t *domid, char *reason)
{
    static struct build b;
    int rc;

    memset(&b, 0, sizeof(b));
    b.image = image;
    b.len = len;
    b.p = p;
    b.reason = reason;
    reason[0] = '\0';
    rc = check_params(&b);
    if (!rc)
        rc = check_image(&b);
    if (!rc)
        rc = build_domain(&b);
    if (!rc)
        *domid = b.domid;
    return rc;
}

/*
 * The dom0 builder: the only domain the hypervisor builds itself. It
 * loads the first multiboot module as a PV ELF kernel and lays out its
 * start-of-day address space exactly as Xen's ABI describes (reference
 * §2.2), from its VIRT_BASE upwards, each piece page aligned:
 *
 *   kernel | ramdisk (the other modules) | p2m list | start_info |
 *   page tables (L4, L3s, L2s, L1s; mapped read-only) | boot stack |
 *   padding (>= 512 KiB, up to a 4 MiB boundary)
 *
 * then validates and pins the page tables, fills start_info and, if the
 * kernel names one, the hypercall page, and starts vCPU 0 in guest
 * kernel mode.
 */
#include <arch/layout.h>
#include <arch/paging.h>
#include <arch/pv.h>
#include <arch/pv_mm.h>
#include <arch/x86.h>
#include <hv/bootinfo.h>
#include <hv/cmdline.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/panic.h>
#include <hv/printk.h>
#include <hv/pvclock.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <lib/elf.h>
#include <public/arch-x86/xen.h>

#define DOM0_DEFAULT_MEM MiB(64)
#define DOM0_MIN_MEM MiB(4)
#define BOOT_PADDING KiB(512)
#define MAPPING_ALIGN MiB(4)
#define START_INFO_MAGIC "xen-3.0-x86_64"
#define MODULE_ALIGN 4 /* cpio archives concatenate on 4-byte bounds */
/* Page-table flags of the initial mapping (reference §2.2). */
#define INIT_UPPER_FLAGS (PTE_P | PTE_RW | PTE_A | PTE_D | PTE_US)
#define INIT_L1_FLAGS (PTE_P | PTE_RW | PTE_A)
#define INIT_L1_RO_FLAGS (PTE_P | PTE_A)

struct dom0_layout {
    struct domain *d;
    struct elf_image_info info;
    const void *image;
    uint64_t nr_pages;
    uint64_t *p2m;    /* pfn -> mfn, the hypervisor's copy */
    uint64_t v_start; /* VIRT_BASE: pseudo-physical 0 */
    uint64_t ramdisk_va, ramdisk_len;
    uint64_t p2m_va, start_info_va, pt_va, stack_va, v_end;
    uint64_t nr_pt_frames;
};

static noreturn void dom0_fail(const char *why)
{
    pr_err("dom0: cannot build: %s\n", why);
    arch_machine_exit(HV_EXIT_DOM0_DIED);
}

static uint64_t va_to_pfn(const struct dom0_layout *l, uint64_t va)
{
    return (va - l->v_start) >> PAGE_SHIFT;
}

static void *va_to_hv(const struct dom0_layout *l, uint64_t va)
{
    return (char *)mfn_to_virt(l->p2m[va_to_pfn(l, va)]) +
           (va & (PAGE_SIZE - 1));
}

/* Copy into the guest's pseudo-physical space, page by page. The image
 * parser and plan_layout() keep every range inside dom0's pages. */
static void copy_to_dom0(void *ctx, uint64_t va, const void *src, size_t len)
{
    const struct dom0_layout *l = ctx;

    if (va < l->v_start || va - l->v_start > l->v_end - l->v_start ||
        len > l->v_end - va)
        panic("dom0 builder: a copy to %#lx+%#lx outside the mapping",
              (unsigned long)va, (unsigned long)len);
    while (len) {
        size_t chunk = MIN(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
        if (src)
            memcpy(va_to_hv(l, va), src, chunk);
        else
            memset(va_to_hv(l, va), 0, chunk);
        va += chunk;
        len -= chunk;
        src = src ? (const char *)src + chunk : NULL;
    }
}

static void zero_dom0(void *ctx, uint64_t va, size_t len)
{
    copy_to_dom0(ctx, va, NULL, len);
}

/* Tables needed to map [start, end): L1s per 2 MiB, L2s per 1 GiB,
 * L3s per 512 GiB, one L4. */
static uint64_t tables_needed(uint64_t start, uint64_t end)
{
    uint64_t n = 1;

    for (unsigned shift = L2_SHIFT; shift <= L4_SHIFT; shift += 9)
        n += ((end - 1) >> shift) - (start >> shift) + 1;
    return n;
}

static uint64_t ramdisk_bytes(void)
{
    uint64_t n = 0;

    for (unsigned i = 1; i < boot_info.nr_modules; i++)
        n = ALIGN_UP(n, MODULE_ALIGN) +
            (boot_info.modules[i].end - boot_info.modules[i].start);
    return n;
}

static void plan_layout(struct dom0_layout *l)
{
    uint64_t va = l->info.virt_kend, guess = 0;

    l->ramdisk_len = ramdisk_bytes();
    l->ramdisk_va = l->ramdisk_len ? va : 0;
    va = ALIGN_UP(va + l->ramdisk_len, PAGE_SIZE);
    l->p2m_va = va;
    va = ALIGN_UP(va + l->nr_pages * sizeof(uint64_t), PAGE_SIZE);
    l->start_info_va = va;
    va += PAGE_SIZE;
    l->pt_va = va;
    /* The tables map themselves: grow the guess until it is enough. */
    for (;;) {
        uint64_t end = ALIGN_UP(va + (guess + 1) * PAGE_SIZE + BOOT_PADDING,
                                MAPPING_ALIGN);
        uint64_t need = tables_needed(l->v_start, end);
        if (need <= guess) {
            l->nr_pt_frames = guess;
            l->v_end = end;
            break;
        }
        guess = need;
    }
    l->stack_va = l->pt_va + l->nr_pt_frames * PAGE_SIZE;
}

/* Bytes of the initial mapping, from VIRT_BASE to its 4 MiB end. */
static uint64_t mapping_bytes(const struct dom0_layout *l)
{
    return l->v_end - l->v_start;
}

/* The most dom0 may have: 7/8 of free memory, as the hypervisor keeps an
 * eighth for itself; less if dom0_mem= says so (then *given). */
static uint64_t dom0_mem_cap(bool *given)
{
    uint64_t free = frames_free_count() * PAGE_SIZE, bytes = free - free / 8;
    uint64_t asked;
    const char *end;

    *given = hv_options.dom0_mem[0] != '\0';
    if (!*given)
        return bytes;
    if (!parse_size(hv_options.dom0_mem, &end, &asked) || *end)
        dom0_fail("dom0_mem= is not a size (e.g. 64M)");
    return MIN(asked, bytes);
}

/*
 * dom0's size and layout. Without dom0_mem= a kernel whose initial
 * mapping takes more than half the default (a distribution kernel spans
 * some 70 MiB) gets twice its mapping, so that it has as much again to
 * run in. The second plan needs at most 4 MiB more mapping than the
 * first (a longer p2m), which the doubling covers.
 */
static void size_dom0(struct dom0_layout *l)
{
    uint64_t cap, bytes;
    bool given;

    bytes = cap = dom0_mem_cap(&given);
    if (!given)
        bytes = MIN(cap, DOM0_DEFAULT_MEM);
    l->nr_pages = bytes >> PAGE_SHIFT;
    plan_layout(l);
    if (!given && mapping_bytes(l) > bytes / 2) {
        l->nr_pages = MIN(cap, 2 * mapping_bytes(l)) >> PAGE_SHIFT;
        plan_layout(l);
    }
    if (l->nr_pages < DOM0_MIN_MEM >> PAGE_SHIFT)
        dom0_fail("not enough memory for dom0");
    if (va_to_pfn(l, l->v_end) > l->nr_pages)
        dom0_fail(given ? "dom0_mem is too small for the kernel and its "
                          "ramdisk"
                        : "not enough memory for the kernel and its ramdisk");
}

static void allocate_memory(struct dom0_layout *l)
{
    l->p2m = xmalloc_array(l->nr_pages, sizeof(uint64_t));
    if (!l->p2m)
        dom0_fail("out of memory for the p2m");
    for (uint64_t pfn = 0; pfn < l->nr_pages; pfn++) {
        mfn_t mfn = domain_alloc_frame(l->d);
        if (mfn == INVALID_MFN)
            dom0_fail("out of memory for dom0's pages");
        memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
        l->p2m[pfn] = mfn;
        m2p_set(mfn, pfn);
    }
}

static void load_ramdisk(struct dom0_layout *l)
{
    uint64_t va = l->ramdisk_va;

    for (unsigned i = 1; i < boot_info.nr_modules; i++) {
        const struct boot_module *m = &boot_info.modules[i];
        va = l->ramdisk_va + ALIGN_UP(va - l->ramdisk_va, MODULE_ALIGN);
        copy_to_dom0(l, va, arch_maddr_to_virt(m->start), m->end - m->start);
        va += m->end - m->start;
    }
}

struct pt_builder {
    struct dom0_layout *l;
    uint64_t next; /* index of the next unused page-table frame */
};

static uint64_t *pt_frame(const struct pt_builder *b, uint64_t index)
{
    return va_to_hv(b->l, b->l->pt_va + index * PAGE_SIZE);
}

static uint64_t pt_mfn(const struct pt_builder *b, uint64_t index)
{
    return b->l->p2m[va_to_pfn(b->l, b->l->pt_va + index * PAGE_SIZE)];
}

/* The table below entry 'idx' of 'table', taking the next frame if the
 * entry is empty. */
static uint64_t *pt_child(struct pt_builder *b, uint64_t *table, unsigned idx)
{
    if (!(table[idx] & PTE_P)) {
        if (b->next == b->l->nr_pt_frames)
            panic("dom0 builder: page-table estimate too small");
        table[idx] = mfn_to_paddr(pt_mfn(b, b->next)) | INIT_UPPER_FLAGS;
        b->next++;
    }
    return arch_maddr_to_virt(table[idx] & PTE_ADDR_MASK);
}

static unsigned pt_index(uint64_t va, unsigned shift)
{
    return (va >> shift) & (PT_ENTRIES - 1);
}

static void build_page_tables(struct dom0_layout *l)
{
    struct pt_builder b = {.l = l, .next = 1};
    uint64_t *l4 = pt_frame(&b, 0);
    uint64_t pt_end = l->pt_va + l->nr_pt_frames * PAGE_SIZE;

    for (uint64_t va = l->v_start; va < l->v_end; va += PAGE_SIZE) {
        uint64_t *l3 = pt_child(&b, l4, pt_index(va, L4_SHIFT));
        uint64_t *l2 = pt_child(&b, l3, pt_index(va, L3_SHIFT));
        uint64_t *l1 = pt_child(&b, l2, pt_index(va, L2_SHIFT));
        /* Page-table pages are never writable by the guest. */
        bool is_pt = va >= l->pt_va && va < pt_end;

        l1[pt_index(va, L1_SHIFT)] = mfn_to_paddr(l->p2m[va_to_pfn(l, va)]) |
                                     (is_pt ? INIT_L1_RO_FLAGS : INIT_L1_FLAGS);
    }
}

static void fill_start_info(struct dom0_layout *l)
{
    struct start_info *si = va_to_hv(l, l->start_info_va);
    const char *cmdline = boot_info.modules[0].cmdline;
    const char *space = strchr(cmdline, ' ');

    memset(si, 0, PAGE_SIZE);
    strlcpy(si->magic, START_INFO_MAGIC, sizeof(si->magic));
    si->nr_pages = l->nr_pages;
    si->shared_info = mfn_to_paddr(l->d->shared_info_mfn);
    si->flags = SIF_PRIVILEGED | SIF_INITDOMAIN;
    si->pt_base = l->pt_va;
    si->nr_pt_frames = l->nr_pt_frames;
    si->mfn_list = l->p2m_va;
    si->mod_start = l->ramdisk_va;
    si->mod_len = l->ramdisk_len;
    /* The module's string starts with its file name: skip it, as the
     * kernel's own command line is what follows. */
    strlcpy((char *)si->cmd_line, space ? space + 1 : "", sizeof(si->cmd_line));
    copy_to_dom0(l, l->p2m_va, l->p2m, l->nr_pages * sizeof(uint64_t));
}

static void setup_vcpu0(struct dom0_layout *l, mfn_t l4_mfn)
{
    struct vcpu *v = l->d->vcpu[0];
    struct cpu_regs *r = &v->arch.regs;

    r->rip = l->info.entry;
    r->rsp = l->stack_va + PAGE_SIZE;
    r->rsi = l->start_info_va;
    v->arch.kernel_sp = r->rsp;
    v->arch.kernel_root = l4_mfn;
    v->initialised = true;
    v->online = true;
    vcpu_set_runstate(v, RUNSTATE_runnable, now_ns());
    pvclock_update_vcpu(v);
    pvclock_update_wallclock(l->d);
}

/* What a PV guest of this arch may use, for the image parser. */
static const struct elf_limits guest_elf_limits = {
    .page_size = PAGE_SIZE,
    .va_hole_start = GUEST_VA_LOW_END,
    .va_hole_end = GUEST_VA_HIGH_START,
};

static void load_kernel(struct dom0_layout *l)
{
    const struct boot_module *k = &boot_info.modules[0];
    const char *why;

    l->image = arch_maddr_to_virt(k->start);
    if (elf_parse_image(l->image, k->end - k->start, &guest_elf_limits,
                        &l->info, &why))
        dom0_fail(why);
    l->v_start = l->info.virt_base;
    if (l->info.virt_kstart < l->v_start)
        dom0_fail("the kernel starts below its VIRT_BASE");
    if (elf_check_dom0_features(&l->info, &why))
        dom0_fail(why);
}

static void log_layout(const struct dom0_layout *l)
{
    pr_info("dom0: %s %s, %lu MiB, entry %#lx\n", l->info.guest_os,
            l->info.guest_version, (unsigned long)(l->nr_pages >> 8),
            (unsigned long)l->info.entry);
    pr_info("dom0: kernel %#lx-%#lx ramdisk %#lx+%#lx p2m %#lx "
            "start_info %#lx\n",
            (unsigned long)l->info.virt_kstart,
            (unsigned long)l->info.virt_kend, (unsigned long)l->ramdisk_va,
            (unsigned long)l->ramdisk_len, (unsigned long)l->p2m_va,
            (unsigned long)l->start_info_va);
    pr_info("dom0: page tables %#lx (%lu frames) stack %#lx mapped to "
            "%#lx\n",
            (unsigned long)l->pt_va, (unsigned long)l->nr_pt_frames,
            (unsigned long)l->stack_va, (unsigned long)l->v_end);
}

/*
 * dom0's vCPUs: one, or dom0_max_vcpus= (Xen's option, plain N form).
 * Each runs on the one CPU; only vCPU 0 is brought up, the others wait
 * for VCPUOP_initialise and VCPUOP_up as on Xen.
 */
static unsigned int dom0_vcpus(void)
{
    uint64_t n = hv_options.dom0_max_vcpus;

    if (n == 0)
        return 1;
    return n > MAX_VIRT_CPUS ? MAX_VIRT_CPUS : (unsigned int)n;
}

struct domain *dom0_build(void)
{
    static struct dom0_layout l;
    int err;
    mfn_t l4_mfn;

    if (boot_info.nr_modules == 0)
        dom0_fail("no dom0 kernel: give it as the first multiboot module");
    load_kernel(&l);
    size_dom0(&l);
    l.d = domain_create(0, true, dom0_vcpus(), &err);
    if (!l.d)
        dom0_fail("cannot create domain 0");
    l.d->max_pages = l.nr_pages;
    allocate_memory(&l);
    elf_load_segments(l.image, &l.info, copy_to_dom0, zero_dom0, &l);
    load_ramdisk(&l);
    build_page_tables(&l);
    fill_start_info(&l);
    /* A kernel without the note brings its own stubs (Linux 6.1 does). */
    if (l.info.has_hypercall_page)
        pv_write_hypercall_page(va_to_hv(&l, l.info.hypercall_page));
    l4_mfn = l.p2m[va_to_pfn(&l, l.pt_va)];
    err = pv_pin_table(l.d, l4_mfn, FRAME_TYPE_L4);
    if (err)
        panic("dom0 builder: the initial page tables do not validate (%d)",
              err);
    /* The vCPU's root holds its own type reference, as NEW_BASEPTR
     * would take. */
    if (get_page_and_type(mfn_to_frame(l4_mfn), l.d, FRAME_TYPE_L4))
        panic("dom0 builder: cannot reference the L4");
    setup_vcpu0(&l, l4_mfn);
    log_layout(&l);
    xfree(l.p2m);
    domain_unpause_by_controller(l.d);
    return l.d;
}

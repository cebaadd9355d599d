/*
 * Per-CPU GDT and TSS. Each CPU has its own, so that its TSS points at its
 * own ring-0 and IST stacks.
 *
 * Early boot loads a small GDT. Once memory is up, each CPU switches to
 * its full GDT, laid out as Xen's PV ABI requires: 16 pages in the
 * hypervisor range, where pages 0-13 hold the running guest's own GDT
 * frames (set_gdt), or a zero page, and pages 14-15 hold the reserved
 * entries from byte 0xE000: the hypervisor's code and data selectors,
 * the flat ring-3 selectors every PV guest uses (FLAT_RING3_CS64 0xe033,
 * FLAT_RING3_DS32 0xe02b, FLAT_RING3_CS32 0xe023), the TSS and the LDT.
 */
#include <arch/cpu.h>
#include <arch/desc.h>
#include <arch/layout.h>
#include <arch/paging.h>
#include <arch/traps.h>
#include <arch/x86.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/panic.h>
#include <public/arch-x86/xen-x86_64.h>

/* Descriptors: present, DPL, type; flat 4 GiB limit where it matters. */
#define DESC_CODE64_DPL0 0x00af9b000000ffffULL
#define DESC_DATA_DPL0 0x00cf93000000ffffULL
#define DESC_CODE32_DPL3 0x00cffb000000ffffULL
#define DESC_DATA_DPL3 0x00cff3000000ffffULL
#define DESC_CODE64_DPL3 0x00affb000000ffffULL
#define DESC_TSS_AVAILABLE 0x89ULL

#define GDT_PAGES 16
#define GDT_GUEST_PAGES 14 /* FIRST_RESERVED_GDT_PAGE */
#define GDT_RESERVED_PAGES (GDT_PAGES - GDT_GUEST_PAGES)
#define GDT_AREA_SIZE (GDT_PAGES * PAGE_SIZE)
/* Each CPU's slot: its GDT, then room for the running guest's LDT. */
#define LDT_AREA_SIZE (PV_LDT_MAX_FRAMES * PAGE_SIZE)
#define CPU_SLOT_SIZE (GDT_AREA_SIZE + LDT_AREA_SIZE)
#define DESC_LDT 0x82ULL /* present, system type 2 */
#define GDT_HV_FLAGS (PTE_P | PTE_RW | PTE_G | PTE_NX)
#define GDT_ZERO_FLAGS (PTE_P | PTE_G | PTE_NX)

_Static_assert(CPU_SLOT_SIZE *MAX_CPUS <= HV_GDT_VIRT_END - HV_GDT_VIRT,
               "a GDT and LDT area per CPU fits its region");

/* A zero frame that stands for absent guest GDT pages: every descriptor
 * in it is not present, so loading one of its selectors faults. */
static mfn_t gdt_zero_mfn = INVALID_MFN;

static void set_system_descriptor(uint64_t *gdt, unsigned index, uint64_t base,
                                  uint64_t limit, uint64_t type)
{
    gdt[index] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (type << 40) |
                 ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
    gdt[index + 1] = base >> 32;
}

static void load_segments(uint16_t cs, uint16_t ds)
{
    __asm__ volatile("pushq %q[cs]\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "movl %k[ds], %%eax\n\t"
                     "movl %%eax, %%ds\n\t"
                     "movl %%eax, %%es\n\t"
                     "movl %%eax, %%ss\n\t"
                     :
                     : [cs] "r"((uint64_t)cs), [ds] "r"((uint32_t)ds)
                     : "rax", "memory");
}

static void tss_init(struct arch_percpu *a)
{
    memset(&a->tss, 0, sizeof(a->tss));
    a->tss.rsp[0] = a->stack_top;
    for (unsigned i = 1; i <= IST_COUNT; i++)
        a->tss.ist[i - 1] = a->ist_top[i];
    /* No I/O bitmap: the base points past the limit, so every port
     * access from ring 3 faults. */
    a->tss.iomap_base = sizeof(a->tss);
}

void gdt_init_cpu(struct percpu *cpu)
{
    struct arch_percpu *a = &cpu->arch;
    struct desc_ptr ptr = {.limit = sizeof(a->early_gdt) - 1,
                           .base = (uint64_t)a->early_gdt};

    memset(a->early_gdt, 0, sizeof(a->early_gdt));
    a->early_gdt[EARLY_CS / 8] = DESC_CODE64_DPL0;
    a->early_gdt[EARLY_DS / 8] = DESC_DATA_DPL0;
    tss_init(a);
    set_system_descriptor(a->early_gdt, EARLY_TSS_SEL / 8, (uint64_t)&a->tss,
                          sizeof(a->tss) - 1, DESC_TSS_AVAILABLE);
    lgdt(&ptr);
    load_segments(EARLY_CS, EARLY_DS);
    ltr(EARLY_TSS_SEL);
}

static uint64_t gdt_area(const struct percpu *cpu)
{
    return HV_GDT_VIRT + (uint64_t)cpu->cpu_id * CPU_SLOT_SIZE;
}

static void fill_reserved_entries(struct percpu *cpu, uint64_t *gdt)
{
    struct arch_percpu *a = &cpu->arch;

    gdt[HV_CS64 / 8] = DESC_CODE64_DPL0;
    gdt[HV_DS / 8] = DESC_DATA_DPL0;
    gdt[FLAT_RING3_CS32 / 8] = DESC_CODE32_DPL3;
    gdt[FLAT_RING3_DS32 / 8] = DESC_DATA_DPL3;
    gdt[FLAT_RING3_CS64 / 8] = DESC_CODE64_DPL3;
    tss_init(a);
    set_system_descriptor(gdt, HV_TSS_SEL / 8, (uint64_t)&a->tss,
                          sizeof(a->tss) - 1, DESC_TSS_AVAILABLE);
}

void gdt_init_full(struct percpu *cpu)
{
    uint64_t va = gdt_area(cpu);
    mfn_t reserved = frames_alloc(1); /* GDT_RESERVED_PAGES = 2 */
    struct desc_ptr ptr = {.limit = GDT_AREA_SIZE - 1, .base = va};

    if (gdt_zero_mfn == INVALID_MFN) {
        gdt_zero_mfn = frame_alloc();
        if (gdt_zero_mfn == INVALID_MFN)
            panic("out of memory for the GDT zero page");
        memset(mfn_to_virt(gdt_zero_mfn), 0, PAGE_SIZE);
    }
    if (reserved == INVALID_MFN)
        panic("out of memory for the GDT of cpu %u", cpu->cpu_id);
    memset(mfn_to_virt(reserved), 0, GDT_RESERVED_PAGES * PAGE_SIZE);
    for (unsigned p = 0; p < GDT_GUEST_PAGES; p++)
        paging_map_pages(va + p * PAGE_SIZE, mfn_to_paddr(gdt_zero_mfn),
                         PAGE_SIZE, GDT_ZERO_FLAGS);
    paging_map_pages(va + GDT_GUEST_PAGES * PAGE_SIZE, mfn_to_paddr(reserved),
                     GDT_RESERVED_PAGES * PAGE_SIZE, GDT_HV_FLAGS);
    cpu->arch.gdt = (uint64_t *)va;
    cpu->arch.gdt_owner = NULL;
    fill_reserved_entries(cpu, cpu->arch.gdt);
    lgdt(&ptr);
    load_segments(HV_CS64, HV_DS);
    ltr(HV_TSS_SEL);
    idt_set_code_selector(HV_CS64);
}

/* Map 'pages' pages at va: the first nr_frames from mfns (writable for
 * the CPU, which sets accessed bits), the rest the zero page. */
static void map_descriptor_pages(uint64_t va, unsigned pages,
                                 const uint64_t *mfns, unsigned nr_frames)
{
    ASSERT(nr_frames <= pages);
    for (unsigned p = 0; p < pages; p++) {
        mfn_t mfn = p < nr_frames ? mfns[p] : gdt_zero_mfn;
        uint64_t flags = p < nr_frames ? GDT_HV_FLAGS : GDT_ZERO_FLAGS;
        paging_map_pages(va + p * PAGE_SIZE, mfn_to_paddr(mfn), PAGE_SIZE,
                         flags);
    }
}

void gdt_map_guest_frames(struct percpu *cpu, const void *owner,
                          const uint64_t *mfns, unsigned nr_frames)
{
    if (cpu->arch.gdt_owner == owner)
        return;
    map_descriptor_pages(gdt_area(cpu), GDT_GUEST_PAGES, mfns, nr_frames);
    cpu->arch.gdt_owner = owner;
}

static uint64_t ldt_area(const struct percpu *cpu)
{
    return gdt_area(cpu) + GDT_AREA_SIZE;
}

/* An LDT page not mapped (yet) is not present: the CPU's read of it
 * faults, and the fault maps it (pv/desc/ldt.c). */
void ldt_map_page(struct percpu *cpu, unsigned page, uint64_t mfn)
{
    uint64_t va = ldt_area(cpu) + (uint64_t)page * PAGE_SIZE;

    if (mfn == INVALID_MFN)
        paging_map_pages(va, 0, PAGE_SIZE, 0);
    else
        paging_map_pages(va, mfn_to_paddr(mfn), PAGE_SIZE, GDT_HV_FLAGS);
}

bool ldt_area_offset(const struct percpu *cpu, uint64_t va, uint64_t *offset)
{
    if (va < ldt_area(cpu) || va >= ldt_area(cpu) + LDT_AREA_SIZE)
        return false;
    *offset = va - ldt_area(cpu);
    return true;
}

/* Point pages 0..nr_frames-1 of the CPU's LDT area at mfns (not present
 * for INVALID_MFN and past nr_frames); load it with ents entries (0: no
 * LDT). */
void ldt_load(struct percpu *cpu, const void *owner, const uint64_t *mfns,
              unsigned nr_frames, unsigned ents)
{
    uint64_t va = ldt_area(cpu);

    if (cpu->arch.ldt_owner != owner) {
        for (unsigned p = 0; p < PV_LDT_MAX_FRAMES; p++)
            ldt_map_page(cpu, p, p < nr_frames ? mfns[p] : INVALID_MFN);
        cpu->arch.ldt_owner = owner;
    }
    if (ents == 0) {
        lldt(0);
        return;
    }
    set_system_descriptor(cpu->arch.gdt, HV_LDT_SEL / 8, va,
                          (uint64_t)ents * sizeof(uint64_t) - 1, DESC_LDT);
    lldt(HV_LDT_SEL);
}

/* The caller made sure an LDT page it reads is mapped. */
bool gdt_read_descriptor(const struct percpu *cpu, unsigned ldt_ents,
                         uint16_t sel, uint64_t *desc)
{
    unsigned index = sel >> SEL_INDEX_SHIFT;
    const uint64_t *ldt = (const uint64_t *)ldt_area(cpu);

    if (!(sel & SEL_TI)) {
        /* The GDT's limit covers all 16 pages, and all are mapped. */
        *desc = cpu->arch.gdt[index];
        return true;
    }
    if (index >= ldt_ents)
        return false;
    *desc = ldt[index];
    return true;
}

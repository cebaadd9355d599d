/*
 * The hypervisor's page tables.
 *
 * head.S enters C on boot tables that map the first 4 GiB three times
 * with large writable, executable pages. paging_init() replaces them with
 * the final layout of arch/layout.h:
 *   - the image with 4 KiB pages, W^X: text RX, rodata R, data/bss RW+NX,
 *     and the page under the boot stack left unmapped as its guard;
 *   - a direct map, RW+NX, of every RAM range of the memory map, with
 *     1 GiB or 2 MiB pages where alignment allows;
 *   - nothing else: no identity map, so a NULL dereference faults.
 * Hypervisor mappings are global: they survive CR3 switches between
 * guests, whose L4s share the hypervisor slots.
 */
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/paging.h>
#include <arch/x86.h>
#include <hv/bootinfo.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/panic.h>
#include <hv/printk.h>

#define HV_TABLE_FLAGS (PTE_P | PTE_RW)
#define HV_DATA_FLAGS (PTE_P | PTE_RW | PTE_G | PTE_NX)
#define HV_RODATA_FLAGS (PTE_P | PTE_G | PTE_NX)
#define HV_TEXT_FLAGS (PTE_P | PTE_G)
#define HV_MMIO_FLAGS (PTE_P | PTE_RW | PTE_G | PTE_NX | PTE_PCD | PTE_PWT)
/* Page tables built at boot must lie where the boot tables map them. */
#define BOOT_MAPPED_LIMIT GiB(4)
#define L3_PAGE_SIZE GiB(1)

extern char __image_start[], __text_end[], __rodata_end[], __image_end[];
extern char boot_stack_guard[];

static uint64_t *idle_l4;
static bool use_frame_allocator;
static bool have_1g_pages;

static uint64_t *table_virt(uint64_t entry)
{
    return arch_maddr_to_virt(entry & PTE_ADDR_MASK);
}

/* A zeroed page for a new page table. */
static paddr_t alloc_table(void)
{
    paddr_t pa;

    if (use_frame_allocator) {
        mfn_t mfn = frame_alloc();
        if (mfn == INVALID_MFN)
            panic("out of memory for hypervisor page tables");
        pa = mfn << PAGE_SHIFT;
        memset(arch_maddr_to_virt(pa), 0, PAGE_SIZE);
        return pa;
    }
    pa = bootmem_alloc(PAGE_SIZE, BOOT_MAPPED_LIMIT);
    if (!pa)
        panic("out of boot memory for page tables");
    return pa;
}

/*
 * The table that entry 'index' of 'table' points to, created if absent.
 * 'user' makes the path reachable from ring 3 (only the guests' read-only
 * M2P needs that; its leaf entries stay read-only).
 */
static uint64_t *next_table_for(uint64_t *table, unsigned index, bool user)
{
    if (!(table[index] & PTE_P))
        table[index] = alloc_table() | HV_TABLE_FLAGS;
    if (user)
        table[index] |= PTE_US;
    if (table[index] & PTE_PS)
        panic("page table walk hit a large page at index %u", index);
    return table_virt(table[index]);
}

static unsigned table_index(uint64_t va, unsigned shift)
{
    return (va >> shift) & (PT_ENTRIES - 1);
}

/* Map one page of size 1 << shift (shift 12, 21 or 30). */
static void map_one(uint64_t va, paddr_t pa, unsigned shift, uint64_t flags)
{
    bool user = flags & PTE_US;
    uint64_t *t = next_table_for(idle_l4, table_index(va, L4_SHIFT), user);

    if (shift == L3_SHIFT) {
        t[table_index(va, L3_SHIFT)] = pa | flags | PTE_PS;
        return;
    }
    t = next_table_for(t, table_index(va, L3_SHIFT), user);
    if (shift == L2_SHIFT) {
        t[table_index(va, L2_SHIFT)] = pa | flags | PTE_PS;
        return;
    }
    t = next_table_for(t, table_index(va, L2_SHIFT), user);
    t[table_index(va, L1_SHIFT)] = pa | flags;
}

/* Largest page size that fits at (va, pa) with len bytes left. */
static unsigned best_shift(uint64_t va, paddr_t pa, uint64_t len)
{
    if (have_1g_pages && IS_ALIGNED(va | pa, L3_PAGE_SIZE) &&
        len >= L3_PAGE_SIZE)
        return L3_SHIFT;
    if (IS_ALIGNED(va | pa, LARGE_PAGE_SIZE) && len >= LARGE_PAGE_SIZE)
        return L2_SHIFT;
    return L1_SHIFT;
}

static void map_range(uint64_t va, paddr_t pa, uint64_t len, uint64_t flags)
{
    while (len) {
        unsigned shift = best_shift(va, pa, len);
        uint64_t size = 1ULL << shift;

        map_one(va, pa, shift, flags);
        va += size;
        pa += size;
        len -= size;
    }
}

void paging_map_pages(uint64_t va, paddr_t maddr, size_t len, uint64_t flags)
{
    for (size_t off = 0; off < len; off += PAGE_SIZE) {
        map_one(va + off, maddr + off, L1_SHIFT, flags);
        invlpg((void *)(va + off));
    }
}

static bool is_ram(uint32_t type)
{
    return type == MEM_USABLE || type == MEM_ACPI_RECLAIMABLE ||
           type == MEM_ACPI_NVS;
}

static void map_direct(void)
{
    uint64_t limit = HV_DIRECTMAP_VIRT_END - HV_DIRECTMAP_VIRT;

    for (unsigned i = 0; i < boot_info.nr_mem; i++) {
        const struct mem_region *r = &boot_info.mem[i];
        paddr_t start = ALIGN_UP(r->base, PAGE_SIZE);
        paddr_t end = ALIGN_DOWN(r->base + r->len, PAGE_SIZE);

        if (!is_ram(r->type) || start >= end)
            continue;
        if (end > limit) {
            pr_warn("memory above %lu GiB is not mapped\n", limit >> 30);
            end = limit;
        }
        if (start < end)
            map_range(HV_DIRECTMAP_VIRT + start, start, end - start,
                      HV_DATA_FLAGS);
    }
}

static void map_image_part(const char *start, const char *end, uint64_t flags)
{
    for (const char *p = start; p < end; p += PAGE_SIZE) {
        if (p == boot_stack_guard)
            continue; /* the boot stack's guard page */
        map_one((uint64_t)p, (uint64_t)p - HV_IMAGE_VIRT, L1_SHIFT, flags);
    }
}

void paging_init(void)
{
    paddr_t root = alloc_table();

    have_1g_pages = cpuid(CPUID_EXT_FEATURES, 0).edx & CPUID_EXT_EDX_PDPE1GB;
    idle_l4 = arch_maddr_to_virt(root);
    map_image_part(__image_start, __text_end, HV_TEXT_FLAGS);
    map_image_part(__text_end, __rodata_end, HV_RODATA_FLAGS);
    map_image_part(__rodata_end, __image_end, HV_DATA_FLAGS);
    map_direct();
    /* Every hypervisor slot gets its L3 now: guest L4s copy these slots
     * once, so a slot created later would be missing from them. */
    for (unsigned slot = HV_FIRST_L4_SLOT; slot <= HV_LAST_L4_SLOT; slot++)
        next_table_for(idle_l4, slot,
                       slot == table_index(HV_M2P_VIRT, L4_SHIFT));
    write_cr4(read_cr4() | X86_CR4_PGE);
    write_cr3(root);
    /* Toggling PGE flushes global entries left from the boot tables. */
    write_cr4(read_cr4() & ~(unsigned long)X86_CR4_PGE);
    write_cr4(read_cr4() | X86_CR4_PGE);
}

void paging_use_frame_allocator(void)
{
    use_frame_allocator = true;
}

paddr_t paging_idle_root(void)
{
    return arch_virt_to_maddr(idle_l4);
}

const uint64_t *paging_idle_l4(void)
{
    return idle_l4;
}

/* Is va mapped by the idle tables? */
static bool is_mapped(uint64_t va)
{
    uint64_t *t = idle_l4;
    static const unsigned shifts[] = {L4_SHIFT, L3_SHIFT, L2_SHIFT, L1_SHIFT};

    for (unsigned level = 0; level < ARRAY_SIZE(shifts); level++) {
        uint64_t e = t[table_index(va, shifts[level])];
        if (!(e & PTE_P))
            return false;
        if ((e & PTE_PS) || shifts[level] == L1_SHIFT)
            return true;
        t = table_virt(e);
    }
    return false;
}

void *ioremap(paddr_t base, size_t len)
{
    paddr_t start = ALIGN_DOWN(base, PAGE_SIZE);
    paddr_t end = ALIGN_UP(base + len, PAGE_SIZE);

    for (paddr_t pa = start; pa < end; pa += PAGE_SIZE) {
        uint64_t va = HV_DIRECTMAP_VIRT + pa;
        if (!is_mapped(va))
            paging_map_pages(va, pa, PAGE_SIZE, HV_MMIO_FLAGS);
    }
    return arch_maddr_to_virt(base);
}

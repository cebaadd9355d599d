/*
 * Bring-up of memory management. mm_init() turns what the boot allocator
 * has left into the frame table, the buddy's free lists and the heap;
 * mm_print_summary() tells the console where the RAM went, so a boot
 * log shows at a glance whether the machine has the memory it should.
 */
#include "internal.h"

#include <hv/lib.h>
#include <hv/printk.h>

/* Map entries the summary lists before it says "... N more". */
#define SUMMARY_MAX_REGIONS 8
/* Sizes from this many GiB up are shown in GiB, smaller ones in MiB. */
#define SUMMARY_GIB_FROM 16
/* Room for the note after a size: "(frame table ... frames)". */
#define SUMMARY_NOTE_MAX 80

static struct {
    paddr_t table;        /* machine address of the frame table */
    uint64_t table_bytes; /* its size, in whole pages */
} mm_info;

static void give_to_buddy(paddr_t start, paddr_t end)
{
    buddy_add_range(paddr_to_mfn(start), paddr_to_mfn(end));
}

void mm_init(void)
{
    mfn_t nr = paddr_to_mfn(bootmem_max_paddr());
    size_t bytes = nr * sizeof(struct frame);
    const struct mem_region *map;
    paddr_t table;
    unsigned n;

    if (nr == 0)
        panic("mm: no usable RAM above 1 MiB");
    /* The final page tables map all RAM by now: no limit needed. */
    table = bootmem_alloc(bytes, BOOTMEM_NO_LIMIT);
    if (!table)
        panic("mm: no room for the frame table (%zu bytes)", bytes);
    frame_table_init(arch_maddr_to_virt(table), nr);
    map = bootmem_map(&n);
    frame_table_mark_io(map, n);
    mm_info.table = table;
    mm_info.table_bytes = ALIGN_UP((uint64_t)bytes, PAGE_SIZE);
    /* Whatever bootmem did not hand over stays FRAME_RESERVED: the
     * legacy area, holes, firmware, the image, modules, boot tables. */
    buddy_init();
    bootmem_retire(give_to_buddy);
    xmalloc_init();
}

struct size_text {
    uint64_t value;
    const char *unit;
};

/* A size in the unit a reader takes in fastest (rounded down). */
static struct size_text size_text(uint64_t bytes)
{
    if (bytes >= GiB(SUMMARY_GIB_FROM))
        return (struct size_text){bytes / GiB(1), "GiB"};
    if (bytes >= MiB(1))
        return (struct size_text){bytes / MiB(1), "MiB"};
    if (bytes >= KiB(1))
        return (struct size_text){bytes / KiB(1), "KiB"};
    return (struct size_text){bytes, "B"};
}

static void print_map(void)
{
    unsigned n;
    const struct mem_region *map = bootmem_map(&n);

    pr_info("Memory map:\n");
    for (unsigned i = 0; i < n && i < SUMMARY_MAX_REGIONS; i++) {
        struct size_text s = size_text(map[i].len);

        pr_info("  0x%016lx-0x%016lx %5lu %-3s %s\n", map[i].base,
                map[i].base + map[i].len, s.value, s.unit,
                mem_type_name(map[i].type));
    }
    if (n > SUMMARY_MAX_REGIONS)
        pr_info("  ... and %u more entries\n", n - SUMMARY_MAX_REGIONS);
}

/* One "  what  size unit" line of the RAM breakdown. */
static void print_share(const char *what, uint64_t bytes, const char *note)
{
    struct size_text s = size_text(bytes);

    pr_info("  %-18s %5lu %-3s%s\n", what, s.value, s.unit, note);
}

void mm_print_summary(void)
{
    struct bootmem_stats st;
    struct size_text usable, table;
    uint64_t free_frames = frames_free_count();
    char note[SUMMARY_NOTE_MAX];

    bootmem_get_stats(&st);
    usable = size_text(st.usable);
    table = size_text(mm_info.table_bytes);
    print_map();
    pr_info("RAM: %lu %s usable above 1 MiB, of which:\n", usable.value,
            usable.unit);
    print_share("image and modules", st.reserved, "");
    snprintf(note, sizeof(note), " (frame table %lu %s at %#lx, %lu frames)",
             table.value, table.unit, mm_info.table, max_mfn());
    print_share("boot allocations", st.allocated, note);
    if (st.lost)
        print_share("unused", st.lost,
                    " (more free ranges than bootmem holds)");
    snprintf(note, sizeof(note), " (%lu frames)", free_frames);
    print_share("free", mfn_to_paddr(free_frames), note);
}

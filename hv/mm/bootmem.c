/*
 * The boot memory allocator: a sorted table of free machine-address
 * ranges, built from the loader's memory map, from which the arch code
 * carves page tables and mm_init() carves the frame table. It needs no
 * memory of its own, which is the point: it runs before anything else
 * can allocate. Boot CPU only, so no lock.
 *
 * Invariant: ranges[0..nr) are page aligned, non-empty, sorted, and
 * neither overlap nor touch (touching ranges are merged).
 */
#include "internal.h"

#include <hv/lib.h>

struct range {
    paddr_t start, end; /* [start, end) */
};

static struct {
    struct range ranges[BOOTMEM_MAX_RANGES];
    unsigned nr;
    paddr_t max_paddr;
    bool retired; /* mm_init() took the memory */
    struct bootmem_stats stats;
    const struct mem_region *map;
    unsigned map_len;
} bm;

/* base + len, clamped: a loader's length may run past the top. */
static paddr_t region_end(const struct mem_region *r)
{
    return r->len > ~(paddr_t)0 - r->base ? ~(paddr_t)0 : r->base + r->len;
}

/* Page above 'pa', without wrapping at the top of the address space. */
static paddr_t round_up_page(paddr_t pa)
{
    paddr_t top = ALIGN_DOWN(~(paddr_t)0, PAGE_SIZE);

    return pa > top ? top : ALIGN_UP(pa, PAGE_SIZE);
}

static void remove_at(unsigned i)
{
    memmove(&bm.ranges[i], &bm.ranges[i + 1],
            (bm.nr - i - 1) * sizeof(bm.ranges[0]));
    bm.nr--;
}

/* Insert a new range at i, or count it lost when the table is full. */
static void insert_at(unsigned i, paddr_t start, paddr_t end)
{
    if (bm.nr == BOOTMEM_MAX_RANGES) {
        bm.stats.lost += end - start;
        return;
    }
    memmove(&bm.ranges[i + 1], &bm.ranges[i],
            (bm.nr - i) * sizeof(bm.ranges[0]));
    bm.ranges[i] = (struct range){start, end};
    bm.nr++;
}

/* Add [start, end), merging it with every range it overlaps or touches. */
static void range_add(paddr_t start, paddr_t end)
{
    unsigned i = 0, j;

    while (i < bm.nr && bm.ranges[i].end < start)
        i++;
    for (j = i; j < bm.nr && bm.ranges[j].start <= end; j++) {
        start = MIN(start, bm.ranges[j].start);
        end = MAX(end, bm.ranges[j].end);
    }
    if (j == i) {
        insert_at(i, start, end);
        return;
    }
    bm.ranges[i] = (struct range){start, end};
    while (j-- > i + 1)
        remove_at(i + 1);
}

/* Cut [start, end) out of range i, which it lies strictly inside. */
static void range_split(unsigned i, paddr_t start, paddr_t end)
{
    struct range *r = &bm.ranges[i];
    paddr_t upper_end = r->end;

    if (bm.nr == BOOTMEM_MAX_RANGES) {
        /* No slot for a second piece: keep the larger one. */
        if (upper_end - end > start - r->start) {
            bm.stats.lost += start - r->start;
            r->start = end;
        } else {
            bm.stats.lost += upper_end - end;
            r->end = start;
        }
        return;
    }
    r->end = start;
    insert_at(i + 1, end, upper_end);
}

/* Take [start, end) out of every range; returns how much was free. */
static uint64_t range_remove(paddr_t start, paddr_t end)
{
    uint64_t removed = 0;
    unsigned i = 0;

    while (i < bm.nr) {
        struct range *r = &bm.ranges[i];
        paddr_t lo = MAX(r->start, start), hi = MIN(r->end, end);

        if (lo >= hi) {
            i++;
            continue;
        }
        removed += hi - lo;
        if (lo == r->start && hi == r->end) {
            remove_at(i);
            continue;
        }
        if (lo == r->start)
            r->start = hi;
        else if (hi == r->end)
            r->end = lo;
        else
            range_split(i, lo, hi);
        i++;
    }
    return removed;
}

static uint64_t free_bytes(void)
{
    uint64_t sum = 0;

    for (unsigned i = 0; i < bm.nr; i++)
        sum += bm.ranges[i].end - bm.ranges[i].start;
    return sum;
}

void bootmem_init(const struct mem_region *map, unsigned n)
{
    memset(&bm, 0, sizeof(bm));
    bm.map = map;
    bm.map_len = n;
    /* Usable first, then everything else on top: a reserved entry wins
     * over a usable one it overlaps, whatever the order of the map. */
    for (unsigned i = 0; i < n; i++) {
        paddr_t start = MAX(map[i].base, (paddr_t)BOOTMEM_LOW_LIMIT);
        paddr_t end = ALIGN_DOWN(region_end(&map[i]), PAGE_SIZE);

        start = round_up_page(start);
        if (map[i].type == MEM_USABLE && start < end)
            range_add(start, end);
    }
    for (unsigned i = 0; i < n; i++) {
        if (map[i].type != MEM_USABLE)
            range_remove(ALIGN_DOWN(map[i].base, PAGE_SIZE),
                         round_up_page(region_end(&map[i])));
    }
    bm.max_paddr = bm.nr ? bm.ranges[bm.nr - 1].end : 0;
    bm.stats.usable = free_bytes();
}

void bootmem_reserve(paddr_t start, paddr_t end)
{
    if (bm.retired)
        panic("bootmem_reserve(%#lx, %#lx) after mm_init()", start, end);
    if (start < end)
        bm.stats.reserved +=
            range_remove(ALIGN_DOWN(start, PAGE_SIZE), round_up_page(end));
}

/* The highest page-aligned base for 'size' bytes in range i below
 * 'limit', or 0 if they do not fit there. */
static paddr_t fit_in_range(unsigned i, uint64_t size, paddr_t limit)
{
    const struct range *r = &bm.ranges[i];
    paddr_t top = MIN(r->end, ALIGN_DOWN(limit, PAGE_SIZE));

    if (top <= r->start || top - r->start < size)
        return 0;
    return top - size;
}

paddr_t bootmem_alloc(size_t bytes, paddr_t limit)
{
    uint64_t size = ALIGN_UP((uint64_t)bytes, PAGE_SIZE);

    if (bm.retired)
        panic("bootmem_alloc(%#zx) after mm_init(): use frames_alloc", bytes);
    if (bytes == 0 || size < bytes) /* nothing asked, or it wrapped */
        return 0;
    for (unsigned i = bm.nr; i-- > 0;) {
        paddr_t base = fit_in_range(i, size, limit);

        if (base) { /* never 0: nothing below 1 MiB is free */
            range_remove(base, base + size);
            bm.stats.allocated += size;
            memset(arch_maddr_to_virt(base), 0, size);
            return base;
        }
    }
    return 0;
}

paddr_t bootmem_max_paddr(void)
{
    return bm.max_paddr;
}

void bootmem_get_stats(struct bootmem_stats *stats)
{
    *stats = bm.stats;
    stats->free = free_bytes();
}

void bootmem_retire(bootmem_range_fn take)
{
    ASSERT(!bm.retired);
    bm.retired = true;
    for (unsigned i = 0; i < bm.nr; i++)
        take(bm.ranges[i].start, bm.ranges[i].end);
    bm.nr = 0;
}

const struct mem_region *bootmem_map(unsigned *n)
{
    *n = bm.map_len;
    return bm.map;
}

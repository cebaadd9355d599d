/*
 * Memory management of the hypervisor: machine frames and who may use
 * them. Four layers, each built on the one before (the top of each file
 * in hv/mm/ explains its part):
 *
 *   bootmem   ranges of free RAM from the loader's map, used only while
 *             booting, before the frame table exists (bootmem.c)
 *   frames    one struct frame per machine frame: state, owner, page
 *             type and reference counts, for direct paging (frame.c)
 *   buddy     power-of-two blocks of frames, split and coalesced
 *             (buddy.c)
 *   heap      xmalloc()/xfree() for small objects, in slab pages taken
 *             from the buddy (xmalloc.c)
 *
 * Boot order (arch_memory_init): bootmem_init(), bootmem_reserve() for the
 * image and modules, bootmem_alloc() for page tables, then mm_init() hands
 * what is left to the buddy and bootmem refuses further use.
 */
#ifndef HV_MM_H
#define HV_MM_H

#include <hv/arch.h>
#include <hv/bootinfo.h>
#include <hv/list.h>
#include <hv/panic.h>
#include <hv/types.h>

/* The frame size, PAGE_SHIFT and PAGE_SIZE, is the arch's: it comes
 * through <arch/contract_types.h> (hv/arch.h). */

#define INVALID_MFN (~(mfn_t)0)

static inline mfn_t paddr_to_mfn(paddr_t pa)
{
    return pa >> PAGE_SHIFT;
}

static inline paddr_t mfn_to_paddr(mfn_t mfn)
{
    return (paddr_t)mfn << PAGE_SHIFT;
}

/* ---- Boot memory allocator (bootmem.c). Boot CPU only, no locking. ---- */

/* Memory below this is the BIOS and legacy area: never handed out. */
#define BOOTMEM_LOW_LIMIT 0x100000
/* The most disjoint free ranges bootmem tracks; more are dropped (and
 * counted in bootmem_stats.lost), never overrun. */
#define BOOTMEM_MAX_RANGES 128
/* A bootmem_alloc() limit that excludes nothing. */
#define BOOTMEM_NO_LIMIT (~(paddr_t)0)

/*
 * Start from the loader's memory map: MEM_USABLE regions above 1 MiB,
 * rounded inward to pages, minus every other region (rounded outward),
 * whatever the order or overlap of the entries. The map is kept for
 * mm_print_summary() and must stay valid (boot_info.mem does).
 */
void bootmem_init(const struct mem_region *map, unsigned n);
/* Take [start, end) out of the free ranges, rounded outward to pages. */
void bootmem_reserve(paddr_t start, paddr_t end);
/*
 * Allocate 'bytes' (rounded up to pages), contiguous, page aligned and
 * entirely below 'limit', from the highest free address that fits, so
 * low memory stays for devices. The caller guarantees the result is
 * mapped (arch_maddr_to_virt), since the memory is zeroed through it.
 * Returns 0 when impossible. Calling it after mm_init() is a bug.
 */
paddr_t bootmem_alloc(size_t bytes, paddr_t limit);
/* End of the highest usable RAM, as bootmem_init() found it. */
paddr_t bootmem_max_paddr(void);

struct bootmem_stats {
    uint64_t usable;    /* usable RAM above 1 MiB, after the map's holes */
    uint64_t reserved;  /* removed by bootmem_reserve() */
    uint64_t allocated; /* handed out by bootmem_alloc() */
    uint64_t lost;      /* dropped because the range table was full */
    uint64_t free;      /* still free (0 once mm_init() took it) */
};
void bootmem_get_stats(struct bootmem_stats *stats);

/* ---- Frame table (frame.c). ---- */

struct domain; /* hv/domain.h */

/*
 * count_info: the frame's state in the top bits, a general reference
 * count (mappings, grants, pins by the hypervisor) in the rest. A frame
 * is in exactly one state: FRAME_FREE, FRAME_RESERVED, FRAME_HV (the
 * hypervisor's, owner NULL), or none of them (owned by a domain).
 * FRAME_IO marks reserved frames that are I/O memory, not the
 * hypervisor's: the low 1 MiB and whatever the memory map does not call
 * RAM. A domain with I/O rights may map them; they hold no count.
 * FRAME_SHARED_RO marks hypervisor frames a privileged domain may map
 * read-only (Xen's pages of DOMID_XEN, such as the M2P); never freed.
 */
#define FRAME_STATE_SHIFT 56
#define FRAME_COUNT_MASK ((1ULL << FRAME_STATE_SHIFT) - 1)
#define FRAME_STATE_BIT(n) (1ULL << (FRAME_STATE_SHIFT + (n)))
#define FRAME_FREE FRAME_STATE_BIT(7)      /* in a buddy free block */
#define FRAME_RESERVED FRAME_STATE_BIT(6)  /* firmware, hole, image, boot */
#define FRAME_HV FRAME_STATE_BIT(5)        /* allocated, the hypervisor's */
#define FRAME_HEAP FRAME_STATE_BIT(4)      /* with FRAME_HV: xmalloc's page */
#define FRAME_IO FRAME_STATE_BIT(3)        /* with FRAME_RESERVED: I/O memory */
#define FRAME_SHARED_RO FRAME_STATE_BIT(2) /* with FRAME_HV: see above */
/* A domain's frame still holding its allocation reference (one of the
 * general references), which decrease_reservation or the domain's
 * teardown drops; the last reference to go frees the frame. */
#define FRAME_ALLOCATED FRAME_STATE_BIT(1)

/*
 * type_info: what a guest uses the frame as, in the top bits; whether
 * the hypervisor has validated it for that use and whether it is pinned;
 * how many references need that type in the rest. A frame changes type
 * only when its type count is zero. The types themselves are the arch's
 * (x86 PV: page tables by level, descriptor pages, writable pages; enum
 * frame_type in arch/x86_64/include/arch/pv_mm.h) and take the values
 * 1-15; the core knows only FRAME_TYPE_NONE, a frame in no such use.
 */
#define FRAME_TYPE_NONE 0
#define FRAME_TYPE_SHIFT 60
#define FRAME_TYPE_MASK (~0ULL << FRAME_TYPE_SHIFT)
#define FRAME_TYPE(t) ((uint64_t)(t) << FRAME_TYPE_SHIFT)
#define FRAME_TYPE_VALIDATED (1ULL << (FRAME_TYPE_SHIFT - 1))
#define FRAME_TYPE_PINNED (1ULL << (FRAME_TYPE_SHIFT - 2))
#define FRAME_TYPE_COUNT_MASK ((1ULL << (FRAME_TYPE_SHIFT - 2)) - 1)

/* The order of a frame that heads no free block and belongs to no
 * allocation (reserved, or inside a free block). */
#define FRAME_ORDER_NONE 0xff

/*
 * One per machine frame, 48 bytes. The state flags of count_info, list
 * and order change under the buddy lock while the frame is free (or
 * becomes free); otherwise the frame belongs to whoever allocated it.
 */
struct frame {
    /* FRAME_FREE: the buddy free list of its order (buddy lock).
     * Owned by a domain: the domain's page list (its page lock).
     * FRAME_HEAP: the heap's list of slabs with free objects (heap lock).
     * Otherwise self-linked. */
    struct list_node list;
    /* The domain that owns the frame; NULL when free or the hypervisor's.
     * Set and cleared by the domain's allocator under its page lock. */
    struct domain *owner;
    uint64_t count_info; /* FRAME_* state + count; atomic updates */
    uint64_t type_info;  /* FRAME_TYPE_*; atomic compare-and-swap */
    /* Buddy lock: order of the free block this frame heads; while
     * allocated, order of the allocation it is part of (checked when
     * freed); else FRAME_ORDER_NONE. */
    uint8_t order;
    /* Heap lock, FRAME_HEAP only (xmalloc.c): the size class, objects
     * in use, and the page offset of the first free object. */
    uint8_t heap_class;
    uint16_t heap_inuse;
    uint16_t heap_free;
    /* Page tables only (atomic updates, arch/pv_mm.h): above 0, how many
     * linear entries this table holds to other tables of its level;
     * below 0, how many such entries name it. Never both, so linear
     * references go one level deep and cannot form a cycle. */
    int16_t linear_count;
};

/* The table and its length (every mfn below is described); frame.c. */
extern struct frame *frame_table;
extern mfn_t frame_table_frames;

/* Install 'table' for frames [0, nr): every frame reserved, unowned. */
void frame_table_init(struct frame *table, mfn_t nr);
/*
 * Mark FRAME_IO every frame below BOOTMEM_LOW_LIMIT, and every frame not
 * wholly inside a MEM_USABLE region of 'map' or touched by another
 * region: the complement of what bootmem may ever hand out, so no frame
 * of the buddy, the hypervisor or a domain is I/O. Before buddy_init().
 */
void frame_table_mark_io(const struct mem_region *map, unsigned n);

/* One past the highest machine frame the table describes. */
static inline mfn_t max_mfn(void)
{
    return frame_table_frames;
}

/* Must be checked before mfn_to_frame() on any mfn from outside. */
static inline bool mfn_valid(mfn_t mfn)
{
    return mfn < frame_table_frames;
}

static inline struct frame *mfn_to_frame(mfn_t mfn)
{
    ASSERT(mfn_valid(mfn));
    return &frame_table[mfn];
}

/* I/O memory: past the table (no RAM there) or marked FRAME_IO. */
static inline bool mfn_is_io(mfn_t mfn)
{
    return !mfn_valid(mfn) || (frame_table[mfn].count_info & FRAME_IO) != 0;
}

static inline mfn_t frame_to_mfn(const struct frame *f)
{
    return (mfn_t)(f - frame_table);
}

/* Direct-map address of a frame's contents. */
static inline void *mfn_to_virt(mfn_t mfn)
{
    return arch_maddr_to_virt(mfn_to_paddr(mfn));
}

static inline void *frame_to_virt(const struct frame *f)
{
    return mfn_to_virt(frame_to_mfn(f));
}

static inline mfn_t virt_to_mfn(const void *va)
{
    return paddr_to_mfn(arch_virt_to_maddr(va));
}

/* ---- Buddy allocator (buddy.c). Any context; takes the buddy lock
 * with interrupts off. ---- */

/* Largest block: 2^18 frames, 1 GiB, the largest x86 page. */
#define MAX_ORDER 18

/*
 * Forget every free block (the frame table must be installed). Then
 * buddy_add_range() gives it frames [start, end), which must be
 * reserved in the frame table, in the largest aligned blocks that fit.
 * mm_init() does both; tests call them on a frame array of their own.
 */
void buddy_init(void);
void buddy_add_range(mfn_t start, mfn_t end);

/*
 * 2^order contiguous frames, the first aligned to 2^order, marked
 * FRAME_HV with owner NULL and zero counts; contents not cleared.
 * Returns INVALID_MFN when no block is large enough.
 */
mfn_t frames_alloc(unsigned order);
/* Give back what frames_alloc(order) returned: same mfn, same order,
 * no references left. Anything else is a hypervisor bug: panic. */
void frames_free(mfn_t mfn, unsigned order);

static inline mfn_t frame_alloc(void)
{
    return frames_alloc(0);
}

static inline void frame_free(mfn_t mfn)
{
    frames_free(mfn, 0);
}

uint64_t frames_free_count(void);
/* Every frame the buddy was ever given (what physinfo calls total). */
uint64_t frames_total_count(void);
/* Free blocks of exactly this order, for diagnostics and tests. */
uint64_t buddy_free_blocks(unsigned order);

/* ---- Heap (xmalloc.c). Any context; takes the heap lock with
 * interrupts off, then the buddy lock. ---- */

/* Every object is aligned to at least this. */
#define XMALLOC_ALIGN 16

/* Forget every heap page; mm_init() calls it, and tests between runs. */
void xmalloc_init(void);
/* NULL when out of memory. Objects up to 2 KiB come from slab pages and
 * are aligned to their power-of-two size; larger ones are page aligned. */
void *xmalloc(size_t bytes);
void *xzalloc(size_t bytes);
/* n elements of 'size' bytes each; NULL on overflow too. */
void *xmalloc_array(size_t n, size_t size);
/* NULL is ignored. A pointer not from xmalloc, or freed twice: panic. */
void xfree(void *p);

/* ---- Bring-up (mm.c). Boot CPU. ---- */

/* Frame table, buddy and heap from what bootmem has left. */
void mm_init(void);
/* The memory map and where the RAM went, in a few lines of pr_info. */
void mm_print_summary(void);

#endif

/*
 * The hypervisor's page tables (paging.c).
 */
#ifndef ARCH_PAGING_H
#define ARCH_PAGING_H

#include <hv/types.h>

#define PTE_NX (1ULL << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000ULL
#define PT_ENTRIES 512
#define L4_SHIFT 39
#define L3_SHIFT 30
#define L2_SHIFT 21
#define L1_SHIFT 12

/*
 * Replace the boot tables with the final layout of arch/layout.h and drop
 * the boot identity map. Page-table pages come from bootmem until
 * paging_use_frame_allocator(), so bootmem_init() must have run.
 */
void paging_init(void);
/* From now on page tables come from the frame allocator. */
void paging_use_frame_allocator(void);
/* Machine address of the idle page-table root, and the table itself. */
paddr_t paging_idle_root(void);
const uint64_t *paging_idle_l4(void);
/* Map len bytes at va to machine address maddr with 4 KiB pages. */
void paging_map_pages(uint64_t va, paddr_t maddr, size_t len, uint64_t flags);
/*
 * Map len bytes of device memory at machine address base, uncached, at
 * its direct-map address; RAM already in the direct map is returned as
 * mapped. Boot CPU, before interrupts are enabled.
 */
void *ioremap(paddr_t base, size_t len);

#endif

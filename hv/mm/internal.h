/*
 * What the files of hv/mm/ tell each other and no one else: the hand-over
 * from the boot allocator to the buddy at mm_init().
 */
#ifndef HV_MM_INTERNAL_H
#define HV_MM_INTERNAL_H

#include <hv/mm.h>

typedef void (*bootmem_range_fn)(paddr_t start, paddr_t end);

/*
 * Pass every range still free to 'take', lowest first, then refuse any
 * further bootmem call: from now on the buddy owns that memory.
 */
void bootmem_retire(bootmem_range_fn take);

/* The loader's map given to bootmem_init(). */
const struct mem_region *bootmem_map(unsigned *n);

#endif

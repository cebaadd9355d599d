/*
 * arch_memory_init(): the order in which memory comes up. Boot memory
 * first (everything the memory map calls usable, minus the image and the
 * modules), then the final page tables built from it, then the frame
 * table and the buddy allocator, then what needs frames: guarded stacks.
 */
#include <arch/layout.h>
#include <arch/paging.h>
#include <arch/pv.h>
#include <arch/stacks.h>
#include <arch/traps.h>
#include <hv/bootinfo.h>
#include <hv/mm.h>
#include <hv/percpu.h>

extern char __image_start[], __image_end[];

void arch_memory_init(void)
{
    bootmem_init(boot_info.mem, boot_info.nr_mem);
    bootmem_reserve((paddr_t)__image_start - HV_IMAGE_VIRT,
                    (paddr_t)__image_end - HV_IMAGE_VIRT);
    /* Modules hold dom0 and its ramdisk: never handed out. */
    for (unsigned i = 0; i < boot_info.nr_modules; i++)
        bootmem_reserve(boot_info.modules[i].start, boot_info.modules[i].end);
    paging_init();
    mm_init();
    paging_use_frame_allocator();
    stacks_init(this_cpu());
    gdt_init_full(this_cpu());
    m2p_init();
    pv_cpu_init();
    mm_print_summary();
}

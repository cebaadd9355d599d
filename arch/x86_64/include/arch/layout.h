/*
 * Virtual memory layout of the hypervisor.
 *
 * Parasol lives only in the range Xen reserves for itself in every PV
 * address space, 0xFFFF800000000000-0xFFFF87FFFFFFFFFF (L4 slots 256-271).
 * Guests own every other address, so the same guest binary runs here and
 * on Xen. This header is included from C, assembly and the linker script,
 * hence the plain constants (no casts, no C types).
 *
 *   slot 256  0xFFFF800000000000  read-only machine-to-phys table (256 GiB)
 *   slot 257  0xFFFF808000000000  the same table, writable, hypervisor only
 *   slot 260  0xFFFF820000000000  hypervisor image (virt = base + phys)
 *   slot 261  0xFFFF828000000000  per-CPU stacks, each with a guard page
 *             0xFFFF82C000000000  per-CPU GDTs, 64 KiB each (Xen layout)
 *   slot 262+ 0xFFFF830000000000  direct map of all machine memory (5 TiB)
 */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

/* The hypervisor's range and the M2P in it are ABI: the public header
 * defines them, and its plain #defines suit the linker script too. */
#include <public/arch-x86/xen-x86_64.h>

#define HV_VIRT_START HYPERVISOR_VIRT_START
#define HV_VIRT_END HYPERVISOR_VIRT_END
#define HV_FIRST_L4_SLOT 256
#define HV_LAST_L4_SLOT 271

#define HV_M2P_VIRT MACH2PHYS_VIRT_START
#define HV_M2P_VIRT_END MACH2PHYS_VIRT_END

/* The same M2P frames, writable, for the hypervisor only (slot 257). */
#define HV_M2P_RW_VIRT 0xFFFF808000000000

#define HV_IMAGE_VIRT 0xFFFF820000000000
/* Physical load address of the image: 2 MiB keeps it clear of the BIOS
 * area and lets the boot tables map it with one large page. */
#define HV_LOAD_PHYS 0x200000

#define HV_STACKS_VIRT 0xFFFF828000000000
#define HV_STACKS_VIRT_END 0xFFFF82C000000000

#define HV_GDT_VIRT 0xFFFF82C000000000
#define HV_GDT_VIRT_END 0xFFFF830000000000

#define HV_DIRECTMAP_VIRT 0xFFFF830000000000
#define HV_DIRECTMAP_VIRT_END HV_VIRT_END

/* Boot-time stack, in .bss, used until the per-CPU stacks exist. */
#define BOOT_STACK_SIZE 0x4000

#endif

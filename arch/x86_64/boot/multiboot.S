/*
 * Multiboot 1 and Multiboot 2 headers.
 *
 * QEMU's -kernel understands only Multiboot 1 and refuses ELF64 images, so
 * the Multiboot 1 header uses the "address fields" form: QEMU (or GRUB)
 * loads build/parasol.bin, a flat copy of the image, at the physical
 * addresses given here. GRUB's multiboot2 command parses parasol.elf itself
 * and only needs the entry point, since e_entry is the 32-bit entry too.
 */
#include <arch/layout.h>

#define PHYS(sym) ((sym) - HV_IMAGE_VIRT)

#define MB1_MAGIC 0x1BADB002
#define MB1_PAGE_ALIGN (1 << 0)
#define MB1_MEMORY_INFO (1 << 1)
#define MB1_ADDRESS_FIELDS (1 << 16)
#define MB1_FLAGS (MB1_PAGE_ALIGN | MB1_MEMORY_INFO | MB1_ADDRESS_FIELDS)

#define MB2_MAGIC 0xE85250D6
#define MB2_ARCH_I386 0
#define MB2_TAG_END 0
#define MB2_TAG_ENTRY 3
#define MB2_TAG_MODULE_ALIGN 6

    .section .multiboot, "a"
    .balign 8
mb1_header:
    .long MB1_MAGIC
    .long MB1_FLAGS
    .long -(MB1_MAGIC + MB1_FLAGS)
    .long PHYS(mb1_header)          /* header_addr */
    .long PHYS(__image_start)       /* load_addr */
    .long PHYS(__load_end)          /* load_end_addr */
    .long PHYS(__bss_end)           /* bss_end_addr */
    .long PHYS(boot_entry)          /* entry_addr */

    .balign 8
mb2_header:
    .long MB2_MAGIC
    .long MB2_ARCH_I386
    .long mb2_end - mb2_header
    .long 0x100000000 - (MB2_MAGIC + MB2_ARCH_I386 + (mb2_end - mb2_header))
    .balign 8
    .short MB2_TAG_ENTRY, 0
    .long 12
    .long PHYS(boot_entry)
    .balign 8
    .short MB2_TAG_MODULE_ALIGN, 0
    .long 8
    .balign 8
    .short MB2_TAG_END, 0
    .long 8
mb2_end:

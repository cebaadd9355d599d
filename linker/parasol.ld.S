/*
 * Link map of the hypervisor image.
 *
 * Linked at HV_IMAGE_VIRT + phys and loaded at HV_LOAD_PHYS. Sections are
 * grouped by permission and page aligned so the final page tables can map
 * the image W^X: text RX, rodata R, data and bss RW+NX.
 */
#include <arch/layout.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(boot_entry)

PHDRS
{
    text PT_LOAD FLAGS(5);
    rodata PT_LOAD FLAGS(4);
    data PT_LOAD FLAGS(6);
}

SECTIONS
{
    . = HV_IMAGE_VIRT + HV_LOAD_PHYS;
    __image_start = .;

    .text : AT(ADDR(.text) - HV_IMAGE_VIRT) {
        KEEP(*(.multiboot))
        *(.text.boot)
        *(.text .text.*)
    } :text
    . = ALIGN(4096);
    __text_end = .;

    .rodata : AT(ADDR(.rodata) - HV_IMAGE_VIRT) {
        *(.rodata.boot)
        *(.rodata .rodata.*)
        . = ALIGN(8);
        __ex_table_start = .;
        KEEP(*(.ex_table))
        __ex_table_end = .;
        . = ALIGN(8);
        KEEP(*(.symtab_hv))
    } :rodata
    . = ALIGN(4096);
    __rodata_end = .;

    .data : AT(ADDR(.data) - HV_IMAGE_VIRT) {
        *(.data .data.*)
        /* The loader copies the file up to here and zeroes the rest. */
        __load_end = .;
    } :data
    . = ALIGN(4096);

    .bss : AT(ADDR(.bss) - HV_IMAGE_VIRT) {
        __bss_start = .;
        *(.bss.page_aligned)
        *(.bss .bss.* COMMON)
    } :data
    . = ALIGN(4096);
    __bss_end = .;
    __image_end = .;


    /DISCARD/ : {
        *(.note.GNU-stack) *(.comment) *(.eh_frame) *(.note.gnu.property)
    }
}

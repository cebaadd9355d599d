/*
 * ELF notes of a PV guest kernel (public guest ABI).
 *
 * A PV kernel tells the domain builder how to load it through ELF notes
 * named "Xen" (namesz 4), found in PT_NOTE segments or, failing that,
 * SHT_NOTE sections. String notes are NUL-terminated; numeric notes are
 * 1, 2, 4 or 8 bytes, little-endian. The values below are the note
 * types (n_type). The builder's parser (dom0_build) and guest-lib's
 * note macros both use these names; this file is safe to include from
 * assembly, since it holds only #defines.
 */
#ifndef __XEN_PUBLIC_ELFNOTE_H__
#define __XEN_PUBLIC_ELFNOTE_H__

/* String "NAME=VALUE": free-form information, ignored by the builder. */
#define XEN_ELFNOTE_INFO 0

/* Numeric: virtual address of the entry point (default: e_entry). */
#define XEN_ELFNOTE_ENTRY 1

/* Numeric: virtual address of the page the builder fills with stubs. */
#define XEN_ELFNOTE_HYPERCALL_PAGE 2

/* Numeric: virtual address of pseudo-physical address 0 (default 0). */
#define XEN_ELFNOTE_VIRT_BASE 3

/*
 * Numeric: pseudo-physical address = p_paddr - PADDR_OFFSET. Default 0
 * when notes are used (VIRT_BASE with the legacy __xen_guest section).
 */
#define XEN_ELFNOTE_PADDR_OFFSET 4

/* String: the ABI version the kernel expects; must start "xen-3.0". */
#define XEN_ELFNOTE_XEN_VERSION 5

/* Strings: the guest's name and version, e.g. "Mini-OS", "XTF". */
#define XEN_ELFNOTE_GUEST_OS 6
#define XEN_ELFNOTE_GUEST_VERSION 7

/*
 * String: the loader to use. The load fails unless LOADER starts with
 * "generic" or GUEST_OS starts with "linux".
 */
#define XEN_ELFNOTE_LOADER 8

/* String: "yes", "no" or "bimodal" (32-bit guests only). */
#define XEN_ELFNOTE_PAE_MODE 9

/*
 * String: XENFEAT_* names (features.h) separated by '|'. A '!' before a
 * name marks the feature as required: the load fails without it.
 */
#define XEN_ELFNOTE_FEATURES 10

/* String: "yes" asks for the symbol table to be loaded after the image. */
#define XEN_ELFNOTE_BSD_SYMTAB 11

/* Numeric: lowest start of the hypervisor hole (32-bit guests only). */
#define XEN_ELFNOTE_HV_START_LOW 12

/* Numeric pairs (mask, value) identifying non-present PTEs holding MFNs. */
#define XEN_ELFNOTE_L1_MFN_VALID 13

/* Numeric: the guest supports the suspend-cancel protocol. */
#define XEN_ELFNOTE_SUSPEND_CANCEL 14

/* Numeric: virtual address for the initial p2m, outside the image. */
#define XEN_ELFNOTE_INIT_P2M 15

/* Numeric: the guest accepts an unmapped initrd given by its first PFN. */
#define XEN_ELFNOTE_MOD_START_PFN 16

/* Numeric: bitmap of XENFEAT_* bits the guest supports. */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17

/* Numeric: 32-bit physical entry point and relocation (PVH only). */
#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define XEN_ELFNOTE_PHYS32_RELOC 19

/* The highest note type a loader looks for. */
#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_RELOC

/* Notes of crash dumps, never found in a guest kernel image. */
#define XEN_ELFNOTE_CRASH_INFO 0x1000001
#define XEN_ELFNOTE_CRASH_REGS 0x1000002
#define XEN_ELFNOTE_DUMPCORE_NONE 0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER 0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION 0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION 0x2000003

#endif

/*
 * Architectural constants of x86_64 used by both C and assembly:
 * control register bits, MSR numbers, EFLAGS bits, selectors.
 */
#ifndef ARCH_X86_H
#define ARCH_X86_H

/* The hypervisor's selectors are ABI (the public header's plain
 * #defines, which assembly may use too). */
#include <public/arch-x86/xen-x86_64.h>

#define X86_CR0_PE (1 << 0)
#define X86_CR0_MP (1 << 1)
#define X86_CR0_EM (1 << 2)
#define X86_CR0_TS (1 << 3)
#define X86_CR0_NE (1 << 5)
#define X86_CR0_WP (1 << 16)
#define X86_CR0_PG (1 << 31)

#define X86_CR4_PAE (1 << 5)
#define X86_CR4_MCE (1 << 6)
#define X86_CR4_PGE (1 << 7)
#define X86_CR4_OSFXSR (1 << 9)
#define X86_CR4_OSXMMEXCPT (1 << 10)
#define X86_CR4_FSGSBASE (1 << 16)
#define X86_CR4_SMEP (1 << 20)
#define X86_CR4_SMAP (1 << 21)

#define MSR_EFER 0xC0000080
#define EFER_SCE (1 << 0)
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define MSR_STAR 0xC0000081
#define MSR_LSTAR 0xC0000082
#define MSR_CSTAR 0xC0000083
#define MSR_SFMASK 0xC0000084
#define MSR_FS_BASE 0xC0000100
#define MSR_GS_BASE 0xC0000101
#define MSR_KERNEL_GS_BASE 0xC0000102
#define MSR_TSC_AUX 0xC0000103
#define MSR_TSC_DEADLINE 0x6E0
#define MSR_APIC_BASE 0x1B
#define MSR_PLATFORM_INFO 0xCE

#define X86_EFLAGS_CF (1 << 0)
#define X86_EFLAGS_FIXED (1 << 1) /* reads as 1 */
#define X86_EFLAGS_TF (1 << 8)
#define X86_EFLAGS_IF (1 << 9)
#define X86_EFLAGS_DF (1 << 10)
#define X86_EFLAGS_IOPL (3 << 12)
#define X86_EFLAGS_NT (1 << 14)
#define X86_EFLAGS_RF (1 << 16)
#define X86_EFLAGS_VM (1 << 17)
#define X86_EFLAGS_AC (1 << 18)

/* CPUID feature bits checked before entering long mode. */
#define CPUID_EXT_LEAF 0x80000000
#define CPUID_EXT_FEATURES 0x80000001
#define CPUID_EXT_EDX_NX (1 << 20)
#define CPUID_EXT_EDX_PDPE1GB (1 << 26)
#define CPUID_EXT_EDX_LM (1 << 29)

/*
 * Selectors. Early boot uses a small GDT (EARLY_*). Once memory is up,
 * each CPU switches to its full GDT in Xen's layout (gdt.c): guest
 * descriptors in pages 0-13, and the reserved entries from byte 0xE000,
 * where the hypervisor's own selectors and the flat guest selectors of
 * the PV ABI (FLAT_RING3_*, public/arch-x86/xen-x86_64.h) live.
 */
#define EARLY_CS 0x08
#define EARLY_DS 0x10
#define EARLY_TSS_SEL 0x40
#define HV_CS64 __HYPERVISOR_CS
#define HV_DS __HYPERVISOR_DS32
#define HV_TSS_SEL 0xe040
#define HV_LDT_SEL 0xe050

/* The two canonical halves of a 48-bit virtual address space: below
 * X86_CANONICAL_LOW_END and from X86_CANONICAL_HIGH_START on. */
#define X86_CANONICAL_LOW_END 0x0000800000000000
#define X86_CANONICAL_HIGH_START 0xFFFF800000000000

#define PAGE_SHIFT 12
#define PAGE_SIZE 4096
#define LARGE_PAGE_SIZE 0x200000

/* Page-table entry bits. */
#define PTE_P (1 << 0)
#define PTE_RW (1 << 1)
#define PTE_US (1 << 2)
#define PTE_PWT (1 << 3)
#define PTE_PCD (1 << 4)
#define PTE_A (1 << 5)
#define PTE_D (1 << 6)
#define PTE_PS (1 << 7)
#define PTE_G (1 << 8)

#endif

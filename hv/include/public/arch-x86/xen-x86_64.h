/*
 * x86_64 part of the PV guest ABI: the address-space split, the flat
 * segment selectors, the register frame (cpu_user_regs), the iret
 * hypercall frame and the per-vCPU arch state in vcpu_info.
 *
 * Included by arch-x86/xen.h; compiles on its own too. Everything
 * outside the __ASSEMBLY__ guard is a plain #define that assembly
 * (hypercall page, guest entry code) may use.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_XEN_X86_64_H__
#define __XEN_PUBLIC_ARCH_X86_XEN_X86_64_H__

/*
 * Flat selectors in the hypervisor's reserved GDT area (from byte
 * 0xE000 on, see FIRST_RESERVED_GDT_PAGE). They are present in every
 * guest GDT. Guest kernels and guest user mode both run in ring 3,
 * so kernel and user selectors are the same.
 */
#define FLAT_RING3_CS32 0xe023 /* 32-bit code, ring 3 */
#define FLAT_RING3_DS32 0xe02b /* data, ring 3 */
#define FLAT_RING3_SS32 0xe02b
#define FLAT_RING3_CS64 0xe033 /* 64-bit code, ring 3 */
#define FLAT_RING3_DS64 0x0000 /* null: data segments are flat in 64-bit */
#define FLAT_RING3_SS64 0xe02b

#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS FLAT_KERNEL_SS64

#define FLAT_USER_DS64 FLAT_RING3_DS64
#define FLAT_USER_DS32 FLAT_RING3_DS32
#define FLAT_USER_DS FLAT_USER_DS64
#define FLAT_USER_CS64 FLAT_RING3_CS64
#define FLAT_USER_CS32 FLAT_RING3_CS32
#define FLAT_USER_CS FLAT_USER_CS64
#define FLAT_USER_SS64 FLAT_RING3_SS64
#define FLAT_USER_SS32 FLAT_RING3_SS32
#define FLAT_USER_SS FLAT_USER_SS64

/*
 * The hypervisor's own ring-0 selectors, in the same reserved area.
 * Guests never load them. (In Xen these live in the hypervisor's
 * private headers, where __HYPERVISOR_DS means the null DS64; Parasol
 * names the 32-bit data selector, as its GDT uses it for SS.)
 */
#define __HYPERVISOR_CS 0xe008
#define __HYPERVISOR_DS32 0xe010
#define __HYPERVISOR_DS64 0x0000
#define __HYPERVISOR_DS __HYPERVISOR_DS32

/*
 * The hypervisor hole: L4 slots 256-271. A guest can map nothing here;
 * the hypervisor fills these slots of every L4 it validates.
 */
#define HYPERVISOR_VIRT_START 0xFFFF800000000000
#define HYPERVISOR_VIRT_END 0xFFFF880000000000

/*
 * The machine-to-phys table (M2P), read-only to guest kernels:
 * m2p[mfn] is the guest PFN held in machine frame mfn. 256 GiB of
 * unsigned longs at the bottom of the hole.
 */
#define MACH2PHYS_VIRT_START 0xFFFF800000000000
#define MACH2PHYS_VIRT_END 0xFFFF804000000000
#define MACH2PHYS_NR_ENTRIES ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)

/* set_segment_base (hypercall 25): which base to set. */
#define SEGBASE_FS 0          /* FS base */
#define SEGBASE_GS_USER 1     /* GS base of guest user mode */
#define SEGBASE_GS_KERNEL 2   /* GS base of guest kernel mode */
#define SEGBASE_GS_USER_SEL 3 /* load a GS selector (base[15:0]) for user */

/* iret_context.flags: return through the syscall path (keep rcx, r11). */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL VGCF_in_syscall

#ifndef __ASSEMBLY__

#include <stdint.h>

/* Guest side: the M2P as an array (hypervisor code never uses this). */
#define machine_to_phys_mapping ((unsigned long *)MACH2PHYS_VIRT_START)

/*
 * The frame the iret hypercall (23) finds at the guest's rsp: the
 * guest leaves rip..ss (as for iretq), pushes flags, and the hypercall
 * stub pushes rcx, r11, rax. 72 bytes.
 */
struct iret_context {
    uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};

/*
 * The guest's registers, as saved on entry to the hypervisor and as
 * passed in vcpu_guest_context. Segment selectors are 16-bit fields
 * padded to 8 bytes. 200 bytes.
 */
struct cpu_user_regs {
    uint64_t r15;
    uint64_t r14;
    uint64_t r13;
    uint64_t r12;
    uint64_t rbp;
    uint64_t rbx;
    uint64_t r11;
    uint64_t r10;
    uint64_t r9;
    uint64_t r8;
    uint64_t rax;
    uint64_t rcx;
    uint64_t rdx;
    uint64_t rsi;
    uint64_t rdi;
    uint32_t error_code;   /* hypervisor use only */
    uint32_t entry_vector; /* hypervisor use only */
    uint64_t rip;
    uint16_t cs, _pad0[1];
    uint8_t saved_upcall_mask;
    uint8_t _pad1[3];
    uint64_t rflags;
    uint64_t rsp;
    uint16_t ss, _pad2[3];
    uint16_t es, _pad3[3];
    uint16_t ds, _pad4[3];
    uint16_t fs, _pad5[3];
    uint16_t gs, _pad6[3];
};
typedef struct cpu_user_regs cpu_user_regs_t;

/* Per-vCPU arch state in vcpu_info: cr2 of the last #PF bounced. */
struct arch_vcpu_info {
    unsigned long cr2;
    unsigned long pad; /* keeps vcpu_info at 64 bytes */
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/* A guest callback address (set_callbacks, callback_op). */
typedef unsigned long xen_callback_t;
#define XEN_CALLBACK(e) ((unsigned long)(e))

/* Layouts are ABI: pin them. */
#include "../abi_check.h"
XEN_ABI_CHECK_SIZE(struct iret_context, 72);
XEN_ABI_CHECK_OFFSET(struct iret_context, rax, 0);
XEN_ABI_CHECK_OFFSET(struct iret_context, r11, 8);
XEN_ABI_CHECK_OFFSET(struct iret_context, rcx, 16);
XEN_ABI_CHECK_OFFSET(struct iret_context, flags, 24);
XEN_ABI_CHECK_OFFSET(struct iret_context, rip, 32);
XEN_ABI_CHECK_OFFSET(struct iret_context, cs, 40);
XEN_ABI_CHECK_OFFSET(struct iret_context, rflags, 48);
XEN_ABI_CHECK_OFFSET(struct iret_context, rsp, 56);
XEN_ABI_CHECK_OFFSET(struct iret_context, ss, 64);
XEN_ABI_CHECK_SIZE(struct cpu_user_regs, 200);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, r15, 0);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, r14, 8);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, r13, 16);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, r12, 24);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, rbp, 32);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, rbx, 40);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, r11, 48);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, r10, 56);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, r9, 64);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, r8, 72);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, rax, 80);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, rcx, 88);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, rdx, 96);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, rsi, 104);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, rdi, 112);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, error_code, 120);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, entry_vector, 124);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, rip, 128);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, cs, 136);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, saved_upcall_mask, 140);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, rflags, 144);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, rsp, 152);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, ss, 160);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, es, 168);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, ds, 176);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, fs, 184);
XEN_ABI_CHECK_OFFSET(struct cpu_user_regs, gs, 192);
XEN_ABI_CHECK_SIZE(struct arch_vcpu_info, 16);
XEN_ABI_CHECK_OFFSET(struct arch_vcpu_info, cr2, 0);
XEN_ABI_CHECK_OFFSET(struct arch_vcpu_info, pad, 8);
XEN_ABI_CHECK_SIZE(xen_callback_t, 8);

#endif /* !__ASSEMBLY__ */

#endif

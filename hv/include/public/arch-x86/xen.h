/*
 * x86 part of the PV guest ABI: guest handles, the basic types
 * (xen_pfn_t, xen_ulong_t), the reserved GDT area, the virtual IDT
 * entry (trap_info), a vCPU's full context (vcpu_guest_context) and
 * the arch part of shared_info. The x86_64 specifics are in
 * xen-x86_64.h, included here.
 *
 * Guest handles. A hypercall argument that points into guest memory
 * is a "guest handle": XEN_GUEST_HANDLE(type) is a one-member struct
 * { type *p; }, 8 bytes, always the guest's virtual address. Wrapping
 * the pointer keeps it from being dereferenced by accident: the
 * hypervisor reads and writes through a handle only with its copy
 * helpers (copy_from_guest, copy_to_guest), never with *h.p. Guests
 * fill one with set_xen_guest_handle(h, ptr).
 */
#ifndef __XEN_PUBLIC_ARCH_X86_XEN_H__
#define __XEN_PUBLIC_ARCH_X86_XEN_H__

#include "xen-x86_64.h"

/* The reserved GDT area: pages 14 and 15 of a 16-page GDT. */
#define FIRST_RESERVED_GDT_PAGE 14
#define FIRST_RESERVED_GDT_BYTE (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/* vCPUs whose vcpu_info lives in shared_info. */
#define XEN_LEGACY_MAX_VCPUS 32

/* Flags of vcpu_guest_context.flags (VGCF_in_syscall: xen-x86_64.h). */
#define _VGCF_i387_valid 0
#define VGCF_i387_valid (1 << _VGCF_i387_valid) /* fpu_ctxt is valid */
#define VGCF_I387_VALID VGCF_i387_valid
#define _VGCF_in_kernel 2
#define VGCF_in_kernel (1 << _VGCF_in_kernel) /* in guest kernel mode */
#define VGCF_IN_KERNEL VGCF_in_kernel
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events 4
#define VGCF_syscall_disables_events (1 << _VGCF_syscall_disables_events)
#define _VGCF_online 5
#define VGCF_online (1 << _VGCF_online) /* the vCPU is up */

/* trap_info.flags: bits 0-1 the DPL, bit 2 masks events on entry. */
#define TI_GET_DPL(_ti) ((_ti)->flags & 3)
#define TI_GET_IF(_ti) ((_ti)->flags & 4)
#define TI_SET_DPL(_ti, _dpl) ((_ti)->flags |= (_dpl))
#define TI_SET_IF(_ti, _if) ((_ti)->flags |= ((!!(_if)) << 2))

#ifndef __ASSEMBLY__

#include <stdint.h>

#define ___DEFINE_XEN_GUEST_HANDLE(name, type)                                 \
    typedef struct {                                                           \
        type *p;                                                               \
    } __guest_handle_##name
/* A handle type named name, for pointers to type (and a const one). */
#define __DEFINE_XEN_GUEST_HANDLE(name, type)                                  \
    ___DEFINE_XEN_GUEST_HANDLE(name, type);                                    \
    ___DEFINE_XEN_GUEST_HANDLE(const_##name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name) __DEFINE_XEN_GUEST_HANDLE(name, name)
#define __XEN_GUEST_HANDLE(name) __guest_handle_##name
#define XEN_GUEST_HANDLE(name) __XEN_GUEST_HANDLE(name)
/* On x86_64 every handle is already 64 bits wide. */
#define XEN_GUEST_HANDLE_64(name) XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_PARAM(name) XEN_GUEST_HANDLE(name)
/* Guest side: point a handle at val (a guest pointer, or NULL). */
#define set_xen_guest_handle_raw(hnd, val)                                     \
    do {                                                                       \
        (hnd).p = (val);                                                       \
    } while (0)
#define set_xen_guest_handle(hnd, val) set_xen_guest_handle_raw(hnd, val)
#define get_xen_guest_handle(val, hnd)                                         \
    do {                                                                       \
        (val) = (hnd).p;                                                       \
    } while (0)

/* A guest page frame number (pseudo-physical or machine). */
typedef unsigned long xen_pfn_t;
#define PRI_xen_pfn "lx"
#define PRIu_xen_pfn "lu"

/* A word as wide as the guest's unsigned long (event bitmaps, ...). */
typedef unsigned long xen_ulong_t;
#define PRI_xen_ulong "lx"

/*
 * One entry of the virtual IDT (set_trap_table, hypercall 0). An
 * array of them ends with an entry whose address is 0. 16 bytes.
 */
struct trap_info {
    uint8_t vector;        /* exception or interrupt vector */
    uint8_t flags;         /* DPL in bits 0-1; bit 2: mask events */
    uint16_t cs;           /* code selector (ignored on x86_64) */
    unsigned long address; /* handler's virtual address */
};
typedef struct trap_info trap_info_t;
DEFINE_XEN_GUEST_HANDLE(trap_info_t);

/*
 * A vCPU's whole state: loaded by VCPUOP_initialise and
 * XEN_DOMCTL_setvcpucontext, read by XEN_DOMCTL_getvcpucontext.
 * 5168 bytes.
 */
struct vcpu_guest_context {
    struct {
        char x[512];
    } fpu_ctxt;                         /* FXSAVE image */
    unsigned long flags;                /* VGCF_* */
    struct cpu_user_regs user_regs;     /* general registers */
    struct trap_info trap_ctxt[256];    /* the virtual IDT */
    unsigned long ldt_base, ldt_ents;   /* LDT (MMUEXT_SET_LDT) */
    unsigned long gdt_frames[16];       /* GDT frames (set_gdt) */
    unsigned long gdt_ents;             /* GDT entries */
    unsigned long kernel_ss, kernel_sp; /* stack_switch */
    unsigned long ctrlreg[8];           /* [3] = CR3, [1] = user CR3 */
    unsigned long debugreg[8];          /* DR0-DR7 */
    unsigned long event_callback_eip;   /* CALLBACKTYPE_event */
    unsigned long failsafe_callback_eip;
    unsigned long syscall_callback_eip;
    unsigned long vm_assist; /* VMASST_TYPE_* bits */
    uint64_t fs_base;        /* SEGBASE_FS */
    uint64_t gs_base_kernel; /* SEGBASE_GS_KERNEL */
    uint64_t gs_base_user;   /* SEGBASE_GS_USER */
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);

/*
 * The x86 part of XEN_DOMCTL_createdomain (and of getdomaininfo's
 * answer): which devices the hypervisor emulates for the domain. A PV
 * domain has none, so emulation_flags is 0 for it. 8 bytes.
 */
struct xen_arch_domainconfig {
#define _XEN_X86_EMU_LAPIC 0
#define XEN_X86_EMU_LAPIC (1U << _XEN_X86_EMU_LAPIC)
#define _XEN_X86_EMU_HPET 1
#define XEN_X86_EMU_HPET (1U << _XEN_X86_EMU_HPET)
#define _XEN_X86_EMU_PM 2
#define XEN_X86_EMU_PM (1U << _XEN_X86_EMU_PM)
#define _XEN_X86_EMU_RTC 3
#define XEN_X86_EMU_RTC (1U << _XEN_X86_EMU_RTC)
#define _XEN_X86_EMU_IOAPIC 4
#define XEN_X86_EMU_IOAPIC (1U << _XEN_X86_EMU_IOAPIC)
#define _XEN_X86_EMU_PIC 5
#define XEN_X86_EMU_PIC (1U << _XEN_X86_EMU_PIC)
#define _XEN_X86_EMU_VGA 6
#define XEN_X86_EMU_VGA (1U << _XEN_X86_EMU_VGA)
#define _XEN_X86_EMU_IOMMU 7
#define XEN_X86_EMU_IOMMU (1U << _XEN_X86_EMU_IOMMU)
#define _XEN_X86_EMU_PIT 8
#define XEN_X86_EMU_PIT (1U << _XEN_X86_EMU_PIT)
#define _XEN_X86_EMU_USE_PIRQ 9
#define XEN_X86_EMU_USE_PIRQ (1U << _XEN_X86_EMU_USE_PIRQ)
#define _XEN_X86_EMU_VPCI 10
#define XEN_X86_EMU_VPCI (1U << _XEN_X86_EMU_VPCI)
#define XEN_X86_EMU_ALL ((1U << (_XEN_X86_EMU_VPCI + 1)) - 1)
    uint32_t emulation_flags;
/* Reads of MSRs the hypervisor does not handle give 0, not #GP. */
#define XEN_X86_MSR_RELAXED (1U << 0)
    uint32_t misc_flags;
};

/* The arch part of shared_info: where the guest keeps its p2m. */
struct arch_shared_info {
    unsigned long max_pfn; /* highest PFN + 1 of the p2m */
    /* Frame of the list of frames of the list of p2m frames. */
    xen_pfn_t pfn_to_mfn_frame_list_list;
    unsigned long nmi_reason;
    unsigned long p2m_cr3;        /* root of a virtual p2m (0: none) */
    unsigned long p2m_vaddr;      /* virtual address of that p2m */
    unsigned long p2m_generation; /* bumped around each p2m change */
};
typedef struct arch_shared_info arch_shared_info_t;

XEN_ABI_CHECK_SIZE(xen_pfn_t, 8);
XEN_ABI_CHECK_SIZE(xen_ulong_t, 8);
XEN_ABI_CHECK_SIZE(struct trap_info, 16);
XEN_ABI_CHECK_OFFSET(struct trap_info, vector, 0);
XEN_ABI_CHECK_OFFSET(struct trap_info, flags, 1);
XEN_ABI_CHECK_OFFSET(struct trap_info, cs, 2);
XEN_ABI_CHECK_OFFSET(struct trap_info, address, 8);
XEN_ABI_CHECK_SIZE(struct xen_arch_domainconfig, 8);
XEN_ABI_CHECK_OFFSET(struct xen_arch_domainconfig, misc_flags, 4);
_Static_assert(XEN_X86_EMU_ALL == 0x7ff, "XEN_X86_EMU_ALL");
XEN_ABI_CHECK_SIZE(struct vcpu_guest_context, 5168);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, fpu_ctxt, 0);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, flags, 512);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, user_regs, 520);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, trap_ctxt, 720);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, ldt_base, 4816);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, ldt_ents, 4824);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, gdt_frames, 4832);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, gdt_ents, 4960);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, kernel_ss, 4968);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, kernel_sp, 4976);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, ctrlreg, 4984);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, debugreg, 5048);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, event_callback_eip, 5112);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, failsafe_callback_eip, 5120);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, syscall_callback_eip, 5128);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, vm_assist, 5136);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, fs_base, 5144);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, gs_base_kernel, 5152);
XEN_ABI_CHECK_OFFSET(struct vcpu_guest_context, gs_base_user, 5160);
XEN_ABI_CHECK_SIZE(struct arch_shared_info, 48);
XEN_ABI_CHECK_OFFSET(struct arch_shared_info, max_pfn, 0);
XEN_ABI_CHECK_OFFSET(struct arch_shared_info, pfn_to_mfn_frame_list_list, 8);
XEN_ABI_CHECK_OFFSET(struct arch_shared_info, nmi_reason, 16);
XEN_ABI_CHECK_OFFSET(struct arch_shared_info, p2m_cr3, 24);
XEN_ABI_CHECK_OFFSET(struct arch_shared_info, p2m_vaddr, 32);
XEN_ABI_CHECK_OFFSET(struct arch_shared_info, p2m_generation, 40);

#endif /* !__ASSEMBLY__ */

#endif

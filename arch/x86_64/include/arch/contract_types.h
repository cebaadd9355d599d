/*
 * x86_64 data that core structures embed (see hv/arch.h).
 */
#ifndef ARCH_CONTRACT_TYPES_H
#define ARCH_CONTRACT_TYPES_H

#include <arch/desc.h>
#include <arch/regs.h>
#include <arch/x86.h>
#include <hv/types.h>
#include <public/arch-x86/xen-x86_64.h>

/*
 * The virtual addresses a PV guest owns: the lower canonical half, below
 * GUEST_VA_LOW_END, and the upper half from GUEST_VA_HIGH_START, the end
 * of the range the ABI keeps for the hypervisor. The image parser
 * (hv/lib/elf.c) keeps a kernel out of the hole between, given these
 * by the dom0 builder.
 */
#define GUEST_VA_LOW_END X86_CANONICAL_LOW_END
#define GUEST_VA_HIGH_START HYPERVISOR_VIRT_END

/* Interrupt stack table slots used by the hypervisor (TSS.IST1..7). */
enum ist_slot {
    IST_NONE = 0,
    IST_DOUBLE_FAULT = 1,
    IST_NMI = 2,
    IST_MACHINE_CHECK = 3,
    IST_COUNT = 3,
};

struct __packed tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
};

/* The early GDT: null, CS, DS, then the TSS (two slots) at 0x40. */
#define EARLY_GDT_ENTRIES 10

struct arch_percpu {
    uint64_t early_gdt[EARLY_GDT_ENTRIES] __aligned(16);
    uint64_t *gdt;         /* full GDT (gdt.c), NULL until memory is up */
    const void *gdt_owner; /* vCPU whose GDT frames are mapped in it */
    const void *ldt_owner; /* vCPU whose LDT frames are mapped */
    struct tss64 tss;
    uint64_t stack_top;              /* RSP0: entries from ring 3 */
    uint64_t syscall_scratch;        /* guest rsp during syscall entry */
    const void *fpu_owner;           /* vCPU whose state is in the FPU */
    uint64_t loaded_root;            /* CR3 now loaded (machine address) */
    uint64_t ist_top[IST_COUNT + 1]; /* indexed by enum ist_slot */
    bool x2apic;
    bool tsc_deadline;
};

/* Guest GDT frames: Xen's limit, 14 pages below the reserved entries. */
#define PV_GDT_MAX_FRAMES 14
/* The LDT limit (Xen's): 8192 descriptors, which fill 16 pages. */
#define PV_LDT_MAX_ENTRIES 8192
#define PV_LDT_MAX_FRAMES (PV_LDT_MAX_ENTRIES * DESC_SIZE / PAGE_SIZE)
#define PV_NR_TRAPS 256
#define FXSAVE_AREA_SIZE 512

/* A virtual IDT entry (set_trap_table). */
struct pv_trap {
    uint64_t address; /* 0: no handler */
    uint8_t flags;    /* trap_info.flags: DPL, mask-events bit */
};

/* Callbacks registered with set_callbacks/callback_op. */
struct pv_callback {
    uint64_t address;
    bool mask_events;
};

enum pv_callback_type {
    PV_CB_EVENT,
    PV_CB_FAILSAFE,
    PV_CB_SYSCALL,
    PV_CB_SYSCALL32,
    PV_CB_SYSENTER,
    PV_CB_NMI,
    PV_CB_COUNT,
};

/*
 * The x86 PV state of a vCPU. Guest registers live in 'regs' only while
 * the vCPU is not running; while it runs, they are the frame at the top
 * of its CPU's stack (pv/context.c). Touched only by the vCPU's own CPU.
 */
struct arch_vcpu {
    struct cpu_regs regs;
    bool in_kernel;       /* guest kernel mode (else guest user) */
    uint64_t kernel_root; /* mfn of the kernel L4 (CR3 >> 12) */
    uint64_t user_root;   /* mfn of the user L4, 0 if none */
    uint64_t kernel_sp;   /* stack_switch: stack for user->kernel */
    uint16_t kernel_ss;
    uint64_t fs_base;
    uint64_t gs_base_kernel;
    uint64_t gs_base_user;
    uint32_t tsc_aux; /* what rdtscp returns in ecx (MSR_TSC_AUX) */
    struct pv_trap traps[PV_NR_TRAPS];
    struct pv_callback callbacks[PV_CB_COUNT];
    uint64_t gdt_frames[PV_GDT_MAX_FRAMES]; /* mfns, validated */
    unsigned int gdt_ents;
    uint64_t ldt_base; /* guest address (SET_LDT) */
    unsigned int ldt_ents;
    uint64_t ldt_frames[PV_LDT_MAX_FRAMES]; /* its mfns, typed segdesc */
    bool fpu_ts; /* virtual CR0.TS (fpu_taskswitch) */
    bool fpu_initialised;
    /* VCPUOP_send_nmi: one NMI waits in nmi_pending (set from any CPU)
     * until delivered through vector 2; none is delivered while the
     * handler of the last one runs (nmi_masked, until its iret). */
    bool nmi_pending;
    bool nmi_masked;
    uint8_t fpu_area[FXSAVE_AREA_SIZE] __aligned(16);
};

struct arch_domain {
    /* What createdomain asked for (XEN_X86_EMU_*, XEN_X86_MSR_RELAXED):
     * kept for getdomaininfo; a PV domain emulates at most a PIT. */
    uint32_t emulation_flags;
    uint32_t misc_flags;
};

#endif

/*
 * The PV guest ABI: hypercall numbers, domain IDs, start_info,
 * shared_info and vcpu_info, the MMU calls, multicall, VIRQs and the
 * small calls whose arguments need no header of their own.
 *
 * This is Xen's public PV x86_64 ABI, with Xen's names, so a guest
 * written for Xen reads the same against Parasol. The hypervisor,
 * guest-lib and the dom0 tools all include this tree, and nothing in
 * it depends on hypervisor internals.
 *
 * Guest pointers in structures are guest handles, XEN_GUEST_HANDLE(t):
 * an 8-byte struct { t *p; } holding a guest virtual address (see
 * arch-x86/xen.h). Guests set them with set_xen_guest_handle(); the
 * hypervisor reaches guest memory through a handle only with its copy
 * helpers, never by dereferencing .p.
 *
 * Calling convention (x86_64): the guest calls hypercall_page + 32 * N
 * with N in rax (the stub sets it) and arguments 1-5 in rdi, rsi, rdx,
 * r10, r8. The result comes back in rax: >= 0 on success, -XEN_Exxx
 * (errno.h) on failure. rcx and r11 are preserved by the stub.
 *
 * Each hypercall's IN/OUT arguments and errors are documented beside
 * its number below, or beside its sub-ops in the header named there.
 * Every call may also return -EFAULT when a guest pointer it must
 * follow is bad, and -ENOSYS when Parasol does not implement it.
 */
#ifndef __XEN_PUBLIC_XEN_H__
#define __XEN_PUBLIC_XEN_H__

#include "arch-x86/xen.h"

/* ---- Hypercall numbers ----------------------------------------------- */

/*
 * set_trap_table(const trap_info_t *traps)
 * IN: an array ended by an entry with address 0. Only the vectors
 * listed change; NULL clears the whole virtual IDT.
 * Errors: -EINVAL a non-canonical handler address.
 */
#define __HYPERVISOR_set_trap_table 0

/*
 * mmu_update(const mmu_update_t *req, unsigned count,
 *            unsigned *done, unsigned foreigndom)
 * IN: count requests (MMU_* command in the low 2 bits of ptr);
 * foreigndom: bits 15:0 own the data pages named by the new entries;
 * bits 31:16, when not 0, are 1 + the owner of the page tables.
 * OUT: *done (if done is not NULL) = requests carried out.
 * Errors: -EINVAL unknown command or an entry that fails validation;
 * -EPERM a frame the caller may not map or update; -ESRCH unknown
 * foreigndom.
 */
#define __HYPERVISOR_mmu_update 1

/*
 * set_gdt(const xen_pfn_t *frames, unsigned entries)
 * IN: the frames of the new GDT (entries / 512 rounded up), each
 * mapped read-only by the guest; entries <= FIRST_RESERVED_GDT_ENTRY.
 * Errors: -EINVAL too many entries or a descriptor that fails
 * validation.
 */
#define __HYPERVISOR_set_gdt 2

/*
 * stack_switch(unsigned long ss, unsigned long sp)
 * IN: the kernel stack used on entry from guest user mode.
 * Errors: -EINVAL if sp is not a guest address.
 */
#define __HYPERVISOR_stack_switch 3

/*
 * set_callbacks(unsigned long event, unsigned long failsafe,
 *               unsigned long syscall)
 * IN: the three callback addresses, registered with flags 0.
 * Errors: -EINVAL if an address is not a guest address.
 */
#define __HYPERVISOR_set_callbacks 4

/*
 * fpu_taskswitch(int set)
 * IN: 1 sets the virtual CR0.TS (next FPU use traps as #NM), 0 clears.
 * Errors: none (0).
 */
#define __HYPERVISOR_fpu_taskswitch 5

#define __HYPERVISOR_sched_op_compat 6 /* legacy: sched_op(cmd, ulong) */
#define __HYPERVISOR_platform_op 7     /* dom0 platform control */
#define __HYPERVISOR_dom0_op __HYPERVISOR_platform_op

/*
 * set_debugreg(int reg, unsigned long value) / get_debugreg(int reg)
 * Errors: -EINVAL a bad register number or value. get_debugreg
 * returns the value.
 */
#define __HYPERVISOR_set_debugreg 8
#define __HYPERVISOR_get_debugreg 9

/*
 * update_descriptor(uint64_t maddr, uint64_t desc)
 * IN: machine address of a GDT/LDT entry in a frame the caller owns,
 * and the new descriptor. Errors: -EINVAL misaligned address or a
 * descriptor that fails validation; -EPERM a frame not owned.
 */
#define __HYPERVISOR_update_descriptor 10

/* 11 is unassigned. memory_op: memory.h. */
#define __HYPERVISOR_memory_op 12

/*
 * multicall(multicall_entry_t *calls, unsigned long nr)
 * IN: nr entries, each an op and its arguments; they run in order.
 * OUT: each entry's result. Returns 0 once all have run.
 * Errors: -EINVAL a multicall nested in a multicall.
 */
#define __HYPERVISOR_multicall 13

/*
 * update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
 * IN: write pte into the L1 entry that maps va in the current page
 * tables, then flush as UVMF_* flags say.
 * Errors: -EINVAL va not mapped by an L1 of the guest, or pte fails
 * validation; -EPERM a frame the caller may not map.
 */
#define __HYPERVISOR_update_va_mapping 14

/*
 * set_timer_op(uint64_t timeout)
 * IN: absolute system time (ns) at which VIRQ_TIMER fires; 0 cancels.
 * Errors: none (0).
 */
#define __HYPERVISOR_set_timer_op 15

/* event_channel_op_compat(struct evtchn_op *): event_channel.h. */
#define __HYPERVISOR_event_channel_op_compat 16
/* xen_version(int cmd, void *arg): version.h. */
#define __HYPERVISOR_xen_version 17

/*
 * console_io(unsigned cmd, unsigned count, char *buf)
 * CONSOLEIO_write: IN count bytes of buf to the hypervisor console;
 * returns 0. CONSOLEIO_read: OUT up to count bytes of console input;
 * returns the number read.
 * Errors: -EPERM the caller may not use the console (reading is for
 * dom0); -EINVAL an unknown cmd.
 */
#define __HYPERVISOR_console_io 18

#define __HYPERVISOR_physdev_op_compat 19
/* grant_table_op(unsigned cmd, void *uops, unsigned count): grant_table.h */
#define __HYPERVISOR_grant_table_op 20

/*
 * vm_assist(unsigned cmd, unsigned type)
 * IN: VMASST_CMD_enable or _disable of one VMASST_TYPE_*.
 * Errors: -EINVAL an unknown cmd or type.
 */
#define __HYPERVISOR_vm_assist 21

/*
 * update_va_mapping_otherdomain(va, pte, flags, domid_t domid)
 * As update_va_mapping, with the new entry's frame owned by domid.
 * Errors: as update_va_mapping; -ESRCH unknown domid; -EPERM not
 * privileged.
 */
#define __HYPERVISOR_update_va_mapping_otherdomain 22

/*
 * iret: no register arguments. IN: a struct iret_context at the
 * guest's rsp (arch-x86/xen-x86_64.h). Returns to the frame's rip and
 * never to the caller; a bad frame crashes the domain.
 */
#define __HYPERVISOR_iret 23

/* vcpu_op(int cmd, unsigned vcpuid, void *arg): vcpu.h. */
#define __HYPERVISOR_vcpu_op 24

/*
 * set_segment_base(unsigned which, unsigned long base)
 * IN: which = SEGBASE_* (arch-x86/xen-x86_64.h).
 * Errors: -EINVAL an unknown which or a non-canonical base.
 */
#define __HYPERVISOR_set_segment_base 25

/*
 * mmuext_op(const mmuext_op_t *ops, unsigned count, unsigned *done,
 *           unsigned foreigndom)
 * IN: count extended MMU operations (MMUEXT_*); foreigndom as for
 * mmu_update. OUT: *done (if not NULL) = operations carried out.
 * Errors: -EINVAL an unknown cmd, a table that fails validation, a
 * pin of a pinned table or an unpin of an unpinned one; -EPERM a frame
 * the caller does not own; -ESRCH unknown foreigndom.
 */
#define __HYPERVISOR_mmuext_op 26

#define __HYPERVISOR_xsm_op 27
#define __HYPERVISOR_nmi_op 28
/* sched_op(int cmd, void *arg): sched.h. */
#define __HYPERVISOR_sched_op 29
/* callback_op(int cmd, const void *arg): callback.h. */
#define __HYPERVISOR_callback_op 30
#define __HYPERVISOR_xenoprof_op 31
/* event_channel_op(int cmd, void *arg): event_channel.h. */
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_physdev_op 33
#define __HYPERVISOR_hvm_op 34
/* sysctl(struct xen_sysctl *) and domctl(struct xen_domctl *): dom0. */
#define __HYPERVISOR_sysctl 35
#define __HYPERVISOR_domctl 36
#define __HYPERVISOR_kexec_op 37
#define __HYPERVISOR_tmem_op 38 /* obsolete */
#define __HYPERVISOR_argo_op 39
#define __HYPERVISOR_xenpmu_op 40
#define __HYPERVISOR_dm_op 41
#define __HYPERVISOR_hypfs_op 42

/* Architecture-specific calls (x86: 48 = mca). */
#define __HYPERVISOR_arch_0 48
#define __HYPERVISOR_arch_1 49
#define __HYPERVISOR_arch_2 50
#define __HYPERVISOR_arch_3 51
#define __HYPERVISOR_arch_4 52
#define __HYPERVISOR_arch_5 53
#define __HYPERVISOR_arch_6 54
#define __HYPERVISOR_arch_7 55
#define __HYPERVISOR_mca __HYPERVISOR_arch_0

/* ---- VIRQs: virtual interrupts, bound with EVTCHNOP_bind_virq -------- */
/* V: one per vCPU; G: global (bound on vCPU 0); D: per domain. */
#define VIRQ_TIMER 0      /* V: set_timer_op / singleshot timer fired */
#define VIRQ_DEBUG 1      /* V: debug key pressed (for the guest) */
#define VIRQ_CONSOLE 2    /* G: hypervisor console input (dom0) */
#define VIRQ_DOM_EXC 3    /* G: a domain shut down or crashed (dom0) */
#define VIRQ_TBUF 4       /* G: trace buffer has records */
#define VIRQ_DEBUGGER 6   /* G: a domain paused for the debugger */
#define VIRQ_XENOPROF 7   /* V: profiling samples */
#define VIRQ_CON_RING 8   /* G: the hypervisor console ring has text */
#define VIRQ_PCPU_STATE 9 /* G: a physical CPU came or went */
#define VIRQ_MEM_EVENT 10 /* G: memory event */
#define VIRQ_ARGO 11      /* D: argo message */
#define VIRQ_ENOMEM 12    /* G: low on heap memory */
#define VIRQ_XENPMU 13    /* V: PMU interrupt */
#define VIRQ_ARCH_0 16    /* 16-23: architecture-specific */
#define VIRQ_ARCH_1 17
#define VIRQ_ARCH_2 18
#define VIRQ_ARCH_3 19
#define VIRQ_ARCH_4 20
#define VIRQ_ARCH_5 21
#define VIRQ_ARCH_6 22
#define VIRQ_ARCH_7 23
#define NR_VIRQS 24

/* ---- mmu_update: the command in the low 2 bits of ptr ----------------- */
/* ptr = machine address of a PTE; the new entry (val) is validated. */
#define MMU_NORMAL_PT_UPDATE 0
/* ptr = a machine address in frame mfn; m2p[mfn] = val (a PFN). */
#define MMU_MACHPHYS_UPDATE 1
/* As MMU_NORMAL_PT_UPDATE, keeping the entry's Accessed/Dirty bits. */
#define MMU_PT_UPDATE_PRESERVE_AD 2
/* As MMU_NORMAL_PT_UPDATE, with val not translated (PV: the same). */
#define MMU_PT_UPDATE_NO_TRANSLATE 3

/* ---- mmuext_op commands (args in struct mmuext_op) ------------------- */
#define MMUEXT_PIN_L1_TABLE 0 /* arg1.mfn: validate and pin as an L1 */
#define MMUEXT_PIN_L2_TABLE 1 /* ... as an L2 */
#define MMUEXT_PIN_L3_TABLE 2 /* ... as an L3 */
#define MMUEXT_PIN_L4_TABLE 3 /* ... as an L4 */
#define MMUEXT_UNPIN_TABLE 4  /* arg1.mfn: drop the pin */
#define MMUEXT_NEW_BASEPTR 5  /* arg1.mfn: new kernel CR3 (a valid L4) */
#define MMUEXT_TLB_FLUSH_LOCAL 6
#define MMUEXT_INVLPG_LOCAL 7    /* arg1.linear_addr */
#define MMUEXT_TLB_FLUSH_MULTI 8 /* arg2.vcpumask */
#define MMUEXT_INVLPG_MULTI 9    /* arg1.linear_addr, arg2.vcpumask */
#define MMUEXT_TLB_FLUSH_ALL 10
#define MMUEXT_INVLPG_ALL 11 /* arg1.linear_addr */
#define MMUEXT_FLUSH_CACHE 12
#define MMUEXT_SET_LDT 13 /* arg1.linear_addr (page-aligned), arg2.nr_ents */
#define MMUEXT_NEW_USER_BASEPTR 15 /* arg1.mfn: user-mode CR3 (0: none) */
#define MMUEXT_CLEAR_PAGE 16       /* arg1.mfn: zero the frame */
#define MMUEXT_COPY_PAGE 17        /* arg1.mfn <- arg2.src_mfn */
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER 19   /* arg1.mfn */
#define MMUEXT_UNMARK_SUPER 20 /* arg1.mfn */

/* ---- update_va_mapping flags ----------------------------------------- */
#define UVMF_NONE 0      /* no flush */
#define UVMF_TLB_FLUSH 1 /* flush the whole TLB */
#define UVMF_INVLPG 2    /* flush the one entry */
#define UVMF_FLUSHTYPE_MASK 3
/*
 * Which vCPUs flush. UVMF_MULTI: a pointer to a bitmap of vCPUs is
 * ORed into the flags; it must be 8-byte aligned, so that bits 2:0
 * stay free for the flush type and UVMF_ALL.
 */
#define UVMF_MULTI 0      /* the vCPUs in the bitmap */
#define UVMF_LOCAL 0      /* this vCPU only */
#define UVMF_ALL (1 << 2) /* every vCPU of the domain */

/* ---- console_io commands --------------------------------------------- */
#define CONSOLEIO_write 0
#define CONSOLEIO_read 1

/* ---- vm_assist --------------------------------------------------------- */
#define VMASST_CMD_enable 0
#define VMASST_CMD_disable 1
#define VMASST_TYPE_4gb_segments 0
#define VMASST_TYPE_4gb_segments_notify 1
#define VMASST_TYPE_writable_pagetables 2 /* always on in Parasol */
#define VMASST_TYPE_pae_extended_cr3 3
#define VMASST_TYPE_architectural_iopl 4
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict 32 /* hide the M2P from guest user mode */

/* ---- Domain IDs ------------------------------------------------------ */
#define DOMID_FIRST_RESERVED 0x7FF0
#define DOMID_SELF 0x7FF0    /* the calling domain */
#define DOMID_IO 0x7FF1      /* owner of I/O memory */
#define DOMID_XEN 0x7FF2     /* owner of hypervisor pages */
#define DOMID_COW 0x7FF3     /* owner of shared (copy-on-write) pages */
#define DOMID_INVALID 0x7FF4 /* no domain */
#define DOMID_ANY 0x7FF5     /* any domain (wildcard) */
#define DOMID_IDLE 0x7FFF    /* the idle domain */
#define DOMID_MASK 0x7FFF

/* ---- start_info ------------------------------------------------------ */
#define MAX_GUEST_CMDLINE 1024
/* start_info.flags */
#define SIF_PRIVILEGED (1 << 0)      /* privileged domain (dom0) */
#define SIF_INITDOMAIN (1 << 1)      /* the initial domain (dom0) */
#define SIF_MULTIBOOT_MOD (1 << 2)   /* mod_start is a multiboot list */
#define SIF_MOD_START_PFN (1 << 3)   /* mod_start is a PFN, unmapped */
#define SIF_VIRT_P2M_4TOOLS (1 << 4) /* p2m described by shared_info */
#define SIF_PM_MASK (0xFF << 8)      /* power-management flags */

/* ---- Event channels: the 2-level bitmaps in shared_info --------------- */
#define EVTCHN_2L_NR_CHANNELS (64 * 64) /* 64 words of 64 bits */
#define NR_EVENT_CHANNELS EVTCHN_2L_NR_CHANNELS

/* vcpu_time_info.flags */
#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED (1 << 1)

#ifndef __ASSEMBLY__

#include <stdint.h>

/* Handles for the basic types (const_... variants too). */
DEFINE_XEN_GUEST_HANDLE(char);
__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
DEFINE_XEN_GUEST_HANDLE(int);
__DEFINE_XEN_GUEST_HANDLE(uint, unsigned int);
DEFINE_XEN_GUEST_HANDLE(long);
__DEFINE_XEN_GUEST_HANDLE(ulong, unsigned long);
DEFINE_XEN_GUEST_HANDLE(void);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);
__DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);

typedef uint16_t domid_t;
/* A domain's UUID (XEN_DOMCTL_setdomainhandle). */
typedef uint8_t xen_domain_handle_t[16];

/*
 * A bitmap passed to the control calls (CPU maps): nr_bits bits, bit n
 * in byte n / 8 at position n % 8. 16 bytes.
 */
struct xenctl_bitmap {
    XEN_GUEST_HANDLE_64(uint8) bitmap;
    uint32_t nr_bits;
};
typedef struct xenctl_bitmap xenctl_bitmap_t;

/* One mmu_update request: 16 bytes. */
struct mmu_update {
    uint64_t ptr; /* machine address; MMU_* command in bits 1:0 */
    uint64_t val; /* the new entry (or PFN for MMU_MACHPHYS_UPDATE) */
};
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);

/* One mmuext_op request: 24 bytes. */
struct mmuext_op {
    unsigned int cmd; /* MMUEXT_* */
    union {
        xen_pfn_t mfn;             /* PIN_*, UNPIN, *_BASEPTR, pages */
        unsigned long linear_addr; /* INVLPG_*, SET_LDT */
    } arg1;
    union {
        unsigned int nr_ents;                  /* SET_LDT */
        XEN_GUEST_HANDLE(const_void) vcpumask; /* *_MULTI */
        xen_pfn_t src_mfn;                     /* COPY_PAGE */
    } arg2;
};
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);

/*
 * One call of a multicall: op is the hypercall number, args its
 * arguments (at most 5 are used); result receives its return value.
 * 64 bytes.
 */
struct multicall_entry {
    xen_ulong_t op;
    xen_ulong_t result;
    xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

/*
 * The PV clock of one vCPU (32 bytes). The hypervisor bumps version
 * before and after each update (odd: update in progress), so a reader
 * retries while version is odd or has changed. Current system time:
 *   system_time + ((((tsc - tsc_timestamp) << tsc_shift) *
 *                   tsc_to_system_mul) >> 32)
 * where a negative tsc_shift shifts right.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;     /* TSC when system_time was sampled */
    uint64_t system_time;       /* ns since boot at tsc_timestamp */
    uint32_t tsc_to_system_mul; /* ns per shifted tick, times 2^32 */
    int8_t tsc_shift;
    uint8_t flags; /* XEN_PVCLOCK_* */
    uint8_t pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;

/*
 * Per-vCPU event state and clock (64 bytes). An upcall is delivered
 * when evtchn_upcall_pending is 1 and evtchn_upcall_mask is 0.
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;  /* set by the hypervisor */
    uint8_t evtchn_upcall_mask;     /* set by the guest to hold events */
    xen_ulong_t evtchn_pending_sel; /* bit i: evtchn_pending[i] has news */
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

/*
 * The page the hypervisor shares with each domain (its first 3136
 * bytes). Port p is pending when bit p % 64 of evtchn_pending[p / 64]
 * is set, and masked when the same bit of evtchn_mask is set. The wall
 * clock (wc_*) is the time at system time 0, in seconds and ns since
 * the Unix epoch, under the wc_version seqlock.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi; /* upper 32 bits of the seconds */
    struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;

/*
 * What a PV guest finds at rsi on its first instruction (1168
 * bytes). Addresses named "VA" are guest virtual addresses in the
 * initial mapping. For dom0, start_info is followed on its page by a
 * console description at console.dom0.info_off.
 */
struct start_info {
    char magic[32];            /* "xen-3.0-x86_64" */
    unsigned long nr_pages;    /* pages of the domain */
    unsigned long shared_info; /* machine address of shared_info */
    uint32_t flags;            /* SIF_* */
    xen_pfn_t store_mfn;       /* xenstore ring (domU) */
    uint32_t store_evtchn;     /* its event channel */
    union {
        struct {
            xen_pfn_t mfn;   /* console ring */
            uint32_t evtchn; /* its event channel */
        } domU;
        struct {
            uint32_t info_off;  /* offset of the console info */
            uint32_t info_size; /* its size */
        } dom0;
    } console;
    unsigned long pt_base;      /* VA of the L4 page table */
    unsigned long nr_pt_frames; /* page-table frames of the mapping */
    unsigned long mfn_list;     /* VA of the p2m: mfn_list[pfn] = mfn */
    unsigned long mod_start;    /* VA of the initrd (PFN if MOD_START_PFN) */
    unsigned long mod_len;      /* its size in bytes */
    int8_t cmd_line[MAX_GUEST_CMDLINE];
    unsigned long first_p2m_pfn; /* p2m placed by INIT_P2M (else 0) */
    unsigned long nr_p2m_frames;
};
typedef struct start_info start_info_t;

XEN_ABI_CHECK_SIZE(domid_t, 2);
XEN_ABI_CHECK_SIZE(xen_domain_handle_t, 16);
XEN_ABI_CHECK_SIZE(struct xenctl_bitmap, 16);
XEN_ABI_CHECK_OFFSET(struct xenctl_bitmap, nr_bits, 8);
XEN_ABI_CHECK_SIZE(struct mmu_update, 16);
XEN_ABI_CHECK_OFFSET(struct mmu_update, val, 8);
XEN_ABI_CHECK_SIZE(struct mmuext_op, 24);
XEN_ABI_CHECK_OFFSET(struct mmuext_op, arg1, 8);
XEN_ABI_CHECK_OFFSET(struct mmuext_op, arg2, 16);
XEN_ABI_CHECK_SIZE(struct multicall_entry, 64);
XEN_ABI_CHECK_OFFSET(struct multicall_entry, result, 8);
XEN_ABI_CHECK_OFFSET(struct multicall_entry, args, 16);
XEN_ABI_CHECK_SIZE(struct vcpu_time_info, 32);
XEN_ABI_CHECK_OFFSET(struct vcpu_time_info, tsc_timestamp, 8);
XEN_ABI_CHECK_OFFSET(struct vcpu_time_info, system_time, 16);
XEN_ABI_CHECK_OFFSET(struct vcpu_time_info, tsc_to_system_mul, 24);
XEN_ABI_CHECK_OFFSET(struct vcpu_time_info, tsc_shift, 28);
XEN_ABI_CHECK_OFFSET(struct vcpu_time_info, flags, 29);
XEN_ABI_CHECK_SIZE(struct vcpu_info, 64);
XEN_ABI_CHECK_OFFSET(struct vcpu_info, evtchn_upcall_pending, 0);
XEN_ABI_CHECK_OFFSET(struct vcpu_info, evtchn_upcall_mask, 1);
XEN_ABI_CHECK_OFFSET(struct vcpu_info, evtchn_pending_sel, 8);
XEN_ABI_CHECK_OFFSET(struct vcpu_info, arch.cr2, 16);
XEN_ABI_CHECK_OFFSET(struct vcpu_info, arch.pad, 24);
XEN_ABI_CHECK_OFFSET(struct vcpu_info, time, 32);
XEN_ABI_CHECK_SIZE(struct shared_info, 3136);
XEN_ABI_CHECK_OFFSET(struct shared_info, evtchn_pending, 2048);
XEN_ABI_CHECK_OFFSET(struct shared_info, evtchn_mask, 2560);
XEN_ABI_CHECK_OFFSET(struct shared_info, wc_version, 3072);
XEN_ABI_CHECK_OFFSET(struct shared_info, wc_sec, 3076);
XEN_ABI_CHECK_OFFSET(struct shared_info, wc_nsec, 3080);
XEN_ABI_CHECK_OFFSET(struct shared_info, wc_sec_hi, 3084);
XEN_ABI_CHECK_OFFSET(struct shared_info, arch.max_pfn, 3088);
XEN_ABI_CHECK_OFFSET(struct shared_info, arch.pfn_to_mfn_frame_list_list, 3096);
XEN_ABI_CHECK_OFFSET(struct shared_info, arch.nmi_reason, 3104);
XEN_ABI_CHECK_OFFSET(struct shared_info, arch.p2m_cr3, 3112);
XEN_ABI_CHECK_OFFSET(struct shared_info, arch.p2m_vaddr, 3120);
XEN_ABI_CHECK_OFFSET(struct shared_info, arch.p2m_generation, 3128);
_Static_assert(NR_EVENT_CHANNELS == 4096, "NR_EVENT_CHANNELS");
_Static_assert(sizeof(((struct shared_info *)0)->evtchn_pending) * 8 ==
                   NR_EVENT_CHANNELS,
               "one pending bit per port");
XEN_ABI_CHECK_SIZE(struct start_info, 1168);
XEN_ABI_CHECK_OFFSET(struct start_info, nr_pages, 32);
XEN_ABI_CHECK_OFFSET(struct start_info, shared_info, 40);
XEN_ABI_CHECK_OFFSET(struct start_info, flags, 48);
XEN_ABI_CHECK_OFFSET(struct start_info, store_mfn, 56);
XEN_ABI_CHECK_OFFSET(struct start_info, store_evtchn, 64);
XEN_ABI_CHECK_OFFSET(struct start_info, console.domU.mfn, 72);
XEN_ABI_CHECK_OFFSET(struct start_info, console.domU.evtchn, 80);
XEN_ABI_CHECK_OFFSET(struct start_info, console.dom0.info_off, 72);
XEN_ABI_CHECK_OFFSET(struct start_info, console.dom0.info_size, 76);
XEN_ABI_CHECK_OFFSET(struct start_info, pt_base, 88);
XEN_ABI_CHECK_OFFSET(struct start_info, nr_pt_frames, 96);
XEN_ABI_CHECK_OFFSET(struct start_info, mfn_list, 104);
XEN_ABI_CHECK_OFFSET(struct start_info, mod_start, 112);
XEN_ABI_CHECK_OFFSET(struct start_info, mod_len, 120);
XEN_ABI_CHECK_OFFSET(struct start_info, cmd_line, 128);
XEN_ABI_CHECK_OFFSET(struct start_info, first_p2m_pfn, 1152);
XEN_ABI_CHECK_OFFSET(struct start_info, nr_p2m_frames, 1160);

#endif /* !__ASSEMBLY__ */

#endif

/*
 * Domain control (public ABI, privileged): the argument of
 * domctl(struct xen_domctl *), hypercall 36.
 *
 * The toolstack in dom0 creates, builds, starts, pauses and destroys
 * other domains through this call. This is Xen 4.17's interface
 * (version 0x15) with its numbers and layouts, so a Xen toolstack
 * drives Parasol unchanged. Each call names its target in
 * xen_domctl.domain and its command in cmd; the arguments are in the
 * union member named after the command.
 *
 * Errors common to every command, checked in this order:
 * -EFAULT the struct cannot be read; -EACCES interface_version is not
 * XEN_DOMCTL_INTERFACE_VERSION; -EPERM the caller is not privileged;
 * -ESRCH the target domain does not exist (commands that need one).
 * docs/abi.md lists what each command answers, as measured on Xen.
 */
#ifndef __XEN_PUBLIC_DOMCTL_H__
#define __XEN_PUBLIC_DOMCTL_H__

#include "xen.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

/* ---- XEN_DOMCTL_createdomain ------------------------------------------ */

/*
 * IN: xen_domctl.domain: the new ID, or 0 or >= DOMID_FIRST_RESERVED
 * to let the hypervisor choose; OUT: the ID given. The domain starts
 * paused by its controller, with no vCPU and no memory.
 */
struct xen_domctl_createdomain {
    uint32_t ssidref;           /* IN: security label (XSM) */
    xen_domain_handle_t handle; /* IN: the UUID */
#define _XEN_DOMCTL_CDF_hvm 0
#define XEN_DOMCTL_CDF_hvm (1U << _XEN_DOMCTL_CDF_hvm)
#define _XEN_DOMCTL_CDF_hap 1
#define XEN_DOMCTL_CDF_hap (1U << _XEN_DOMCTL_CDF_hap)
#define _XEN_DOMCTL_CDF_s3_integrity 2
#define XEN_DOMCTL_CDF_s3_integrity (1U << _XEN_DOMCTL_CDF_s3_integrity)
#define _XEN_DOMCTL_CDF_oos_off 3
#define XEN_DOMCTL_CDF_oos_off (1U << _XEN_DOMCTL_CDF_oos_off)
#define _XEN_DOMCTL_CDF_xs_domain 4
#define XEN_DOMCTL_CDF_xs_domain (1U << _XEN_DOMCTL_CDF_xs_domain)
#define _XEN_DOMCTL_CDF_iommu 5
#define XEN_DOMCTL_CDF_iommu (1U << _XEN_DOMCTL_CDF_iommu)
#define _XEN_DOMCTL_CDF_nested_virt 6
#define XEN_DOMCTL_CDF_nested_virt (1U << _XEN_DOMCTL_CDF_nested_virt)
#define XEN_DOMCTL_CDF_vpmu (1U << 7)
#define XEN_DOMCTL_CDF_MAX XEN_DOMCTL_CDF_vpmu /* the highest flag */
    uint32_t flags;                            /* IN: XEN_DOMCTL_CDF_* */
#define _XEN_DOMCTL_IOMMU_no_sharept 0
#define XEN_DOMCTL_IOMMU_no_sharept (1U << _XEN_DOMCTL_IOMMU_no_sharept)
#define XEN_DOMCTL_IOMMU_MAX XEN_DOMCTL_IOMMU_no_sharept
    uint32_t iommu_opts;         /* IN: XEN_DOMCTL_IOMMU_* */
    uint32_t max_vcpus;          /* IN: vCPUs the domain may have */
    uint32_t max_evtchn_port;    /* IN: highest event channel port */
    int32_t max_grant_frames;    /* IN: < 0 = the hypervisor's default */
    int32_t max_maptrack_frames; /* IN: < 0 = the hypervisor's default */
#define XEN_DOMCTL_GRANT_version_mask 0xf
#define XEN_DOMCTL_GRANT_version(v) ((v)&XEN_DOMCTL_GRANT_version_mask)
    uint32_t grant_opts;   /* IN: highest grant table version (low bits) */
    uint32_t vmtrace_size; /* IN: per-vCPU trace buffer bytes, 0 = none */
    uint32_t cpupool_id;   /* IN: 0 or an existing CPU pool */
    struct xen_arch_domainconfig arch; /* IN */
};

/* ---- XEN_DOMCTL_getdomaininfo ----------------------------------------- */

/*
 * IN: xen_domctl.domain; OUT: the state of that domain (Xen answers
 * for the first existing domain with an ID >= the one asked).
 * Also the element of XEN_SYSCTL_getdomaininfolist.
 */
struct xen_domctl_getdomaininfo {
    domid_t domain; /* OUT: the domain described */
    uint16_t pad1;
#define _XEN_DOMINF_dying 0
#define XEN_DOMINF_dying (1U << _XEN_DOMINF_dying) /* being destroyed */
#define _XEN_DOMINF_hvm_guest 1
#define XEN_DOMINF_hvm_guest (1U << _XEN_DOMINF_hvm_guest)
#define _XEN_DOMINF_shutdown 2
#define XEN_DOMINF_shutdown (1U << _XEN_DOMINF_shutdown) /* shut down */
#define _XEN_DOMINF_paused 3
#define XEN_DOMINF_paused (1U << _XEN_DOMINF_paused) /* by its controller */
#define _XEN_DOMINF_blocked 4
#define XEN_DOMINF_blocked (1U << _XEN_DOMINF_blocked) /* all vCPUs wait */
#define _XEN_DOMINF_running 5
#define XEN_DOMINF_running (1U << _XEN_DOMINF_running) /* a vCPU runs */
#define _XEN_DOMINF_debugged 6
#define XEN_DOMINF_debugged (1U << _XEN_DOMINF_debugged)
#define _XEN_DOMINF_xs_domain 7
#define XEN_DOMINF_xs_domain (1U << _XEN_DOMINF_xs_domain)
#define _XEN_DOMINF_hap 8
#define XEN_DOMINF_hap (1U << _XEN_DOMINF_hap)
/* With XEN_DOMINF_shutdown: the SHUTDOWN_* reason in bits 16-23. */
#define XEN_DOMINF_shutdownmask 255
#define XEN_DOMINF_shutdownshift 16
    uint32_t flags; /* OUT: XEN_DOMINF_* */
    uint64_t tot_pages;
    uint64_t max_pages;
    uint64_t outstanding_pages;
    uint64_t shr_pages;
    uint64_t paged_pages;
    uint64_t shared_info_frame; /* frame of the domain's shared_info */
    uint64_t cpu_time;          /* ns run, all vCPUs */
    uint32_t nr_online_vcpus;
#define XEN_INVALID_MAX_VCPU_ID (~0U) /* the domain has no vCPU */
    uint32_t max_vcpu_id;
    uint32_t ssidref;
    xen_domain_handle_t handle;
    uint32_t cpupool;
    uint8_t gpaddr_bits; /* guest physical address width */
    uint8_t pad2[7];
    struct xen_arch_domainconfig arch_config;
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_getdomaininfo_t);

/* ---- XEN_DOMCTL_max_mem: IN the domain's memory limit in KiB. ---------- */
struct xen_domctl_max_mem {
    uint64_t max_memkb;
};

/* ---- XEN_DOMCTL_setvcpucontext / XEN_DOMCTL_getvcpucontext ------------- */
struct xen_domctl_vcpucontext {
    uint32_t vcpu;                                  /* IN */
    XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt; /* IN (set) / OUT (get) */
};

/* ---- XEN_DOMCTL_getvcpuinfo ------------------------------------------- */
struct xen_domctl_getvcpuinfo {
    uint32_t vcpu;     /* IN */
    uint8_t online;    /* OUT: up (not down or never started) */
    uint8_t blocked;   /* OUT: waiting for an event */
    uint8_t running;   /* OUT: on a CPU now */
    uint64_t cpu_time; /* OUT: ns run */
    uint32_t cpu;      /* OUT: the CPU it runs or last ran on */
};

/* ---- XEN_DOMCTL_setvcpuaffinity / XEN_DOMCTL_getvcpuaffinity ----------- */
struct xen_domctl_vcpuaffinity {
    uint32_t vcpu; /* IN */
#define _XEN_VCPUAFFINITY_HARD 0
#define XEN_VCPUAFFINITY_HARD (1U << _XEN_VCPUAFFINITY_HARD)
#define _XEN_VCPUAFFINITY_SOFT 1
#define XEN_VCPUAFFINITY_SOFT (1U << _XEN_VCPUAFFINITY_SOFT)
#define _XEN_VCPUAFFINITY_FORCE 2
#define XEN_VCPUAFFINITY_FORCE (1U << _XEN_VCPUAFFINITY_FORCE)
    uint32_t flags;                   /* IN: XEN_VCPUAFFINITY_* */
    struct xenctl_bitmap cpumap_hard; /* IN/OUT */
    struct xenctl_bitmap cpumap_soft; /* IN/OUT */
};

/* ---- XEN_DOMCTL_max_vcpus: IN the vCPU count (as at create). ----------- */
struct xen_domctl_max_vcpus {
    uint32_t max;
};

/* ---- XEN_DOMCTL_scheduler_op ------------------------------------------ */

/* Scheduler IDs (also XEN_SYSCTL_sched_id's answer). */
#define XEN_SCHEDULER_CREDIT 5
#define XEN_SCHEDULER_CREDIT2 6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS 8
#define XEN_SCHEDULER_NULL 9

/* Credit: weight is a relative share (256 by default), cap a percentage
 * of one CPU (0 = no cap). */
struct xen_domctl_sched_credit {
    uint16_t weight;
    uint16_t cap;
};

struct xen_domctl_sched_credit2 {
    uint16_t weight;
    uint16_t cap;
};

struct xen_domctl_sched_rtds {
    uint32_t period;
    uint32_t budget;
#define _XEN_DOMCTL_SCHEDRT_extra 0
#define XEN_DOMCTL_SCHEDRT_extra (1U << _XEN_DOMCTL_SCHEDRT_extra)
    uint32_t flags;
};

typedef struct xen_domctl_schedparam_vcpu {
    union {
        struct xen_domctl_sched_credit credit;
        struct xen_domctl_sched_credit2 credit2;
        struct xen_domctl_sched_rtds rtds;
    } u;
    uint32_t vcpuid;
} xen_domctl_schedparam_vcpu_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_schedparam_vcpu_t);

/* putinfo sets the domain's parameters, getinfo reads them; the per-vCPU
 * forms are for schedulers with per-vCPU parameters (not credit). */
#define XEN_DOMCTL_SCHEDOP_putinfo 0
#define XEN_DOMCTL_SCHEDOP_getinfo 1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3
struct xen_domctl_scheduler_op {
    uint32_t sched_id; /* IN: XEN_SCHEDULER_*, the one running */
    uint32_t cmd;      /* IN: XEN_DOMCTL_SCHEDOP_* */
    union {            /* IN (put) / OUT (get) */
        struct xen_domctl_sched_credit credit;
        struct xen_domctl_sched_credit2 credit2;
        struct xen_domctl_sched_rtds rtds;
        struct {
            XEN_GUEST_HANDLE_64(xen_domctl_schedparam_vcpu_t) vcpus;
            uint32_t nr_vcpus; /* IN: array length; OUT: done */
            uint32_t padding;
        } v;
    } u;
};

/* ---- XEN_DOMCTL_setdomainhandle: IN the domain's new UUID. ------------- */
struct xen_domctl_setdomainhandle {
    xen_domain_handle_t handle;
};

/*
 * ---- XEN_DOMCTL_hypercall_init ----------------------------------------
 * IN: a frame of the domain (its GMFN) to fill with hypercall stubs.
 */
struct xen_domctl_hypercall_init {
    uint64_t gmfn;
};

/* ---- XEN_DOMCTL_settimeoffset: IN seconds added to the wall clock. ----- */
struct xen_domctl_settimeoffset {
    int64_t time_offset_seconds;
};

/* ---- XEN_DOMCTL_setdebugging: IN nonzero to mark the domain debugged. -- */
struct xen_domctl_setdebugging {
    uint8_t enable;
};

/* ---- XEN_DOMCTL_sendtrigger: IN a trigger for one vCPU. ---------------- */
#define XEN_DOMCTL_SENDTRIGGER_NMI 0
#define XEN_DOMCTL_SENDTRIGGER_RESET 1
#define XEN_DOMCTL_SENDTRIGGER_INIT 2
#define XEN_DOMCTL_SENDTRIGGER_POWER 3
#define XEN_DOMCTL_SENDTRIGGER_SLEEP 4
struct xen_domctl_sendtrigger {
    uint32_t trigger; /* XEN_DOMCTL_SENDTRIGGER_* */
    uint32_t vcpu;
};

/* ---- XEN_DOMCTL_set_address_size / get_address_size: 32 or 64. --------- */
struct xen_domctl_address_size {
    uint32_t size;
};

/* ---- The call --------------------------------------------------------- */

struct xen_domctl {
    uint32_t cmd;
#define XEN_DOMCTL_createdomain 1
#define XEN_DOMCTL_destroydomain 2
#define XEN_DOMCTL_pausedomain 3
#define XEN_DOMCTL_unpausedomain 4
#define XEN_DOMCTL_getdomaininfo 5
/* 6 getmemlist, 7 getpageframeinfo, 8 getpageframeinfo2: removed. */
#define XEN_DOMCTL_setvcpuaffinity 9
#define XEN_DOMCTL_shadow_op 10
#define XEN_DOMCTL_max_mem 11
#define XEN_DOMCTL_setvcpucontext 12
#define XEN_DOMCTL_getvcpucontext 13
#define XEN_DOMCTL_getvcpuinfo 14
#define XEN_DOMCTL_max_vcpus 15
#define XEN_DOMCTL_scheduler_op 16
#define XEN_DOMCTL_setdomainhandle 17
#define XEN_DOMCTL_setdebugging 18
#define XEN_DOMCTL_irq_permission 19
#define XEN_DOMCTL_iomem_permission 20
#define XEN_DOMCTL_ioport_permission 21
#define XEN_DOMCTL_hypercall_init 22
#define XEN_DOMCTL_soft_reset_cont 23 /* Xen's own, not for callers */
#define XEN_DOMCTL_settimeoffset 24
#define XEN_DOMCTL_getvcpuaffinity 25
#define XEN_DOMCTL_real_mode_area 26 /* obsolete (PowerPC) */
#define XEN_DOMCTL_resumedomain 27
#define XEN_DOMCTL_sendtrigger 28
#define XEN_DOMCTL_subscribe 29
#define XEN_DOMCTL_gethvmcontext 33
#define XEN_DOMCTL_sethvmcontext 34
#define XEN_DOMCTL_set_address_size 35
#define XEN_DOMCTL_get_address_size 36
#define XEN_DOMCTL_assign_device 37
#define XEN_DOMCTL_bind_pt_irq 38
#define XEN_DOMCTL_memory_mapping 39
#define XEN_DOMCTL_ioport_mapping 40
/* 41 pin_mem_cacheattr: removed. */
#define XEN_DOMCTL_set_ext_vcpucontext 42
#define XEN_DOMCTL_get_ext_vcpucontext 43
#define XEN_DOMCTL_set_opt_feature 44 /* obsolete (IA64) */
#define XEN_DOMCTL_test_assign_device 45
#define XEN_DOMCTL_set_target 46
#define XEN_DOMCTL_deassign_device 47
#define XEN_DOMCTL_unbind_pt_irq 48
/* 49 set_cpuid: replaced by set_cpu_policy. */
#define XEN_DOMCTL_get_device_group 50
/* 51-53 machine address size, spurious page faults: obsolete. */
#define XEN_DOMCTL_debug_op 54
#define XEN_DOMCTL_gethvmcontext_partial 55
#define XEN_DOMCTL_vm_event_op 56
#define XEN_DOMCTL_mem_sharing_op 57
/* 58 disable_migrate: obsolete. */
#define XEN_DOMCTL_gettscinfo 59
#define XEN_DOMCTL_settscinfo 60
#define XEN_DOMCTL_getpageframeinfo3 61
#define XEN_DOMCTL_setvcpuextstate 62
#define XEN_DOMCTL_getvcpuextstate 63
#define XEN_DOMCTL_set_access_required 64
#define XEN_DOMCTL_audit_p2m 65
#define XEN_DOMCTL_set_virq_handler 66
#define XEN_DOMCTL_set_broken_page_p2m 67
#define XEN_DOMCTL_setnodeaffinity 68
#define XEN_DOMCTL_getnodeaffinity 69
/* 70 set_max_evtchn: now a createdomain field. */
#define XEN_DOMCTL_cacheflush 71
#define XEN_DOMCTL_get_vcpu_msrs 72
#define XEN_DOMCTL_set_vcpu_msrs 73
#define XEN_DOMCTL_setvnumainfo 74
#define XEN_DOMCTL_psr_cmt_op 75
#define XEN_DOMCTL_monitor_op 77
#define XEN_DOMCTL_psr_alloc 78
#define XEN_DOMCTL_soft_reset 79
/* 80 set_gnttab_limits: now createdomain fields. */
#define XEN_DOMCTL_vuart_op 81
#define XEN_DOMCTL_get_cpu_policy 82
#define XEN_DOMCTL_set_cpu_policy 83
#define XEN_DOMCTL_vmtrace_op 84
#define XEN_DOMCTL_get_paging_mempool_size 85
#define XEN_DOMCTL_set_paging_mempool_size 86
#define XEN_DOMCTL_gdbsx_guestmemio 1000
#define XEN_DOMCTL_gdbsx_pausevcpu 1001
#define XEN_DOMCTL_gdbsx_unpausevcpu 1002
#define XEN_DOMCTL_gdbsx_domstatus 1003
    uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
    domid_t domain;             /* the target (createdomain: IN/OUT) */
    uint16_t _pad[3];
    /*
     * The arguments of the commands Parasol uses; Xen's other members
     * fit in the same 128 bytes, which pad fixes as the union's size.
     */
    union {
        struct xen_domctl_createdomain createdomain;
        struct xen_domctl_getdomaininfo getdomaininfo;
        struct xen_domctl_vcpuaffinity vcpuaffinity;
        struct xen_domctl_max_mem max_mem;
        struct xen_domctl_vcpucontext vcpucontext;
        struct xen_domctl_getvcpuinfo getvcpuinfo;
        struct xen_domctl_max_vcpus max_vcpus;
        struct xen_domctl_scheduler_op scheduler_op;
        struct xen_domctl_setdomainhandle setdomainhandle;
        struct xen_domctl_setdebugging setdebugging;
        struct xen_domctl_hypercall_init hypercall_init;
        struct xen_domctl_settimeoffset settimeoffset;
        struct xen_domctl_address_size address_size;
        struct xen_domctl_sendtrigger sendtrigger;
        uint8_t pad[128];
    } u;
};
typedef struct xen_domctl xen_domctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_t);

/* Layouts, as Xen 4.17 compiles them for x86_64. */
XEN_ABI_CHECK_SIZE(struct xen_domctl_createdomain, 64);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_createdomain, ssidref, 0);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_createdomain, handle, 4);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_createdomain, flags, 20);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_createdomain, iommu_opts, 24);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_createdomain, max_vcpus, 28);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_createdomain, max_evtchn_port, 32);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_createdomain, max_grant_frames, 36);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_createdomain, max_maptrack_frames, 40);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_createdomain, grant_opts, 44);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_createdomain, vmtrace_size, 48);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_createdomain, cpupool_id, 52);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_createdomain, arch, 56);
XEN_ABI_CHECK_SIZE(struct xen_domctl_getdomaininfo, 112);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, domain, 0);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, pad1, 2);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, flags, 4);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, tot_pages, 8);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, max_pages, 16);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, outstanding_pages, 24);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, shr_pages, 32);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, paged_pages, 40);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, shared_info_frame, 48);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, cpu_time, 56);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, nr_online_vcpus, 64);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, max_vcpu_id, 68);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, ssidref, 72);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, handle, 76);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, cpupool, 92);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, gpaddr_bits, 96);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, pad2, 97);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getdomaininfo, arch_config, 104);
XEN_ABI_CHECK_SIZE(struct xen_domctl_max_mem, 8);
XEN_ABI_CHECK_SIZE(struct xen_domctl_vcpucontext, 16);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_vcpucontext, ctxt, 8);
XEN_ABI_CHECK_SIZE(struct xen_domctl_getvcpuinfo, 24);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getvcpuinfo, online, 4);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getvcpuinfo, blocked, 5);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getvcpuinfo, running, 6);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getvcpuinfo, cpu_time, 8);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_getvcpuinfo, cpu, 16);
XEN_ABI_CHECK_SIZE(struct xen_domctl_vcpuaffinity, 40);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_vcpuaffinity, flags, 4);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_vcpuaffinity, cpumap_hard, 8);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_vcpuaffinity, cpumap_soft, 24);
XEN_ABI_CHECK_SIZE(struct xen_domctl_max_vcpus, 4);
XEN_ABI_CHECK_SIZE(struct xen_domctl_sched_credit, 4);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_sched_credit, cap, 2);
XEN_ABI_CHECK_SIZE(struct xen_domctl_sched_credit2, 4);
XEN_ABI_CHECK_SIZE(struct xen_domctl_sched_rtds, 12);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_sched_rtds, budget, 4);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_sched_rtds, flags, 8);
XEN_ABI_CHECK_SIZE(xen_domctl_schedparam_vcpu_t, 16);
XEN_ABI_CHECK_OFFSET(xen_domctl_schedparam_vcpu_t, vcpuid, 12);
XEN_ABI_CHECK_SIZE(struct xen_domctl_scheduler_op, 24);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_scheduler_op, cmd, 4);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_scheduler_op, u, 8);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_scheduler_op, u.v.nr_vcpus, 16);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_scheduler_op, u.v.padding, 20);
XEN_ABI_CHECK_SIZE(struct xen_domctl_setdomainhandle, 16);
XEN_ABI_CHECK_SIZE(struct xen_domctl_hypercall_init, 8);
XEN_ABI_CHECK_SIZE(struct xen_domctl_settimeoffset, 8);
XEN_ABI_CHECK_SIZE(struct xen_domctl_address_size, 4);
XEN_ABI_CHECK_SIZE(struct xen_domctl_setdebugging, 1);
XEN_ABI_CHECK_SIZE(struct xen_domctl_sendtrigger, 8);
XEN_ABI_CHECK_OFFSET(struct xen_domctl_sendtrigger, vcpu, 4);
XEN_ABI_CHECK_SIZE(struct xen_domctl, 144);
XEN_ABI_CHECK_OFFSET(struct xen_domctl, interface_version, 4);
XEN_ABI_CHECK_OFFSET(struct xen_domctl, domain, 8);
XEN_ABI_CHECK_OFFSET(struct xen_domctl, _pad, 10);
XEN_ABI_CHECK_OFFSET(struct xen_domctl, u, 16);
_Static_assert(XEN_DOMCTL_CDF_MAX == 0x80, "XEN_DOMCTL_CDF_MAX");
_Static_assert(XEN_DOMINF_hap == 0x100, "XEN_DOMINF_hap");

#endif

/*
 * System control (public ABI, privileged): the argument of
 * sysctl(struct xen_sysctl *), hypercall 35.
 *
 * The toolstack in dom0 reads the machine's state (memory, CPUs, the
 * domain list, the hypervisor's console) and tunes the scheduler
 * through this call. This is Xen 4.17's interface (version 0x15) with
 * its numbers and layouts. The command is in cmd, its arguments in the
 * union member named after it.
 *
 * Errors common to every command, checked in this order:
 * -EFAULT the struct cannot be read; -EACCES interface_version is not
 * XEN_SYSCTL_INTERFACE_VERSION; -EPERM the caller is not privileged.
 * docs/abi.md lists what each command answers, as measured on Xen.
 */
#ifndef __XEN_PUBLIC_SYSCTL_H__
#define __XEN_PUBLIC_SYSCTL_H__

#include "domctl.h"
#include "xen.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/* ---- XEN_SYSCTL_readconsole: copy out the hypervisor's log ring. ------- */
struct xen_sysctl_readconsole {
    uint8_t clear;       /* IN: empty the ring after reading */
    uint8_t incremental; /* IN: start at index, not at the oldest byte */
    uint8_t pad0, pad1;
    uint32_t index;                   /* IN: start; OUT: where reading ended */
    XEN_GUEST_HANDLE_64(char) buffer; /* IN: where to copy */
    uint32_t count;                   /* IN: buffer size; OUT: bytes copied */
};

/* ---- XEN_SYSCTL_physinfo: OUT the machine's CPUs and memory. ----------- */
#define _XEN_SYSCTL_PHYSCAP_hvm 0
#define XEN_SYSCTL_PHYSCAP_hvm (1U << _XEN_SYSCTL_PHYSCAP_hvm)
#define _XEN_SYSCTL_PHYSCAP_pv 1
#define XEN_SYSCTL_PHYSCAP_pv (1U << _XEN_SYSCTL_PHYSCAP_pv)
#define _XEN_SYSCTL_PHYSCAP_directio 2
#define XEN_SYSCTL_PHYSCAP_directio (1U << _XEN_SYSCTL_PHYSCAP_directio)
#define _XEN_SYSCTL_PHYSCAP_hap 3
#define XEN_SYSCTL_PHYSCAP_hap (1U << _XEN_SYSCTL_PHYSCAP_hap)
#define _XEN_SYSCTL_PHYSCAP_shadow 4
#define XEN_SYSCTL_PHYSCAP_shadow (1U << _XEN_SYSCTL_PHYSCAP_shadow)
#define _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share 5
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share                                  \
    (1U << _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share)
#define XEN_SYSCTL_PHYSCAP_vmtrace (1U << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu (1U << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1 (1U << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2 (1U << 9)
#define XEN_SYSCTL_PHYSCAP_MAX XEN_SYSCTL_PHYSCAP_gnttab_v2 /* the highest */

struct xen_sysctl_physinfo {
    uint32_t threads_per_core;
    uint32_t cores_per_socket;
    uint32_t nr_cpus;    /* CPUs online */
    uint32_t max_cpu_id; /* the highest CPU ID possible */
    uint32_t nr_nodes;   /* NUMA nodes online */
    uint32_t max_node_id;
    uint32_t cpu_khz;
    uint32_t capabilities;      /* XEN_SYSCTL_PHYSCAP_* */
    uint32_t arch_capabilities; /* none defined on x86 */
    uint32_t pad;
    uint64_t total_pages; /* frames of RAM the hypervisor manages */
    uint64_t free_pages;  /* of those, frames free now */
    uint64_t scrub_pages;
    uint64_t outstanding_pages;
    uint64_t max_mfn; /* the highest frame number possible */
    uint32_t hw_cap[8];
};

/* ---- XEN_SYSCTL_sched_id: OUT the scheduler (XEN_SCHEDULER_*). --------- */
struct xen_sysctl_sched_id {
    uint32_t sched_id;
};

/*
 * ---- XEN_SYSCTL_getdomaininfolist --------------------------------------
 * The getdomaininfo of up to max_domains existing domains, in ID order
 * from first_domain on.
 */
struct xen_sysctl_getdomaininfolist {
    domid_t first_domain;                                   /* IN */
    uint32_t max_domains;                                   /* IN */
    XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer; /* IN */
    uint32_t num_domains; /* OUT: entries written */
};

/* ---- XEN_SYSCTL_debug_keys: IN keys to run as if typed at the console. */
struct xen_sysctl_debug_keys {
    XEN_GUEST_HANDLE_64(const_char) keys;
    uint32_t nr_keys;
};

/* ---- XEN_SYSCTL_getcpuinfo: OUT each CPU's idle time in ns. ------------ */
struct xen_sysctl_cpuinfo {
    uint64_t idletime;
};
typedef struct xen_sysctl_cpuinfo xen_sysctl_cpuinfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cpuinfo_t);

struct xen_sysctl_getcpuinfo {
    uint32_t max_cpus;                              /* IN: entries in info */
    XEN_GUEST_HANDLE_64(xen_sysctl_cpuinfo_t) info; /* IN */
    uint32_t nr_cpus;                               /* OUT: entries written */
};

/* ---- XEN_SYSCTL_scheduler_op: a CPU pool's scheduler parameters. ------- */

/* Bounds of ratelimit_us (credit and credit2). */
#define XEN_SYSCTL_SCHED_RATELIMIT_MAX 500000
#define XEN_SYSCTL_SCHED_RATELIMIT_MIN 100

struct xen_sysctl_credit_schedule {
#define XEN_SYSCTL_CSCHED_TSLICE_MAX 1000
#define XEN_SYSCTL_CSCHED_TSLICE_MIN 1
    uint32_t tslice_ms;    /* a time slice */
    uint32_t ratelimit_us; /* least run before a preemption */
#define XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US (100 * 1000)
    uint32_t vcpu_migr_delay_us; /* a vCPU stays cache-hot this long */
};

struct xen_sysctl_credit2_schedule {
    uint32_t ratelimit_us;
};

#define XEN_SYSCTL_SCHEDOP_putinfo 0
#define XEN_SYSCTL_SCHEDOP_getinfo 1
struct xen_sysctl_scheduler_op {
    uint32_t cpupool_id; /* IN: the pool whose scheduler is meant */
    uint32_t sched_id;   /* IN: XEN_SCHEDULER_* */
    uint32_t cmd;        /* IN: XEN_SYSCTL_SCHEDOP_* */
    union {              /* IN (put) / OUT (get) */
        struct xen_sysctl_sched_arinc653 {
            XEN_GUEST_HANDLE_64(void) schedule; /* ARINC 653's table */
        } sched_arinc653;
        struct xen_sysctl_credit_schedule sched_credit;
        struct xen_sysctl_credit2_schedule sched_credit2;
    } u;
};

/* ---- The call --------------------------------------------------------- */

struct xen_sysctl {
    uint32_t cmd;
#define XEN_SYSCTL_readconsole 1
#define XEN_SYSCTL_tbuf_op 2
#define XEN_SYSCTL_physinfo 3
#define XEN_SYSCTL_sched_id 4
#define XEN_SYSCTL_perfc_op 5
#define XEN_SYSCTL_getdomaininfolist 6
#define XEN_SYSCTL_debug_keys 7
#define XEN_SYSCTL_getcpuinfo 8
#define XEN_SYSCTL_availheap 9
#define XEN_SYSCTL_get_pmstat 10
#define XEN_SYSCTL_cpu_hotplug 11
#define XEN_SYSCTL_pm_op 12
/* 13: unused. */
#define XEN_SYSCTL_page_offline_op 14
#define XEN_SYSCTL_lockprof_op 15
#define XEN_SYSCTL_cputopoinfo 16
#define XEN_SYSCTL_numainfo 17
#define XEN_SYSCTL_cpupool_op 18
#define XEN_SYSCTL_scheduler_op 19
#define XEN_SYSCTL_coverage_op 20
#define XEN_SYSCTL_psr_cmt_op 21
#define XEN_SYSCTL_pcitopoinfo 22
#define XEN_SYSCTL_psr_alloc 23
/* 24 tmem_op: removed. */
#define XEN_SYSCTL_get_cpu_levelling_caps 25
#define XEN_SYSCTL_get_cpu_featureset 26
#define XEN_SYSCTL_livepatch_op 27
/* 28 set_parameter: removed. */
#define XEN_SYSCTL_get_cpu_policy 29
    uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
    /*
     * The arguments of the commands Parasol uses; Xen's other members
     * fit in the same 128 bytes, which pad fixes as the union's size.
     */
    union {
        struct xen_sysctl_readconsole readconsole;
        struct xen_sysctl_physinfo physinfo;
        struct xen_sysctl_sched_id sched_id;
        struct xen_sysctl_getdomaininfolist getdomaininfolist;
        struct xen_sysctl_debug_keys debug_keys;
        struct xen_sysctl_getcpuinfo getcpuinfo;
        struct xen_sysctl_scheduler_op scheduler_op;
        uint8_t pad[128];
    } u;
};
typedef struct xen_sysctl xen_sysctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_t);

/* Layouts, as Xen 4.17 compiles them for x86_64. */
XEN_ABI_CHECK_SIZE(struct xen_sysctl_readconsole, 24);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_readconsole, incremental, 1);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_readconsole, pad0, 2);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_readconsole, pad1, 3);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_readconsole, index, 4);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_readconsole, buffer, 8);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_readconsole, count, 16);
XEN_ABI_CHECK_SIZE(struct xen_sysctl_physinfo, 112);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, cores_per_socket, 4);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, nr_cpus, 8);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, max_cpu_id, 12);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, nr_nodes, 16);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, max_node_id, 20);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, cpu_khz, 24);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, capabilities, 28);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, arch_capabilities, 32);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, pad, 36);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, total_pages, 40);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, free_pages, 48);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, scrub_pages, 56);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, outstanding_pages, 64);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, max_mfn, 72);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_physinfo, hw_cap, 80);
XEN_ABI_CHECK_SIZE(struct xen_sysctl_sched_id, 4);
XEN_ABI_CHECK_SIZE(struct xen_sysctl_getdomaininfolist, 24);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_getdomaininfolist, max_domains, 4);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_getdomaininfolist, buffer, 8);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_getdomaininfolist, num_domains, 16);
XEN_ABI_CHECK_SIZE(struct xen_sysctl_debug_keys, 16);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_debug_keys, nr_keys, 8);
XEN_ABI_CHECK_SIZE(struct xen_sysctl_cpuinfo, 8);
XEN_ABI_CHECK_SIZE(struct xen_sysctl_getcpuinfo, 24);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_getcpuinfo, info, 8);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_getcpuinfo, nr_cpus, 16);
XEN_ABI_CHECK_SIZE(struct xen_sysctl_credit_schedule, 12);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_credit_schedule, ratelimit_us, 4);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_credit_schedule, vcpu_migr_delay_us, 8);
XEN_ABI_CHECK_SIZE(struct xen_sysctl_credit2_schedule, 4);
XEN_ABI_CHECK_SIZE(struct xen_sysctl_scheduler_op, 32);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_scheduler_op, sched_id, 4);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_scheduler_op, cmd, 8);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl_scheduler_op, u, 16);
XEN_ABI_CHECK_SIZE(struct xen_sysctl, 136);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl, interface_version, 4);
XEN_ABI_CHECK_OFFSET(struct xen_sysctl, u, 8);
_Static_assert(XEN_SYSCTL_PHYSCAP_MAX == 0x200, "XEN_SYSCTL_PHYSCAP_MAX");

#endif

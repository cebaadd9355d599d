/*
 * dom0's privileged hypercalls, one small wrapper each, in the manner of
 * Xen's libxc: the toolstack (the domain builder, xl's backend) calls
 * these and never fills a domctl or sysctl by hand. Each fills the
 * interface version, makes one call and returns 0 (or a count where it
 * says so) or the negative Xen errno the hypervisor answered, unchanged,
 * so that the caller can name the cause. The interface is Xen 4.17's, so
 * the same dom0 runs on Parasol and on Xen.
 */
#ifndef DOM0_XC_H
#define DOM0_XC_H

#include <public/domctl.h>
#include <public/event_channel.h>
#include <public/sysctl.h>
#include <public/xen.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Domains ------------------------------------------------------------ */

/* What createdomain takes for a PV domain (the rest is 0: no HVM, no
 * IOMMU, no emulated devices, CPU pool 0). */
struct xc_create_args {
    xen_domain_handle_t handle; /* the UUID */
    uint32_t flags;             /* XEN_DOMCTL_CDF_*: 0 for plain PV */
    uint32_t max_vcpus;
    uint32_t max_evtchn_port;
    int32_t max_grant_frames;    /* < 0: the hypervisor's default */
    int32_t max_maptrack_frames; /* < 0: the hypervisor's default */
    uint32_t max_grant_version;  /* 1 or 2 */
};

/* Creates a domain, paused; *domid IN: the ID wanted, 0 for any; OUT:
 * the ID it got. */
int xc_domain_create(const struct xc_create_args *a, domid_t *domid);
int xc_domain_destroy(domid_t domid);
int xc_domain_pause(domid_t domid);
int xc_domain_unpause(domid_t domid);

/* The state of exactly domid: -XEN_ESRCH if there is no such domain
 * (Xen 4.17 answers for the next domain up; this wrapper does not). */
int xc_domain_getinfo(domid_t domid, struct xen_domctl_getdomaininfo *info);

/* Up to max domains from ID first on, in ID order (sysctl
 * getdomaininfolist). Returns how many it wrote, or -errno. */
int xc_domain_getinfolist(domid_t first, unsigned max,
                          struct xen_domctl_getdomaininfo *info);

int xc_domain_max_mem(domid_t domid, uint64_t max_kib);
int xc_domain_max_vcpus(domid_t domid, unsigned max);
int xc_domain_setdomainhandle(domid_t domid, const xen_domain_handle_t handle);

/* Fills frame gmfn of domid with hypercall stubs. */
int xc_domain_hypercall_init(domid_t domid, xen_pfn_t gmfn);

/* Shuts domid down with reason (SHUTDOWN_*), as if it had asked. */
int xc_domain_remote_shutdown(domid_t domid, unsigned reason);

int xc_vcpu_setcontext(domid_t domid, unsigned vcpu, vcpu_guest_context_t *ctx);
int xc_vcpu_getinfo(domid_t domid, unsigned vcpu,
                    struct xen_domctl_getvcpuinfo *info);

/* The scheduler the hypervisor runs (XEN_SCHEDULER_*): Parasol's is
 * credit, Xen 4.17's default credit2. */
int xc_sched_id(uint32_t *sched_id);

/* domid's weight and cap under the credit or the credit2 scheduler,
 * whichever runs (both keep the same two numbers). */
int xc_sched_credit_get(domid_t domid, struct xen_domctl_sched_credit *out);
int xc_sched_credit_set(domid_t domid,
                        const struct xen_domctl_sched_credit *in);

/* ---- The machine -------------------------------------------------------- */

int xc_physinfo(struct xen_sysctl_physinfo *info);

/* The hypervisor's log from *index on (sysctl readconsole, incremental):
 * copies up to size bytes, moves *index past them, returns how many. */
int xc_readconsole(uint32_t *index, char *buf, uint32_t size);

/*
 * What domid wrote to its console, kept by the hypervisor, from *index
 * on, as xc_readconsole (PARASOLOP_console_read: Parasol's own call;
 * Xen 4.17 has none and answers -XEN_ENOSYS).
 */
int xc_console_read(domid_t domid, uint32_t *index, char *buf, uint32_t size);

/* ---- Memory of another domain ------------------------------------------- */

/*
 * Gives domid one frame at each of frames[0, nr) (pseudo-physical frame
 * numbers), and writes the machine frame it got over each. Returns how
 * many it gave (fewer when memory or the domain's max_mem ran out), or
 * -errno.
 */
long xc_populate_physmap(domid_t domid, xen_pfn_t *frames, unsigned long nr);

/*
 * dom0's virtual addresses for the toolstack, far above guest-lib's 1:1
 * region (which ends with dom0's memory): XC_NR_WINDOWS pages at
 * XC_WINDOW_VA for foreign frames, then XC_SCRATCH_PAGES pages at
 * XC_SCRATCH_VA for buffers that must be virtually contiguous.
 */
#define XC_WINDOW_VA 0x0000004000000000UL /* 256 GiB */
#define XC_NR_WINDOWS 8
#define XC_SCRATCH_VA (XC_WINDOW_VA + 0x200000UL)
#define XC_SCRATCH_PAGES 1024

/*
 * Maps machine frames mfns[0, n) of domid (0 < n <= XC_NR_WINDOWS),
 * read-write, at windows 0 .. n - 1: one mmu_update with domid as the
 * foreign domain, on L1 entries of dom0's, after removing what every
 * window held. pages[i] gets frame i's address. On failure no window
 * is left mapped.
 */
int xc_map_foreign(domid_t domid, const xen_pfn_t *mfns, unsigned n,
                   void **pages);
/* Removes every window's mapping: one mmu_update and one flush. */
int xc_unmap_foreign(void);

/*
 * XC_STORE_PAGES pages at XC_STORE_VA, after the scratch range: one
 * lasting mapping each, for the store pages of the domains dom0 serves
 * (xs_service.h), which the windows above cannot hold for long.
 */
#define XC_STORE_VA (XC_WINDOW_VA + 0x800000UL)
#define XC_STORE_PAGES 128

/* Maps machine frame mfn of domid read-write at slot (< XC_STORE_PAGES);
 * *page gets its address. */
int xc_map_store(domid_t domid, xen_pfn_t mfn, unsigned slot, void **page);
/* Removes slot's mapping, if any, and flushes it. */
int xc_unmap_store(unsigned slot);

/*
 * A virtually contiguous buffer of at least 'bytes' (up to
 * XC_SCRATCH_PAGES pages) at XC_SCRATCH_VA: dom0's own pages from
 * page_alloc(), zeroed, mapped there a second time. One at a time: a
 * second xc_scratch_alloc() before xc_scratch_free() gets -XEN_EBUSY.
 * Returns 0 with *buf set, -XEN_E2BIG or -XEN_ENOMEM.
 */
int xc_scratch_alloc(size_t bytes, void **buf);
void xc_scratch_free(void);

/* Validates and pins frame mfn of domid as a level-'level' page table
 * (MMUEXT_PIN_L<level>_TABLE with domid as the foreign domain). */
int xc_pin_table(domid_t domid, unsigned level, xen_pfn_t mfn);
int xc_unpin_table(domid_t domid, xen_pfn_t mfn);

/* ---- Event channels ----------------------------------------------------- */

/* A new unbound port of domid that remote may bind; *port OUT. */
int xc_evtchn_alloc_unbound(domid_t domid, domid_t remote, evtchn_port_t *port);

#endif /* DOM0_XC_H */

/*
 * Memory reservation and mapping (public guest ABI): the arguments of
 * memory_op(unsigned long cmd, void *arg), hypercall 12.
 *
 * A domain grows or shrinks its memory in extents of 2^order frames,
 * asks about its limits and the machine's, and reads its memory map.
 * The op is in cmd bits 5:0; bits 63:6 hold the extent to restart from
 * when a long reservation op is preempted (a guest passes 0 there).
 *
 * Errors common to every op: -EFAULT a bad arg pointer; -ENOSYS an
 * unknown op; -ESRCH no such domain; -EPERM a domain other than
 * DOMID_SELF and the caller is not privileged.
 */
#ifndef __XEN_PUBLIC_MEMORY_H__
#define __XEN_PUBLIC_MEMORY_H__

#include "xen.h"

/*
 * XENMEM_increase_reservation, _decrease_reservation,
 * _populate_physmap: arg struct xen_memory_reservation.
 * increase: OUT extent_start[i] = first MFN of each new extent.
 * decrease: IN extent_start[i] = first GPFN of each extent to free.
 * populate_physmap: IN extent_start[i] = GPFN, OUT the GMFN now there
 * (the M2P is updated).
 * domid may name another domain for a privileged caller (a domain
 * builder). Returns the number of extents done, counted from the start
 * extent in cmd bits 63:MEMOP_EXTENT_SHIFT: fewer than nr_extents when
 * memory or the domain's limit ran out, the list or the argument could
 * not be read, or there is no such domain.
 * Errors: -EPERM another domain, for a caller that is not privileged.
 */
#define MEMOP_EXTENT_SHIFT 6 /* cmd bits 63:6: the start extent */
#define MEMOP_CMD_MASK ((1UL << MEMOP_EXTENT_SHIFT) - 1)
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap 6

/* XENMEM_maximum_ram_page: arg NULL. Returns one past the highest MFN
 * (Xen's max_page). */
#define XENMEM_maximum_ram_page 2

/*
 * XENMEM_current_reservation, _maximum_reservation: arg domid_t *.
 * Returns the pages the domain has, or may have.
 */
#define XENMEM_current_reservation 3
#define XENMEM_maximum_reservation 4

#define XENMEM_machphys_mfn_list 5 /* MFNs of the M2P (-ENOSYS here) */

/*
 * XENMEM_add_to_physmap: arg struct xen_add_to_physmap. Map a frame of
 * the given space at gpfn (translated guests; PV guests map shared_info
 * and grant frames with update_va_mapping instead).
 * Errors: -EINVAL an unknown space or idx.
 */
#define XENMEM_add_to_physmap 7

/*
 * XENMEM_memory_map: arg struct xen_memory_map. IN: nr_entries = room
 * in buffer (E820 entries of 20 bytes). OUT: nr_entries = entries
 * written: the domain's pseudo-physical memory map, which only a
 * toolstack sets; -ENOSYS (after reading arg: -EFAULT first) when none
 * was set, as for every Parasol domain and for Xen's dom0.
 * XENMEM_machine_memory_map: the machine's E820 map, for dom0 only
 * (-EPERM otherwise). A NULL buffer asks for the count (OUT
 * nr_entries); otherwise nr_entries must exceed the count (Xen's
 * rule), else -EINVAL and nothing is written back.
 */
#define XENMEM_memory_map 9
#define XENMEM_machine_memory_map 10

#define XENMEM_exchange 11

/*
 * XENMEM_machphys_mapping: OUT arg struct xen_machphys_mapping: where
 * the read-only M2P is mapped and the highest MFN it covers.
 */
#define XENMEM_machphys_mapping 12

#define XENMEM_set_memory_map 13 /* dom0: set a domain's memory map */
#define XENMEM_maximum_gpfn 14   /* arg domid_t *: highest GPFN */
#define XENMEM_remove_from_physmap 15
#define XENMEM_claim_pages 24
#define XENMEM_acquire_resource 28

/* xen_memory_reservation.mem_flags */
#define XENMEMF_address_bits(x) (x) /* frames below 2^x only (0: any) */
#define XENMEMF_get_address_bits(x) ((x)&0xffu)

struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* IN/OUT: see the ops */
    xen_ulong_t nr_extents;                   /* IN */
    unsigned int extent_order;                /* IN: 2^order frames each */
    unsigned int mem_flags;                   /* IN: XENMEMF_* */
    domid_t domid;                            /* IN: usually DOMID_SELF */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

struct xen_memory_map {
    unsigned int nr_entries;       /* IN: room; OUT: entries written */
    XEN_GUEST_HANDLE(void) buffer; /* IN: array of E820 entries */
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);

struct xen_machphys_mapping {
    xen_ulong_t v_start, v_end; /* OUT: M2P virtual range */
    xen_ulong_t max_mfn;        /* OUT: highest MFN it covers */
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);

/* xen_add_to_physmap.space */
#define XENMAPSPACE_shared_info 0  /* the shared_info page */
#define XENMAPSPACE_grant_table 1  /* grant table frame idx */
#define XENMAPSPACE_gmfn 2         /* the frame at GPFN idx */
#define XENMAPSPACE_gmfn_range 3   /* size frames from GPFN idx */
#define XENMAPSPACE_gmfn_foreign 4 /* a frame of another domain */
#define XENMAPSPACE_dev_mmio 5     /* device memory */

struct xen_add_to_physmap {
    domid_t domid;      /* IN */
    uint16_t size;      /* IN: frames (XENMAPSPACE_gmfn_range) */
    unsigned int space; /* IN: XENMAPSPACE_* */
    xen_ulong_t idx;    /* IN: index in the space */
    xen_pfn_t gpfn;     /* IN: where to map it */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

XEN_ABI_CHECK_SIZE(struct xen_memory_reservation, 32);
XEN_ABI_CHECK_OFFSET(struct xen_memory_reservation, nr_extents, 8);
XEN_ABI_CHECK_OFFSET(struct xen_memory_reservation, extent_order, 16);
XEN_ABI_CHECK_OFFSET(struct xen_memory_reservation, mem_flags, 20);
XEN_ABI_CHECK_OFFSET(struct xen_memory_reservation, domid, 24);
XEN_ABI_CHECK_SIZE(struct xen_memory_map, 16);
XEN_ABI_CHECK_OFFSET(struct xen_memory_map, buffer, 8);
XEN_ABI_CHECK_SIZE(struct xen_machphys_mapping, 24);
XEN_ABI_CHECK_OFFSET(struct xen_machphys_mapping, v_end, 8);
XEN_ABI_CHECK_OFFSET(struct xen_machphys_mapping, max_mfn, 16);
XEN_ABI_CHECK_SIZE(struct xen_add_to_physmap, 24);
XEN_ABI_CHECK_OFFSET(struct xen_add_to_physmap, size, 2);
XEN_ABI_CHECK_OFFSET(struct xen_add_to_physmap, space, 4);
XEN_ABI_CHECK_OFFSET(struct xen_add_to_physmap, idx, 8);
XEN_ABI_CHECK_OFFSET(struct xen_add_to_physmap, gpfn, 16);

#endif

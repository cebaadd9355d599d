/*
 * Grant tables, version 1 (public guest ABI): the shared grant entries
 * and the arguments of grant_table_op(unsigned cmd, void *uops,
 * unsigned count), hypercall 20.
 *
 * A domain grants another access to one of its frames by filling a
 * grant_entry_v1 in its grant table (frames it shares with the
 * hypervisor). The grantee then maps, unmaps or copies the frame by
 * grant reference. uops is an array of count structures of the op's
 * type; the call returns 0 and each element reports its own result in
 * its status field (GNTST_*).
 *
 * Errors of the call itself: -EFAULT a bad uops pointer; -EINVAL a bad
 * count or cmd bits above 11; -ENOSYS an unknown cmd. Statuses and
 * their order as measured on Xen 4.17: docs/abi.md, grant_table_op.
 */
#ifndef __XEN_PUBLIC_GRANT_TABLE_H__
#define __XEN_PUBLIC_GRANT_TABLE_H__

#include "xen.h"

typedef uint32_t grant_ref_t;    /* index into the granter's table */
typedef uint32_t grant_handle_t; /* a grantee's mapping (map_grant_ref) */

/*
 * One grant (8 bytes, 512 per frame). The granter writes domid and
 * frame, then, after a write barrier, flags; the hypervisor sets the
 * GTF_reading/GTF_writing bits while the frame is mapped.
 */
struct grant_entry_v1 {
    uint16_t flags; /* GTF_* */
    domid_t domid;  /* the domain allowed in */
    uint32_t frame; /* the frame granted (or to receive a transfer) */
};
typedef struct grant_entry_v1 grant_entry_v1_t;

/* Entries the toolstack seeds; guests allocate from 8 on. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE 0
#define GNTTAB_RESERVED_XENSTORE 1

/* grant_entry_v1.flags: the type in bits 1:0 ... */
#define GTF_invalid 0         /* no access */
#define GTF_permit_access 1   /* domid may map or copy frame */
#define GTF_accept_transfer 2 /* domid may transfer a frame to us */
#define GTF_transitive 3      /* (v2 only) */
#define GTF_type_mask 3
/* ... then, for GTF_permit_access: */
#define _GTF_readonly 2
#define GTF_readonly (1U << _GTF_readonly) /* read-only access only */
#define _GTF_reading 3
#define GTF_reading (1U << _GTF_reading) /* set by the hypervisor */
#define _GTF_writing 4
#define GTF_writing (1U << _GTF_writing) /* set by the hypervisor */
#define _GTF_PWT 5
#define GTF_PWT (1U << _GTF_PWT) /* cache attributes of the mapping */
#define _GTF_PCD 6
#define GTF_PCD (1U << _GTF_PCD)
#define _GTF_PAT 7
#define GTF_PAT (1U << _GTF_PAT)
#define _GTF_sub_page 8
#define GTF_sub_page (1U << _GTF_sub_page)
/* ... or, for GTF_accept_transfer: */
#define _GTF_transfer_committed 2
#define GTF_transfer_committed (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed 3
#define GTF_transfer_completed (1U << _GTF_transfer_completed)

#define GNTTABOP_map_grant_ref 0
#define GNTTABOP_unmap_grant_ref 1
#define GNTTABOP_setup_table 2
#define GNTTABOP_dump_table 3
#define GNTTABOP_transfer 4
#define GNTTABOP_copy 5
#define GNTTABOP_query_size 6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version 8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version 10
#define GNTTABOP_swap_grant_ref 11
#define GNTTABOP_cache_flush 12

/* Mapping flags (gnttab_map_grant_ref.flags). */
#define _GNTMAP_device_map 0
#define GNTMAP_device_map (1 << _GNTMAP_device_map) /* for device DMA */
#define _GNTMAP_host_map 1
#define GNTMAP_host_map (1 << _GNTMAP_host_map) /* map at host_addr */
#define _GNTMAP_readonly 2
#define GNTMAP_readonly (1 << _GNTMAP_readonly)
#define _GNTMAP_application_map 3
#define GNTMAP_application_map (1 << _GNTMAP_application_map) /* user */
#define _GNTMAP_contains_pte 4
/* host_addr is the machine address of the PTE to write. */
#define GNTMAP_contains_pte (1 << _GNTMAP_contains_pte)
/* Bits 16 and up are the guest's own (XENFEAT_gnttab_map_avail_bits). */
#define _GNTMAP_guest_avail0 16
#define GNTMAP_guest_avail_mask ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* Per-element results (the status fields). */
#define GNTST_okay 0
#define GNTST_general_error (-1)     /* unspecified failure */
#define GNTST_bad_domain (-2)        /* unknown domain */
#define GNTST_bad_gntref (-3)        /* unknown or invalid grant reference */
#define GNTST_bad_handle (-4)        /* unknown grant handle */
#define GNTST_bad_virt_addr (-5)     /* bad host_addr */
#define GNTST_bad_dev_addr (-6)      /* bad dev_bus_addr */
#define GNTST_no_device_space (-7)   /* out of device mappings */
#define GNTST_permission_denied (-8) /* not granted to the caller */
#define GNTST_bad_page (-9)          /* bad frame */
#define GNTST_bad_copy_arg (-10)     /* copy crosses a page boundary */
#define GNTST_address_too_big (-11)  /* frame above the address limit */
#define GNTST_eagain (-12)           /* try again */
#define GNTST_no_space (-13)         /* out of tracking space */

/*
 * GNTTABOP_map_grant_ref: map grant ref of dom.
 * IN: host_addr (a virtual address, or with GNTMAP_contains_pte the
 * PTE's machine address), flags (GNTMAP_*, one of host_map and
 * device_map at least), ref, dom.
 * OUT: status; handle (to unmap); dev_bus_addr (with device_map).
 * Status: bad_domain (dom unknown, or DOMID_SELF), bad_gntref (ref
 * past the table, or neither host_map nor device_map), no_space,
 * general_error (not granted to the caller, a writable map of a
 * GTF_readonly grant, no L1 entry at host_addr), bad_page.
 */
struct gnttab_map_grant_ref {
    uint64_t host_addr;    /* IN */
    uint32_t flags;        /* IN: GNTMAP_* */
    grant_ref_t ref;       /* IN */
    domid_t dom;           /* IN: the granter */
    int16_t status;        /* OUT: GNTST_* */
    grant_handle_t handle; /* OUT */
    uint64_t dev_bus_addr; /* OUT */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);

/*
 * GNTTABOP_unmap_grant_ref: undo a map_grant_ref.
 * IN: host_addr (0: leave the page tables alone), dev_bus_addr,
 * handle. OUT: status: bad_handle, bad_virt_addr, general_error.
 */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;    /* IN */
    uint64_t dev_bus_addr; /* IN */
    grant_handle_t handle; /* IN */
    int16_t status;        /* OUT: GNTST_* */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);

/*
 * GNTTABOP_setup_table: size dom's grant table to nr_frames frames
 * and list them (MFNs for a PV guest, to map with update_va_mapping).
 * IN: dom (DOMID_SELF, or any for a privileged caller), nr_frames,
 * frame_list (room for nr_frames). OUT: status, frame_list[].
 * Status: bad_domain, permission_denied, general_error (nr_frames
 * above the domain's limit), bad_virt_addr (frame_list unwritable).
 */
struct gnttab_setup_table {
    domid_t dom;                            /* IN */
    uint32_t nr_frames;                     /* IN */
    int16_t status;                         /* OUT: GNTST_* */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* OUT */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);

/*
 * GNTTABOP_dump_table: print dom's grant table on the hypervisor
 * console (debugging). IN: dom. OUT: status: bad_domain,
 * permission_denied. Xen 4.17's release build, and Parasol, answer
 * -ENOSYS.
 */
struct gnttab_dump_table {
    domid_t dom;    /* IN */
    int16_t status; /* OUT: GNTST_* */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);

/*
 * GNTTABOP_transfer: give frame mfn to domid, into its grant ref
 * (a GTF_accept_transfer entry).
 * IN: mfn, domid, ref. OUT: status: bad_domain, bad_gntref, bad_page,
 * general_error.
 */
struct gnttab_transfer {
    xen_pfn_t mfn;   /* IN */
    domid_t domid;   /* IN */
    grant_ref_t ref; /* IN */
    int16_t status;  /* OUT: GNTST_* */
};
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);

/*
 * GNTTABOP_copy: copy len bytes from source to dest, each named by a
 * grant reference (flag GNTCOPY_*_gref) or, for the caller's own
 * frames, by GMFN. Neither side may cross a page boundary.
 * IN: source, dest, len, flags. OUT: status: bad_domain, bad_gntref,
 * permission_denied (a GMFN under any domid but DOMID_SELF),
 * general_error (a grant refused, as a map), bad_page, bad_copy_arg.
 */
#define _GNTCOPY_source_gref 0
#define GNTCOPY_source_gref (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref 1
#define GNTCOPY_dest_gref (1 << _GNTCOPY_dest_gref)
struct gnttab_copy_ptr {
    union {
        grant_ref_t ref; /* with GNTCOPY_*_gref */
        xen_pfn_t gmfn;  /* without */
    } u;
    domid_t domid;   /* owner of the frame */
    uint16_t offset; /* byte offset in the frame */
};
struct gnttab_copy {
    struct gnttab_copy_ptr source, dest; /* IN */
    uint16_t len;                        /* IN: bytes */
    uint16_t flags;                      /* IN: GNTCOPY_* */
    int16_t status;                      /* OUT: GNTST_* */
};
typedef struct gnttab_copy gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);

/*
 * GNTTABOP_query_size: dom's grant-table size and limit.
 * IN: dom. OUT: nr_frames, max_nr_frames, status: bad_domain,
 * permission_denied.
 */
struct gnttab_query_size {
    domid_t dom;            /* IN */
    uint32_t nr_frames;     /* OUT */
    uint32_t max_nr_frames; /* OUT */
    int16_t status;         /* OUT: GNTST_* */
};
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);

/*
 * GNTTABOP_unmap_and_replace: unmap the grant mapped at host_addr and
 * move the mapping at new_addr there (new_addr is then cleared).
 * IN: host_addr, new_addr, handle. OUT: status: bad_handle,
 * bad_virt_addr, general_error.
 */
struct gnttab_unmap_and_replace {
    uint64_t host_addr;    /* IN */
    uint64_t new_addr;     /* IN */
    grant_handle_t handle; /* IN */
    int16_t status;        /* OUT: GNTST_* */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_and_replace_t);

/*
 * GNTTABOP_set_version: choose the grant-table format (count must be
 * 1). IN: version. OUT: version in use. Parasol has version 1 only,
 * as Xen with gnttab=max-ver:1: 2 is -ENOSYS, any other -EINVAL.
 */
struct gnttab_set_version {
    uint32_t version; /* IN/OUT */
};
typedef struct gnttab_set_version gnttab_set_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_set_version_t);

/*
 * GNTTABOP_get_status_frames: the status frames of a version-2 table.
 * IN: nr_frames, dom, frame_list. OUT: status, frame_list[].
 * Version 1 has none: status general_error.
 */
struct gnttab_get_status_frames {
    uint32_t nr_frames;                    /* IN */
    domid_t dom;                           /* IN */
    int16_t status;                        /* OUT: GNTST_* */
    XEN_GUEST_HANDLE(uint64_t) frame_list; /* OUT */
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_status_frames_t);

/*
 * GNTTABOP_get_version: dom's grant-table version (count must be 1).
 * IN: dom. OUT: version. Errors of the call: -ESRCH no such domain;
 * -EPERM another domain and the caller is not privileged.
 */
struct gnttab_get_version {
    domid_t dom; /* IN */
    uint16_t pad;
    uint32_t version; /* OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_version_t);

/*
 * GNTTABOP_swap_grant_ref: swap two entries of the caller's table.
 * IN: ref_a, ref_b. OUT: status: bad_gntref, eagain (one is in use).
 */
struct gnttab_swap_grant_ref {
    grant_ref_t ref_a; /* IN */
    grant_ref_t ref_b; /* IN */
    int16_t status;    /* OUT: GNTST_* */
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_swap_grant_ref_t);

/*
 * GNTTABOP_cache_flush: clean or invalidate the cache over part of a
 * frame (for non-coherent devices). IN: a, offset, length, op. The
 * call returns -EINVAL for a bad op or range; there is no status.
 */
#define GNTTAB_CACHE_CLEAN (1u << 0)
#define GNTTAB_CACHE_INVAL (1u << 1)
#define GNTTAB_CACHE_SOURCE_GREF (1u << 31) /* a is a grant ref */
struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;
        grant_ref_t ref;
    } a;             /* IN */
    uint16_t offset; /* IN: in the frame */
    uint16_t length; /* IN: bytes */
    uint32_t op;     /* IN: GNTTAB_CACHE_* */
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_cache_flush_t);

XEN_ABI_CHECK_SIZE(struct grant_entry_v1, 8);
XEN_ABI_CHECK_OFFSET(struct grant_entry_v1, domid, 2);
XEN_ABI_CHECK_OFFSET(struct grant_entry_v1, frame, 4);
XEN_ABI_CHECK_SIZE(struct gnttab_map_grant_ref, 32);
XEN_ABI_CHECK_OFFSET(struct gnttab_map_grant_ref, flags, 8);
XEN_ABI_CHECK_OFFSET(struct gnttab_map_grant_ref, ref, 12);
XEN_ABI_CHECK_OFFSET(struct gnttab_map_grant_ref, dom, 16);
XEN_ABI_CHECK_OFFSET(struct gnttab_map_grant_ref, status, 18);
XEN_ABI_CHECK_OFFSET(struct gnttab_map_grant_ref, handle, 20);
XEN_ABI_CHECK_OFFSET(struct gnttab_map_grant_ref, dev_bus_addr, 24);
XEN_ABI_CHECK_SIZE(struct gnttab_unmap_grant_ref, 24);
XEN_ABI_CHECK_OFFSET(struct gnttab_unmap_grant_ref, dev_bus_addr, 8);
XEN_ABI_CHECK_OFFSET(struct gnttab_unmap_grant_ref, handle, 16);
XEN_ABI_CHECK_OFFSET(struct gnttab_unmap_grant_ref, status, 20);
XEN_ABI_CHECK_SIZE(struct gnttab_setup_table, 24);
XEN_ABI_CHECK_OFFSET(struct gnttab_setup_table, nr_frames, 4);
XEN_ABI_CHECK_OFFSET(struct gnttab_setup_table, status, 8);
XEN_ABI_CHECK_OFFSET(struct gnttab_setup_table, frame_list, 16);
XEN_ABI_CHECK_SIZE(struct gnttab_dump_table, 4);
XEN_ABI_CHECK_OFFSET(struct gnttab_dump_table, status, 2);
XEN_ABI_CHECK_SIZE(struct gnttab_transfer, 24);
XEN_ABI_CHECK_OFFSET(struct gnttab_transfer, domid, 8);
XEN_ABI_CHECK_OFFSET(struct gnttab_transfer, ref, 12);
XEN_ABI_CHECK_OFFSET(struct gnttab_transfer, status, 16);
XEN_ABI_CHECK_SIZE(struct gnttab_copy_ptr, 16);
XEN_ABI_CHECK_OFFSET(struct gnttab_copy_ptr, domid, 8);
XEN_ABI_CHECK_OFFSET(struct gnttab_copy_ptr, offset, 10);
XEN_ABI_CHECK_SIZE(struct gnttab_copy, 40);
XEN_ABI_CHECK_OFFSET(struct gnttab_copy, dest, 16);
XEN_ABI_CHECK_OFFSET(struct gnttab_copy, len, 32);
XEN_ABI_CHECK_OFFSET(struct gnttab_copy, flags, 34);
XEN_ABI_CHECK_OFFSET(struct gnttab_copy, status, 36);
XEN_ABI_CHECK_SIZE(struct gnttab_query_size, 16);
XEN_ABI_CHECK_OFFSET(struct gnttab_query_size, nr_frames, 4);
XEN_ABI_CHECK_OFFSET(struct gnttab_query_size, max_nr_frames, 8);
XEN_ABI_CHECK_OFFSET(struct gnttab_query_size, status, 12);
XEN_ABI_CHECK_SIZE(struct gnttab_unmap_and_replace, 24);
XEN_ABI_CHECK_OFFSET(struct gnttab_unmap_and_replace, new_addr, 8);
XEN_ABI_CHECK_OFFSET(struct gnttab_unmap_and_replace, handle, 16);
XEN_ABI_CHECK_OFFSET(struct gnttab_unmap_and_replace, status, 20);
XEN_ABI_CHECK_SIZE(struct gnttab_set_version, 4);
XEN_ABI_CHECK_SIZE(struct gnttab_get_status_frames, 16);
XEN_ABI_CHECK_OFFSET(struct gnttab_get_status_frames, dom, 4);
XEN_ABI_CHECK_OFFSET(struct gnttab_get_status_frames, status, 6);
XEN_ABI_CHECK_OFFSET(struct gnttab_get_status_frames, frame_list, 8);
XEN_ABI_CHECK_SIZE(struct gnttab_get_version, 8);
XEN_ABI_CHECK_OFFSET(struct gnttab_get_version, version, 4);
XEN_ABI_CHECK_SIZE(struct gnttab_swap_grant_ref, 12);
XEN_ABI_CHECK_OFFSET(struct gnttab_swap_grant_ref, ref_b, 4);
XEN_ABI_CHECK_OFFSET(struct gnttab_swap_grant_ref, status, 8);
XEN_ABI_CHECK_SIZE(struct gnttab_cache_flush, 16);
XEN_ABI_CHECK_OFFSET(struct gnttab_cache_flush, offset, 8);
XEN_ABI_CHECK_OFFSET(struct gnttab_cache_flush, length, 10);
XEN_ABI_CHECK_OFFSET(struct gnttab_cache_flush, op, 12);

#endif

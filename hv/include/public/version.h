/*
 * Version and feature queries (public guest ABI): the arguments of
 * xen_version(int cmd, void *arg), hypercall 17.
 *
 * A guest (and the domain builder) learns the ABI version, the
 * hypervisor's capabilities ("xen-3.0-x86_64") and its feature bits.
 * Errors common to every op: -EFAULT a bad arg pointer; -ENOSYS an
 * unknown cmd.
 */
#ifndef __XEN_PUBLIC_VERSION_H__
#define __XEN_PUBLIC_VERSION_H__

#include "features.h"
#include "xen.h"

/* XENVER_version: arg NULL. Returns (major << 16) | minor. */
#define XENVER_version 0

/* XENVER_extraversion: OUT arg xen_extraversion_t, e.g. ".0". */
#define XENVER_extraversion 1
#define XEN_EXTRAVERSION_LEN 16
typedef char xen_extraversion_t[XEN_EXTRAVERSION_LEN];

/* XENVER_compile_info: OUT arg struct xen_compile_info. */
#define XENVER_compile_info 2
struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

/*
 * XENVER_capabilities: OUT arg xen_capabilities_info_t: the ABIs
 * offered, separated by spaces; the toolstack needs "xen-3.0-x86_64".
 */
#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];

/* XENVER_changeset: OUT arg xen_changeset_info_t (source revision). */
#define XENVER_changeset 4
#define XEN_CHANGESET_INFO_LEN 64
typedef char xen_changeset_info_t[XEN_CHANGESET_INFO_LEN];

/*
 * XENVER_platform_parameters: OUT arg struct xen_platform_parameters:
 * the start of the hypervisor hole (HYPERVISOR_VIRT_START).
 */
#define XENVER_platform_parameters 5
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

/*
 * XENVER_get_features: IN/OUT arg struct xen_feature_info: submap =
 * the XENFEAT_* bits 32 * submap_idx .. 32 * submap_idx + 31.
 * Errors: -EINVAL submap_idx >= XENFEAT_NR_SUBMAPS.
 */
#define XENVER_get_features 6
struct xen_feature_info {
    unsigned int submap_idx; /* IN */
    uint32_t submap;         /* OUT */
};
typedef struct xen_feature_info xen_feature_info_t;

/* XENVER_pagesize: arg NULL. Returns the page size (4096). */
#define XENVER_pagesize 7

/* XENVER_guest_handle: OUT arg xen_domain_handle_t (the UUID). */
#define XENVER_guest_handle 8

/*
 * XENVER_commandline: OUT arg xen_commandline_t: the hypervisor's
 * command line. Errors: -EPERM the caller is not dom0.
 */
#define XENVER_commandline 9
typedef char xen_commandline_t[1024];

/*
 * The variable-length queries: arg struct xen_varbuf. IN: len = room
 * in buf. OUT: the answer in buf; returns its length. Parasol answers
 * -ENOSYS.
 */
#define XENVER_build_id 10
#define XENVER_extraversion2 11
#define XENVER_capabilities2 12
#define XENVER_changeset2 13
#define XENVER_commandline2 14
struct xen_varbuf {
    uint32_t len;        /* IN: room in buf */
    unsigned char buf[]; /* OUT: the answer, not NUL-terminated */
};
typedef struct xen_varbuf xen_varbuf_t;

XEN_ABI_CHECK_SIZE(xen_extraversion_t, 16);
XEN_ABI_CHECK_SIZE(struct xen_compile_info, 144);
XEN_ABI_CHECK_OFFSET(struct xen_compile_info, compile_by, 64);
XEN_ABI_CHECK_OFFSET(struct xen_compile_info, compile_domain, 80);
XEN_ABI_CHECK_OFFSET(struct xen_compile_info, compile_date, 112);
XEN_ABI_CHECK_SIZE(xen_capabilities_info_t, 1024);
XEN_ABI_CHECK_SIZE(xen_changeset_info_t, 64);
XEN_ABI_CHECK_SIZE(struct xen_platform_parameters, 8);
XEN_ABI_CHECK_SIZE(struct xen_feature_info, 8);
XEN_ABI_CHECK_OFFSET(struct xen_feature_info, submap, 4);
XEN_ABI_CHECK_SIZE(xen_commandline_t, 1024);
XEN_ABI_CHECK_SIZE(struct xen_varbuf, 4);

#endif

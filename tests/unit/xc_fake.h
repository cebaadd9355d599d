/*
 * A fake of dom0's hypercall wrappers (tools/dom0/xc.h) for host tests
 * of the builder: one domain at most, its frames in host memory, every
 * call counted, and any one call made to fail. The builder's test runs
 * a build, then the same build failing at each call in turn, and checks
 * that every failure leaves nothing behind.
 */
#ifndef TESTS_XC_FAKE_H
#define TESTS_XC_FAKE_H

#include "xc.h"

/* The fake domain's frames: frame pfn is machine frame FAKE_MFN_BASE +
 * pfn; shared_info is FAKE_SHARED_INFO_MFN. */
#define FAKE_MAX_PAGES 4096
#define FAKE_MFN_BASE 0x10000UL
#define FAKE_SHARED_INFO_MFN 0x9000UL
#define FAKE_DOMID 7
#define FAKE_STORE_PORT 3 /* the port alloc_unbound gives */

struct xc_fake {
    /* Set by the test. */
    uint64_t free_pages; /* physinfo's answer */
    unsigned fail_at;    /* the call (1, 2, ...) that fails; 0: none */
    int fail_rc;         /* what it returns (populate: gives half) */
    /* Seen by the test. */
    unsigned calls; /* calls made so far */
    bool created, destroyed;
    uint64_t max_kib;
    unsigned max_vcpus;
    evtchn_port_t store_port; /* allocated, 0 before */
    uint64_t populated;       /* frames given */
    unsigned windows;         /* foreign windows mapped now */
    bool scratch;             /* a scratch buffer is allocated */
    xen_pfn_t hypercall_mfn, pinned_l4;
    bool has_context;
    vcpu_guest_context_t context;
};

extern struct xc_fake xc_fake;

/* Empties the fake: no domain, frames filled with 0xaa, shared_info with
 * 0xff, plenty of free memory, no failure. */
void xc_fake_reset(void);

/* The fake domain's frame behind machine frame mfn (or NULL). */
uint8_t *xc_fake_frame(xen_pfn_t mfn);

#endif /* TESTS_XC_FAKE_H */

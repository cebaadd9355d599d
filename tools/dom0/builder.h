/*
 * dom0's domain builder: from a PV kernel image to a domain that is
 * ready to run, as Xen's libxenguest builds a PV x86-64 domU. It checks
 * the image with the ELF parser the hypervisor shares (lib/elf.h),
 * creates the domain, gives it its memory, lays out its start of day
 * (build_layout.h) through foreign mappings, and sets up vCPU 0. The
 * domain is left paused: unpausing it is the caller's.
 *
 * Every failure destroys whatever was built and says why in one line.
 */
#ifndef DOM0_BUILDER_H
#define DOM0_BUILDER_H

#include <public/event_channel.h>
#include <public/xen.h>
#include <stddef.h>
#include <stdint.h>

/* A reason for a failed build, with its NUL. */
#define BUILD_REASON_MAX 96

/* The largest domain the builder lays out: its p2m must fit in dom0's
 * scratch range while it builds (xc.h). */
#define BUILD_MAX_MEMORY_KIB (2ULL * 1024 * 1024)

/*
 * The caller's step between createdomain and the start of day: it sets
 * up what the guest must find in start_info (an event channel it
 * allocates in the new domain, say) and may rewrite the command line,
 * cmdline holding size bytes (NUL-terminated on entry and on return).
 * A negative Xen errno fails the build, which then unwinds.
 */
typedef int (*build_prepare_fn)(void *ctx, domid_t domid, char *cmdline,
                                size_t size);

/* The domain's xenstore ring as start_info names it: what dom0's store
 * service needs to serve the domain. */
struct build_store {
    xen_pfn_t mfn;      /* start_info.store_mfn */
    evtchn_port_t port; /* start_info.store_evtchn: the domain's port */
};

struct build_params {
    xen_domain_handle_t handle; /* the UUID */
    uint64_t memory_kib;        /* populated at start; a page multiple */
    uint64_t maxmem_kib;        /* max_mem: >= memory_kib */
    unsigned max_vcpus;         /* >= 1; vCPU 0 starts */
    const char *cmdline;        /* start_info's; NULL for none */
    domid_t domid;              /* the ID it must get; 0: any */
    build_prepare_fn prepare;   /* NULL: nothing between the two */
    void *prepare_ctx;
    struct build_store *store; /* OUT when the build succeeds; may be NULL */
};

/*
 * Builds a domain from the kernel image[0, len) as p says. Returns 0
 * with *domid set and the domain paused, or a negative Xen errno with
 * reason (BUILD_REASON_MAX bytes) saying what failed: -XEN_EINVAL for a
 * bad image or parameter, -XEN_ENOMEM when the memory is too small for
 * the image or the machine has too little free, or the error of the
 * hypercall that failed. Nothing is left behind on failure.
 */
int builder_build(const void *image, size_t len, const struct build_params *p,
                  domid_t *domid, char *reason);

#endif /* DOM0_BUILDER_H */

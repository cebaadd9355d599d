/*
 * What `xl` needs from the system, as a struct of hooks in the style of
 * struct shell_env: the real dom0 answers each hook with privileged
 * hypercalls (domctl, sysctl, console_io), the host tests with a fake.
 * The toolstack's logic (names, configs, the on_* policy, every output
 * format) stays above this line, so it runs in host tests unchanged.
 *
 * Conventions for every hook:
 * - ctx is struct xl_backend's ctx, handed back unchanged;
 * - a domain is a numeric domid here: names belong to the toolstack;
 * - failure is a negative Xen errno (-XEN_ESRCH, public/errno.h), as
 *   the hypercall behind it returned it, so xl can name the cause;
 * - a hook the system cannot provide answers -XEN_ENOSYS, which xl
 *   reports as "not available" instead of failing in another way;
 * - sizes of memory are in pages of XL_PAGE_SIZE, times in nanoseconds.
 */
#ifndef DOM0_XL_BACKEND_H
#define DOM0_XL_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/xen.h>

#define XL_PAGE_SIZE 4096u
#define XL_KIB_PER_MIB 1024u
#define XL_KIB_PER_PAGE (XL_PAGE_SIZE / 1024u)
#define XL_PAGES_PER_MIB (XL_KIB_PER_MIB / XL_KIB_PER_PAGE)
#define XL_KHZ_PER_MHZ 1000u
#define XL_NS_PER_SEC 1000000000ull

/*
 * One domain as getdomaininfo describes it. The state bits are Xen's
 * XEN_DOMINF_* flags taken apart; a domain may be both paused and
 * blocked, as on Xen. shutdown_reason (SHUTDOWN_*, public/sched.h) is
 * meaningful only while shutdown is set.
 */
struct xl_dominfo {
    domid_t domid;
    bool dying;
    bool shutdown;
    bool paused;
    bool blocked;
    bool running;
    unsigned shutdown_reason;
    uint64_t tot_pages;         /* pages the domain holds now */
    uint64_t outstanding_pages; /* claimed but not yet held */
    uint64_t max_pages;         /* its limit (max_mem) */
    uint64_t cpu_time_ns;       /* CPU time used by all its vCPUs */
    unsigned online_vcpus;
    unsigned max_vcpu_id;
    xen_domain_handle_t handle; /* the UUID, as createdomain set it */
};

/*
 * What the builder needs to make a PV domain: everything the toolstack
 * read from the config, checked and with xl's defaults filled in. The
 * image is the kernel file's bytes as the ramdisk holds them; the
 * builder parses and checks it.
 */
/*
 * The toolstack's step between createdomain and the start of day (the
 * builder's build_prepare_fn): what the guest must find in start_info,
 * such as an event channel allocated in the new domain; it may rewrite
 * the command line (size bytes). A negative errno fails the create.
 */
typedef int (*xl_prepare_fn)(void *ctx, domid_t domid, char *cmdline,
                             size_t size);

struct xl_domain_spec {
    domid_t domid;         /* the ID it must get; 0: the system's choice */
    const char *name;      /* for its store keys; never NULL */
    xl_prepare_fn prepare; /* NULL: nothing to prepare */
    void *prepare_ctx;
    xen_domain_handle_t handle; /* the UUID; all zero is a valid handle */
    uint64_t memory_kib;        /* populated at start */
    uint64_t maxmem_kib;        /* max_mem; >= memory_kib */
    unsigned vcpus;             /* online at start, >= 1 */
    unsigned max_vcpus;         /* >= vcpus */
    const char *cmdline;        /* start_info's cmd_line; never NULL */
    const void *image;          /* the kernel ELF */
    size_t image_size;
};

/* Why a create failed, in words, for xl's one error line. */
#define XL_REASON_MAX 96

/* One vCPU, for `xl vcpu-list` (getvcpuinfo). */
struct xl_vcpuinfo {
    bool online;
    bool blocked;
    bool running;
    uint64_t cpu_time_ns;
    unsigned cpu; /* the physical CPU it runs on or last ran on */
};

/* The machine, for `xl info` (physinfo) and the free-memory check. */
struct xl_physinfo {
    unsigned nr_cpus;
    unsigned threads_per_core;
    unsigned cores_per_socket;
    unsigned nr_nodes;
    uint32_t cpu_khz;
    uint64_t total_pages;
    uint64_t free_pages;
};

/* The hypervisor's version, for `xl info` (xen_version). */
#define XL_VERSION_TEXT_MAX 64
struct xl_version {
    unsigned major;
    unsigned minor;
    char extra[XL_VERSION_TEXT_MAX];       /* XENVER_extraversion, NUL-ended */
    char caps[XL_VERSION_TEXT_MAX];        /* XENVER_capabilities */
    char changeset[XL_VERSION_TEXT_MAX];   /* XENVER_changeset */
    char cmdline[XL_VERSION_TEXT_MAX * 4]; /* XENVER_commandline */
};

/* A domain's credit-scheduler parameters, as Xen's sched_credit. */
struct xl_sched_credit {
    unsigned weight; /* 1..65535, 256 by default */
    unsigned cap;    /* percent of one CPU, 0 = no cap */
};

struct xl_backend {
    /*
     * Up to max domains with domid >= first, in domid order, into out
     * (getdomaininfolist). Returns the number written, or -errno.
     */
    int (*list)(void *ctx, domid_t first, struct xl_dominfo *out, unsigned max);
    /*
     * Builds a domain from spec and leaves it paused (createdomain, the
     * limits, the memory, the image, the start-of-day layout, its
     * vCPU 0). Returns 0 with *domid set, or -errno with a reason of
     * at most XL_REASON_MAX bytes in reason ("not an ELF image",
     * "cannot populate 4096 pages"). On failure nothing is left
     * behind: a half-built domain is destroyed by the backend.
     */
    int (*create)(void *ctx, const struct xl_domain_spec *spec, domid_t *domid,
                  char *reason);
    int (*destroy)(void *ctx, domid_t domid);
    int (*pause)(void *ctx, domid_t domid);
    int (*unpause)(void *ctx, domid_t domid);
    /*
     * Asks the domain to shut down with reason (SHUTDOWN_poweroff or
     * SHUTDOWN_reboot): Xen's remote shutdown, which the guest sees as
     * a shutdown of its own.
     */
    int (*shutdown)(void *ctx, domid_t domid, unsigned reason);
    int (*vcpu_info)(void *ctx, domid_t domid, unsigned vcpu,
                     struct xl_vcpuinfo *out);
    int (*physinfo)(void *ctx, struct xl_physinfo *out);
    int (*version)(void *ctx, struct xl_version *out);
    /*
     * The hypervisor's log (sysctl readconsole), from *index on: copies
     * up to size bytes, advances *index past them, returns how many (0
     * at the end). An index older than the log still holds starts at
     * the oldest byte kept.
     */
    int (*read_hv_log)(void *ctx, uint64_t *index, char *buf, size_t size);
    /*
     * A domain's console output, kept by the hypervisor, from *index
     * on, as read_hv_log. -XEN_ENOSYS: this system keeps no per-domain
     * output; -XEN_ESRCH: no such domain.
     */
    int (*read_console)(void *ctx, domid_t domid, uint64_t *index, char *buf,
                        size_t size);
    /* Input for a domain's console; -XEN_ENOSYS if it takes none. */
    int (*write_console)(void *ctx, domid_t domid, const char *buf, size_t len);
    int (*sched_credit_get)(void *ctx, domid_t domid,
                            struct xl_sched_credit *out);
    int (*sched_credit_set)(void *ctx, domid_t domid,
                            const struct xl_sched_credit *in);
    /* Time since the hypervisor booted. */
    uint64_t (*uptime_ns)(void *ctx);
    /*
     * Waits at most timeout_ns for a domain exception (VIRQ_DOM_EXC: a
     * domain shut down or crashed). Returns 1 if one came (or was
     * pending), 0 on timeout, or -errno. The event only says "look":
     * the toolstack then reads the states with list.
     */
    int (*wait_exception)(void *ctx, uint64_t timeout_ns);
    /*
     * An unbound event-channel port in domain dom, offered to domain
     * remote (EVTCHNOP_alloc_unbound on dom's behalf): how the toolstack
     * wires two domains together before they run. Returns the port, or
     * -errno.
     */
    int (*alloc_unbound)(void *ctx, domid_t dom, domid_t remote);
    void *ctx;
};

#endif /* DOM0_XL_BACKEND_H */

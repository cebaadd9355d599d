/*
 * test_build: dom0's domain builder (tools/dom0/builder.c) end to end.
 * Booted as dom0 with a cpio ramdisk holding domu_exit.elf,
 * domu_check.elf, domu_unpriv.elf and hello.elf, it builds domains from
 * them through the
 * privileged calls, checks each one paused and whole, unpauses it, waits for it
 * to shut down with the reason its command line asked for, destroys it, and
 * checks that the machine's free memory is back where it was. Then the
 * other wrappers on a domain that never runs, with Xen 4.17's answers,
 * 200 domains built and destroyed in a row, and the refusals: an image that is
 * not a kernel, too little memory for the layout, more memory than the machine
 * has free; each leaves no domain and no lost frame behind.
 *
 * On Xen 4.17 a domU's console writes are dropped (release build), so
 * domains are judged by their state and shutdown reason alone.
 */
#include "builder.h"
#include "cpio.h"
#include "verdict.h"
#include "xc.h"

#include <parasol/guest.h>

#define DOMU_MEMORY_KIB (8 * 1024)
#define DOMU_PAGES (DOMU_MEMORY_KIB / 4)
/* Polling for a domain's end, and for its memory to come back. */
#define POLL_STEP_MS 10
#define POLL_LIMIT_MS 5000
/* Domains of the create-and-destroy loop (the 200). */
#define LOOP_DOMAINS 200
/* More domains than a test makes at once, for getdomaininfolist. */
#define LIST_MAX 8

static const uint8_t test_handle[16] = {0x5e, 0xed, 0xba, 0x11, 1, 2,  3,  4,
                                        5,    6,    7,    8,    9, 10, 11, 12};

struct image {
    const void *data;
    size_t size;
};

static struct image ramdisk_file(const char *name)
{
    const start_info_t *si = guest_start_info;
    struct cpio_entry e;
    struct image img = {NULL, 0};

    if (si->mod_len && cpio_find((const void *)si->mod_start, si->mod_len, name,
                                 &e, NULL) == CPIO_OK) {
        img.data = e.data;
        img.size = e.size;
    }
    return img;
}

/* The machine's free frames; a failed physinfo is a failed check. */
static uint64_t free_pages(void)
{
    struct xen_sysctl_physinfo info;
    int rc = xc_physinfo(&info);

    if (rc)
        check_rc(rc, 0, "physinfo");
    return rc ? 0 : info.free_pages;
}

static int count_domains(void)
{
    static struct xen_domctl_getdomaininfo list[LIST_MAX];

    return xc_domain_getinfolist(0, LIST_MAX, list);
}

/* Waits for free memory to be back to 'before' (a destroyed domain's
 * frames may take a moment to return); returns the last count. */
static uint64_t wait_free_pages(uint64_t before)
{
    uint64_t now = free_pages();

    for (unsigned ms = 0; now != before && ms < POLL_LIMIT_MS;
         ms += POLL_STEP_MS) {
        sleep_ms(POLL_STEP_MS);
        now = free_pages();
    }
    return now;
}

/* Waits until domid has shut down; returns its flags, or 0 on timeout. */
static uint32_t wait_shutdown(domid_t domid)
{
    struct xen_domctl_getdomaininfo info;

    for (unsigned ms = 0; ms < POLL_LIMIT_MS; ms += POLL_STEP_MS) {
        if (xc_domain_getinfo(domid, &info) == 0 &&
            (info.flags & XEN_DOMINF_shutdown))
            return info.flags;
        sleep_ms(POLL_STEP_MS);
    }
    return 0;
}

/* Waits until domid is gone from the domain list. */
static int wait_gone(domid_t domid)
{
    struct xen_domctl_getdomaininfo info;
    int rc = xc_domain_getinfo(domid, &info);

    for (unsigned ms = 0; rc == 0 && ms < POLL_LIMIT_MS; ms += POLL_STEP_MS) {
        sleep_ms(POLL_STEP_MS);
        rc = xc_domain_getinfo(domid, &info);
    }
    return rc;
}

static int build(const struct image *img, uint64_t memory_kib,
                 const char *cmdline, domid_t *domid, char *reason)
{
    struct build_params p = {
        .memory_kib = memory_kib,
        .maxmem_kib = memory_kib,
        .max_vcpus = 1,
        .cmdline = cmdline,
    };

    memcpy(p.handle, test_handle, sizeof(p.handle));
    return builder_build(img->data, img->size, &p, domid, reason);
}

/* A freshly built domain: paused, all its memory, our UUID, vCPU 0 up. */
static void check_built(domid_t domid, const char *what)
{
    struct xen_domctl_getdomaininfo info;
    struct xen_domctl_getvcpuinfo vcpu;

    printf("  %s is domain %u\n", what, domid);
    if (!check_rc(xc_domain_getinfo(domid, &info), 0, "getdomaininfo"))
        return;
    check_hex(info.flags & (XEN_DOMINF_paused | XEN_DOMINF_shutdown |
                            XEN_DOMINF_dying | XEN_DOMINF_hvm_guest),
              XEN_DOMINF_paused, "paused, not shut down, not dying, PV");
    check_hex(info.tot_pages, DOMU_PAGES, "tot_pages: all its memory");
    check_hex(info.max_pages, DOMU_PAGES, "max_pages: its max_mem");
    check_hex(info.nr_online_vcpus, 1, "one vCPU online");
    check_hex(info.max_vcpu_id, 0, "max_vcpu_id 0");
    check_true(memcmp(info.handle, test_handle, sizeof(test_handle)) == 0,
               "the UUID createdomain was given");
    check_rc(xc_vcpu_getinfo(domid, 0, &vcpu), 0, "getvcpuinfo vCPU 0");
    check_hex(vcpu.online, 1, "vCPU 0 online");
    check_rc(count_domains(), 2, "getdomaininfolist: dom0 and it");
}

/* Destroys domid and checks that every frame came back. */
static void destroy(domid_t domid, uint64_t free_before)
{
    check_rc(xc_domain_destroy(domid), 0, "destroydomain");
    check_rc(wait_gone(domid), -XEN_ESRCH, "the domain is gone");
    check_hex(wait_free_pages(free_before), free_before,
              "free memory back where it was");
}

/* Builds img with cmdline, runs it to its end, checks the reason. */
static void run_domain(const char *name, const struct image *img,
                       const char *cmdline, unsigned reason)
{
    char why[BUILD_REASON_MAX];
    uint64_t before = free_pages(), start;
    domid_t domid;
    uint32_t flags;
    int rc;

    printf("%s, command line \"%s\":\n", name, cmdline);
    start = time_now_ns();
    rc = build(img, DOMU_MEMORY_KIB, cmdline, &domid, why);
    if (!check_rc(rc, 0, "builder_build")) {
        printf("  reason: %s\n", why);
        return;
    }
    printf("  built in %lu us\n",
           (unsigned long)(time_now_ns() - start) / 1000);
    check_built(domid, name);
    check_rc(xc_domain_unpause(domid), 0, "unpausedomain");
    flags = wait_shutdown(domid);
    check_true(flags & XEN_DOMINF_shutdown, "it shut down");
    check_hex((flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask,
              reason, "with the reason it asked for");
    destroy(domid, before);
}

/* A built domain that never ran, shut down from dom0. */
static void remote_shutdown(const struct image *img)
{
    char why[BUILD_REASON_MAX];
    struct xen_domctl_getdomaininfo info;
    uint64_t before = free_pages();
    domid_t domid;

    printf("remote shutdown of a paused domain:\n");
    if (!check_rc(build(img, DOMU_MEMORY_KIB, "", &domid, why), 0,
                  "builder_build")) {
        printf("  reason: %s\n", why);
        return;
    }
    check_rc(xc_domain_remote_shutdown(domid, SHUTDOWN_reboot), 0,
             "SCHEDOP_remote_shutdown(reboot)");
    check_rc(xc_domain_getinfo(domid, &info), 0, "getdomaininfo");
    check_hex(info.flags & (XEN_DOMINF_shutdown | XEN_DOMINF_paused),
              XEN_DOMINF_shutdown | XEN_DOMINF_paused, "shut down, paused");
    check_hex((info.flags >> XEN_DOMINF_shutdownshift) &
                  XEN_DOMINF_shutdownmask,
              SHUTDOWN_reboot, "reason reboot");
    destroy(domid, before);
}

/*
 * The other wrappers, on a built domain that never runs, with Xen 4.17's
 * answers. A domain not shut down reports 0xffff in the high half of its
 * flags (Xen's invalid shutdown code); pauses nest; remote shutdown does
 * not check the reason; max_mem may go below what the domain holds; the
 * caller cannot pause or destroy itself.
 */
static void wrappers(const struct image *img)
{
    static const xen_domain_handle_t other = {0xab, 0xcd};
    struct xen_domctl_getdomaininfo info;
    struct xen_domctl_getvcpuinfo vcpu;
    char why[BUILD_REASON_MAX];
    uint64_t before = free_pages();
    evtchn_port_t port = 0;
    domid_t domid;

    printf("the other wrappers, on a paused domain:\n");
    if (!check_rc(build(img, DOMU_MEMORY_KIB, "", &domid, why), 0,
                  "builder_build")) {
        printf("  reason: %s\n", why);
        return;
    }
    check_rc(xc_domain_setdomainhandle(domid, other), 0, "setdomainhandle");
    check_rc(xc_domain_getinfo(domid, &info), 0, "getdomaininfo");
    check_true(memcmp(info.handle, other, sizeof(other)) == 0, "the new UUID");
    check_hex(info.flags, 0xffff0000 | XEN_DOMINF_paused,
              "flags: paused, no shutdown code (0xffff)");
    check_rc(xc_evtchn_alloc_unbound(domid, DOMID_SELF, &port), 0,
             "alloc_unbound in the domain, for dom0");
    check_hex(port, 2, "its next port is 2 (1 is the store's)");
    check_rc(xc_domain_pause(domid), 0, "pausedomain, already paused");
    check_rc(xc_domain_unpause(domid), 0, "unpausedomain once");
    check_rc(xc_domain_getinfo(domid, &info), 0, "getdomaininfo");
    check_hex(info.flags & XEN_DOMINF_paused, XEN_DOMINF_paused,
              "pauses nest: still paused");
    check_rc(xc_domain_max_vcpus(domid, 2), -XEN_EINVAL,
             "max_vcpus other than createdomain's");
    check_rc(xc_vcpu_getinfo(domid, 1, &vcpu), -XEN_EINVAL,
             "getvcpuinfo of a vCPU past max_vcpus");
    check_rc(xc_domain_max_mem(domid, 4), 0, "max_mem below tot_pages");
    check_rc(xc_domain_remote_shutdown(domid, 99), 0,
             "remote shutdown with reason 99");
    check_rc(xc_domain_getinfo(domid, &info), 0, "getdomaininfo");
    check_hex(info.max_pages, 1, "max_pages 1");
    check_hex(info.tot_pages, DOMU_PAGES, "tot_pages unchanged");
    check_hex(info.flags,
              99 << XEN_DOMINF_shutdownshift | XEN_DOMINF_shutdown |
                  XEN_DOMINF_paused,
              "shut down with reason 99, paused");
    check_rc(xc_domain_destroy(domid), 0, "destroydomain");
    check_rc(xc_domain_destroy(domid), -XEN_ESRCH, "destroydomain again");
    check_rc(xc_domain_pause(0x7000), -XEN_ESRCH, "pausedomain 0x7000");
    check_rc(xc_domain_pause(0), -XEN_EINVAL, "pausedomain of itself");
    check_rc(xc_domain_destroy(0), -XEN_EINVAL, "destroydomain of itself");
    check_hex(wait_free_pages(before), before, "free memory back");
}

/* Builds and destroys LOOP_DOMAINS domains, one after the other: each
 * build succeeds, and the machine's free memory ends where it began. */
static void create_destroy_loop(const struct image *img)
{
    char why[BUILD_REASON_MAX];
    uint64_t before = free_pages(), start = time_now_ns();
    unsigned built = 0, destroyed = 0;
    domid_t domid;

    printf("%u domains built and destroyed in a row:\n", LOOP_DOMAINS);
    for (unsigned i = 0; i < LOOP_DOMAINS; i++) {
        if (build(img, DOMU_MEMORY_KIB, "", &domid, why)) {
            printf("  build %u: %s\n", i, why);
            break;
        }
        built++;
        destroyed += xc_domain_destroy(domid) == 0;
    }
    printf("  %lu us each\n",
           (unsigned long)((time_now_ns() - start) / 1000 / LOOP_DOMAINS));
    check_hex(built, LOOP_DOMAINS, "every build succeeded");
    check_hex(destroyed, LOOP_DOMAINS, "every destroy succeeded");
    check_rc(count_domains(), 1, "no domain left but dom0");
    check_hex(wait_free_pages(before), before, "free memory back");
}

/* A refused build: the error, and nothing left behind. */
static void refused(const char *what, const struct image *img,
                    uint64_t memory_kib, int err)
{
    char why[BUILD_REASON_MAX];
    uint64_t before = free_pages();
    domid_t domid;
    int rc;

    printf("%s:\n", what);
    rc = build(img, memory_kib, "", &domid, why);
    check_rc(rc, err, "builder_build refuses");
    printf("  reason: %s\n", why);
    check_true(why[0] != '\0', "with a reason");
    check_rc(count_domains(), 1, "no domain left but dom0");
    check_hex(wait_free_pages(before), before, "no frame lost");
}

int main(void)
{
    struct image domu = ramdisk_file("domu_exit.elf");
    struct image check = ramdisk_file("domu_check.elf");
    struct image unpriv = ramdisk_file("domu_unpriv.elf");
    struct image hello = ramdisk_file("hello.elf");
    struct image junk = {"this is not a kernel", 20};
    uint64_t machine_free;

    verdict_title("test_build", "dom0 builds domUs");
    if (!check_true(domu.data && check.data && unpriv.data && hello.data,
                    "domu_exit, domu_check, domu_unpriv and hello in the "
                    "ramdisk"))
        verdict_end();
    run_domain("domu_exit", &domu, "", SHUTDOWN_poweroff);
    run_domain("domu_exit", &domu, "reboot", SHUTDOWN_reboot);
    run_domain("domu_exit", &domu, "crash", SHUTDOWN_crash);
    /* Powers off only if its start of day is libxenguest's. */
    run_domain("domu_check", &check, "domu_check", SHUTDOWN_poweroff);
    /* Powers off only if dom0's calls are refused as on Xen. */
    run_domain("domu_unpriv", &unpriv, "", SHUTDOWN_poweroff);
    run_domain("hello", &hello, "hello from dom0's builder", SHUTDOWN_poweroff);
    remote_shutdown(&domu);
    wrappers(&domu);
    create_destroy_loop(&domu);
    refused("not a kernel", &junk, DOMU_MEMORY_KIB, -XEN_EINVAL);
    refused("2 MiB: too small for the layout", &domu, 2048, -XEN_ENOMEM);
    machine_free = free_pages();
    refused("more memory than the machine has free", &domu,
            (machine_free + 1024) * 4, -XEN_ENOMEM);
    verdict_end();
}

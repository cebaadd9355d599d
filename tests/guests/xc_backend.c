/*
 * test_xc_backend: xl's backend on the real system (tools/dom0/
 * xc_backend.c), every hook through the hypervisor. Booted as dom0 with
 * test_build's ramdisk, it creates domu_exit through the backend, finds
 * it paused in the list, reads its vCPU and scheduler parameters, the
 * machine, the version and the hypervisor's log, unpauses it, waits for
 * the domain exception its shutdown raises, sees the reason in the list
 * and destroys it; then a create the builder refuses, with its reason.
 */
#include "xc_backend.h"
#include "cpio.h"
#include "verdict.h"

#include <parasol/guest.h>

#define DOMU_MEMORY_KIB (8 * 1024)
#define LIST_MAX 8
#define EXC_TIMEOUT_NS 5000000000ULL
#define LOG_CHUNK 256
#define DEFAULT_WEIGHT 256

static const struct xl_backend *be;

static bool contains(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    for (; *haystack; haystack++) {
        if (strncmp(haystack, needle, n) == 0)
            return true;
    }
    return false;
}

static struct xl_domain_spec domu_spec(void)
{
    const start_info_t *si = guest_start_info;
    struct xl_domain_spec spec = {
        .name = "domu_exit",
        .memory_kib = DOMU_MEMORY_KIB,
        .maxmem_kib = DOMU_MEMORY_KIB,
        .vcpus = 1,
        .max_vcpus = 1,
        .cmdline = "reboot",
    };
    struct cpio_entry e;

    if (si->mod_len && cpio_find((const void *)si->mod_start, si->mod_len,
                                 "domu_exit.elf", &e, NULL) == CPIO_OK) {
        spec.image = e.data;
        spec.image_size = e.size;
    }
    return spec;
}

/* domid's entry in the list, or false. */
static bool find(domid_t domid, struct xl_dominfo *out)
{
    static struct xl_dominfo list[LIST_MAX];
    int n = be->list(be->ctx, 0, list, LIST_MAX);

    for (int i = 0; i < n; i++) {
        if (list[i].domid == domid) {
            *out = list[i];
            return true;
        }
    }
    return false;
}

static void check_machine(void)
{
    struct xl_physinfo phys;
    struct xl_version ver;
    char log[LOG_CHUNK];
    uint64_t index = 0;

    check_rc(be->physinfo(be->ctx, &phys), 0, "physinfo");
    check_true(phys.nr_cpus >= 1 && phys.free_pages > 0 &&
                   phys.free_pages < phys.total_pages,
               "CPUs, and free pages below the total");
    check_rc(be->version(be->ctx, &ver), 0, "version");
    check_hex(ver.major << 16 | ver.minor, 4 << 16 | 17, "version 4.17");
    check_true(contains(ver.caps, "xen-3.0-x86_64"),
               "capabilities name xen-3.0-x86_64");
    check_true(be->read_hv_log(be->ctx, &index, log, sizeof(log)) > 0,
               "the hypervisor's log has text");
    check_true(index > 0, "and the index moved past it");
    check_true(be->uptime_ns(be->ctx) > 0, "uptime");
}

static void check_domain(domid_t domid)
{
    struct xl_dominfo info;
    struct xl_vcpuinfo vcpu;
    struct xl_sched_credit credit;

    if (!check_true(find(domid, &info), "the new domain is listed"))
        return;
    check_true(info.paused && !info.shutdown && !info.dying,
               "paused, not shut down");
    check_hex(info.tot_pages, DOMU_MEMORY_KIB / 4, "tot_pages");
    check_hex(info.online_vcpus, 1, "one vCPU online");
    check_rc(be->vcpu_info(be->ctx, domid, 0, &vcpu), 0, "vcpu_info 0");
    check_true(vcpu.online && !vcpu.running, "vCPU 0 online, not running");
    check_rc(be->sched_credit_get(be->ctx, domid, &credit), 0,
             "sched_credit_get");
    check_hex(credit.weight, DEFAULT_WEIGHT, "weight 256 by default");
    check_hex(credit.cap, 0, "no cap by default");
}

static void run_and_destroy(domid_t domid)
{
    struct xl_dominfo info;
    char buf[8];
    uint64_t index = 0;
    int rc;

    rc = be->read_console(be->ctx, domid, &index, buf, sizeof(buf));
    check_true(rc == 0 || rc == -XEN_ENOSYS,
               "read_console: nothing written yet (Parasol), or no such "
               "call (Xen)");
    check_rc(be->unpause(be->ctx, domid), 0, "unpause");
    check_rc(be->wait_exception(be->ctx, EXC_TIMEOUT_NS), 1,
             "a domain exception when it shuts down");
    check_true(find(domid, &info) && info.shutdown &&
                   info.shutdown_reason == SHUTDOWN_reboot,
               "listed as shut down for reboot");
    check_rc(be->destroy(be->ctx, domid), 0, "destroy");
}

static void refused_create(struct xl_domain_spec spec)
{
    char reason[XL_REASON_MAX] = "";
    domid_t domid;

    spec.memory_kib = spec.maxmem_kib = 1024;
    check_rc(be->create(be->ctx, &spec, &domid, reason), -XEN_ENOMEM,
             "create with 1 MiB refused");
    printf("  reason: %s\n", reason);
    check_true(reason[0] != '\0', "with a reason");
}

int main(void)
{
    struct xl_domain_spec spec = domu_spec();
    char reason[XL_REASON_MAX] = "";
    domid_t domid;
    int rc;

    verdict_title("test_xc_backend", "xl's backend on the hypervisor");
    be = xc_backend();
    if (!check_true(spec.image != NULL, "domu_exit.elf in the ramdisk"))
        verdict_end();
    check_machine();
    rc = be->create(be->ctx, &spec, &domid, reason);
    if (check_rc(rc, 0, "create domu_exit")) {
        check_domain(domid);
        run_and_destroy(domid);
    } else {
        printf("  reason: %s\n", reason);
    }
    refused_create(spec);
    verdict_end();
}

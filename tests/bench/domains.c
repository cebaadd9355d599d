/*
 * The bench's figures that need more than one domain. dom0 (the bench
 * guest) builds the domUs itself, from the images in its ramdisk, with
 * the toolstack's builder and hypercall wrappers (tools/dom0), the same
 * code on Parasol and on Xen 4.17:
 *
 *   event_round_trip   dom0 sends on an interdomain channel to a
 *                      pingpong server domU and waits for its answer
 *                      (SCHEDOP_poll), both on the one CPU;
 *   domain_switch      dom0 and a bench_domu "yield" domain yield the
 *                      CPU to each other: one operation is one yield
 *                      and the switch it makes, one way;
 *   domain_build, domain_create_to_entry, domain_create_to_console,
 *   domain_entry_to_console
 *                      from the start of a build to its end, to the
 *                      domU's first instruction, and to its first
 *                      console line written (boot_once says how each is
 *                      timed), and the domU's own time between the two;
 *   domain_create_destroy, create_destroy_rate
 *                      a minimal domU built and destroyed, never run;
 *   guests_in_1gib, guest_overhead_kib
 *                      how many minimal domUs the builder fits in
 *                      exactly 1 GiB of free memory, and what each costs
 *                      the hypervisor beyond its own pages.
 *
 * docs/benchmarks.md says what each includes. A figure that cannot be
 * taken where the bench runs (no ramdisk, too little memory, a yield
 * that does not switch) prints "bench: NAME unavailable: why" and is
 * no error: the runner shows why beside the figures.
 */
#include "bench.h"
#include "builder.h"
#include "cpio.h"
#include "xc.h"

#include <parasol/guest.h>

/* The words of a domU's shared_info that bench_domu reports in (its
 * header says why these). */
#define BENCH_DOMU_ENTRY_NS arch.p2m_cr3
#define BENCH_DOMU_CONSOLE_NS arch.p2m_vaddr
#define BENCH_DOMU_YIELDS arch.p2m_generation

#define PINGPONG_IMAGE "pingpong.elf"
#define DOMU_IMAGE "bench_domu.elf"
/* The smallest domU the builder lays out: its initial mapping ends on a
 * 4 MiB boundary (build_layout.h), and the image fits well below it. */
#define MINIMAL_DOMU_KIB (4 * 1024)
/* The pingpong server's memory: as the pingpong demo's. */
#define PINGPONG_DOMU_KIB (8 * 1024)
/* A fresh domain's first free port: its first, 1 on Xen 4.17 as on
 * Parasol, is the store's, which the builder allocates. */
#define FIRST_PORT 2
#define CMDLINE_MAX 64
/* Domains built and measured one at a time for the boot figures. */
#define BOOT_SAMPLES 7
/* Pairs of create and destroy timed, each on its own. */
#define CREATE_DESTROY_SAMPLES 15
/* How far a figure's samples may be apart in the yield check: the domU
 * must have yielded at least 9/10 as often as dom0 did. */
#define YIELD_SHARE_NUM 9
#define YIELD_SHARE_DEN 10
#define POLL_STEP_MS 1
#define POLL_LIMIT_MS 30000
#define GIB_PAGES ((1ULL << 30) / PAGE_SIZE)
#define KIB_PER_PAGE (PAGE_SIZE / 1024)
/* Frames given to the ballast domain per populate_physmap call. */
#define BALLAST_BATCH 512
/* More guests than 1 GiB can hold at 4 MiB each: the loop's bound. */
#define MAX_GUESTS 1024
/* Our own ID, which the server's port is offered to. */
#define DOM0_ID 0

/* Room for a reason a figure is unavailable, with its NUL; at least
 * the builder's. */
#define BENCH_REASON_MAX 160
_Static_assert(BENCH_REASON_MAX >= BUILD_REASON_MAX, "a build's reason fits");

static domid_t guests[MAX_GUESTS];

static const void *ramdisk_file(const char *name, size_t *size)
{
    const start_info_t *si = guest_start_info;
    struct cpio_entry e;

    if (!si->mod_len || cpio_find((const void *)si->mod_start, si->mod_len,
                                  name, &e, NULL) != CPIO_OK)
        return NULL;
    *size = e.size;
    return e.data;
}

static void unavailable(const char *name, const char *why)
{
    printf("bench: %s unavailable: %s\n", name, why);
}

static int build(const char *image, uint64_t kib, const char *cmdline,
                 domid_t *domid, char *why)
{
    struct build_params p = {
        .memory_kib = kib,
        .maxmem_kib = kib,
        .max_vcpus = 1,
        .cmdline = cmdline,
    };
    size_t size = 0;
    const void *img = ramdisk_file(image, &size);

    if (!img) {
        snprintf(why, BUILD_REASON_MAX, "%s is not in the ramdisk", image);
        return -XEN_ENOENT;
    }
    return builder_build(img, size, &p, domid, why);
}

/* Destroys domid and waits until it is gone. */
static int destroy(domid_t domid)
{
    struct xen_domctl_getdomaininfo info;
    int rc = xc_domain_destroy(domid);

    for (unsigned ms = 0; rc == 0 && ms < POLL_LIMIT_MS; ms += POLL_STEP_MS) {
        rc = xc_domain_getinfo(domid, &info);
        if (rc == 0)
            sleep_ms(POLL_STEP_MS);
    }
    return rc == -XEN_ESRCH ? 0 : rc < 0 ? rc : -XEN_EBUSY;
}

/* Waits until domid has shut down: 0, or -XEN_EBUSY. */
static int wait_shutdown(domid_t domid)
{
    struct xen_domctl_getdomaininfo info;

    for (unsigned ms = 0; ms < POLL_LIMIT_MS; ms += POLL_STEP_MS) {
        if (xc_domain_getinfo(domid, &info) == 0 &&
            (info.flags & XEN_DOMINF_shutdown))
            return 0;
        sleep_ms(POLL_STEP_MS);
    }
    return -XEN_EBUSY;
}

/* Maps domid's shared_info (the frame getdomaininfo names) in window 0. */
static int map_shared_info(domid_t domid, volatile shared_info_t **shared)
{
    struct xen_domctl_getdomaininfo info;
    xen_pfn_t mfn;
    void *page;
    int rc = xc_domain_getinfo(domid, &info);

    if (rc < 0)
        return rc;
    mfn = info.shared_info_frame;
    rc = xc_map_foreign(domid, &mfn, 1, &page);
    if (rc == 0)
        *shared = page;
    return rc;
}

static uint64_t free_pages(void)
{
    struct xen_sysctl_physinfo info;

    return xc_physinfo(&info) ? 0 : info.free_pages;
}

/* ns in ticks, at the TSC rate our PV clock publishes. */
static uint64_t ticks_to_ns(uint64_t ticks)
{
    const volatile vcpu_time_info_t *t = &guest_vcpu_info()->time;

    return pvclock_scale_delta(ticks, t->tsc_to_system_mul, t->tsc_shift);
}

/* A result in ticks as the same result in ns. */
static void result_ns(const struct bench_result *ticks, struct bench_result *ns)
{
    ns->median = ticks_to_ns(ticks->median);
    ns->min = ticks_to_ns(ticks->min);
    ns->max = ticks_to_ns(ticks->max);
}

/* Median, min and max of n values, kept in hundredths (sorts v). */
static void reduce(uint64_t *v, unsigned n, struct bench_result *r)
{
    for (unsigned i = 1; i < n; i++) {
        uint64_t x = v[i];
        unsigned j = i;

        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
    r->min = v[0] * BENCH_FIXED_SCALE;
    r->median = v[n / 2] * BENCH_FIXED_SCALE;
    r->max = v[n - 1] * BENCH_FIXED_SCALE;
}

static int report_error(const char *name, int rc, const char *why)
{
    if (why && why[0])
        printf("bench: %s: %s\n", name, why);
    printf("bench: %s error=%d\n", name, rc);
    return 1;
}

/* Binds to the domU's port FIRST_PORT, masked: dom0's port, or -errno. */
static int link_to(domid_t d)
{
    evtchn_port_t port = 0;
    int rc = xc_evtchn_alloc_unbound(d, DOM0_ID, &port), local;

    if (rc == 0 && port != FIRST_PORT)
        rc = -XEN_EINVAL;
    local = rc < 0 ? rc : evtchn_bind_interdomain(d, port);
    if (local >= 0) {
        evtchn_mask((evtchn_port_t)local);
        evtchn_clear((evtchn_port_t)local);
    }
    return local;
}

/* ---- event round trip ---------------------------------------------- */

static evtchn_port_t ping_port;

static int run_event_round_trip(unsigned long ops)
{
    evtchn_port_t ports[1] = {ping_port};
    struct sched_poll poll = {.nr_ports = 1};

    set_xen_guest_handle(poll.ports, ports);
    for (unsigned long i = 0; i < ops; i++) {
        int rc = evtchn_send(ping_port);

        if (rc < 0)
            return rc;
        while (!evtchn_is_pending(ping_port))
            HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
        evtchn_clear(ping_port);
    }
    return 0;
}

static const struct bench_figure event_round_trip = {
    "event_round_trip", "send to a domU, wait for its answer", NULL,
    run_event_round_trip};

/* The server answers exactly the round trips bench_measure makes. */
#define PING_ROUNDS ((BENCH_WARMUP_SAMPLES + BENCH_SAMPLES) * BENCH_OPS)

static int start_server(domid_t *server, char *why)
{
    char cmdline[CMDLINE_MAX];
    int rc, local;

    snprintf(cmdline, sizeof(cmdline), "pingpong port=%u rounds=%u", FIRST_PORT,
             PING_ROUNDS);
    rc = build(PINGPONG_IMAGE, PINGPONG_DOMU_KIB, cmdline, server, why);
    if (rc < 0)
        return rc;
    local = link_to(*server);
    rc = local < 0 ? local : xc_domain_unpause(*server);
    if (rc < 0) {
        snprintf(why, BUILD_REASON_MAX, "cannot link to the server: %d", rc);
        destroy(*server);
        return rc;
    }
    ping_port = (evtchn_port_t)local;
    return 0;
}

static int bench_event_round_trip(void)
{
    char why[BUILD_REASON_MAX] = "";
    struct bench_result ticks, ns;
    domid_t server;
    int rc = start_server(&server, why);

    if (rc < 0)
        return report_error(event_round_trip.name, rc, why);
    rc = bench_measure(&event_round_trip, &ticks);
    if (rc == 0)
        rc = wait_shutdown(server);
    evtchn_close(ping_port);
    if (rc == 0)
        rc = destroy(server);
    else
        destroy(server);
    if (rc < 0)
        return report_error(event_round_trip.name, rc, NULL);
    bench_print(event_round_trip.name, &ticks, BENCH_SAMPLES, BENCH_OPS,
                BENCH_UNIT_TICKS);
    result_ns(&ticks, &ns);
    bench_print("event_round_trip_ns", &ns, BENCH_SAMPLES, BENCH_OPS, "ns");
    return 0;
}

/* ---- domain switch --------------------------------------------------- */

/* Each of dom0's yields is two switches, there and back: ops / 2 of
 * them make ops switches one way. */
static int run_domain_switch(unsigned long ops)
{
    for (unsigned long i = 0; i < ops / 2; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    return 0;
}

static const struct bench_figure domain_switch = {
    "domain_switch", "one way: a yield and the switch it makes", NULL,
    run_domain_switch};

#define YIELDS_MEASURED                                                        \
    ((BENCH_WARMUP_SAMPLES + BENCH_SAMPLES) * (BENCH_OPS / 2))

static int bench_domain_switch(void)
{
    char why[BENCH_REASON_MAX] = "";
    volatile shared_info_t *shared;
    struct bench_result ticks, ns;
    uint64_t before, yields;
    domid_t d;
    int rc = build(DOMU_IMAGE, MINIMAL_DOMU_KIB, "yield", &d, why);

    if (rc < 0)
        return report_error(domain_switch.name, rc, why);
    rc = map_shared_info(d, &shared);
    if (rc == 0)
        rc = xc_domain_unpause(d);
    /* Let it run a first time, so that it is yielding when we start. */
    for (unsigned ms = 0;
         rc == 0 && !shared->BENCH_DOMU_YIELDS && ms < POLL_LIMIT_MS;
         ms += POLL_STEP_MS)
        sleep_ms(POLL_STEP_MS);
    before = rc == 0 ? shared->BENCH_DOMU_YIELDS : 0;
    if (rc == 0)
        rc = bench_measure(&domain_switch, &ticks);
    yields = rc == 0 ? shared->BENCH_DOMU_YIELDS - before : 0;
    xc_unmap_foreign();
    if (rc == 0)
        rc = destroy(d);
    else
        destroy(d);
    if (rc < 0)
        return report_error(domain_switch.name, rc, NULL);
    if (yields * YIELD_SHARE_DEN < YIELDS_MEASURED * YIELD_SHARE_NUM) {
        snprintf(why, sizeof(why),
                 "SCHEDOP_yield did not switch domains: the domU yielded %lu "
                 "times while dom0 yielded %lu",
                 (unsigned long)yields, (unsigned long)YIELDS_MEASURED);
        unavailable(domain_switch.name, why);
        return 0;
    }
    bench_print(domain_switch.name, &ticks, BENCH_SAMPLES, BENCH_OPS,
                BENCH_UNIT_TICKS);
    result_ns(&ticks, &ns);
    bench_print("domain_switch_ns", &ns, BENCH_SAMPLES, BENCH_OPS, "ns");
    return 0;
}

/* ---- domain create to first instruction and first console line ------- */

struct boot_times {
    uint64_t build;            /* ns from the build's start to its end */
    uint64_t console;          /* ns from the build's start to the event */
    uint64_t entry_to_console; /* ns, the domU's clock alone */
};

/* Waits (SCHEDOP_poll, which gives the CPU to the domU) for an event
 * on port; returns our clock then. */
static uint64_t wait_event(evtchn_port_t port)
{
    evtchn_port_t ports[1] = {port};
    struct sched_poll poll = {.nr_ports = 1};

    set_xen_guest_handle(poll.ports, ports);
    while (!evtchn_is_pending(port))
        HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    return time_now_ns();
}

/*
 * One minimal domU built, linked to us by an event channel, run until
 * it powers off, and destroyed. Its first console line is timed on our
 * clock, when its event wakes us; its first instruction is that, less
 * how long it took from there to the console line by its own clock,
 * since its clock may not be ours (on Xen 4.17 here, a domU's PV clock
 * runs hundreds of ms behind dom0's), though it runs at the same rate.
 */
static int boot_once(struct boot_times *t, char *why)
{
    char cmdline[CMDLINE_MAX];
    volatile shared_info_t *shared;
    uint64_t start = time_now_ns(), woken = 0, entry = 0, console = 0;
    domid_t d;
    int rc, local;

    snprintf(cmdline, sizeof(cmdline), "boot port=%u", FIRST_PORT);
    rc = build(DOMU_IMAGE, MINIMAL_DOMU_KIB, cmdline, &d, why);
    if (rc < 0)
        return rc;
    t->build = time_now_ns() - start;
    local = link_to(d);
    rc = local < 0 ? local : xc_domain_unpause(d);
    if (rc == 0)
        woken = wait_event((evtchn_port_t)local);
    if (local >= 0)
        evtchn_close((evtchn_port_t)local);
    if (rc == 0)
        rc = wait_shutdown(d);
    if (rc == 0)
        rc = map_shared_info(d, &shared);
    if (rc == 0) {
        entry = shared->BENCH_DOMU_ENTRY_NS;
        console = shared->BENCH_DOMU_CONSOLE_NS;
        xc_unmap_foreign();
    }
    destroy(d);
    if (rc == 0 &&
        (!entry || console < entry || console - entry > woken - start)) {
        snprintf(why, BUILD_REASON_MAX,
                 "the domU reported no times (entry %lu, console %lu)",
                 (unsigned long)entry, (unsigned long)console);
        rc = -XEN_EIO;
    }
    if (rc < 0)
        return rc;
    t->console = woken - start;
    t->entry_to_console = console - entry;
    return 0;
}

static int bench_domain_boot(void)
{
    uint64_t build_ns[BOOT_SAMPLES], entry_ns[BOOT_SAMPLES],
        console_ns[BOOT_SAMPLES], inside_ns[BOOT_SAMPLES];
    char why[BUILD_REASON_MAX] = "";
    struct bench_result r;
    struct boot_times t;
    int rc = boot_once(&t, why); /* a warm-up */

    for (unsigned i = 0; rc == 0 && i < BOOT_SAMPLES; i++) {
        rc = boot_once(&t, why);
        build_ns[i] = t.build;
        entry_ns[i] = t.console - t.entry_to_console;
        console_ns[i] = t.console;
        inside_ns[i] = t.entry_to_console;
    }
    if (rc < 0)
        return report_error("domain_create_to_entry", rc, why);
    reduce(build_ns, BOOT_SAMPLES, &r);
    bench_print("domain_build", &r, BOOT_SAMPLES, 1, "ns");
    reduce(entry_ns, BOOT_SAMPLES, &r);
    bench_print("domain_create_to_entry", &r, BOOT_SAMPLES, 1, "ns");
    reduce(console_ns, BOOT_SAMPLES, &r);
    bench_print("domain_create_to_console", &r, BOOT_SAMPLES, 1, "ns");
    reduce(inside_ns, BOOT_SAMPLES, &r);
    bench_print("domain_entry_to_console", &r, BOOT_SAMPLES, 1, "ns");
    return 0;
}

/* ---- create and destroy ---------------------------------------------- */

static int bench_create_destroy(void)
{
    uint64_t ns[CREATE_DESTROY_SAMPLES];
    char why[BUILD_REASON_MAX] = "";
    struct bench_result r, rate;
    int rc = 0;

    for (unsigned i = 0; rc == 0 && i < CREATE_DESTROY_SAMPLES; i++) {
        uint64_t start = time_now_ns();
        domid_t d;

        rc = build(DOMU_IMAGE, MINIMAL_DOMU_KIB, "boot", &d, why);
        if (rc == 0)
            rc = xc_domain_destroy(d);
        ns[i] = time_now_ns() - start;
    }
    if (rc < 0)
        return report_error("domain_create_destroy", rc, why);
    reduce(ns, CREATE_DESTROY_SAMPLES, &r);
    bench_print("domain_create_destroy", &r, CREATE_DESTROY_SAMPLES, 1, "ns");
    /* Per second: the slowest pair is the lowest rate. */
    rate.median = NSEC_PER_SEC * BENCH_FIXED_SCALE * BENCH_FIXED_SCALE /
                  (r.median ? r.median : 1);
    rate.min = NSEC_PER_SEC * BENCH_FIXED_SCALE * BENCH_FIXED_SCALE /
               (r.max ? r.max : 1);
    rate.max = NSEC_PER_SEC * BENCH_FIXED_SCALE * BENCH_FIXED_SCALE /
               (r.min ? r.min : 1);
    bench_print("create_destroy_rate", &rate, CREATE_DESTROY_SAMPLES, 1,
                "domains/s");
    return 0;
}

/* ---- guests in 1 GiB ------------------------------------------------- */

/*
 * A domain that holds every free page but 1 GiB, so that the guests
 * that follow have exactly 1 GiB to fit in, whatever the machine's
 * size. It is never built or run: created, then given frames.
 */
static int make_ballast(uint64_t pages, domid_t *ballast)
{
    static xen_pfn_t frames[BALLAST_BATCH];
    struct xc_create_args a = {
        .max_vcpus = 1,
        .max_grant_frames = -1,
        .max_maptrack_frames = -1,
        .max_grant_version = 1,
    };
    int rc;

    *ballast = 0;
    rc = xc_domain_create(&a, ballast);
    if (rc == 0)
        rc = xc_domain_max_mem(*ballast, pages * KIB_PER_PAGE);
    for (uint64_t done = 0; rc == 0 && done < pages;) {
        unsigned long n =
            pages - done < BALLAST_BATCH ? pages - done : BALLAST_BATCH;
        long got;

        for (unsigned long i = 0; i < n; i++)
            frames[i] = done + i;
        got = xc_populate_physmap(*ballast, frames, n);
        if (got <= 0)
            rc = got < 0 ? (int)got : -XEN_ENOMEM;
        done += got > 0 ? (uint64_t)got : 0;
    }
    if (rc < 0 && *ballast)
        destroy(*ballast);
    return rc;
}

/* Builds minimal domUs until the builder refuses; returns how many, or
 * a negative errno for a refusal that was not for lack of memory. */
static int fill(char *why)
{
    int n = 0;

    for (; n < MAX_GUESTS; n++) {
        int rc = build(DOMU_IMAGE, MINIMAL_DOMU_KIB, "boot", &guests[n], why);

        if (rc == -XEN_ENOMEM)
            return n;
        if (rc < 0)
            return rc;
    }
    snprintf(why, BUILD_REASON_MAX, "more than %d guests fit", MAX_GUESTS);
    return -XEN_E2BIG;
}

static void print_count(const char *name, uint64_t value, const char *unit)
{
    struct bench_result r = {value * BENCH_FIXED_SCALE,
                             value * BENCH_FIXED_SCALE,
                             value * BENCH_FIXED_SCALE};

    bench_print(name, &r, 1, 1, unit);
}

static int bench_guests_in_1gib(void)
{
    char why[BENCH_REASON_MAX] = "";
    uint64_t free_start = free_pages(), free_full, per_guest;
    domid_t ballast;
    int n, rc;

    if (free_start < GIB_PAGES) {
        snprintf(why, sizeof(why),
                 "only %lu MiB free: the machine needs more memory (make "
                 "bench BENCH_MEM=...)",
                 (unsigned long)(free_start * KIB_PER_PAGE / 1024));
        unavailable("guests_in_1gib", why);
        return 0;
    }
    rc = make_ballast(free_start - GIB_PAGES, &ballast);
    if (rc < 0)
        return report_error("guests_in_1gib", rc, "cannot make the ballast");
    /* What the ballast domain's own structures took comes off the GiB. */
    free_start = free_pages();
    n = fill(why);
    free_full = free_pages();
    printf("bench: guests_in_1gib: %d built from %lu MiB free; then: %s\n", n,
           (unsigned long)(free_start * KIB_PER_PAGE / 1024), why);
    for (int i = 0; n > 0 && i < n; i++)
        destroy(guests[i]);
    destroy(ballast);
    if (n <= 0)
        return report_error("guests_in_1gib", n ? n : -XEN_ENOMEM, why);
    print_count("guests_in_1gib", (uint64_t)n, "guests");
    per_guest = (free_start - free_full) * KIB_PER_PAGE / (uint64_t)n;
    print_count("guest_overhead_kib",
                per_guest > MINIMAL_DOMU_KIB ? per_guest - MINIMAL_DOMU_KIB : 0,
                "KiB");
    return 0;
}

int bench_domains(void)
{
    size_t size;

    if (!ramdisk_file(DOMU_IMAGE, &size) ||
        !ramdisk_file(PINGPONG_IMAGE, &size)) {
        unavailable("domains",
                    "no ramdisk with " DOMU_IMAGE " and " PINGPONG_IMAGE);
        return 0;
    }
    return bench_event_round_trip() + bench_domain_switch() +
           bench_domain_boot() + bench_create_destroy() +
           bench_guests_in_1gib();
}

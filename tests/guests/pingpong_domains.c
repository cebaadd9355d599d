/*
 * test_pingpong: the pingpong demo as two real domains, set up the way
 * its header comment says a toolstack does. Booted as dom0 with a
 * ramdisk holding pingpong.elf, it builds the server and the client
 * (both paused), allocates the server's port offered to the client,
 * unpauses both, and waits for them: each stops after ROUNDS round
 * trips and powers off, which only happens if every event crossed from
 * one domain to the other and back. Then both are destroyed and the
 * free memory must be back where it was.
 *
 * The server's command line names its port before the port exists:
 * a fresh domain's first port is always 1 (on Xen 4.17 as on Parasol,
 * test_evtchn), which the builder takes for the store, so the next is 2:
 * the toolstack writes "port=2" and checks that alloc_unbound gave
 * exactly that.
 *
 * Then dom0's rights over another domain's ports, on a third domain:
 * it allocates a port there and links to it, reads its status, resets
 * the domain's ports while its controller has it paused (the link's
 * other end, dom0's, goes back to unbound), and is refused the reset
 * (-EINVAL) once the domain was unpaused, until it pauses it again.
 *
 * Last, domu_evtchn checks the ops as an unprivileged domain sees them;
 * it powers off if every check passed.
 *
 * On Xen 4.17 a domU's console output is dropped: the domains are
 * judged by their shutdown alone, as everywhere here.
 */
#include "builder.h"
#include "cpio.h"
#include "verdict.h"
#include "xc.h"

#include <parasol/guest.h>

#define DOMU_MEMORY_KIB (8 * 1024)
#define ROUNDS 1000
#define FIRST_PORT 2 /* after the store's */
#define CMDLINE_MAX 64
#define POLL_STEP_MS 10
#define POLL_LIMIT_MS 20000

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

static uint64_t free_pages(void)
{
    struct xen_sysctl_physinfo info;

    return xc_physinfo(&info) ? 0 : info.free_pages;
}

static int build(const void *img, size_t size, const char *cmdline,
                 domid_t *domid)
{
    struct build_params p = {
        .memory_kib = DOMU_MEMORY_KIB,
        .maxmem_kib = DOMU_MEMORY_KIB,
        .max_vcpus = 1,
        .cmdline = cmdline,
    };
    char why[BUILD_REASON_MAX];
    int rc = builder_build(img, size, &p, domid, why);

    if (rc)
        printf("  cannot build: %s\n", why);
    return rc;
}

/* The shutdown reason of domid once it has shut down, or -1 if it did
 * not within the limit. */
static int wait_shutdown(domid_t domid)
{
    struct xen_domctl_getdomaininfo info;

    for (unsigned ms = 0; ms < POLL_LIMIT_MS; ms += POLL_STEP_MS) {
        if (xc_domain_getinfo(domid, &info) == 0 &&
            (info.flags & XEN_DOMINF_shutdown))
            return (int)((info.flags >> XEN_DOMINF_shutdownshift) &
                         XEN_DOMINF_shutdownmask);
        sleep_ms(POLL_STEP_MS);
    }
    return -1;
}

static void destroy(domid_t domid)
{
    struct xen_domctl_getdomaininfo info;
    int rc;

    check_rc(xc_domain_destroy(domid), 0, "destroydomain");
    rc = xc_domain_getinfo(domid, &info);
    for (unsigned ms = 0; rc == 0 && ms < POLL_LIMIT_MS; ms += POLL_STEP_MS) {
        sleep_ms(POLL_STEP_MS);
        rc = xc_domain_getinfo(domid, &info);
    }
    check_rc(rc, -XEN_ESRCH, "  ... it is gone");
}

/* Free memory comes back, perhaps a moment after the destroys. */
static void check_memory_back(uint64_t before)
{
    uint64_t now = free_pages();

    for (unsigned ms = 0; now != before && ms < POLL_LIMIT_MS;
         ms += POLL_STEP_MS) {
        sleep_ms(POLL_STEP_MS);
        now = free_pages();
    }
    check_hex(now, before, "free memory back where it was");
}

static void run_pair(const void *img, size_t size)
{
    char server_cmd[CMDLINE_MAX], client_cmd[CMDLINE_MAX];
    domid_t server, client;
    evtchn_port_t port = 0;

    snprintf(server_cmd, sizeof(server_cmd), "pingpong port=%u rounds=%u",
             FIRST_PORT, ROUNDS);
    if (!check_rc(build(img, size, server_cmd, &server), 0, "build the server"))
        return;
    snprintf(client_cmd, sizeof(client_cmd),
             "pingpong peer=%u port=%u rounds=%u", server, FIRST_PORT, ROUNDS);
    if (!check_rc(build(img, size, client_cmd, &client), 0,
                  "build the client")) {
        destroy(server);
        return;
    }
    check_rc(xc_evtchn_alloc_unbound(server, client, &port), 0,
             "alloc_unbound in the server, offered to the client");
    check_hex(port, FIRST_PORT, "  ... its first free port, as predicted");
    check_rc(xc_domain_unpause(server), 0, "unpause the server");
    check_rc(xc_domain_unpause(client), 0, "unpause the client");
    check_rc(wait_shutdown(client), SHUTDOWN_poweroff,
             "the client powered off after its round trips");
    check_rc(wait_shutdown(server), SHUTDOWN_poweroff,
             "the server powered off after answering them");
    destroy(client);
    destroy(server);
}

static long port_status(domid_t dom, evtchn_port_t port,
                        struct evtchn_status *st)
{
    *st = (struct evtchn_status){.dom = dom, .port = port};
    return HYPERVISOR_event_channel_op(EVTCHNOP_status, st);
}

static long reset(domid_t dom)
{
    struct evtchn_reset op = {.dom = dom};

    return HYPERVISOR_event_channel_op(EVTCHNOP_reset, &op);
}

/* A port in d linked to a new port of dom0; dom0's port, or 0. */
static evtchn_port_t link_from_dom0(domid_t d)
{
    struct evtchn_status st;
    evtchn_port_t port = 0;
    int local;

    check_rc(xc_evtchn_alloc_unbound(d, 0, &port), 0,
             "alloc_unbound in the domain, offered to dom0");
    check_rc(port_status(d, port, &st), 0, "  ... its status, from dom0");
    check_hex(st.status, EVTCHNSTAT_unbound, "  ... unbound");
    check_hex(st.u.unbound.dom, 0, "  ... for dom0");
    local = evtchn_bind_interdomain(d, port);
    check_true(local > 0, "dom0 binds to it");
    check_rc(port_status(d, port, &st), 0, "  ... its status");
    check_hex(st.status, EVTCHNSTAT_interdomain, "  ... interdomain");
    check_hex(st.u.interdomain.dom, 0, "  ... to dom0");
    check_hex(st.u.interdomain.port, (uint32_t)local, "  ... dom0's port");
    return local > 0 ? (evtchn_port_t)local : 0;
}

static void check_remote_reset(const void *img, size_t size)
{
    struct evtchn_status st;
    evtchn_port_t local;
    domid_t d;

    printf("dom0 and another domain's ports:\n");
    if (!check_rc(build(img, size, "pingpong port=2 rounds=0", &d), 0,
                  "build a domain"))
        return;
    local = link_from_dom0(d);
    check_rc(reset(d), 0, "reset its ports: its controller has it paused");
    check_rc(port_status(d, FIRST_PORT, &st), 0, "  ... its port's status");
    check_hex(st.status, EVTCHNSTAT_closed, "  ... closed");
    check_rc(port_status(DOMID_SELF, local, &st), 0, "dom0's end");
    check_hex(st.status, EVTCHNSTAT_unbound, "  ... unbound again");
    check_hex(st.u.unbound.dom, d, "  ... offered to the domain");
    evtchn_close(local);
    check_rc(xc_domain_unpause(d), 0, "unpause it");
    check_rc(wait_shutdown(d), SHUTDOWN_poweroff, "  ... it ran and ended");
    check_rc(reset(d), -XEN_EINVAL, "reset it now: -EINVAL (not paused)");
    check_rc(xc_domain_pause(d), 0, "pause it");
    check_rc(reset(d), 0, "reset it then");
    destroy(d);
}

static void check_unprivileged(void)
{
    const void *img;
    size_t size = 0;
    domid_t d;

    printf("domu_evtchn, the ops from an unprivileged domain:\n");
    img = ramdisk_file("domu_evtchn.elf", &size);
    if (!check_true(img != NULL, "domu_evtchn.elf in the ramdisk"))
        return;
    if (!check_rc(build(img, size, "domu_evtchn", &d), 0, "build it"))
        return;
    check_rc(xc_domain_unpause(d), 0, "unpause it");
    check_rc(wait_shutdown(d), SHUTDOWN_poweroff,
             "it powered off: every check passed");
    destroy(d);
}

int main(void)
{
    const void *img;
    size_t size = 0;
    uint64_t before;

    verdict_title("test_pingpong", "pingpong between two domains");
    img = ramdisk_file("pingpong.elf", &size);
    if (!check_true(img != NULL, "pingpong.elf in the ramdisk"))
        verdict_end();
    before = free_pages();
    run_pair(img, size);
    check_remote_reset(img, size);
    check_unprivileged();
    check_memory_back(before);
    verdict_end();
}

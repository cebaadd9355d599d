/*
 * test_domain_console: a domU's console text reaches dom0 through the
 * hypervisor's buffer, end to end (Parasol's own PARASOLOP_console_read;
 * Xen has no such call and drops a domU's console text). dom0 binds
 * VIRQ_CON_RING, builds the pingpong demo as a domU that plays both
 * sides of a loopback channel and powers off, and then: the VIRQ came,
 * the domain's buffer holds the lines it printed, an incremental read
 * from the index returned has nothing more, and once the domain is
 * destroyed its buffer is gone with it (-ESRCH).
 */
#include "builder.h"
#include "cpio.h"
#include "verdict.h"
#include "xc.h"

#include <parasol/guest.h>

#define DOMU_MEMORY_KIB (8 * 1024)
#define POLL_STEP_MS 10
#define POLL_LIMIT_MS 20000
#define TEXT_MAX 1024
/* Port 1 is the store's (the builder's): the loop takes the next two. */
#define LOOPBACK_LINE "pingpong: loopback, port 3 linked to port 2\n"
#define DONE_LINE "pingpong: 10 round trips in "

static char text[TEXT_MAX + 1];

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

static bool wait_shutdown(domid_t domid)
{
    struct xen_domctl_getdomaininfo info;

    for (unsigned ms = 0; ms < POLL_LIMIT_MS; ms += POLL_STEP_MS) {
        if (xc_domain_getinfo(domid, &info) == 0 &&
            (info.flags & XEN_DOMINF_shutdown))
            return true;
        sleep_ms(POLL_STEP_MS);
    }
    return false;
}

static bool contains(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    for (; *haystack; haystack++)
        if (strncmp(haystack, needle, n) == 0)
            return true;
    return false;
}

static void check_text(domid_t domid)
{
    uint32_t index = 0;
    int got = xc_console_read(domid, &index, text, TEXT_MAX);

    if (!check_true(got > 0, "the domain's buffer has text"))
        return;
    text[got] = 0;
    check_true(contains(text, LOOPBACK_LINE), "  ... its first line");
    check_true(contains(text, DONE_LINE), "  ... and its last");
    check_hex(index, (uint32_t)got, "  ... the index is past it");
    check_rc(xc_console_read(domid, &index, text, TEXT_MAX), 0,
             "an incremental read from there: nothing more");
}

int main(void)
{
    struct build_params p = {.memory_kib = DOMU_MEMORY_KIB,
                             .maxmem_kib = DOMU_MEMORY_KIB,
                             .max_vcpus = 1,
                             .cmdline = "pingpong loopback rounds=10"};
    char why[BUILD_REASON_MAX];
    const void *img;
    size_t size = 0;
    uint32_t index = 0;
    domid_t domid;
    int virq;

    verdict_title("test_domain_console", "a domU's console text in dom0");
    events_disable();
    img = ramdisk_file("pingpong.elf", &size);
    if (!check_true(img != NULL, "pingpong.elf in the ramdisk"))
        verdict_end();
    virq = evtchn_bind_virq(VIRQ_CON_RING, 0);
    check_true(virq > 0, "bind VIRQ_CON_RING");
    if (!check_rc(builder_build(img, size, &p, &domid, why), 0, "build"))
        verdict_end();
    check_rc(xc_console_read(domid, &index, text, TEXT_MAX), 0,
             "a domain that never ran: nothing to read");
    check_true(virq <= 0 || !evtchn_is_pending((evtchn_port_t)virq),
               "  ... and no VIRQ_CON_RING yet");
    check_rc(xc_domain_unpause(domid), 0, "unpause");
    check_true(wait_shutdown(domid), "it ran and shut down");
    check_true(virq > 0 && evtchn_is_pending((evtchn_port_t)virq),
               "VIRQ_CON_RING came");
    check_text(domid);
    check_rc(xc_domain_destroy(domid), 0, "destroy it");
    index = 0;
    check_rc(xc_console_read(domid, &index, text, TEXT_MAX), -XEN_ESRCH,
             "its buffer went with it: -ESRCH");
    verdict_end();
}

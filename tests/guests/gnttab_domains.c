/*
 * test_gnttab_domains: grants between two domains, and a granter
 * destroyed while its grant is mapped (compared with Xen 4.17).
 *
 * dom0 creates a domain that never runs, gives it one frame, and acts
 * for it as a toolstack may: it sizes the domain's grant table
 * (setup_table for another domain, a privileged caller), maps the
 * table's frame (a foreign mapping), and fills entry 8 with a grant of
 * that frame to dom0. Then dom0 maps the grant: it reads the frame, and
 * the entry shows GTF_reading and GTF_writing. Refusals across domains:
 * the grant mapped by DOMID_SELF, a copy by frame of the other domain's
 * MFN. Then the domain is destroyed while dom0 still maps its frame:
 * the mapping keeps working, the unmap is okay, and once dom0 lets go
 * of everything the domain is gone and (in a second round, dom0's own
 * maptrack made by the first) the machine's free memory is back where
 * it was.
 */
#include "verdict.h"
#include "xc.h"

#include <parasol/guest.h>
#include <public/grant_table.h>

#define DOMID_DOM0 0
#define REF 8
#define PATTERN 0x6b
#define POLL_STEP_MS 10
#define POLL_LIMIT_MS 5000
#define STABLE_MS 200

static long gnttab_op(unsigned int cmd, void *uops, unsigned int count)
{
    return _hypercall(__HYPERVISOR_grant_table_op, cmd, uops, count, 0, 0);
}

static uint64_t free_pages(void)
{
    struct xen_sysctl_physinfo info;

    return xc_physinfo(&info) ? 0 : info.free_pages;
}

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

/* Free memory once it has stopped changing: a destroyed domain's
 * frames go back a little later on Xen. */
static uint64_t stable_free_pages(void)
{
    uint64_t last = free_pages(), now;

    for (unsigned ms = 0; ms < POLL_LIMIT_MS; ms += STABLE_MS) {
        sleep_ms(STABLE_MS);
        now = free_pages();
        if (now == last)
            break;
        last = now;
    }
    return last;
}

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

/* A domain that never runs, with one frame: its MFN in *mfn. */
static bool make_domain(domid_t *domid, xen_pfn_t *mfn)
{
    struct xc_create_args a = {
        .max_vcpus = 1,
        .max_grant_frames = -1,
        .max_maptrack_frames = -1,
        .max_grant_version = 1,
    };

    *domid = 0;
    *mfn = 0;
    return check_rc(xc_domain_create(&a, domid), 0, "createdomain") &&
           check_rc(xc_domain_max_mem(*domid, 64), 0, "max_mem") &&
           check_rc(xc_populate_physmap(*domid, mfn, 1), 1, "one frame for it");
}

static int16_t map(unsigned long va, domid_t dom, grant_handle_t *h)
{
    gnttab_map_grant_ref_t op = {
        .host_addr = va, .flags = GNTMAP_host_map, .ref = REF, .dom = dom};

    gnttab_op(GNTTABOP_map_grant_ref, &op, 1);
    *h = op.handle;
    return op.status;
}

static int16_t unmap(unsigned long va, grant_handle_t h)
{
    gnttab_unmap_grant_ref_t op = {.host_addr = va, .handle = h};

    gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1);
    return op.status;
}

/* One round; the memory check is the second round's, when dom0's own
 * maptrack (allocated at its first map, on both) is there already. */
static void round(bool check_memory)
{
    uint64_t before = stable_free_pages();
    unsigned long va = (unsigned long)page_alloc();
    xen_pfn_t frame, table_mfn = 0, mfns[2];
    gnttab_setup_table_t s = {.nr_frames = 1};
    void *pages[2];
    grant_entry_v1_t *table;
    grant_handle_t h;
    domid_t domid;

    mm_update_va(va, 0);
    if (!make_domain(&domid, &frame))
        return;
    s.dom = domid;
    set_xen_guest_handle(s.frame_list, &table_mfn);
    check_rc(gnttab_op(GNTTABOP_setup_table, &s, 1), 0,
             "setup_table for the other domain");
    check_rc(s.status, GNTST_okay, "  ... okay");
    mfns[0] = table_mfn;
    mfns[1] = frame;
    if (!check_rc(xc_map_foreign(domid, mfns, 2, pages), 0,
                  "its table frame and its frame mapped"))
        return;
    table = pages[0];
    memset(pages[1], PATTERN, PAGE_SIZE);
    table[REF].domid = DOMID_DOM0;
    table[REF].frame = (uint32_t)frame;
    __atomic_store_n(&table[REF].flags, GTF_permit_access, __ATOMIC_RELEASE);

    check_rc(map(va, DOMID_SELF, &h), GNTST_bad_domain,
             "its grant mapped as DOMID_SELF: bad_domain");
    check_rc(map(va, domid, &h), GNTST_okay, "its grant mapped");
    check_hex(*(volatile unsigned char *)va, PATTERN, "  ... reads its frame");
    check_hex(table[REF].flags, GTF_permit_access | GTF_reading | GTF_writing,
              "  ... reading and writing set in its entry");
    {
        gnttab_copy_t c = {.len = 8};

        c.source.u.gmfn = frame;
        c.source.domid = domid;
        c.dest.u.gmfn = virt_to_mfn(page_alloc());
        c.dest.domid = DOMID_SELF;
        gnttab_op(GNTTABOP_copy, &c, 1);
        check_rc(c.status, GNTST_permission_denied,
                 "copy from its frame by MFN: permission_denied");
        c.flags = GNTCOPY_source_gref;
        c.source.u.ref = REF;
        gnttab_op(GNTTABOP_copy, &c, 1);
        check_rc(c.status, GNTST_okay, "copy from it by grant: okay");
    }

    check_rc(xc_unmap_foreign(), 0, "foreign windows unmapped");
    check_rc(xc_domain_destroy(domid), 0, "destroydomain while mapped");
    check_hex(*(volatile unsigned char *)va, PATTERN,
              "  ... the mapping still reads the frame");
    check_rc(unmap(va, h), GNTST_okay, "unmap after its granter died");
    check_hex(mm_lookup(va), 0, "  ... the PTE cleared");
    check_rc(unmap(va, h), GNTST_bad_handle, "  ... once only");
    check_rc(wait_gone(domid), -XEN_ESRCH, "the domain is gone");
    if (check_memory)
        check_hex(wait_free_pages(before), before,
                  "free memory back where it was");
}

int main(void)
{
    verdict_title("test_gnttab_domains", "grants between two domains");
    round(false);
    printf("again, counting free memory:\n");
    round(true);
    verdict_end();
}

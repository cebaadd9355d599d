/*
 * domu_check: a domU that checks its own start of day against the
 * layout Xen's libxenguest gives a PV x86-64 domU (reference §2.2 and
 * §2.3): start_info's fields, the pieces packed in their order (image,
 * p2m, start_info, xenstore ring, console ring, page tables L4 first,
 * boot stack), the rings zeroed, the page tables read-only and linked
 * L4 -> L3 -> L2 -> L1s, CR3, the p2m and the M2P in agreement, events
 * masked.
 *
 * dom0's test_build builds it with the command line EXPECTED_CMDLINE.
 * Its verdict is its shutdown reason: poweroff when every check passed,
 * crash otherwise (verdict_end()), which test_build reads from dom0; on
 * Xen 4.17 a domU's console output is dropped, on Parasol it is not.
 */
#include "verdict.h"

#include <parasol/guest.h>

#define EXPECTED_CMDLINE "domu_check"
#define START_INFO_MAGIC "xen-3.0-x86_64"
/* This image is far below 2 MiB, so its mapping is [0, 4 MiB): an L4, an
 * L3, an L2 and two L1s, in that order. */
#define EXPECTED_PT_FRAMES 5
#define MAPPING_END 0x400000UL
#define PTE_RIGHTS (PTE_PRESENT | PTE_RW)

extern char _end[];

static unsigned long align_up(unsigned long v, unsigned long a)
{
    return (v + a - 1) & ~(a - 1);
}

static uint64_t read_cr3(void)
{
    uint64_t cr3;

    /* A privileged instruction in ring 3: the hypervisor emulates it. */
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    return cr3;
}

/* Is the page at va mapped to its own frame with exactly 'rights'? */
static bool mapped(unsigned long va, uint64_t rights)
{
    uint64_t pte = mm_lookup(va);

    return (pte & PTE_RIGHTS) == rights &&
           pte_mfn(pte) == virt_to_mfn((const void *)va);
}

static bool page_is_zero(const void *page)
{
    const uint64_t *w = page;

    for (unsigned i = 0; i < PAGE_SIZE / sizeof(*w); i++) {
        if (w[i])
            return false;
    }
    return true;
}

/* The store's port is the domain's own, unbound and offered to dom0,
 * which binds it only when it serves the store (not Xen's xenstored:
 * test_build does not run it). */
static void check_store_port(evtchn_port_t port)
{
    struct evtchn_status st = {.dom = DOMID_SELF, .port = port};

    check_true(port != 0, "store_evtchn is a port");
    check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0,
             "EVTCHNOP_status on store_evtchn");
    check_true(st.status == EVTCHNSTAT_unbound ||
                   st.status == EVTCHNSTAT_interdomain,
               "store_evtchn is offered to or bound by the store");
    if (st.status == EVTCHNSTAT_unbound)
        check_hex(st.u.unbound.dom, 0, "store_evtchn is offered to dom0");
    else
        check_hex(st.u.interdomain.dom, 0, "store_evtchn is bound by dom0");
}

static void check_start_info(const start_info_t *si)
{
    domid_t self = DOMID_SELF;

    check_true(strncmp(si->magic, START_INFO_MAGIC, sizeof(si->magic)) == 0,
               "start_info magic is \"" START_INFO_MAGIC "\"");
    check_hex(si->flags, 0, "flags 0: not privileged, not dom0");
    check_rc(HYPERVISOR_memory_op(XENMEM_current_reservation, &self),
             (long)si->nr_pages, "XENMEM_current_reservation == nr_pages");
    check_hex(si->mod_start | si->mod_len, 0, "no ramdisk");
    check_hex(si->first_p2m_pfn | si->nr_p2m_frames, 0,
              "the p2m is in the initial mapping");
    check_store_port(si->store_evtchn);
    check_hex(si->console.domU.evtchn, 0,
              "no console event channel (no console backend)");
    check_true(strcmp(guest_cmdline(), EXPECTED_CMDLINE) == 0,
               "cmd_line is the builder's");
}

/* Image, p2m, start_info, xenstore, console, page tables: back to back. */
static void check_pieces(const start_info_t *si)
{
    unsigned long si_va = (unsigned long)si;
    const void *store = (const void *)(si_va + PAGE_SIZE);
    const void *console = (const void *)(si_va + 2 * PAGE_SIZE);

    check_hex(si->mfn_list, align_up((unsigned long)_end, PAGE_SIZE),
              "mfn_list on the page after the image");
    check_hex(
        si_va,
        align_up(si->mfn_list + si->nr_pages * sizeof(xen_pfn_t), PAGE_SIZE),
        "start_info on the page after the p2m");
    check_hex(si->store_mfn, virt_to_mfn(store),
              "store_mfn: the page after start_info");
    check_hex(si->console.domU.mfn, virt_to_mfn(console),
              "console mfn: the page after the xenstore ring");
    check_hex(si->pt_base, si_va + 3 * PAGE_SIZE,
              "pt_base: the page after the console ring");
    check_true(page_is_zero(store) && page_is_zero(console),
               "both rings zeroed");
    check_true(mapped(si_va, PTE_RIGHTS) &&
                   mapped((unsigned long)store, PTE_RIGHTS) &&
                   mapped((unsigned long)console, PTE_RIGHTS),
               "start_info and the rings mapped read-write");
    for (unsigned long va = si->mfn_list; va < si_va; va += PAGE_SIZE) {
        if (!mapped(va, PTE_RIGHTS)) {
            check_hex(va, 0, "p2m page mapped read-write");
            break;
        }
    }
}

/* The frame an upper entry points to, as a virtual address. */
static unsigned long next_table(uint64_t entry)
{
    return (unsigned long)mfn_to_virt(pte_mfn(entry));
}

static void check_page_tables(const start_info_t *si)
{
    unsigned long pt = si->pt_base, page = PAGE_SIZE;
    const uint64_t *l4 = (const uint64_t *)pt;
    const uint64_t *l3 = (const uint64_t *)(pt + page);
    const uint64_t *l2 = (const uint64_t *)(pt + 2 * page);
    bool read_only = true;

    check_hex(si->nr_pt_frames, EXPECTED_PT_FRAMES,
              "nr_pt_frames: L4, L3, L2 and two L1s");
    for (unsigned long i = 0; i < si->nr_pt_frames; i++)
        read_only = read_only && mapped(pt + i * page, PTE_PRESENT);
    check_true(read_only, "every page-table frame mapped read-only");
    check_hex(read_cr3() >> PAGE_SHIFT, virt_to_mfn(l4), "CR3 is the L4");
    check_hex(next_table(l4[0]), pt + page, "L4[0]: the L3 follows the L4");
    check_hex(next_table(l3[0]), pt + 2 * page, "L3[0]: then the L2");
    check_hex(next_table(l2[0]), pt + 3 * page, "L2[0]: then the first L1");
    check_hex(next_table(l2[1]), pt + 4 * page, "L2[1]: then the second L1");
    check_hex(l2[pt_index(MAPPING_END, 2)], 0, "nothing mapped from 4 MiB");
    check_true(mapped(pt + si->nr_pt_frames * page, PTE_RIGHTS),
               "the boot stack after the tables, read-write");
}

static void check_frames(const start_info_t *si)
{
    xen_pfn_t bad = 0;

    for (xen_pfn_t pfn = 0; pfn < si->nr_pages && !bad; pfn++) {
        if (mfn_to_pfn(pfn_to_mfn(pfn)) != pfn)
            bad = pfn ? pfn : ~0UL;
    }
    check_hex(bad, 0, "the M2P inverts the p2m (first bad pfn, or 0)");
    check_hex(guest_shared_info->vcpu_info[0].evtchn_upcall_mask, 1,
              "events start masked");
}

int main(void)
{
    const start_info_t *si = guest_start_info;

    verdict_title("domu_check", "a domU's start of day");
    check_start_info(si);
    check_pieces(si);
    check_page_tables(si);
    check_frames(si);
    verdict_end();
}

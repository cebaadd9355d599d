/*
 * test_gnttab: grant tables v1 as a PV dom0 sees them, compared with
 * Xen 4.17 call by call (every expected value below was measured there,
 * booted with gnttab=max-ver:1: a Xen without version 2, as Parasol).
 *
 * - query_size: 1 frame at first, limit 64; setup_table grows the table
 *   and lists its frames (MFNs), which the guest maps writable with
 *   ordinary PTEs; above the limit general_error; an unknown domain
 *   bad_domain; a bad list bad_virt_addr; count != 1 -EINVAL.
 * - get_version is 1; set_version 1 is accepted, 2 is -ENOSYS, others
 *   -EINVAL, version 1 written back; both do one element whatever the
 *   count. get_status_frames: general_error (no status frames in v1).
 * - dump_table is -ENOSYS (Xen 4.17's release build).
 * - copy: between two of our own frames by MFN, and through grants the
 *   guest made to itself, batched, each element with its own status:
 *   a page crossing bad_copy_arg, a ref past the table bad_gntref; a
 *   ref not granted to us, a write through a read-only grant and an
 *   invalid entry general_error; a frame named under our domain ID
 *   rather than DOMID_SELF permission_denied; a frame not ours, by MFN
 *   or through a grant, bad_page.
 * - map_grant_ref of our own grants (by our ID; DOMID_SELF is
 *   bad_domain): Xen's PTE (NX, bit 52, GNTMAP bits 16-18 in PTE bits
 *   9-11), dev_bus_addr, GTF_reading/GTF_writing set and cleared, device
 *   and contains_pte mappings, read-only grants, the guest clearing its
 *   entry while mapped, every refusal; unmap_grant_ref and bad_handle.
 * - A frame mapped writable through a grant cannot become a page table;
 *   read-only, it can, and then cannot be mapped writable (general_error).
 * - Odd mappings: contains_pte at an L4 entry, misaligned, or in a frame
 *   that is no table, general_error; our own grant-table frame granted
 *   to ourselves and mapped, showing its own entry in use.
 * - swap_grant_ref, cache_flush, bad cmd bits and counts, unknown ops.
 */
#include "verdict.h"

#include <parasol/guest.h>
#include <public/grant_table.h>

#define DOMID_DOM0 0
#define DOMID_NONE 0x7000 /* no such domain on either */
#define FRAMES_WANTED 2
#define ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define UNKNOWN_OP 13
#define PATTERN 0x5a
#define COPY_LEN 64

/* A frame no domain owns in either machine (beyond the RAM QEMU gives). */
#define NOT_OURS_MFN 0xfffffUL
/* GNTCOPY_* bits that mean nothing. */
#define UNKNOWN_COPY_FLAGS 0xfc
#define CMD_CONTINUATION_BIT (1U << 12)
/* Xen's mark of a grant mapping in its PTE. */
#define GRANT_PTE_MARK (1ULL << 52)
#define GNTMAP_AVAIL_BIT0 (1U << _GNTMAP_guest_avail0)
#define PTE_AVAIL_SHIFT 9
#define HV_ADDRESS 0xffff800000001000UL
/* Far from anything the guest maps: no L1 table there. */
#define NO_L1_ADDRESS 0x7f0000000000UL
/* An L4 slot of the guest's half that nothing uses. */
#define UNUSED_L4_SLOT 100
/* A ref past any table the guest sets up. */
#define REF_BEYOND (ENTRIES_PER_FRAME * 64)

/* Our own grants (to ourselves), at refs past the reserved ones. */
enum {
    REF_RW = 8,
    REF_RO,
    REF_OTHER, /* granted to another domain */
    REF_INVALID,
    REF_MAP,
    REF_MAP_RO,
    REF_SWAP_A,
    REF_SWAP_B,
    REF_NOT_OURS,
    REF_TABLE,
};

static long gnttab_op(unsigned int cmd, void *uops, unsigned int count)
{
    return _hypercall(__HYPERVISOR_grant_table_op, cmd, uops, count, 0, 0);
}

static grant_entry_v1_t *table;

static void grant(grant_ref_t ref, domid_t to, xen_pfn_t mfn, uint16_t flags)
{
    table[ref].domid = to;
    table[ref].frame = (uint32_t)mfn;
    __atomic_store_n(&table[ref].flags, flags, __ATOMIC_RELEASE);
}

static void test_query(domid_t dom, uint32_t frames, const char *what)
{
    gnttab_query_size_t q = {.dom = dom};

    check_rc(gnttab_op(GNTTABOP_query_size, &q, 1), 0, what);
    check_rc(q.status, GNTST_okay, "  ... status okay");
    check_rc(q.nr_frames, frames, "  ... nr_frames");
    printf("       max_nr_frames %u\n", q.max_nr_frames);
}

static long setup(domid_t dom, uint32_t nr, xen_pfn_t *list, int16_t *status)
{
    gnttab_setup_table_t s = {.dom = dom, .nr_frames = nr, .status = 99};
    long rc;

    set_xen_guest_handle(s.frame_list, list);
    rc = gnttab_op(GNTTABOP_setup_table, &s, 1);
    *status = s.status;
    return rc;
}

static void test_setup(void)
{
    xen_pfn_t frames[FRAMES_WANTED] = {0};
    xen_pfn_t again[1] = {0};
    int16_t status;
    gnttab_query_size_t q = {.dom = DOMID_SELF};

    gnttab_op(GNTTABOP_query_size, &q, 1);
    check_rc(setup(DOMID_SELF, FRAMES_WANTED, frames, &status), 0,
             "setup_table, 2 frames");
    check_rc(status, GNTST_okay, "  ... status okay");
    check_true(frames[0] != 0 && frames[1] != 0 && frames[0] != frames[1],
               "  ... two frames listed");
    test_query(DOMID_SELF, FRAMES_WANTED, "query_size after setup_table");
    check_rc(setup(DOMID_DOM0, 1, again, &status), 0,
             "setup_table, 1 frame, dom0 by ID");
    check_rc(status, GNTST_okay, "  ... status okay");
    check_hex(again[0], frames[0], "  ... the same first frame");
    test_query(DOMID_SELF, FRAMES_WANTED, "  ... the table did not shrink");
    check_rc(setup(DOMID_SELF, 0, NULL, &status), 0, "setup_table, 0 frames");
    check_rc(status, GNTST_okay, "  ... status okay");
    check_rc(setup(DOMID_SELF, q.max_nr_frames + 1, frames, &status), 0,
             "setup_table above the limit");
    check_rc(status, GNTST_general_error, "  ... general_error");
    check_rc(setup(DOMID_NONE, 1, frames, &status), 0,
             "setup_table, unknown domain");
    check_rc(status, GNTST_bad_domain, "  ... bad_domain");
    check_rc(setup(DOMID_SELF, 1, (xen_pfn_t *)8, &status), 0,
             "setup_table, bad frame_list");
    check_rc(status, GNTST_bad_virt_addr, "  ... bad_virt_addr");
    {
        gnttab_setup_table_t s[2] = {{.dom = DOMID_SELF}, {.dom = DOMID_SELF}};
        check_rc(gnttab_op(GNTTABOP_setup_table, s, 2), -XEN_EINVAL,
                 "setup_table, count 2: -EINVAL");
        check_rc(gnttab_op(GNTTABOP_setup_table, s, 0), -XEN_EINVAL,
                 "setup_table, count 0: -EINVAL");
    }
    check_rc(gnttab_op(GNTTABOP_setup_table, (void *)8, 1), -XEN_EFAULT,
             "setup_table, bad pointer: -EFAULT");

    /* Map the first frame writable, as a guest does. */
    table = page_alloc();
    check_rc(
        mm_update_va((unsigned long)table, pte_make(frames[0], PTE_FLAGS_DATA)),
        0, "table frame mapped writable");
    check_rc(
        mm_update_va((unsigned long)table, pte_make(frames[0], PTE_FLAGS_RO)),
        0, "  ... and read-only");
    check_rc(
        mm_update_va((unsigned long)table, pte_make(frames[0], PTE_FLAGS_DATA)),
        0, "  ... and writable again");
}

static void test_versions(void)
{
    gnttab_get_version_t g = {.dom = DOMID_SELF, .version = 99};
    gnttab_set_version_t s = {.version = 1};

    check_rc(gnttab_op(GNTTABOP_get_version, &g, 1), 0, "get_version");
    check_rc(g.version, 1, "  ... version 1");
    g.dom = DOMID_NONE;
    check_rc(gnttab_op(GNTTABOP_get_version, &g, 1), -XEN_ESRCH,
             "get_version, unknown domain: -ESRCH");
    g.dom = DOMID_SELF;
    check_rc(gnttab_op(GNTTABOP_get_version, &g, 2), 0,
             "get_version, count 2: the first one done");
    check_rc(gnttab_op(GNTTABOP_set_version, &s, 1), 0, "set_version 1");
    check_rc(s.version, 1, "  ... version 1");
    s.version = 3;
    check_rc(gnttab_op(GNTTABOP_set_version, &s, 1), -XEN_EINVAL,
             "set_version 3: -EINVAL");
    check_rc(s.version, 1, "  ... version 1 written back");
    s.version = 2;
    check_rc(gnttab_op(GNTTABOP_set_version, &s, 1), -XEN_ENOSYS,
             "set_version 2 (no version 2): -ENOSYS");
    check_rc(s.version, 1, "  ... version 1 written back");
    s.version = 0;
    check_rc(gnttab_op(GNTTABOP_set_version, &s, 1), -XEN_EINVAL,
             "set_version 0: -EINVAL");
    g.version = 99;
    check_rc(gnttab_op(GNTTABOP_get_version, &g, 0), 0,
             "get_version, count 0: done all the same");
    check_rc(g.version, 1, "  ... version 1");
    s.version = 1;
    check_rc(gnttab_op(GNTTABOP_set_version, &s, 2), 0,
             "set_version, count 2: the first one done");
}

static void test_dump(void)
{
    gnttab_dump_table_t d = {.dom = DOMID_SELF, .status = 99};

    check_rc(gnttab_op(GNTTABOP_dump_table, &d, 1), -XEN_ENOSYS,
             "dump_table: -ENOSYS");
    check_rc(d.status, 99, "  ... status untouched");
}

static gnttab_copy_t copy_op(xen_pfn_t src, xen_pfn_t dst, uint16_t flags)
{
    gnttab_copy_t op = {.len = COPY_LEN, .flags = flags, .status = 99};

    op.source.domid = op.dest.domid = DOMID_SELF;
    if (flags & GNTCOPY_source_gref)
        op.source.u.ref = (grant_ref_t)src;
    else
        op.source.u.gmfn = src;
    if (flags & GNTCOPY_dest_gref)
        op.dest.u.ref = (grant_ref_t)dst;
    else
        op.dest.u.gmfn = dst;
    return op;
}

static void test_copy(void)
{
    unsigned char *a = page_alloc(), *b = page_alloc();
    xen_pfn_t ma = virt_to_mfn(a), mb = virt_to_mfn(b);
    gnttab_copy_t ops[8];
    long rc;

    memset(a, PATTERN, PAGE_SIZE);
    memset(b, 0, PAGE_SIZE);
    ops[0] = copy_op(ma, mb, 0);
    check_rc(gnttab_op(GNTTABOP_copy, ops, 1), 0, "copy by frame");
    check_rc(ops[0].status, GNTST_okay, "  ... status okay");
    check_true(b[0] == PATTERN && b[COPY_LEN - 1] == PATTERN &&
                   b[COPY_LEN] == 0,
               "  ... exactly len bytes copied");

    grant(REF_RW, DOMID_DOM0, mb, GTF_permit_access);
    grant(REF_RO, DOMID_DOM0, ma, GTF_permit_access | GTF_readonly);
    grant(REF_OTHER, 1, ma, GTF_permit_access);
    grant(REF_INVALID, DOMID_DOM0, ma, GTF_invalid);
    memset(b, 0, PAGE_SIZE);

    ops[0] = copy_op(REF_RO, REF_RW, GNTCOPY_source_gref | GNTCOPY_dest_gref);
    ops[1] = copy_op(ma, REF_RO, GNTCOPY_dest_gref);
    ops[2] = copy_op(REF_BEYOND, mb, GNTCOPY_source_gref);
    ops[3] = copy_op(REF_OTHER, mb, GNTCOPY_source_gref);
    ops[4] = copy_op(REF_INVALID, mb, GNTCOPY_source_gref);
    ops[5] = copy_op(ma, mb, 0);
    ops[5].dest.offset = PAGE_SIZE - COPY_LEN / 2;
    ops[6] = copy_op(ma, mb, 0);
    ops[6].source.domid = DOMID_NONE;
    ops[7] = copy_op(ma, mb, 0);
    ops[7].source.domid = DOMID_DOM0;
    rc = gnttab_op(GNTTABOP_copy, ops, 8);
    check_rc(rc, 0, "copy, a batch of 8");
    check_rc(ops[0].status, GNTST_okay, "  ... read-only grant to writable");
    check_true(b[0] == PATTERN, "  ... copied");
    check_rc(ops[1].status, GNTST_general_error,
             "  ... into a read-only grant: general_error");
    check_rc(ops[2].status, GNTST_bad_gntref, "  ... ref beyond: bad_gntref");
    check_rc(ops[3].status, GNTST_general_error,
             "  ... granted to another: general_error");
    check_rc(ops[4].status, GNTST_general_error,
             "  ... invalid entry: general_error");
    check_rc(ops[5].status, GNTST_bad_copy_arg,
             "  ... across a page: bad_copy_arg");
    check_rc(ops[6].status, GNTST_bad_domain,
             "  ... unknown domain: bad_domain");
    check_rc(ops[7].status, GNTST_permission_denied,
             "  ... a frame under our ID, not DOMID_SELF: permission_denied");
    check_hex(table[REF_RO].flags, GTF_permit_access | GTF_readonly,
              "  ... no reading bit left behind");
    ops[0] = copy_op(NOT_OURS_MFN, mb, 0);
    grant(REF_NOT_OURS, DOMID_DOM0, NOT_OURS_MFN, GTF_permit_access);
    ops[1] = copy_op(REF_NOT_OURS, mb, GNTCOPY_source_gref);
    ops[2] = copy_op(ma, mb, 0);
    ops[2].len = 0;
    ops[2].source.offset = PAGE_SIZE;
    ops[3] = copy_op(ma, mb, UNKNOWN_COPY_FLAGS);
    check_rc(gnttab_op(GNTTABOP_copy, ops, 4), 0, "copy, a batch of 4");
    check_rc(ops[0].status, GNTST_bad_page, "  ... a frame not ours: bad_page");
    check_rc(ops[1].status, GNTST_bad_page,
             "  ... a grant of a frame not ours: bad_page");
    check_rc(ops[2].status, GNTST_okay, "  ... 0 bytes at offset 4096: okay");
    check_rc(ops[3].status, GNTST_okay, "  ... unknown flags ignored");
    ops[0] = copy_op(ma, mb, 0);
    check_rc(gnttab_op(GNTTABOP_copy, (void *)8, 1), -XEN_EFAULT,
             "copy, bad pointer: -EFAULT");
    check_rc(gnttab_op(GNTTABOP_copy, ops, 0), 0, "copy, count 0");
}

/* ---- The call itself, and the ops besides map and copy. ---- */

static void test_call(void)
{
    gnttab_query_size_t q = {.dom = DOMID_SELF};
    gnttab_copy_t c = {0};

    check_rc(gnttab_op(GNTTABOP_query_size | CMD_CONTINUATION_BIT, &q, 1),
             -XEN_EINVAL, "a cmd with bits above 11: -EINVAL");
    check_rc(gnttab_op(GNTTABOP_query_size, &q, ~0U), -XEN_EINVAL,
             "query_size, count -1: -EINVAL");
    check_rc(gnttab_op(GNTTABOP_copy, &c, ~0U), -XEN_EINVAL,
             "copy, count -1: -EINVAL");
    check_rc(gnttab_op(UNKNOWN_OP, NULL, 1), -XEN_ENOSYS,
             "unknown op: -ENOSYS");
}

static void test_status_frames(void)
{
    uint64_t list[1];
    gnttab_get_status_frames_t g = {.nr_frames = 1, .dom = DOMID_SELF};

    set_xen_guest_handle(g.frame_list, list);
    check_rc(gnttab_op(GNTTABOP_get_status_frames, &g, 1), 0,
             "get_status_frames");
    check_rc(g.status, GNTST_general_error, "  ... version 1: general_error");
    g.dom = DOMID_NONE;
    check_rc(gnttab_op(GNTTABOP_get_status_frames, &g, 1), 0,
             "get_status_frames, unknown domain");
    check_rc(g.status, GNTST_bad_domain, "  ... bad_domain");
    check_rc(gnttab_op(GNTTABOP_get_status_frames, &g, 2), -XEN_EINVAL,
             "get_status_frames, count 2: -EINVAL");
}

static void test_swap(xen_pfn_t mfn)
{
    gnttab_swap_grant_ref_t sw[3] = {
        {.ref_a = REF_SWAP_A, .ref_b = REF_SWAP_B},
        {.ref_a = REF_SWAP_A, .ref_b = REF_BEYOND},
        {.ref_a = REF_SWAP_A, .ref_b = REF_SWAP_A},
    };

    grant(REF_SWAP_A, DOMID_DOM0, mfn, GTF_permit_access);
    grant(REF_SWAP_B, DOMID_DOM0, 0, GTF_invalid);
    check_rc(gnttab_op(GNTTABOP_swap_grant_ref, sw, 3), 0,
             "swap_grant_ref, a batch of 3");
    check_rc(sw[0].status, GNTST_okay, "  ... swapped");
    check_hex(table[REF_SWAP_B].flags, GTF_permit_access,
              "  ... the grant moved");
    check_hex(table[REF_SWAP_B].frame, mfn, "  ... with its frame");
    check_rc(sw[1].status, GNTST_bad_gntref, "  ... a ref beyond: bad_gntref");
    check_rc(sw[2].status, GNTST_okay, "  ... a ref with itself: okay");
}

static void test_cache_flush(xen_pfn_t mfn)
{
    gnttab_cache_flush_t cf = {.a.dev_bus_addr = mfn << PAGE_SHIFT,
                               .length = COPY_LEN,
                               .op = GNTTAB_CACHE_CLEAN};

    check_rc(gnttab_op(GNTTABOP_cache_flush, &cf, 1), 0, "cache_flush");
    cf.op = 0;
    check_rc(gnttab_op(GNTTABOP_cache_flush, &cf, 1), 0,
             "cache_flush, no op: 0");
    cf.op = GNTTAB_CACHE_CLEAN;
    cf.offset = COPY_LEN;
    cf.length = PAGE_SIZE;
    check_rc(gnttab_op(GNTTABOP_cache_flush, &cf, 1), -XEN_EINVAL,
             "cache_flush across a page: -EINVAL");
}

/* ---- map_grant_ref and unmap_grant_ref of our own grants. ---- */

static long map(unsigned long addr, uint32_t flags, grant_ref_t ref,
                domid_t dom, gnttab_map_grant_ref_t *op)
{
    *op = (gnttab_map_grant_ref_t){.host_addr = addr,
                                   .flags = flags,
                                   .ref = ref,
                                   .dom = dom,
                                   .status = 99};
    return gnttab_op(GNTTABOP_map_grant_ref, op, 1);
}

static int16_t map_status(unsigned long addr, uint32_t flags, grant_ref_t ref,
                          domid_t dom)
{
    gnttab_map_grant_ref_t op;

    map(addr, flags, ref, dom, &op);
    return op.status;
}

static int16_t unmap(uint64_t addr, uint64_t dev_bus_addr, grant_handle_t h)
{
    gnttab_unmap_grant_ref_t op = {.host_addr = addr,
                                   .dev_bus_addr = dev_bus_addr,
                                   .handle = h,
                                   .status = 99};

    if (gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1) != 0)
        return 99;
    return op.status;
}

/* The PTE Xen writes for a grant: NX, bit 52 (its mark), user and dirty
 * even read-only. */
static uint64_t grant_pte(xen_pfn_t mfn, uint64_t flags)
{
    return pte_make(mfn, flags | PTE_USER | PTE_DIRTY) | PTE_NX |
           GRANT_PTE_MARK;
}

static void test_map_basic(unsigned char *a, unsigned long va)
{
    xen_pfn_t ma = virt_to_mfn(a);
    gnttab_map_grant_ref_t op;

    a[0] = PATTERN;
    grant(REF_MAP, DOMID_DOM0, ma, GTF_permit_access);
    check_rc(map(va, GNTMAP_host_map, REF_MAP, DOMID_SELF, &op), 0,
             "map, dom DOMID_SELF");
    check_rc(op.status, GNTST_bad_domain, "  ... bad_domain");
    check_rc(map(va, GNTMAP_host_map, REF_MAP, DOMID_DOM0, &op), 0,
             "map our own grant");
    check_rc(op.status, GNTST_okay, "  ... okay");
    check_hex(op.dev_bus_addr, ma << PAGE_SHIFT,
              "  ... dev_bus_addr is its MFN");
    check_hex(mm_lookup(va), grant_pte(ma, PTE_FLAGS_DATA), "  ... Xen's PTE");
    check_hex(*(volatile unsigned char *)va, PATTERN, "  ... reads the frame");
    check_hex(table[REF_MAP].flags,
              GTF_permit_access | GTF_reading | GTF_writing,
              "  ... reading and writing set");
    check_rc(unmap(va, 0, op.handle), GNTST_okay, "unmap");
    check_hex(mm_lookup(va), 0, "  ... the PTE cleared");
    check_hex(table[REF_MAP].flags, GTF_permit_access,
              "  ... the bits cleared");
    check_rc(unmap(va, 0, op.handle), GNTST_bad_handle,
             "unmap again: bad_handle");
    check_rc(unmap(va, 0, 12345), GNTST_bad_handle,
             "unmap an unknown handle: bad_handle");

    map(va, GNTMAP_host_map | GNTMAP_AVAIL_BIT0, REF_MAP, DOMID_DOM0, &op);
    check_hex(mm_lookup(va),
              grant_pte(ma, PTE_FLAGS_DATA) | (1ULL << PTE_AVAIL_SHIFT),
              "map, GNTMAP bit 16: PTE bit 9");
    check_rc(unmap(va + 8, 0, op.handle), GNTST_okay,
             "unmap at another address of the page: okay");
    map(va + 1, GNTMAP_host_map, REF_MAP, DOMID_DOM0, &op);
    check_rc(op.status, GNTST_okay, "map at an unaligned address: okay");
    check_rc(unmap(va, 0, op.handle), GNTST_okay, "  ... unmapped");

    map(va, GNTMAP_device_map, REF_MAP, DOMID_DOM0, &op);
    check_rc(op.status, GNTST_okay, "device map");
    check_hex(op.dev_bus_addr, ma << PAGE_SHIFT, "  ... dev_bus_addr");
    check_hex(mm_lookup(va), 0, "  ... no PTE");
    check_hex(table[REF_MAP].flags,
              GTF_permit_access | GTF_reading | GTF_writing,
              "  ... reading and writing set");
    check_rc(unmap(0, op.dev_bus_addr, op.handle), GNTST_okay,
             "  ... unmapped by dev_bus_addr");
    check_hex(table[REF_MAP].flags, GTF_permit_access,
              "  ... the bits cleared");

    {
        struct pt_walk w;

        mm_walk(va, &w);
        map(w.pte_maddr, GNTMAP_host_map | GNTMAP_contains_pte, REF_MAP,
            DOMID_DOM0, &op);
        check_rc(op.status, GNTST_okay, "map with contains_pte");
        check_hex(mm_lookup(va), grant_pte(ma, PTE_FLAGS_DATA),
                  "  ... the PTE written");
        check_rc(unmap(w.pte_maddr, 0, op.handle), GNTST_okay,
                 "  ... unmapped");
        check_hex(mm_lookup(va), 0, "  ... the PTE cleared");
    }
    mm_update_va(va, pte_make(virt_to_mfn((void *)table), PTE_FLAGS_RO));
    map(va, GNTMAP_host_map, REF_MAP, DOMID_DOM0, &op);
    check_rc(op.status, GNTST_okay, "map over a present PTE: okay");
    check_rc(unmap(va, 0, op.handle), GNTST_okay, "  ... unmapped");
    check_hex(mm_lookup(va), 0, "  ... the PTE cleared");
}

static void test_map_readonly(unsigned char *a, unsigned long va)
{
    xen_pfn_t ma = virt_to_mfn(a);
    gnttab_map_grant_ref_t op;

    grant(REF_MAP_RO, DOMID_DOM0, ma, GTF_permit_access | GTF_readonly);
    check_rc(map_status(va, GNTMAP_host_map, REF_MAP_RO, DOMID_DOM0),
             GNTST_general_error,
             "map a read-only grant writable: general_error");
    map(va, GNTMAP_host_map | GNTMAP_readonly, REF_MAP_RO, DOMID_DOM0, &op);
    check_rc(op.status, GNTST_okay, "map a read-only grant read-only");
    check_hex(mm_lookup(va), grant_pte(ma, PTE_FLAGS_RO), "  ... Xen's PTE");
    check_hex(table[REF_MAP_RO].flags,
              GTF_permit_access | GTF_readonly | GTF_reading,
              "  ... reading set");
    grant(REF_MAP_RO, DOMID_DOM0, ma, GTF_invalid);
    check_hex(table[REF_MAP_RO].flags, 0, "  ... the guest cleared its entry");
    check_rc(unmap(va, 0, op.handle), GNTST_okay, "  ... unmap still okay");
    check_hex(table[REF_MAP_RO].flags, 0, "  ... the entry stays clear");
}

static void test_map_errors(unsigned long va)
{
    check_rc(map_status(va, 0, REF_MAP, DOMID_DOM0), GNTST_bad_gntref,
             "map, neither host nor device: bad_gntref");
    check_rc(map_status(va, GNTMAP_host_map, REF_BEYOND, DOMID_DOM0),
             GNTST_bad_gntref, "map a ref beyond: bad_gntref");
    check_rc(map_status(va, GNTMAP_host_map, REF_OTHER, DOMID_DOM0),
             GNTST_general_error,
             "map a ref granted to another: general_error");
    check_rc(map_status(va, GNTMAP_host_map, REF_INVALID, DOMID_DOM0),
             GNTST_general_error, "map an invalid entry: general_error");
    check_rc(map_status(va, GNTMAP_host_map, REF_MAP, DOMID_NONE),
             GNTST_bad_domain, "map, unknown domain: bad_domain");
    check_rc(map_status(HV_ADDRESS, GNTMAP_host_map, REF_MAP, DOMID_DOM0),
             GNTST_general_error, "map at a hypervisor address: general_error");
    check_rc(map_status(NO_L1_ADDRESS, GNTMAP_host_map, REF_MAP, DOMID_DOM0),
             GNTST_general_error, "map where no L1 table is: general_error");
}

/* A frame mapped writable through a grant cannot become a page table;
 * read-only, it can (as on Xen). */
static void test_map_page_table(unsigned char *a, unsigned long va)
{
    xen_pfn_t ma = virt_to_mfn(a);
    mmuext_op_t pin = {.cmd = MMUEXT_PIN_L1_TABLE, .arg1.mfn = ma};
    gnttab_map_grant_ref_t op;

    memset(a, 0, PAGE_SIZE);
    mm_update_va((unsigned long)a, pte_make(ma, PTE_FLAGS_RO));
    map(va, GNTMAP_host_map, REF_MAP, DOMID_DOM0, &op);
    check_rc(HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF), -XEN_EINVAL,
             "pin as L1 a frame mapped writable by grant: -EINVAL");
    unmap(va, 0, op.handle);
    map(va, GNTMAP_host_map | GNTMAP_readonly, REF_MAP, DOMID_DOM0, &op);
    check_rc(HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF), 0,
             "pin as L1 a frame mapped read-only by grant: okay");
    {
        unsigned long va2 = (unsigned long)page_alloc();
        gnttab_map_grant_ref_t op2;

        mm_update_va(va2, 0);
        map(va2, GNTMAP_host_map, REF_MAP, DOMID_DOM0, &op2);
        check_rc(op2.status, GNTST_general_error,
                 "  ... then mapped writable by grant: general_error");
        map(va2, GNTMAP_device_map, REF_MAP, DOMID_DOM0, &op2);
        check_rc(op2.status, GNTST_general_error,
                 "  ... or device-mapped writable: general_error");
        check_hex(table[REF_MAP].flags, GTF_permit_access | GTF_reading,
                  "  ... no writing bit left behind");
    }
    pin.cmd = MMUEXT_UNPIN_TABLE;
    HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF);
    unmap(va, 0, op.handle);
    mm_update_va((unsigned long)a, pte_make(ma, PTE_FLAGS_DATA));
}

/* Odd mappings: a contains_pte address that is no L1 entry, or is
 * misaligned; our own grant-table frame granted and mapped. */
static void test_map_odd(unsigned long va)
{
    uint64_t l4_maddr = virt_to_maddr((void *)guest_start_info->pt_base);
    xen_pfn_t table_mfn = pte_mfn(mm_lookup((unsigned long)table));
    struct pt_walk w;
    gnttab_map_grant_ref_t op;

    check_rc(map_status(l4_maddr + UNUSED_L4_SLOT * sizeof(uint64_t),
                        GNTMAP_host_map | GNTMAP_contains_pte, REF_MAP,
                        DOMID_DOM0),
             GNTST_general_error, "contains_pte at an L4 entry: general_error");
    mm_walk(va, &w);
    check_rc(map_status(w.pte_maddr + 1, GNTMAP_host_map | GNTMAP_contains_pte,
                        REF_MAP, DOMID_DOM0),
             GNTST_general_error,
             "contains_pte at a misaligned address: general_error");
    check_rc(map_status(virt_to_maddr((void *)va),
                        GNTMAP_host_map | GNTMAP_contains_pte, REF_MAP,
                        DOMID_DOM0),
             GNTST_general_error,
             "contains_pte in a frame that is no table: general_error");
    grant(REF_TABLE, DOMID_DOM0, table_mfn, GTF_permit_access);
    map(va, GNTMAP_host_map, REF_TABLE, DOMID_DOM0, &op);
    check_rc(op.status, GNTST_okay, "our own grant-table frame, by grant");
    check_hex(((volatile grant_entry_v1_t *)va)[REF_TABLE].flags,
              GTF_permit_access | GTF_reading | GTF_writing,
              "  ... shows its own entry in use");
    check_rc(unmap(va, 0, op.handle), GNTST_okay, "  ... unmapped");
    check_hex(table[REF_TABLE].flags, GTF_permit_access, "  ... bits cleared");
}

static void test_map(void)
{
    unsigned char *a = page_alloc();
    unsigned long va = (unsigned long)page_alloc();

    mm_update_va(va, 0);
    test_map_basic(a, va);
    test_map_readonly(a, va);
    test_map_errors(va);
    test_map_page_table(a, va);
    test_map_odd(va);
    test_swap(virt_to_mfn(a));
    test_cache_flush(virt_to_mfn(a));
}

int main(void)
{
    verdict_title("test_gnttab", "grant tables v1");
    {
        gnttab_query_size_t q = {.dom = DOMID_SELF};
        check_rc(gnttab_op(GNTTABOP_query_size, &q, 1), 0, "query_size");
        printf("       nr_frames %u max %u status %d\n", q.nr_frames,
               q.max_nr_frames, q.status);
        q.dom = DOMID_NONE;
        gnttab_op(GNTTABOP_query_size, &q, 1);
        check_rc(q.status, GNTST_bad_domain, "query_size, unknown: bad_domain");
        check_rc(gnttab_op(GNTTABOP_query_size, &q, 2), -XEN_EINVAL,
                 "query_size, count 2: -EINVAL");
    }
    test_setup();
    test_versions();
    test_dump();
    test_copy();
    test_map();
    test_status_frames();
    test_call();
    check_rc(gnttab_op(UNKNOWN_OP, NULL, 1), -XEN_ENOSYS,
             "unknown op: -ENOSYS");
    verdict_end();
}

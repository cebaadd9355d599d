/*
 * test_gnttab: grant tables v1 as a PV dom0 sees them, compared with
 * Xen 4.17 call by call (every expected value below was measured there).
 *
 * - query_size: the table's size and its limit.
 * - setup_table: grows the table, lists its frames (MFNs), which the
 *   guest maps writable with ordinary PTEs and fills; above the limit
 *   general_error; an unknown domain bad_domain; count != 1 -EINVAL.
 * - get_version is 1; set_version 1 is accepted; an unknown version is
 *   -EINVAL; both do one element whatever the count.
 * - dump_table is -ENOSYS (Xen 4.17's release build).
 * - copy: between two of our own frames by MFN, and through grants the
 *   guest made to itself, batched, each element with its own status:
 *   a page crossing bad_copy_arg, a ref past the table bad_gntref; a
 *   ref not granted to us, a write through a read-only grant and an
 *   invalid entry general_error; a frame named under our domain ID
 *   rather than DOMID_SELF permission_denied.
 * - An unknown op is -ENOSYS.
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

/* A ref past any table the guest sets up. */
#define REF_BEYOND (ENTRIES_PER_FRAME * 64)

/* Our own grants (to ourselves), at refs past the reserved ones. */
enum {
    REF_RW = 8,
    REF_RO,
    REF_OTHER, /* granted to another domain */
    REF_INVALID,
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
    printf("       version after: %u\n", s.version);
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
    ops[0] = copy_op(ma, mb, 0);
    check_rc(gnttab_op(GNTTABOP_copy, (void *)8, 1), -XEN_EFAULT,
             "copy, bad pointer: -EFAULT");
    check_rc(gnttab_op(GNTTABOP_copy, ops, 0), 0, "copy, count 0");
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
    check_rc(gnttab_op(UNKNOWN_OP, NULL, 1), -XEN_ENOSYS,
             "unknown op: -ENOSYS");
    verdict_end();
}

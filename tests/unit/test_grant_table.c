/*
 * Grant tables v1 (hv/grant_table.c) through grant_table_op, as guests
 * call it, on two fake domains: dom0 (privileged) and domU. Every op and
 * each of its statuses (Xen 4.17's, measured by tests/guests/gnttab.c):
 * the table's growth, versions, map and unmap with the entry's status
 * bits, read-only grants, ending access while mapped, the maptrack's
 * limit, copies, and destruction of either side while mapped.
 *
 * Doubles: guest pointers are host pointers, except BAD_VA (faults);
 * the arch's grant hooks count the references a mapping holds and keep
 * one fake PTE per address; table frames come from the real buddy over
 * the arch double's fake memory; the heap is calloc/free, so the
 * sanitizers see every leak.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "arch_double.h"
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant_table.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <public/grant_table.h>
#include <stdlib.h>
#include <string.h>

#define NR_FRAMES 256
#define FIRST_FREE 16
#define DOMU_ID 1
#define NO_SUCH_DOMID 42
#define BAD_VA 0xdead000000000000ULL
#define HOST_VA 0x400000ULL
#define PATTERN 0x5a
#define REF 8
#define REF_BEYOND 512 /* one table frame: 512 entries */
/* Frames the domains "own" for the doubles (not from the buddy). */
#define DOMU_MFN 3
#define DOM0_MFN 4
#define NOBODY_MFN 5
/* domU's frame that the double calls a page table: no writable type. */
#define TABLE_MFN 6

/* ---- Doubles. ---- */

static struct frame *table;
static struct domain dom0, domu;
static struct vcpu vcpu0, vcpuu;
static struct vcpu *caller;
/* References the arch hooks hold, by frame. */
static unsigned int refs[NR_FRAMES], type_refs[NR_FRAMES];
/* The one fake host PTE: the frame mapped at HOST_VA, or 0. */
static mfn_t pte_mfn;

void printk(enum log_level level, const char *fmt, ...)
{
    (void)level;
    (void)fmt;
}

int copy_from_guest(void *dst, guest_va_t src, size_t len)
{
    if (src == BAD_VA)
        return -EFAULT;
    memcpy(dst, (const void *)(uintptr_t)src, len);
    return 0;
}

int copy_to_guest(guest_va_t dst, const void *src, size_t len)
{
    if (dst == BAD_VA)
        return -EFAULT;
    memcpy((void *)(uintptr_t)dst, src, len);
    return 0;
}

struct vcpu *current_vcpu(void)
{
    return caller;
}

struct domain *domain_by_id(domid_t id)
{
    if (id == 0)
        return &dom0;
    return id == DOMU_ID ? &domu : NULL;
}

void *xmalloc(size_t bytes)
{
    return malloc(bytes);
}

void *xzalloc(size_t bytes)
{
    return calloc(1, bytes);
}

void *xmalloc_array(size_t n, size_t size)
{
    return calloc(n, size);
}

void xfree(void *p)
{
    free(p);
}

static struct domain *frame_owner(mfn_t mfn)
{
    if (mfn == DOMU_MFN || mfn == TABLE_MFN)
        return &domu;
    if (mfn == DOM0_MFN)
        return &dom0;
    return mfn < NR_FRAMES ? mfn_to_frame(mfn)->owner : NULL;
}

int arch_grant_frame_get(struct domain *owner, mfn_t mfn, bool writable)
{
    if (frame_owner(mfn) != owner)
        return -ENOENT;
    if (writable && mfn == TABLE_MFN)
        return -EBUSY;
    refs[mfn]++;
    if (writable)
        type_refs[mfn]++;
    return 0;
}

void arch_grant_frame_put(mfn_t mfn, bool writable)
{
    assert_true(refs[mfn] > 0);
    refs[mfn]--;
    if (writable) {
        assert_true(type_refs[mfn] > 0);
        type_refs[mfn]--;
    }
}

int arch_grant_host_map(struct vcpu *v, struct domain *owner, uint64_t addr,
                        bool is_pte, mfn_t mfn, bool writable, uint32_t avail)
{
    if (addr != HOST_VA)
        return -EINVAL;
    pte_mfn = mfn;
    return 0;
}

int arch_grant_host_unmap(struct vcpu *v, uint64_t addr, bool is_pte, mfn_t mfn)
{
    if (addr != HOST_VA || pte_mfn != mfn)
        return -EINVAL;
    pte_mfn = 0;
    return 0;
}

/* ---- Helpers. ---- */

static long gnttab_op(unsigned int cmd, void *uops, unsigned int count)
{
    uint64_t args[HYPERCALL_MAX_ARGS] = {cmd, (uintptr_t)uops, count};

    return do_grant_table_op(args);
}

static grant_entry_v1_t *entry(struct domain *d, grant_ref_t ref)
{
    grant_entry_v1_t *t = mfn_to_virt(grant_table_frame(d, 0));

    return &t[ref];
}

static void grant(struct domain *d, grant_ref_t ref, domid_t to, mfn_t mfn,
                  uint16_t flags)
{
    entry(d, ref)->domid = to;
    entry(d, ref)->frame = (uint32_t)mfn;
    entry(d, ref)->flags = flags;
}

static void domain_setup(struct domain *d, struct vcpu *v, domid_t id,
                         bool privileged)
{
    memset(d, 0, sizeof(*d));
    memset(v, 0, sizeof(*v));
    d->domain_id = id;
    d->is_privileged = privileged;
    v->domain = d;
    assert_int_equal(grant_table_init(d), 0);
}

static int setup(void **state)
{
    (void)state;
    fake_memory_setup(NR_FRAMES * PAGE_SIZE);
    table = calloc(NR_FRAMES, sizeof(*table));
    assert_non_null(table);
    frame_table_init(table, NR_FRAMES);
    buddy_init();
    buddy_add_range(FIRST_FREE, NR_FRAMES);
    domain_setup(&dom0, &vcpu0, 0, true);
    domain_setup(&domu, &vcpuu, DOMU_ID, false);
    memset(refs, 0, sizeof(refs));
    memset(type_refs, 0, sizeof(type_refs));
    pte_mfn = 0;
    caller = &vcpu0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    grant_table_close(&dom0);
    grant_table_close(&domu);
    grant_table_free(&dom0);
    grant_table_free(&domu);
    /* Every reference a mapping or copy took went back. */
    for (unsigned i = 0; i < NR_FRAMES; i++) {
        assert_int_equal(refs[i], 0);
        assert_int_equal(type_refs[i], 0);
    }
    free(table);
    fake_memory_teardown();
    return 0;
}

static int16_t map(domid_t dom, grant_ref_t ref, uint32_t flags,
                   grant_handle_t *handle)
{
    gnttab_map_grant_ref_t op = {
        .host_addr = HOST_VA, .flags = flags, .ref = ref, .dom = dom};

    assert_int_equal(gnttab_op(GNTTABOP_map_grant_ref, &op, 1), 0);
    if (handle)
        *handle = op.handle;
    return op.status;
}

static int16_t unmap(grant_handle_t handle, uint64_t host_addr)
{
    gnttab_unmap_grant_ref_t op = {.host_addr = host_addr, .handle = handle};

    assert_int_equal(gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1), 0);
    return op.status;
}

/* ---- The table. ---- */

static void test_setup_and_query(void **state)
{
    xen_pfn_t frames[3] = {0};
    gnttab_setup_table_t s = {.dom = DOMID_SELF, .nr_frames = 3};
    gnttab_query_size_t q = {.dom = DOMID_SELF};

    (void)state;
    assert_int_equal(gnttab_op(GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_okay);
    assert_int_equal(q.nr_frames, 1);
    assert_int_equal(q.max_nr_frames, GRANT_FRAMES_MAX);
    set_xen_guest_handle(s.frame_list, frames);
    assert_int_equal(gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
    assert_int_equal(s.status, GNTST_okay);
    assert_int_equal(frames[0], grant_table_frame(&dom0, 0));
    assert_int_equal(frames[2], grant_table_frame(&dom0, 2));
    assert_int_equal(mfn_to_frame(frames[1])->owner, &dom0);
    assert_int_equal(gnttab_op(GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.nr_frames, 3);

    s.nr_frames = GRANT_FRAMES_MAX + 1;
    gnttab_op(GNTTABOP_setup_table, &s, 1);
    assert_int_equal(s.status, GNTST_general_error);
    s.nr_frames = 1;
    s.dom = NO_SUCH_DOMID;
    gnttab_op(GNTTABOP_setup_table, &s, 1);
    assert_int_equal(s.status, GNTST_bad_domain);
    s.dom = DOMID_SELF;
    set_xen_guest_handle(s.frame_list, (xen_pfn_t *)(uintptr_t)BAD_VA);
    gnttab_op(GNTTABOP_setup_table, &s, 1);
    assert_int_equal(s.status, GNTST_bad_virt_addr);
    assert_int_equal(gnttab_op(GNTTABOP_setup_table, &s, 2), -EINVAL);
    assert_int_equal(gnttab_op(GNTTABOP_setup_table, (void *)BAD_VA, 1),
                     -EFAULT);

    /* domU may not look at dom0's table. */
    caller = &vcpuu;
    q.dom = 0;
    gnttab_op(GNTTABOP_query_size, &q, 1);
    assert_int_equal(q.status, GNTST_permission_denied);
    q.dom = NO_SUCH_DOMID;
    gnttab_op(GNTTABOP_query_size, &q, 1);
    assert_int_equal(q.status, GNTST_bad_domain);
}

static void test_versions(void **state)
{
    gnttab_get_version_t g = {.dom = DOMID_SELF};
    gnttab_set_version_t s = {.version = 1};
    gnttab_get_status_frames_t sf = {.dom = DOMID_SELF, .nr_frames = 1};

    (void)state;
    assert_int_equal(gnttab_op(GNTTABOP_get_version, &g, 1), 0);
    assert_int_equal(g.version, 1);
    g.dom = NO_SUCH_DOMID;
    assert_int_equal(gnttab_op(GNTTABOP_get_version, &g, 1), -ESRCH);
    assert_int_equal(gnttab_op(GNTTABOP_set_version, &s, 1), 0);
    s.version = 2;
    assert_int_equal(gnttab_op(GNTTABOP_set_version, &s, 1), -ENOSYS);
    assert_int_equal(s.version, 1);
    s.version = 3;
    assert_int_equal(gnttab_op(GNTTABOP_set_version, &s, 1), -EINVAL);
    assert_int_equal(s.version, 1);
    gnttab_op(GNTTABOP_get_status_frames, &sf, 1);
    assert_int_equal(sf.status, GNTST_general_error);
    caller = &vcpuu;
    g.dom = 0;
    assert_int_equal(gnttab_op(GNTTABOP_get_version, &g, 1), -EPERM);
    assert_int_equal(gnttab_op(GNTTABOP_dump_table, &g, 1), -ENOSYS);
    assert_int_equal(gnttab_op(GNTTABOP_query_size | (1U << 12), &g, 1),
                     -EINVAL);
    assert_int_equal(gnttab_op(GNTTABOP_copy, &g, ~0U), -EINVAL);
}

/* ---- Map and unmap: dom0 maps domU's grants. ---- */

static void test_map_unmap(void **state)
{
    grant_handle_t h;

    (void)state;
    grant(&domu, REF, 0, DOMU_MFN, GTF_permit_access);
    assert_int_equal(map(DOMU_ID, REF, GNTMAP_host_map, &h), GNTST_okay);
    assert_int_equal(entry(&domu, REF)->flags,
                     GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(pte_mfn, DOMU_MFN);
    assert_int_equal(refs[DOMU_MFN], 1);
    assert_int_equal(type_refs[DOMU_MFN], 1);
    /* A second, read-only mapping of the same grant. */
    {
        grant_handle_t h2;

        assert_int_equal(
            map(DOMU_ID, REF, GNTMAP_device_map | GNTMAP_readonly, &h2),
            GNTST_okay);
        assert_int_not_equal(h2, h);
        assert_int_equal(refs[DOMU_MFN], 2);
        gnttab_unmap_grant_ref_t op = {
            .dev_bus_addr = (uint64_t)DOMU_MFN << PAGE_SHIFT, .handle = h2};
        gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1);
        assert_int_equal(op.status, GNTST_okay);
        assert_int_equal(entry(&domu, REF)->flags,
                         GTF_permit_access | GTF_reading | GTF_writing);
    }
    /* host_addr 0: the host mapping stays. */
    assert_int_equal(unmap(h, 0), GNTST_okay);
    assert_int_equal(refs[DOMU_MFN], 1);
    assert_int_equal(unmap(h, HOST_VA + PAGE_SIZE), GNTST_general_error);
    assert_int_equal(unmap(h, HOST_VA), GNTST_okay);
    assert_int_equal(entry(&domu, REF)->flags, GTF_permit_access);
    assert_int_equal(pte_mfn, 0);
    assert_int_equal(refs[DOMU_MFN], 0);
    assert_int_equal(unmap(h, HOST_VA), GNTST_bad_handle);
    assert_int_equal(unmap(12345, HOST_VA), GNTST_bad_handle);
}

static void test_map_refused(void **state)
{
    (void)state;
    grant(&domu, REF, 0, DOMU_MFN, GTF_permit_access | GTF_readonly);
    grant(&domu, REF + 1, DOMU_ID, DOMU_MFN, GTF_permit_access);
    grant(&domu, REF + 2, 0, DOMU_MFN, GTF_invalid);
    grant(&domu, REF + 3, 0, NOBODY_MFN, GTF_permit_access);
    grant(&domu, REF + 4, 0, DOMU_MFN, GTF_accept_transfer);
    assert_int_equal(map(DOMU_ID, REF, GNTMAP_host_map, NULL),
                     GNTST_general_error); /* read-only mapped writable */
    assert_int_equal(entry(&domu, REF)->flags,
                     GTF_permit_access | GTF_readonly);
    assert_int_equal(map(DOMU_ID, REF + 1, GNTMAP_host_map, NULL),
                     GNTST_general_error); /* granted to another */
    assert_int_equal(map(DOMU_ID, REF + 2, GNTMAP_host_map, NULL),
                     GNTST_general_error); /* no access */
    assert_int_equal(map(DOMU_ID, REF + 4, GNTMAP_host_map, NULL),
                     GNTST_general_error); /* not a permit_access entry */
    assert_int_equal(map(DOMU_ID, REF + 3, GNTMAP_host_map, NULL),
                     GNTST_bad_page); /* a frame domU does not own */
    grant(&domu, REF + 6, 0, TABLE_MFN, GTF_permit_access);
    assert_int_equal(map(DOMU_ID, REF + 6, GNTMAP_host_map, NULL),
                     GNTST_general_error); /* a page table, writable */
    assert_int_equal(entry(&domu, REF + 6)->flags, GTF_permit_access);
    assert_int_equal(
        map(DOMU_ID, REF + 6, GNTMAP_host_map | GNTMAP_readonly, NULL),
        GNTST_okay);          /* read-only is fine */
    grant_table_close(&dom0); /* drops that mapping */
    assert_int_equal(entry(&domu, REF + 3)->flags, GTF_permit_access);
    assert_int_equal(map(DOMU_ID, REF_BEYOND, GNTMAP_host_map, NULL),
                     GNTST_bad_gntref);
    assert_int_equal(map(DOMU_ID, REF, 0, NULL), GNTST_bad_gntref);
    assert_int_equal(map(NO_SUCH_DOMID, REF, GNTMAP_host_map, NULL),
                     GNTST_bad_domain);
    assert_int_equal(map(DOMID_SELF, REF, GNTMAP_host_map, NULL),
                     GNTST_bad_domain);
    {
        gnttab_map_grant_ref_t op = {.host_addr = HOST_VA + PAGE_SIZE,
                                     .flags = GNTMAP_host_map,
                                     .ref = REF + 5,
                                     .dom = DOMU_ID};

        grant(&domu, REF + 5, 0, DOMU_MFN, GTF_permit_access);
        gnttab_op(GNTTABOP_map_grant_ref, &op, 1);
        assert_int_equal(op.status, GNTST_general_error); /* bad address */
        assert_int_equal(entry(&domu, REF + 5)->flags, GTF_permit_access);
    }
    assert_int_equal(refs[DOMU_MFN], 0);
}

/* The granter ends access while mapped: the mapping keeps its frame and
 * unmaps cleanly; later mappings of the pinned grant use the pin. */
static void test_end_access_while_mapped(void **state)
{
    grant_handle_t h, h2;

    (void)state;
    grant(&domu, REF, 0, DOMU_MFN, GTF_permit_access);
    assert_int_equal(map(DOMU_ID, REF, GNTMAP_device_map, &h), GNTST_okay);
    entry(&domu, REF)->flags = 0;
    entry(&domu, REF)->frame = DOMU_MFN + 1;
    assert_int_equal(
        map(DOMU_ID, REF, GNTMAP_device_map | GNTMAP_readonly, &h2),
        GNTST_okay);
    assert_int_equal(refs[DOMU_MFN], 2);
    assert_int_equal(unmap(h2, 0), GNTST_okay); /* device only: by handle */
    gnttab_unmap_grant_ref_t op = {
        .dev_bus_addr = (uint64_t)DOMU_MFN << PAGE_SHIFT, .handle = h};
    gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1);
    assert_int_equal(op.status, GNTST_okay);
    op.handle = h2;
    gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(entry(&domu, REF)->flags, 0);
    assert_int_equal(refs[DOMU_MFN], 0);
}

static void test_maptrack_limit(void **state)
{
    (void)state;
    dom0.max_maptrack_frames = 0;
    grant(&domu, REF, 0, DOMU_MFN, GTF_permit_access);
    assert_int_equal(map(DOMU_ID, REF, GNTMAP_host_map, NULL), GNTST_no_space);
    assert_int_equal(entry(&domu, REF)->flags, GTF_permit_access);
}

/* ---- Destruction while mapped. ---- */

static void test_mapper_dies(void **state)
{
    (void)state;
    grant(&domu, REF, 0, DOMU_MFN, GTF_permit_access);
    assert_int_equal(map(DOMU_ID, REF, GNTMAP_host_map, NULL), GNTST_okay);
    assert_int_equal(grant_table_close(&dom0), 1);
    assert_int_equal(refs[DOMU_MFN], 0);
    assert_int_equal(entry(&domu, REF)->flags, GTF_permit_access);
}

static void test_granter_dies(void **state)
{
    grant_handle_t h;

    (void)state;
    grant(&domu, REF, 0, DOMU_MFN, GTF_permit_access);
    assert_int_equal(map(DOMU_ID, REF, GNTMAP_host_map, &h), GNTST_okay);
    assert_int_equal(grant_table_close(&domu), 1);
    /* The table is closed: nothing more is written into its frames. */
    entry(&domu, REF)->flags = GTF_permit_access | GTF_reading;
    assert_int_equal(refs[DOMU_MFN], 1);
    assert_int_equal(unmap(h, HOST_VA), GNTST_okay);
    assert_int_equal(refs[DOMU_MFN], 0);
    assert_int_equal(entry(&domu, REF)->flags, GTF_permit_access | GTF_reading);
    assert_int_equal(map(DOMU_ID, REF, GNTMAP_host_map, NULL),
                     GNTST_bad_gntref);
}

/* ---- Copy. ---- */

static gnttab_copy_t copy_op(uint64_t src, domid_t sdom, uint64_t dst,
                             domid_t ddom, uint16_t flags)
{
    gnttab_copy_t op = {.len = 64, .flags = flags};

    op.source.domid = sdom;
    op.dest.domid = ddom;
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

static void test_copy(void **state)
{
    uint8_t *src = mfn_to_virt(DOMU_MFN), *dst = mfn_to_virt(DOM0_MFN);
    gnttab_copy_t ops[7];

    (void)state;
    memset(src, PATTERN, PAGE_SIZE);
    memset(dst, 0, PAGE_SIZE);
    grant(&domu, REF, 0, DOMU_MFN, GTF_permit_access | GTF_readonly);
    ops[0] = copy_op(REF, DOMU_ID, DOM0_MFN, DOMID_SELF, GNTCOPY_source_gref);
    ops[1] = copy_op(DOM0_MFN, DOMID_SELF, REF, DOMU_ID, GNTCOPY_dest_gref);
    ops[2] = copy_op(DOMU_MFN, DOMU_ID, DOM0_MFN, DOMID_SELF, 0);
    ops[3] =
        copy_op(REF_BEYOND, DOMU_ID, DOM0_MFN, DOMID_SELF, GNTCOPY_source_gref);
    ops[4] =
        copy_op(REF, NO_SUCH_DOMID, DOM0_MFN, DOMID_SELF, GNTCOPY_source_gref);
    ops[5] = copy_op(REF, DOMU_ID, DOM0_MFN, DOMID_SELF, GNTCOPY_source_gref);
    ops[5].dest.offset = PAGE_SIZE - 8;
    ops[6] = copy_op(NOBODY_MFN, DOMID_SELF, DOM0_MFN, DOMID_SELF, 0);
    assert_int_equal(gnttab_op(GNTTABOP_copy, ops, 7), 0);
    assert_int_equal(ops[0].status, GNTST_okay);
    assert_int_equal(dst[0], PATTERN);
    assert_int_equal(dst[63], PATTERN);
    assert_int_equal(dst[64], 0);
    assert_int_equal(ops[1].status, GNTST_general_error); /* read-only */
    assert_int_equal(ops[2].status, GNTST_permission_denied);
    assert_int_equal(ops[3].status, GNTST_bad_gntref);
    assert_int_equal(ops[4].status, GNTST_bad_domain);
    assert_int_equal(ops[5].status, GNTST_bad_copy_arg);
    assert_int_equal(ops[6].status, GNTST_bad_page);
    /* No status bit stays behind a copy. */
    assert_int_equal(entry(&domu, REF)->flags,
                     GTF_permit_access | GTF_readonly);
    assert_int_equal(gnttab_op(GNTTABOP_copy, (void *)BAD_VA, 1), -EFAULT);
}

static void test_swap(void **state)
{
    gnttab_swap_grant_ref_t sw = {.ref_a = REF, .ref_b = REF + 1};
    grant_handle_t h;

    (void)state;
    caller = &vcpuu;
    grant(&domu, REF, 0, DOMU_MFN, GTF_permit_access);
    grant(&domu, REF + 1, 0, DOMU_MFN, GTF_invalid);
    assert_int_equal(gnttab_op(GNTTABOP_swap_grant_ref, &sw, 1), 0);
    assert_int_equal(sw.status, GNTST_okay);
    assert_int_equal(entry(&domu, REF + 1)->flags, GTF_permit_access);
    caller = &vcpu0;
    assert_int_equal(map(DOMU_ID, REF + 1, GNTMAP_host_map, &h), GNTST_okay);
    caller = &vcpuu;
    gnttab_op(GNTTABOP_swap_grant_ref, &sw, 1);
    assert_int_equal(sw.status, GNTST_eagain);
    sw.ref_b = REF_BEYOND;
    gnttab_op(GNTTABOP_swap_grant_ref, &sw, 1);
    assert_int_equal(sw.status, GNTST_bad_gntref);
    caller = &vcpu0;
    assert_int_equal(unmap(h, HOST_VA), GNTST_okay);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_setup_and_query, setup, teardown),
        cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_unmap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_end_access_while_mapped, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_maptrack_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mapper_dies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_granter_dies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_swap, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

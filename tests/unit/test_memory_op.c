/*
 * memory_op (hv/memory_op.c, hv/memory_reservation.c) on the host: the
 * reservation queries with their domain rules (DOMID_SELF, -ESRCH
 * before -EPERM), the reservation ops for the caller and for another
 * domain (Xen's counts of extents done), the machine
 * limits, the machine map dom0 reads (the loader's entries and the
 * frames the arch keeps from it) with Xen's count rules, and hostile
 * input: bad pointers, a start extent on ops that never continue,
 * unknown ops.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "arch_double.h"
#include "hypercall_double.h"
#include "iomem_double.h"
#include <hv/bootinfo.h>
#include <hv/errno.h>
#include <hv/mm.h>
#include <public/memory.h>
#include <string.h>

#define E820_ENTRY_SIZE 20
#define TEST_MAX_MFN 0x12345

static struct domain *dom1, *dom2;

static int setup(void **state)
{
    (void)state;
    double_reset();
    double_init();
    dom1 = double_domain(1, false, 1);
    dom1->tot_pages = 4096;
    dom1->max_pages = 8192;
    dom2 = double_domain(2, false, 1);
    dom2->tot_pages = 100;
    dom2->max_pages = 200;
    double_set_current(dom1->vcpu[0]);
    frame_table_frames = TEST_MAX_MFN;
    fake_iomem_nr_runs = 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    double_reset();
    return 0;
}

static long memory_op(uint64_t cmd, guest_va_t arg)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {cmd, arg};

    return do_memory_op(args);
}

/* ---- Doubles of the domain's frame allocator, for the reservation
 * ops: frames FIRST_FAKE_MFN on, in fake machine memory. ---- */

#define FIRST_FAKE_MFN 4
#define NR_FAKE_FRAMES 16
static mfn_t next_mfn;
static unsigned long m2p[FIRST_FAKE_MFN + NR_FAKE_FRAMES];
static mfn_t released[NR_FAKE_FRAMES];
static unsigned int nr_released;

mfn_t domain_alloc_frame(struct domain *d)
{
    if (d->tot_pages >= d->max_pages ||
        next_mfn == FIRST_FAKE_MFN + NR_FAKE_FRAMES)
        return INVALID_MFN;
    d->tot_pages++;
    return next_mfn++;
}

int domain_release_frame(struct domain *d, mfn_t mfn)
{
    if (mfn < FIRST_FAKE_MFN || mfn >= next_mfn ||
        nr_released == NR_FAKE_FRAMES)
        return -EINVAL;
    d->tot_pages--;
    released[nr_released++] = mfn;
    return 0;
}

void arch_set_gpfn_from_mfn(mfn_t mfn, unsigned long gpfn)
{
    m2p[mfn] = gpfn;
}

static void fake_frames_setup(void)
{
    fake_memory_setup((FIRST_FAKE_MFN + NR_FAKE_FRAMES) * PAGE_SIZE);
    next_mfn = FIRST_FAKE_MFN;
    nr_released = 0;
    memset(m2p, 0, sizeof(m2p));
}

/* A domid_t for the query ops at a fixed guest address. */
static guest_va_t domid_arg(domid_t id)
{
    *(domid_t *)guest_ptr(GUEST_VA(0)) = id;
    return GUEST_VA(0);
}

static void test_maximum_ram_page(void **state)
{
    (void)state;
    assert_int_equal(memory_op(XENMEM_maximum_ram_page, 0), TEST_MAX_MFN);
}

static void test_reservation_of_self(void **state)
{
    (void)state;
    assert_int_equal(
        memory_op(XENMEM_current_reservation, domid_arg(DOMID_SELF)), 4096);
    assert_int_equal(
        memory_op(XENMEM_maximum_reservation, domid_arg(DOMID_SELF)), 8192);
    /* Its own ID is the same as DOMID_SELF. */
    assert_int_equal(memory_op(XENMEM_current_reservation, domid_arg(1)), 4096);
}

static void test_reservation_of_others(void **state)
{
    (void)state;
    /* Not privileged: another domain is -EPERM, a missing one -ESRCH. */
    assert_int_equal(memory_op(XENMEM_current_reservation, domid_arg(2)),
                     -EPERM);
    assert_int_equal(memory_op(XENMEM_maximum_gpfn, domid_arg(2)), -EPERM);
    assert_int_equal(memory_op(XENMEM_current_reservation, domid_arg(7)),
                     -ESRCH);
    assert_int_equal(
        memory_op(XENMEM_maximum_reservation, domid_arg(DOMID_IDLE)), -ESRCH);
    /* Privileged: any domain. */
    dom1->is_privileged = true;
    assert_int_equal(memory_op(XENMEM_current_reservation, domid_arg(2)), 100);
    assert_int_equal(memory_op(XENMEM_maximum_reservation, domid_arg(2)), 200);
    assert_int_equal(memory_op(XENMEM_current_reservation, domid_arg(7)),
                     -ESRCH);
    /* A dying domain is no longer found. */
    dom2->state = DOMAIN_DYING;
    assert_int_equal(memory_op(XENMEM_current_reservation, domid_arg(2)),
                     -ESRCH);
}

static void test_reservation_bad_pointer(void **state)
{
    (void)state;
    assert_int_equal(memory_op(XENMEM_current_reservation, GUEST_BAD_VA),
                     -EFAULT);
    assert_int_equal(memory_op(XENMEM_maximum_reservation, 0), -EFAULT);
    assert_int_equal(memory_op(XENMEM_maximum_gpfn, GUEST_VA_END - 1), -EFAULT);
}

static void test_maximum_gpfn(void **state)
{
    (void)state;
    /* Not published by the guest yet: 0, as for one page. */
    assert_int_equal(memory_op(XENMEM_maximum_gpfn, domid_arg(DOMID_SELF)), 0);
    dom1->shared_info->arch.max_pfn = 4096;
    assert_int_equal(memory_op(XENMEM_maximum_gpfn, domid_arg(DOMID_SELF)),
                     4095);
}

/* struct xen_memory_map at offset 0, the buffer at 0x100. */
static guest_va_t map_arg(unsigned int nr_entries, guest_va_t buffer)
{
    struct xen_memory_map *map = guest_ptr(GUEST_VA(0));

    map->nr_entries = nr_entries;
    map->buffer.p = (void *)(uintptr_t)buffer;
    return GUEST_VA(0);
}

/* No domain has a pseudo-physical map set: -ENOSYS once the argument
 * was read, and nothing written (Xen's dom0 answers the same). */
static void test_memory_map(void **state)
{
    uint8_t *buf = guest_ptr(GUEST_VA(0x100));
    uint8_t untouched[E820_ENTRY_SIZE];

    (void)state;
    memset(buf, 0xee, E820_ENTRY_SIZE);
    memset(untouched, 0xee, sizeof(untouched));
    assert_int_equal(memory_op(XENMEM_memory_map, map_arg(4, GUEST_VA(0x100))),
                     -ENOSYS);
    assert_int_equal(
        ((struct xen_memory_map *)guest_ptr(GUEST_VA(0)))->nr_entries, 4);
    assert_memory_equal(buf, untouched, sizeof(untouched));
    /* The buffer is never looked at. */
    assert_int_equal(memory_op(XENMEM_memory_map, map_arg(1, GUEST_BAD_VA)),
                     -ENOSYS);
}

static void test_memory_map_faults(void **state)
{
    (void)state;
    assert_int_equal(memory_op(XENMEM_memory_map, GUEST_BAD_VA), -EFAULT);
    assert_int_equal(memory_op(XENMEM_memory_map, GUEST_VA_END - 8), -EFAULT);
}

/* The loader's map, like QEMU's: low RAM, RAM from 1 MiB, the BIOS. */
static void set_boot_map(void)
{
    boot_info.nr_mem = 3;
    boot_info.mem[0] = (struct mem_region){0, 0x9fc00, MEM_USABLE};
    boot_info.mem[1] = (struct mem_region){0x100000, 0x1ff00000, MEM_USABLE};
    boot_info.mem[2] = (struct mem_region){0xfffc0000, 0x40000, MEM_RESERVED};
}

/*
 * Frames the arch keeps from dom0: one inside RAM (not reported), an
 * IOAPIC page, the MSI window, a run that runs into the BIOS entry
 * (reported up to the entry) and one past the map.
 */
static void set_restricted_runs(void)
{
    static const struct fake_iomem_run runs[] = {
        {0x50, 0x50},       {0xfec00, 0xfec00},   {0xfee00, 0xfeeff},
        {0xfffb0, 0xfffc3}, {0x200000, 0x200001},
    };

    memcpy(fake_iomem_runs, runs, sizeof(runs));
    fake_iomem_nr_runs = sizeof(runs) / sizeof(runs[0]);
}

/* What dom0 must read: the loader's entries with the runs in between. */
static const struct {
    uint64_t addr, size;
    uint32_t type;
} expected_map[] = {
    {0, 0x9fc00, MEM_USABLE},
    {0x100000, 0x1ff00000, MEM_USABLE},
    {0xfec00000, 0x1000, MEM_RESERVED},
    {0xfee00000, 0x100000, MEM_RESERVED},
    {0xfffb0000, 0x10000, MEM_RESERVED},
    {0xfffc0000, 0x40000, MEM_RESERVED},
    {0x200000000, 0x2000, MEM_RESERVED},
};
#define EXPECTED_ENTRIES (sizeof(expected_map) / sizeof(expected_map[0]))

static void assert_entry(const uint8_t *buf, unsigned int i)
{
    uint64_t addr, size;
    uint32_t type;

    memcpy(&addr, buf + i * E820_ENTRY_SIZE, 8);
    memcpy(&size, buf + i * E820_ENTRY_SIZE + 8, 8);
    memcpy(&type, buf + i * E820_ENTRY_SIZE + 16, 4);
    assert_int_equal(addr, expected_map[i].addr);
    assert_int_equal(size, expected_map[i].size);
    assert_int_equal(type, expected_map[i].type);
}

static long machine_map(unsigned int nr_entries, guest_va_t buffer)
{
    return memory_op(XENMEM_machine_memory_map, map_arg(nr_entries, buffer));
}

static void test_machine_memory_map(void **state)
{
    const struct xen_memory_map *map = guest_ptr(GUEST_VA(0));
    const uint8_t *buf = guest_ptr(GUEST_VA(0x100));

    (void)state;
    set_boot_map();
    set_restricted_runs();
    /* Only dom0 (a privileged domain) may see the machine. */
    assert_int_equal(machine_map(8, GUEST_VA(0x100)), -EPERM);
    dom1->is_privileged = true;
    assert_int_equal(machine_map(EXPECTED_ENTRIES + 1, GUEST_VA(0x100)), 0);
    assert_int_equal(map->nr_entries, EXPECTED_ENTRIES);
    for (unsigned int i = 0; i < EXPECTED_ENTRIES; i++)
        assert_entry(buf, i);
    /* A NULL buffer: just the count, reserved entries included. */
    assert_int_equal(machine_map(1, 0), 0);
    assert_int_equal(map->nr_entries, EXPECTED_ENTRIES);
}

/*
 * Room for one more entry than written, checked as Xen: first for the
 * loader's entries, then the buffer, then as the entries come, so the
 * ones written before the room ran out stay in the buffer.
 */
static void test_machine_memory_map_room(void **state)
{
    const struct xen_memory_map *map = guest_ptr(GUEST_VA(0));
    const uint8_t *buf = guest_ptr(GUEST_VA(0x100));

    (void)state;
    set_boot_map();
    set_restricted_runs();
    dom1->is_privileged = true;
    assert_int_equal(machine_map(EXPECTED_ENTRIES, GUEST_VA(0x100)), -EINVAL);
    assert_int_equal(map->nr_entries, EXPECTED_ENTRIES);
    for (unsigned int i = 0; i < EXPECTED_ENTRIES - 1; i++)
        assert_entry(buf, i);
    assert_int_equal(machine_map(4, GUEST_VA(0x100)), -EINVAL);
    assert_int_equal(machine_map(3, GUEST_VA(0x100)), -EINVAL);
    assert_int_equal(machine_map(0, GUEST_VA(0x100)), -EINVAL);
    assert_int_equal(machine_map(3, GUEST_BAD_VA), -EINVAL);
    assert_int_equal(machine_map(4, GUEST_BAD_VA), -EFAULT);
    assert_int_equal(machine_map(EXPECTED_ENTRIES, GUEST_BAD_VA), -EFAULT);
}

/* Without restricted frames dom0 reads the loader's map as it is; with
 * no entries at all there is no gap to report. */
static void test_machine_memory_map_plain(void **state)
{
    const struct xen_memory_map *map = guest_ptr(GUEST_VA(0));
    const uint8_t *buf = guest_ptr(GUEST_VA(0x100));
    uint64_t addr;

    (void)state;
    set_boot_map();
    dom1->is_privileged = true;
    assert_int_equal(machine_map(4, GUEST_VA(0x100)), 0);
    assert_int_equal(map->nr_entries, 3);
    memcpy(&addr, buf + 2 * E820_ENTRY_SIZE, 8);
    assert_int_equal(addr, 0xfffc0000);
    set_restricted_runs();
    boot_info.nr_mem = 0;
    assert_int_equal(machine_map(1, GUEST_VA(0x100)), 0);
    assert_int_equal(map->nr_entries, 0);
}

static void test_machine_memory_map_faults(void **state)
{
    (void)state;
    set_boot_map();
    dom1->is_privileged = true;
    assert_int_equal(memory_op(XENMEM_machine_memory_map, GUEST_BAD_VA),
                     -EFAULT);
    assert_int_equal(machine_map(8, GUEST_BAD_VA), -EFAULT);
    assert_int_equal(machine_map(4, GUEST_VA_END - E820_ENTRY_SIZE), -EFAULT);
}

static void test_machphys_mapping(void **state)
{
    const struct xen_machphys_mapping *m = guest_ptr(GUEST_VA(0x40));

    (void)state;
    assert_int_equal(memory_op(XENMEM_machphys_mapping, GUEST_VA(0x40)), 0);
    assert_int_equal(m->v_start, 0xFFFF800000000000UL);
    assert_int_equal(m->v_end, 0xFFFF804000000000UL);
    /* 256 GiB of 8-byte entries. */
    assert_int_equal(m->max_mfn, (1UL << 35) - 1);
    assert_int_equal(memory_op(XENMEM_machphys_mapping, GUEST_BAD_VA), -EFAULT);
}

static void test_unknown_and_unimplemented_ops(void **state)
{
    static const uint64_t ops[] = {
        XENMEM_add_to_physmap,
        XENMEM_exchange,
        XENMEM_set_memory_map,
        XENMEM_acquire_resource,
        63,
    };

    (void)state;
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        assert_int_equal(memory_op(ops[i], GUEST_VA(0)), -ENOSYS);
}

/* No op here continues: a start extent is a guest error for the domain
 * queries, and makes the layout ops unknown, as on Xen. */
static void test_start_extent_refused(void **state)
{
    (void)state;
    assert_int_equal(
        memory_op(XENMEM_maximum_ram_page | (1ULL << MEMOP_EXTENT_SHIFT), 0),
        -EINVAL);
    assert_int_equal(memory_op(XENMEM_current_reservation | (~0ULL << 6),
                               domid_arg(DOMID_SELF)),
                     -EINVAL);
    assert_int_equal(memory_op(XENMEM_memory_map | (1ULL << MEMOP_EXTENT_SHIFT),
                               map_arg(1, GUEST_VA(0x100))),
                     -ENOSYS);
    assert_int_equal(
        memory_op(XENMEM_machphys_mapping | (1ULL << MEMOP_EXTENT_SHIFT),
                  GUEST_VA(0x40)),
        -ENOSYS);
}

/* A reservation at GUEST_VA(0x100) naming list GUEST_VA(0x200). */
static guest_va_t reservation(domid_t id, uint64_t nr, unsigned int order)
{
    struct xen_memory_reservation *r = guest_ptr(GUEST_VA(0x100));

    memset(r, 0, sizeof(*r));
    r->nr_extents = nr;
    r->extent_order = order;
    r->domid = id;
    set_xen_guest_handle(r->extent_start,
                         (xen_pfn_t *)(uintptr_t)GUEST_VA(0x200));
    return GUEST_VA(0x100);
}

static xen_pfn_t *extents(void)
{
    return guest_ptr(GUEST_VA(0x200));
}

/* populate_physmap for another domain: gpfns in, mfns out, the M2P
 * set; up to the domain's limit, the answer counting what was done. */
static void test_populate_other(void **state)
{
    (void)state;
    fake_frames_setup();
    dom1->is_privileged = true;
    dom2->max_pages = dom2->tot_pages + 3;
    for (unsigned i = 0; i < 4; i++)
        extents()[i] = 10 + i;
    assert_int_equal(memory_op(XENMEM_populate_physmap, reservation(2, 4, 0)),
                     3);
    assert_int_equal(extents()[0], FIRST_FAKE_MFN);
    assert_int_equal(extents()[2], FIRST_FAKE_MFN + 2);
    assert_int_equal(extents()[3], 13); /* not done: left as given */
    assert_int_equal(m2p[FIRST_FAKE_MFN + 1], 11);
    assert_int_equal(dom2->tot_pages, dom2->max_pages);
    fake_memory_teardown();
}

/* A start extent in cmd resumes there; one at or past nr_extents, no
 * such domain, an extent order, an unreadable argument: nothing done,
 * the answer is the start extent. A caller without rights: -EPERM. */
static void test_reservation_refusals(void **state)
{
    (void)state;
    fake_frames_setup();
    dom2->max_pages = dom2->tot_pages + 8;
    assert_int_equal(memory_op(XENMEM_populate_physmap, reservation(2, 1, 0)),
                     -EPERM);
    dom1->is_privileged = true;
    assert_int_equal(memory_op(XENMEM_populate_physmap, reservation(9, 1, 0)),
                     0);
    assert_int_equal(memory_op(XENMEM_populate_physmap, reservation(2, 1, 1)),
                     0);
    assert_int_equal(memory_op(XENMEM_populate_physmap, GUEST_BAD_VA), 0);
    assert_int_equal(
        memory_op(XENMEM_populate_physmap | (2ULL << MEMOP_EXTENT_SHIFT),
                  reservation(2, 2, 0)),
        2);
    assert_int_equal(
        memory_op(XENMEM_populate_physmap | (1ULL << MEMOP_EXTENT_SHIFT),
                  reservation(2, 3, 0)),
        3);
    assert_int_equal(next_mfn, FIRST_FAKE_MFN + 2);
    fake_memory_teardown();
}

/* increase hands out frames (the list may be NULL); decrease takes them
 * back and stops at the first frame that is not the domain's. */
static void test_increase_decrease(void **state)
{
    struct xen_memory_reservation *r;

    (void)state;
    fake_frames_setup();
    dom1->max_pages = dom1->tot_pages + 8;
    assert_int_equal(
        memory_op(XENMEM_increase_reservation, reservation(DOMID_SELF, 2, 0)),
        2);
    assert_int_equal(extents()[1], FIRST_FAKE_MFN + 1);
    r = guest_ptr(reservation(DOMID_SELF, 1, 0));
    set_xen_guest_handle(r->extent_start, NULL);
    assert_int_equal(memory_op(XENMEM_increase_reservation, GUEST_VA(0x100)),
                     1);
    extents()[0] = FIRST_FAKE_MFN + 1;
    extents()[1] = 0x999;
    assert_int_equal(
        memory_op(XENMEM_decrease_reservation, reservation(DOMID_SELF, 2, 0)),
        1);
    assert_int_equal(nr_released, 1);
    assert_int_equal(released[0], FIRST_FAKE_MFN + 1);
    fake_memory_teardown();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_maximum_ram_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reservation_of_self, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_reservation_of_others, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_reservation_bad_pointer, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_maximum_gpfn, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memory_map, setup, teardown),
        cmocka_unit_test_setup_teardown(test_machine_memory_map, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_machine_memory_map_room, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_machine_memory_map_plain, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_machine_memory_map_faults, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_memory_map_faults, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_machphys_mapping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_and_unimplemented_ops,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_start_extent_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_populate_other, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reservation_refusals, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_increase_decrease, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * memory_op (hv/memory_op.c) on the host: the reservation queries with
 * their domain rules (DOMID_SELF, -ESRCH before -EPERM), the machine
 * limits, the memory map's count handling, and hostile input: bad
 * pointers, a start extent on ops that never continue, unknown ops.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "hypercall_double.h"
#include <hv/bootinfo.h>
#include <hv/errno.h>
#include <hv/mm.h>
#include <public/memory.h>
#include <string.h>

#define MEMOP_EXTENT_SHIFT 6
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

/* The loader's map, as XENMEM_machine_memory_map must give it to dom0. */
static void set_boot_map(void)
{
    boot_info.nr_mem = 2;
    boot_info.mem[0] = (struct mem_region){0, 0x9fc00, MEM_USABLE};
    boot_info.mem[1] = (struct mem_region){0x100000, 0x1000000, MEM_USABLE};
}

static void test_machine_memory_map(void **state)
{
    const struct xen_memory_map *map = guest_ptr(GUEST_VA(0));
    const uint8_t *buf = guest_ptr(GUEST_VA(0x100));
    uint64_t addr;

    (void)state;
    set_boot_map();
    /* Only dom0 (a privileged domain) may see the machine. */
    assert_int_equal(
        memory_op(XENMEM_machine_memory_map, map_arg(8, GUEST_VA(0x100))),
        -EPERM);
    dom1->is_privileged = true;
    /* Xen wants room for one more entry than it writes. */
    assert_int_equal(
        memory_op(XENMEM_machine_memory_map, map_arg(2, GUEST_VA(0x100))),
        -EINVAL);
    assert_int_equal(map->nr_entries, 2);
    assert_int_equal(
        memory_op(XENMEM_machine_memory_map, map_arg(3, GUEST_VA(0x100))), 0);
    assert_int_equal(map->nr_entries, 2);
    memcpy(&addr, buf + E820_ENTRY_SIZE, 8);
    assert_int_equal(addr, 0x100000);
    /* A NULL buffer: just the count. */
    assert_int_equal(memory_op(XENMEM_machine_memory_map, map_arg(7, 0)), 0);
    assert_int_equal(map->nr_entries, 2);
    assert_int_equal(memory_op(XENMEM_machine_memory_map, GUEST_BAD_VA),
                     -EFAULT);
    assert_int_equal(
        memory_op(XENMEM_machine_memory_map, map_arg(8, GUEST_BAD_VA)),
        -EFAULT);
    assert_int_equal(memory_op(XENMEM_machine_memory_map,
                               map_arg(3, GUEST_VA_END - E820_ENTRY_SIZE)),
                     -EFAULT);
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
        XENMEM_increase_reservation,
        XENMEM_decrease_reservation,
        XENMEM_populate_physmap,
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
        cmocka_unit_test_setup_teardown(test_memory_map_faults, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_machphys_mapping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_and_unimplemented_ops,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_start_extent_refused, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

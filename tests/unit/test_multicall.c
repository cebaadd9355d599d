/*
 * The hypercall table (hv/hypercall.c) and multicall (hv/multicall.c),
 * driven on the host: every handler is reached through its number,
 * empty and out-of-range numbers answer -ENOSYS, and a multicall runs
 * each entry, writes back only its result, refuses nesting, ends at an iret,
 * and stops with -EFAULT where the guest's array becomes inaccessible.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "hypercall_double.h"
#include <hv/errno.h>
#include <public/xen.h>
#include <string.h>

#define ENTRY_SIZE sizeof(struct multicall_entry)

/* Every number the table fills, with the real multicall left out (it is
 * linked here and tested on its own below): the portable ones, and the
 * one arch slot of the double (iret). */
static const unsigned int filled[] = {
    __HYPERVISOR_memory_op,        __HYPERVISOR_set_timer_op,
    __HYPERVISOR_xen_version,      __HYPERVISOR_console_io,
    __HYPERVISOR_vm_assist,        __HYPERVISOR_iret,
    __HYPERVISOR_vcpu_op,          __HYPERVISOR_sched_op,
    __HYPERVISOR_event_channel_op, __HYPERVISOR_grant_table_op,
};

static struct domain *dom;

/* A handler that stops the domain, as SCHEDOP_shutdown does. */
HYPERCALL_DEFINE(sched_op, unsigned int, reason, guest_handle_void, arg)
{
    stub_calls[__HYPERVISOR_sched_op]++;
    domain_shutdown(current_domain(), reason);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    double_reset();
    double_init();
    dom = double_domain(1, false, 1);
    double_set_current(dom->vcpu[0]);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    double_reset();
    return 0;
}

static struct multicall_entry *entry_at(guest_va_t va)
{
    return guest_ptr(va);
}

/* Entry i of an array at va: op and args a0 + 0..5. */
static void put_entry(guest_va_t va, unsigned int i, uint64_t op, uint64_t a0)
{
    struct multicall_entry *e = entry_at(va + i * ENTRY_SIZE);

    e->op = op;
    e->result = UINT64_C(0x5555555555555555);
    for (unsigned int j = 0; j < 6; j++)
        e->args[j] = a0 + j;
}

static long multicall(guest_va_t entries, uint64_t nr)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {entries, nr};

    return hypercall_dispatch(__HYPERVISOR_multicall, args);
}

static void test_dispatch_reaches_every_handler(void **state)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {1, 2, 3, 4, 5};

    (void)state;
    for (size_t i = 0; i < sizeof(filled) / sizeof(filled[0]); i++) {
        unsigned int nr = filled[i];

        assert_int_equal(stub_calls[nr], 0);
        if (nr == __HYPERVISOR_sched_op) {
            /* This test's own stand-in, above. */
            assert_int_equal(hypercall_dispatch(nr, args), 0);
            assert_int_equal(double_log.shutdowns, 1);
        } else {
            assert_int_equal(hypercall_dispatch(nr, args), STUB_RESULT(nr));
            assert_memory_equal(stub_args[nr], args, sizeof(args));
        }
        assert_int_equal(stub_calls[nr], 1);
    }
}

static void test_dispatch_empty_and_out_of_range(void **state)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {0};
    static const unsigned long bad[] = {
        11,                      /* unassigned */
        __HYPERVISOR_mmu_update, /* an arch slot the double leaves empty */
        __HYPERVISOR_sched_op_compat,
        __HYPERVISOR_arch_0,
        __HYPERVISOR_arch_7 + 1, /* unused; 63 is Parasol's own */
        NR_HYPERCALLS,
        NR_HYPERCALLS + 1,
        ~0UL,
        1UL << 32, /* only a full-width compare catches it */
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(hypercall_dispatch(bad[i], args), -ENOSYS);
}

static void test_multicall_runs_each_entry(void **state)
{
    guest_va_t va = GUEST_VA(0x100);

    (void)state;
    put_entry(va, 0, __HYPERVISOR_vm_assist, 10);
    put_entry(va, 1, __HYPERVISOR_memory_op, 20);
    assert_int_equal(multicall(va, 2), 0);

    assert_int_equal(entry_at(va)->result, STUB_RESULT(21));
    assert_int_equal(entry_at(va + ENTRY_SIZE)->result,
                     STUB_RESULT(__HYPERVISOR_memory_op));
    assert_int_equal(stub_calls[__HYPERVISOR_vm_assist], 1);
    assert_int_equal(stub_calls[__HYPERVISOR_memory_op], 1);
    /* The first five arguments reach the handler; op, args unchanged. */
    for (unsigned int j = 0; j < HYPERCALL_MAX_ARGS; j++)
        assert_int_equal(stub_args[__HYPERVISOR_memory_op][j], 20 + j);
    assert_int_equal(entry_at(va + ENTRY_SIZE)->op, __HYPERVISOR_memory_op);
    assert_int_equal(entry_at(va + ENTRY_SIZE)->args[5], 25);
}

static void test_multicall_zero_entries(void **state)
{
    (void)state;
    assert_int_equal(multicall(GUEST_BAD_VA, 0), 0);
}

static void test_multicall_refuses_nesting(void **state)
{
    guest_va_t va = GUEST_VA(0);

    (void)state;
    put_entry(va, 0, __HYPERVISOR_multicall, GUEST_VA(0));
    put_entry(va, 1, __HYPERVISOR_vm_assist, 0);
    assert_int_equal(multicall(va, 2), 0);

    assert_int_equal((long)entry_at(va)->result, -EINVAL);
    /* A refused entry does not stop the batch. */
    assert_int_equal(entry_at(va + ENTRY_SIZE)->result, STUB_RESULT(21));
}

/* Iret runs (as on Xen), its result is written, and the batch ends: the
 * guest resumes where the iret frame says. */
static void test_multicall_iret_ends_batch(void **state)
{
    guest_va_t va = GUEST_VA(0);

    (void)state;
    put_entry(va, 0, __HYPERVISOR_vm_assist, 0);
    put_entry(va, 1, __HYPERVISOR_iret, 0);
    put_entry(va, 2, __HYPERVISOR_vm_assist, 0);
    entry_at(va + 2 * ENTRY_SIZE)->result = 0x5a5a;
    /* The guest resumes with the iret frame's rax: the iret's result. */
    assert_int_equal(multicall(va, 3), STUB_RESULT(__HYPERVISOR_iret));

    assert_int_equal(stub_calls[__HYPERVISOR_iret], 1);
    assert_int_equal(entry_at(va + ENTRY_SIZE)->result,
                     STUB_RESULT(__HYPERVISOR_iret));
    assert_int_equal(stub_calls[__HYPERVISOR_vm_assist], 1);
    assert_int_equal(entry_at(va + 2 * ENTRY_SIZE)->result, 0x5a5a);
}

static void test_multicall_bad_op_is_enosys(void **state)
{
    guest_va_t va = GUEST_VA(0);

    (void)state;
    put_entry(va, 0, NR_HYPERCALLS, 0);
    put_entry(va, 1, UINT64_C(1) << 63, 0);
    put_entry(va, 2, 11, 0);
    assert_int_equal(multicall(va, 3), 0);
    for (unsigned int i = 0; i < 3; i++)
        assert_int_equal((long)entry_at(va + i * ENTRY_SIZE)->result, -ENOSYS);
}

static void test_multicall_bad_array(void **state)
{
    (void)state;
    assert_int_equal(multicall(GUEST_BAD_VA, 1), -EFAULT);
    assert_int_equal(multicall(0, 4), -EFAULT);
    assert_int_equal(multicall(UINT64_MAX - 8, 1), -EFAULT);
    for (unsigned int nr = 0; nr < NR_HYPERCALLS; nr++)
        assert_int_equal(stub_calls[nr], 0);
}

/* The entries up to the end of guest memory run; the next one faults. */
static void test_multicall_array_runs_off_the_end(void **state)
{
    guest_va_t last = GUEST_VA_END - ENTRY_SIZE;

    (void)state;
    put_entry(last, 0, __HYPERVISOR_vm_assist, 0);
    assert_int_equal(multicall(last, 2), -EFAULT);
    assert_int_equal(stub_calls[__HYPERVISOR_vm_assist], 1);
    assert_int_equal(entry_at(last)->result, STUB_RESULT(21));
}

/* A hostile count stops at the first inaccessible entry: every entry of
 * guest memory runs once (op 0 everywhere: set_trap_table, an arch slot
 * the double leaves empty) and gets its -ENOSYS. */
static void test_multicall_huge_count(void **state)
{
    (void)state;
    assert_int_equal(multicall(GUEST_VA(0), UINT32_MAX), -EFAULT);
    for (size_t i = 0; i < GUEST_MEM_SIZE / ENTRY_SIZE; i++)
        assert_int_equal((long)entry_at(GUEST_VA(i * ENTRY_SIZE))->result,
                         -ENOSYS);
}

/* nr is an unsigned int: bits above 31 are not a count. */
static void test_multicall_count_is_32_bits(void **state)
{
    (void)state;
    put_entry(GUEST_VA(0), 0, __HYPERVISOR_vm_assist, 0);
    assert_int_equal(multicall(GUEST_VA(0), (UINT64_C(1) << 32) | 1), 0);
    assert_int_equal(stub_calls[__HYPERVISOR_vm_assist], 1);
    /* The next entry (op 0) did not run: its result is untouched. */
    assert_int_equal(entry_at(GUEST_VA(ENTRY_SIZE))->result, 0);
}

/* The entry was read and run, but its result cannot be written back. */
static void test_multicall_result_write_fault(void **state)
{
    (void)state;
    put_entry(GUEST_VA(0), 0, __HYPERVISOR_vm_assist, 0);
    put_entry(GUEST_VA(0), 1, __HYPERVISOR_vm_assist, 0);
    guest_copies_before_fault = 1;
    assert_int_equal(multicall(GUEST_VA(0), 2), -EFAULT);
    assert_int_equal(stub_calls[__HYPERVISOR_vm_assist], 1);
}

/* An entry that stops the domain ends the batch. */
static void test_multicall_stops_when_domain_stops(void **state)
{
    guest_va_t va = GUEST_VA(0);

    (void)state;
    put_entry(va, 0, __HYPERVISOR_sched_op, SHUTDOWN_poweroff);
    put_entry(va, 1, __HYPERVISOR_vm_assist, 0);
    assert_int_equal(multicall(va, 2), 0);
    assert_int_equal(double_log.shutdowns, 1);
    assert_int_equal(entry_at(va)->result, 0);
    assert_int_equal(stub_calls[__HYPERVISOR_vm_assist], 0);
    assert_int_equal(entry_at(va + ENTRY_SIZE)->result,
                     UINT64_C(0x5555555555555555));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dispatch_reaches_every_handler,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_dispatch_empty_and_out_of_range,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_multicall_runs_each_entry, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_multicall_zero_entries, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_multicall_iret_ends_batch, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_multicall_refuses_nesting, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_multicall_bad_op_is_enosys, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_multicall_bad_array, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_multicall_array_runs_off_the_end,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_multicall_huge_count, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_multicall_count_is_32_bits, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_multicall_result_write_fault,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_multicall_stops_when_domain_stops,
                                        setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

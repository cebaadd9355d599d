/*
 * Typed hypercall arguments (hv/hypercall.h, hv/guest_access.h), on the
 * host: HYPERCALL_DEFINE hands the body each register converted to its
 * declared type, as the ABI's C prototype reads it, and the typed
 * guest-handle copies find element off of an array and copy nr whole
 * elements, or answer -EFAULT.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "hypercall_double.h"
#include <hv/errno.h>
#include <string.h>

/* What the probe hypercall's body saw. */
static struct {
    int cmd;
    unsigned int count;
    bool flag;
    uint16_t sel;
    guest_handle_uint hnd;
} seen;

long do_probe(const uint64_t args[]);
long do_probe_one(const uint64_t args[]);
long do_probe_none(const uint64_t args[]);

HYPERCALL_DEFINE(probe, int, cmd, unsigned int, count, bool, flag, uint16_t,
                 sel, guest_handle_uint, hnd)
{
    seen.cmd = cmd;
    seen.count = count;
    seen.flag = flag;
    seen.sel = sel;
    seen.hnd = hnd;
    return 7;
}

HYPERCALL_DEFINE(probe_one, uint64_t, value)
{
    return (long)(value >> 1);
}

HYPERCALL_DEFINE0(probe_none)
{
    return -ENOSYS;
}

static void test_registers_take_declared_types(void **state)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {
        UINT64_C(0xfffffffffffffffe), /* int: the low 32 bits, -2 */
        UINT64_C(0x100000005),        /* unsigned int: 5 */
        UINT64_C(0x100000000),        /* bool: any bit set is true */
        UINT64_C(0xabcd12345),        /* uint16_t: 0x2345 */
        GUEST_VA(8),                  /* a handle: the whole address */
    };

    (void)state;
    assert_int_equal(do_probe(args), 7);
    assert_int_equal(seen.cmd, -2);
    assert_int_equal(seen.count, 5);
    assert_true(seen.flag);
    assert_int_equal(seen.sel, 0x2345);
    assert_int_equal(seen.hnd.va, GUEST_VA(8));
}

static void test_one_and_no_argument(void **state)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {UINT64_C(0x8000000000000000)};

    (void)state;
    assert_int_equal(do_probe_one(args), (long)UINT64_C(0x4000000000000000));
    assert_int_equal(do_probe_none(args), -ENOSYS);
}

static void test_copy_from_guest_offset(void **state)
{
    guest_handle_uint hnd = {.va = GUEST_VA(16)};
    unsigned int src[4] = {10, 11, 12, 13}, dst[2] = {0, 0};

    (void)state;
    memcpy(guest_ptr(hnd.va), src, sizeof(src));
    assert_int_equal(copy_from_guest_offset(dst, hnd, 1, 2), 0);
    assert_int_equal(dst[0], 11);
    assert_int_equal(dst[1], 12);
    assert_int_equal(copy_from_guest_array(dst, hnd, 1), 0);
    assert_int_equal(dst[0], 10);
    assert_int_equal(dst[1], 12);
}

static void test_copy_to_guest_offset(void **state)
{
    guest_handle_uint hnd = {.va = GUEST_VA(64)};
    const unsigned int src[2] = {21, 22};
    unsigned int back[4];

    (void)state;
    memset(guest_ptr(hnd.va), 0, sizeof(back));
    assert_int_equal(copy_to_guest_offset(hnd, 2, src, 2), 0);
    memcpy(back, guest_ptr(hnd.va), sizeof(back));
    assert_int_equal(back[0], 0);
    assert_int_equal(back[1], 0);
    assert_int_equal(back[2], 21);
    assert_int_equal(back[3], 22);
    assert_int_equal(copy_to_guest_array(hnd, src, 1), 0);
    memcpy(back, guest_ptr(hnd.va), sizeof(back));
    assert_int_equal(back[0], 21);
}

static void test_handle_copies_fault(void **state)
{
    /* The last element in the fake memory, then one past it. */
    guest_handle_uint end = {.va = GUEST_VA_END - sizeof(unsigned int)};
    guest_handle_uint bad = {.va = GUEST_BAD_VA};
    unsigned int v = 1;

    (void)state;
    assert_int_equal(copy_from_guest_offset(&v, end, 0, 1), 0);
    assert_int_equal(copy_from_guest_offset(&v, end, 1, 1), -EFAULT);
    assert_int_equal(copy_to_guest_offset(end, 0, &v, 2), -EFAULT);
    assert_int_equal(copy_to_guest_array(bad, &v, 1), -EFAULT);
}

static void test_handle_null(void **state)
{
    guest_handle_uint null = {.va = 0}, some = {.va = GUEST_VA(0)};

    (void)state;
    assert_true(guest_handle_is_null(null));
    assert_false(guest_handle_is_null(some));
    assert_int_equal(guest_handle_elem_va(some, 3),
                     GUEST_VA(3 * sizeof(unsigned int)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registers_take_declared_types),
        cmocka_unit_test(test_one_and_no_argument),
        cmocka_unit_test(test_copy_from_guest_offset),
        cmocka_unit_test(test_copy_to_guest_offset),
        cmocka_unit_test(test_handle_copies_fault),
        cmocka_unit_test(test_handle_null),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

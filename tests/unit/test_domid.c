/*
 * Choosing a new domain's ID (hv/domid.c) on the host: an explicit ID
 * if free, else -EEXIST; 0 or a reserved ID picks the first free one
 * after the last picked, wrapping to 1 before the reserved IDs, with
 * -ENOMEM when none is left; the rover moves only when it picks.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <hv/domid.h>
#include <hv/errno.h>
#include <string.h>

static bool taken[DOMID_FIRST_RESERVED];

static bool in_use(domid_t id)
{
    return id < DOMID_FIRST_RESERVED && taken[id];
}

static int setup(void **state)
{
    (void)state;
    memset(taken, 0, sizeof(taken));
    taken[0] = true; /* dom0 */
    return 0;
}

static void test_explicit(void **state)
{
    domid_t rover = 0, id = 0;

    (void)state;
    assert_int_equal(domid_choose(7, &rover, in_use, &id), 0);
    assert_int_equal(id, 7);
    assert_int_equal(rover, 0);
    taken[7] = true;
    id = 99;
    assert_int_equal(domid_choose(7, &rover, in_use, &id), -EEXIST);
    assert_int_equal(id, 99);
    assert_int_equal(
        domid_choose(DOMID_FIRST_RESERVED - 1, &rover, in_use, &id), 0);
    assert_int_equal(id, DOMID_FIRST_RESERVED - 1);
}

static void test_chosen(void **state)
{
    domid_t rover = 0, id = 0;

    (void)state;
    assert_int_equal(domid_choose(0, &rover, in_use, &id), 0);
    assert_int_equal(id, 1);
    assert_int_equal(rover, 1);
    /* Not reused at once, even if free again. */
    assert_int_equal(domid_choose(0, &rover, in_use, &id), 0);
    assert_int_equal(id, 2);
    taken[3] = taken[4] = true;
    assert_int_equal(domid_choose(DOMID_SELF, &rover, in_use, &id), 0);
    assert_int_equal(id, 5);
    assert_int_equal(domid_choose(DOMID_IDLE, &rover, in_use, &id), 0);
    assert_int_equal(id, 6);
}

static void test_wraps(void **state)
{
    domid_t rover = DOMID_FIRST_RESERVED - 2, id = 0;

    (void)state;
    assert_int_equal(domid_choose(0, &rover, in_use, &id), 0);
    assert_int_equal(id, DOMID_FIRST_RESERVED - 1);
    assert_int_equal(domid_choose(0, &rover, in_use, &id), 0);
    assert_int_equal(id, 1);
}

static void test_full(void **state)
{
    domid_t rover = 100, id = 42;

    (void)state;
    memset(taken, 1, sizeof(taken));
    assert_int_equal(domid_choose(0, &rover, in_use, &id), -ENOMEM);
    assert_int_equal(rover, 100);
    assert_int_equal(id, 42);
    taken[99] = false;
    assert_int_equal(domid_choose(0, &rover, in_use, &id), 0);
    assert_int_equal(id, 99);
    assert_int_equal(rover, 99);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_explicit, setup),
        cmocka_unit_test_setup(test_chosen, setup),
        cmocka_unit_test_setup(test_wraps, setup),
        cmocka_unit_test_setup(test_full, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * The demo guests' command-line words (guest-lib/examples/demo_args.c)
 * on the host: bare words, key=value numbers, the guest's own name
 * never counted, and every malformed value refused.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "../../guest-lib/examples/demo_args.h"

static void test_words(void **state)
{
    (void)state;
    assert_true(demo_has_word("pingpong loopback", "loopback"));
    assert_true(demo_has_word("pingpong  rounds=5\tloopback ", "loopback"));
    assert_false(demo_has_word("loopback", "loopback")); /* the name */
    assert_false(demo_has_word("pingpong loopbacks", "loopback"));
    assert_false(demo_has_word("pingpong loop", "loopback"));
    assert_false(demo_has_word("", "loopback"));
}

static void test_numbers(void **state)
{
    uint64_t v = 7;

    (void)state;
    assert_true(demo_arg_u64("pingpong peer=3 port=12", "port", &v));
    assert_int_equal(v, 12);
    assert_true(demo_arg_u64("pingpong peer=3 port=12", "peer", &v));
    assert_int_equal(v, 3);
    assert_true(
        demo_arg_u64("x n=18446744073709551615", "n", &v)); /* 2^64 - 1 */
    assert_true(v == UINT64_MAX);
}

static void test_bad_numbers(void **state)
{
    uint64_t v = 7;

    (void)state;
    assert_false(demo_arg_u64("x n=18446744073709551616", "n", &v));
    assert_false(demo_arg_u64("x n=", "n", &v));
    assert_false(demo_arg_u64("x n= 5", "n", &v));
    assert_false(demo_arg_u64("x n=-1", "n", &v));
    assert_false(demo_arg_u64("x n=1a", "n", &v));
    assert_false(demo_arg_u64("x n", "n", &v));
    assert_false(demo_arg_u64("x nn=5", "n", &v));
    assert_false(demo_arg_u64("n=5", "n", &v)); /* the name */
    assert_false(demo_arg_u64("", "n", &v));
    assert_int_equal(v, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_bad_numbers),
    };

    return cmocka_run_group_tests_name("demo_args", tests, NULL, NULL);
}

/* vsnprintf: every conversion printk supports, and truncation. */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <hv/printk.h>

#define CHECK(expect, ...)                                                     \
    do {                                                                       \
        char buf[128];                                                         \
        int n = snprintf(buf, sizeof(buf), __VA_ARGS__);                       \
        assert_string_equal(buf, expect);                                      \
        assert_int_equal(n, (int)sizeof(expect) - 1);                          \
    } while (0)

static void test_integers(void **state)
{
    (void)state;
    CHECK("42", "%d", 42);
    CHECK("-42", "%i", -42);
    CHECK("-9223372036854775808", "%ld", (long)(-9223372036854775807L - 1));
    CHECK("18446744073709551615", "%lu", ~0UL);
    CHECK("4294967295", "%u", ~0U);
    CHECK("ff", "%x", 255);
    CHECK("FF", "%X", 255);
    CHECK("0xff", "%#x", 255);
    CHECK("17", "%o", 15);
    CHECK("017", "%#o", 15);
    CHECK("0", "%x", 0);
    CHECK("-1", "%hhd", 255);
    CHECK("65535", "%hu", -1);
    CHECK("123456789012", "%lld", 123456789012LL);
    CHECK("7", "%zu", (size_t)7);
}

static void test_flags_width_precision(void **state)
{
    (void)state;
    CHECK("   42", "%5d", 42);
    CHECK("42   |", "%-5d|", 42);
    CHECK("00042", "%05d", 42);
    CHECK("-0042", "%05d", -42);
    CHECK("+42", "%+d", 42);
    CHECK(" 42", "% d", 42);
    CHECK("  007", "%5.3d", 7);
    CHECK("", "%.0d", 0);
    CHECK("0x000000ff", "%#010x", 255);
    CHECK("   ab", "%*x", 5, 0xab);
    CHECK("ab   |", "%*x|", -5, 0xab);
    CHECK("00ab", "%.*x", 4, 0xab);
}

static void test_strings_chars(void **state)
{
    (void)state;
    CHECK("hello", "%s", "hello");
    CHECK("  hi", "%4s", "hi");
    CHECK("hi  |", "%-4s|", "hi");
    CHECK("he", "%.2s", "hello");
    CHECK("(null)", "%s", (char *)NULL);
    CHECK("x", "%c", 'x');
    CHECK("  x", "%3c", 'x');
    CHECK("100%", "%d%%", 100);
}

static void test_pointer(void **state)
{
    (void)state;
    CHECK("0x00000000deadbeef", "%p", (void *)0xdeadbeefUL);
    CHECK("0xffff820000200000", "%p", (void *)0xffff820000200000UL);
}

static void test_unknown_conversion_verbatim(void **state)
{
    (void)state;
    CHECK("a %q b", "a %q b");
    CHECK("end %", "end %");
}

static void test_truncation(void **state)
{
    char buf[8];
    int n;

    (void)state;
    n = snprintf(buf, sizeof(buf), "%s", "0123456789");
    assert_int_equal(n, 10);
    assert_string_equal(buf, "0123456");
    n = snprintf(buf, 1, "%d", 12345);
    assert_int_equal(n, 5);
    assert_string_equal(buf, "");
    n = snprintf(NULL, 0, "%d", 12345);
    assert_int_equal(n, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_flags_width_precision),
        cmocka_unit_test(test_strings_chars),
        cmocka_unit_test(test_pointer),
        cmocka_unit_test(test_unknown_conversion_verbatim),
        cmocka_unit_test(test_truncation),
    };
    return cmocka_run_group_tests_name("vsnprintf", tests, NULL, NULL);
}

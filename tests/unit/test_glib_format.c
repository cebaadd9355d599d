/*
 * guest-lib's formatter (guest-lib/format.c), through vsnprintf: every
 * conversion, flag, width, precision and length modifier guests use,
 * and truncation. Its results must be the C library's.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <parasol/format.h>
#include <stdint.h>
#include <string.h>

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
    CHECK("0", "%d", 0);
    CHECK("-9223372036854775808", "%ld", INT64_MIN);
    CHECK("18446744073709551615", "%lu", UINT64_MAX);
    CHECK("4294967295", "%u", UINT32_MAX);
    CHECK("ff FF", "%x %X", 255, 255);
    CHECK("17", "%o", 15);
    CHECK("-1", "%hhd", 255);
    CHECK("65535", "%hu", -1);
    CHECK("123456789012", "%lld", 123456789012LL);
    CHECK("7 -3 9", "%zu %td %jd", (size_t)7, (ptrdiff_t)-3, (intmax_t)9);
}

static void test_flags(void **state)
{
    (void)state;
    CHECK("0xff 0XFF 0", "%#x %#X %#x", 255, 255, 0);
    CHECK("017 0", "%#o %#o", 15, 0);
    CHECK("+5 -5  5", "%+d %+d % d", 5, -5, 5);
    CHECK("[   42] [42   ] [00042]", "[%5d] [%-5d] [%05d]", 42, 42, 42);
    CHECK("[-0042] [  -42]", "[%05d] [%5d]", -42, -42);
    CHECK("[0x00ff]", "[%#06x]", 255);
    /* '-' wins over '0'; a precision turns '0' off. */
    CHECK("[42   ] [  042]", "[%-05d] [%05.3d]", 42, 42);
}

static void test_precision(void **state)
{
    (void)state;
    CHECK("[00042] [-00042]", "[%.5d] [%.5d]", 42, -42);
    CHECK("[] [0]", "[%.0d] [%.1d]", 0, 0);
    CHECK("[  abc] [ab   ]", "[%5.3s] [%-5.2s]", "abcdef", "abc");
    CHECK("[   42]", "[%*d]", 5, 42);
    CHECK("[42   ]", "[%*d]", -5, 42);
    CHECK("[00042]", "[%.*d]", 5, 42);
    CHECK("[42]", "[%.*d]", -1, 42);
}

static void test_chars_strings_pointers(void **state)
{
    (void)state;
    CHECK("x", "%c", 'x');
    CHECK("[  x] [x  ]", "[%3c] [%-3c]", 'x', 'x');
    CHECK("hello", "%s", "hello");
    CHECK("(null)", "%s", (char *)NULL);
    CHECK("0x1000 0x0", "%p %p", (void *)0x1000, (void *)0);
    CHECK("100%", "100%%");
}

static void test_not_a_conversion(void **state)
{
    (void)state;
    CHECK("%y 5", "%y %d", 5);
    CHECK("50%", "50%");
}

static void test_truncation(void **state)
{
    char buf[8];

    (void)state;
    memset(buf, 'z', sizeof(buf));
    assert_int_equal(snprintf(buf, sizeof(buf), "%s", "0123456789"), 10);
    assert_string_equal(buf, "0123456");
    memset(buf, 'z', sizeof(buf));
    assert_int_equal(snprintf(buf, 1, "abc"), 3);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[1], 'z');
    /* Size 0 writes nothing at all, not even the NUL. */
    assert_int_equal(snprintf(buf, 0, "abc"), 3);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(snprintf(NULL, 0, "%d", 12345), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_precision),
        cmocka_unit_test(test_chars_strings_pointers),
        cmocka_unit_test(test_not_a_conversion),
        cmocka_unit_test(test_truncation),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

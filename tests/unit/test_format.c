/*
 * The formatter of the hypervisor and guest-lib (hv/lib/format.c),
 * through vsnprintf and through a sink: every conversion, flag, width,
 * precision and length modifier either side uses, and truncation. Its
 * results must be the C library's.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <lib/format.h>
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
    CHECK("ffffffff80000000", "%lx", 0xffffffff80000000UL);
    CHECK("ffffffff80000000", "%lx", 0xffffffff80000000UL);
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
    CHECK("0x1000 0", "%#lx %#lx", 0x1000UL, 0UL);
    /* The hypervisor's fixed-width addresses in dumps and backtraces. */
    CHECK("0x00000000deadbeef", "%#018lx", 0xdeadbeefUL);
    CHECK("0xffff820000200000", "%#018lx", 0xffff820000200000UL);
    CHECK("0x1000 0", "%#lx %#lx", 0x1000UL, 0UL);
    /* The hypervisor's fixed-width addresses in dumps and backtraces. */
    CHECK("0x00000000deadbeef", "%#018lx", 0xdeadbeefUL);
    CHECK("0xffff820000200000", "%#018lx", 0xffff820000200000UL);
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
    CHECK("a %q b", "a %q b");
}

/* A sink that keeps what it is given, as printf's console sink would. */
struct record_sink {
    struct fmt_sink base; /* first, so a fmt_sink * is a record_sink * */
    char text[64];
    size_t len;
};

static void record_put(struct fmt_sink *sink, char c)
{
    struct record_sink *r = (struct record_sink *)sink;

    assert_true(r->len < sizeof(r->text) - 1);
    r->text[r->len++] = c;
}

static int record(struct record_sink *r, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = fmt_vformat(&r->base, fmt, ap);
    va_end(ap);
    return n;
}

static void test_sink(void **state)
{
    struct record_sink r = {.base.put = record_put};

    (void)state;
    assert_int_equal(record(&r, "(d%u) %-3s|%c", 7u, "ok", '!'), 10);
    assert_int_equal(r.len, 10);
    assert_memory_equal(r.text, "(d7) ok |!", 10);
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
        cmocka_unit_test(test_sink),
        cmocka_unit_test(test_sink),
        cmocka_unit_test(test_truncation),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

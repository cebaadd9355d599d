/* Address-to-symbol lookup used by backtraces. */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <hv/symbols.h>

/* The table the hypervisor's link would generate; here a small one. */
const struct symbol hv_symbols[] = {
    {0x1000, "first"},
    {0x1040, "second"},
    {0x2000, "third"},
};
const uint64_t hv_symbols_count = 3;

static void test_lookup(void **state)
{
    uint64_t off;
    const struct symbol *s;

    (void)state;
    assert_null(symbol_lookup(0xfff, &off));
    s = symbol_lookup(0x1000, &off);
    assert_string_equal(s->name, "first");
    assert_int_equal(off, 0);
    s = symbol_lookup(0x103f, &off);
    assert_string_equal(s->name, "first");
    assert_int_equal(off, 0x3f);
    s = symbol_lookup(0x1040, &off);
    assert_string_equal(s->name, "second");
    s = symbol_lookup(0x5000, &off);
    assert_string_equal(s->name, "third");
    assert_int_equal(off, 0x3000);
    assert_null(symbol_lookup_in(hv_symbols, 0, 0x1000, &off));
}

static void test_format(void **state)
{
    char buf[64];

    (void)state;
    symbol_format(0x1044, buf, sizeof(buf));
    assert_string_equal(buf, "<second+0x4>");
    symbol_format(0x10, buf, sizeof(buf));
    assert_string_equal(buf, "<unknown>");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests_name("symbols", tests, NULL, NULL);
}

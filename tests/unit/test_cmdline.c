/* The command-line parser and the number parsers behind it. */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <hv/cmdline.h>
#include <hv/lib.h>

static bool flag;
static uint64_t number, size;
static char text[8];
static char custom_seen[32];

static bool parse_custom(const char *value)
{
    if (strcmp(value, "good") && strcmp(value, "fine"))
        return false;
    snprintf(custom_seen, sizeof(custom_seen), "%s", value);
    return true;
}

static const struct param params[] = {
    {.name = "flag", .type = PARAM_BOOL, .var = &flag},
    {.name = "number", .type = PARAM_UINT, .var = &number},
    {.name = "mem", .type = PARAM_SIZE, .var = &size},
    {.name = "text", .type = PARAM_STRING, .var = text, .size = sizeof(text)},
    {.name = "custom", .type = PARAM_CUSTOM, .parse = parse_custom},
};

/* Problems reported by the parser, as "U:option" or "B:option". */
static char reports[256];

static void record(enum cmdline_problem problem, const char *opt, size_t len,
                   void *ctx)
{
    size_t used = strlen(reports);

    (void)ctx;
    snprintf(reports + used, sizeof(reports) - used, "%s%c:%.*s",
             used ? " " : "", problem == CMDLINE_UNKNOWN ? 'U' : 'B', (int)len,
             opt);
}

static unsigned parse(const char *cmdline)
{
    return cmdline_parse(cmdline, params, sizeof(params) / sizeof(params[0]),
                         record, NULL);
}

static int reset(void **state)
{
    (void)state;
    flag = false;
    number = size = 0;
    memset(text, 0, sizeof(text));
    custom_seen[0] = reports[0] = '\0';
    return 0;
}

static void test_all_types(void **state)
{
    (void)state;
    assert_int_equal(parse("flag number=0x1f mem=512M text=abc custom=good"),
                     0);
    assert_true(flag);
    assert_int_equal(number, 31);
    assert_int_equal(size, 512ULL << 20);
    assert_string_equal(text, "abc");
    assert_string_equal(custom_seen, "good");
    assert_string_equal(reports, "");
}

static void test_booleans(void **state)
{
    (void)state;
    assert_int_equal(parse("flag=yes"), 0);
    assert_true(flag);
    assert_int_equal(parse("flag=off"), 0);
    assert_false(flag);
    assert_int_equal(parse("flag no-flag"), 0);
    assert_false(flag);
    assert_int_equal(parse("flag=maybe"), 1);
    assert_string_equal(reports, "B:flag=maybe");
}

static void test_unknown_and_bad_values_reported(void **state)
{
    (void)state;
    assert_int_equal(parse("bogus=1 number=12x mem= text=toolongvalue "
                           "custom=bad no-number number"),
                     7);
    assert_string_equal(reports, "U:bogus=1 B:number=12x B:mem= "
                                 "B:text=toolongvalue B:custom=bad "
                                 "U:no-number B:number");
    assert_int_equal(number, 0);
    assert_string_equal(text, "");
}

static void test_loader_path_skipped_once(void **state)
{
    (void)state;
    assert_int_equal(parse("/boot/parasol.elf number=3"), 0);
    assert_int_equal(number, 3);
    assert_int_equal(parse("number=4 /not/first"), 1);
    assert_string_equal(reports, "U:/not/first");
}

static void test_whitespace_and_empty(void **state)
{
    (void)state;
    assert_int_equal(parse(""), 0);
    assert_int_equal(parse("   \t  "), 0);
    assert_int_equal(parse("  number=7\t\tflag  "), 0);
    assert_int_equal(number, 7);
    assert_true(flag);
}

static void test_overlong_option(void **state)
{
    char line[600];

    (void)state;
    memset(line, 'a', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    assert_int_equal(parse(line), 1);
    assert_int_equal(reports[0], 'B');
}

static void test_parse_numbers(void **state)
{
    uint64_t v;
    const char *end;

    (void)state;
    assert_true(parse_u64("18446744073709551615", &end, &v));
    assert_int_equal(v, UINT64_MAX);
    assert_false(parse_u64("18446744073709551616", &end, &v));
    assert_true(parse_u64("0xFFff", &end, &v));
    assert_int_equal(v, 0xffff);
    assert_false(parse_u64("x1", &end, &v));
    assert_true(parse_u64("0x", &end, &v)); /* "0" then "x" */
    assert_int_equal(v, 0);
    assert_string_equal(end, "x");
    assert_true(parse_size("4G", &end, &v));
    assert_int_equal(v, 4ULL << 30);
    assert_true(parse_size("64k", &end, &v));
    assert_int_equal(v, 64ULL << 10);
    assert_true(parse_size("100", &end, &v));
    assert_int_equal(v, 100);
    assert_string_equal(end, "");
    assert_false(parse_size("17179869184T", &end, &v)); /* overflows */
}

static void test_strlcpy(void **state)
{
    char buf[4];

    (void)state;
    assert_int_equal(strlcpy(buf, "abcdef", sizeof(buf)), 6);
    assert_string_equal(buf, "abc");
    assert_int_equal(strlcpy(buf, "ab", sizeof(buf)), 2);
    assert_string_equal(buf, "ab");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_all_types, reset),
        cmocka_unit_test_setup(test_booleans, reset),
        cmocka_unit_test_setup(test_unknown_and_bad_values_reported, reset),
        cmocka_unit_test_setup(test_loader_path_skipped_once, reset),
        cmocka_unit_test_setup(test_whitespace_and_empty, reset),
        cmocka_unit_test_setup(test_overlong_option, reset),
        cmocka_unit_test(test_parse_numbers),
        cmocka_unit_test(test_strlcpy),
    };
    return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}

/*
 * The xl.cfg parser (tools/dom0/xlcfg*.c): the syntax xl accepts
 * (quotes, escapes, numbers in every base, lists over lines, comments,
 * ';', +=), every key with its default and its limits, the command-line
 * overrides, and every error with its exact "file:line:col: ..." line.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "xlcfg.h"

static struct xlcfg cfg;
static char err[XLCFG_ERROR_MAX];

/* Parses text as t.cfg and finishes it; returns the status. */
static int parse(const char *text)
{
    xlcfg_init(&cfg);
    if (xlcfg_parse(&cfg, "t.cfg", text, strlen(text), err) < 0)
        return -1;
    return xlcfg_finish(&cfg, "t.cfg", err);
}

/* A minimal valid config with one more line. */
static int parse_with(const char *line)
{
    static char text[2048];

    strcpy(text, "name = \"vm\"\nkernel = \"k.elf\"\n");
    strcat(text, line);
    return parse(text);
}

static void expect_error(const char *text, const char *expected)
{
    int rc = parse(text);

    if (rc == 0)
        fail_msg("accepted: %s", text);
    assert_string_equal(err, expected);
}

static void test_minimal_defaults(void **state)
{
    (void)state;
    assert_int_equal(parse("name = \"hello\"\nkernel = \"hello.elf\"\n"), 0);
    assert_string_equal(cfg.name, "hello");
    assert_string_equal(cfg.kernel, "hello.elf");
    assert_int_equal(cfg.memory_mib, XLCFG_MEMORY_DEFAULT_MIB);
    assert_int_equal(cfg.maxmem_mib, XLCFG_MEMORY_DEFAULT_MIB);
    assert_int_equal(cfg.vcpus, 1);
    assert_int_equal(cfg.maxvcpus, 1);
    assert_string_equal(cfg.cmdline, "");
    assert_false(cfg.has_uuid);
    assert_false(cfg.has_sched);
    assert_int_equal(cfg.cpu_weight, XLCFG_WEIGHT_DEFAULT);
    assert_int_equal(cfg.cap, 0);
    assert_int_equal(cfg.on[XLCFG_ON_POWEROFF], XLCFG_ACTION_DESTROY);
    assert_int_equal(cfg.on[XLCFG_ON_REBOOT], XLCFG_ACTION_RESTART);
    assert_int_equal(cfg.on[XLCFG_ON_WATCHDOG], XLCFG_ACTION_DESTROY);
    assert_int_equal(cfg.on[XLCFG_ON_CRASH], XLCFG_ACTION_DESTROY);
    assert_false(cfg.root_extra_ignored);
}

/* Every key at once, each away from its default. */
static void test_every_key(void **state)
{
    (void)state;
    assert_int_equal(parse("# a comment line\n"
                           "name = 'full'   # trailing comment\n"
                           "type = \"pv\"\n"
                           "kernel = \"/boot/k.elf\"\n"
                           "memory = 64\n"
                           "maxmem = 128\n"
                           "vcpus = 2\n"
                           "maxvcpus = 4\n"
                           "cmdline = \"console=hvc0 quiet\"\n"
                           "uuid = \"0123abcd-4567-89EF-aBcD-0123456789ab\"\n"
                           "on_poweroff = \"preserve\"\n"
                           "on_reboot = \"destroy\"\n"
                           "on_watchdog = \"restart\"\n"
                           "on_crash = \"coredump-restart\"\n"
                           "cpu_weight = 512\n"
                           "cap = 50\n"),
                     0);
    assert_string_equal(cfg.name, "full");
    assert_string_equal(cfg.kernel, "/boot/k.elf");
    assert_int_equal(cfg.memory_mib, 64);
    assert_int_equal(cfg.maxmem_mib, 128);
    assert_int_equal(cfg.vcpus, 2);
    assert_int_equal(cfg.maxvcpus, 4);
    assert_string_equal(cfg.cmdline, "console=hvc0 quiet");
    assert_true(cfg.has_uuid);
    assert_int_equal(cfg.uuid[0], 0x01);
    assert_int_equal(cfg.uuid[7], 0xef);
    assert_int_equal(cfg.uuid[15], 0xab);
    assert_int_equal(cfg.on[XLCFG_ON_POWEROFF], XLCFG_ACTION_PRESERVE);
    assert_int_equal(cfg.on[XLCFG_ON_REBOOT], XLCFG_ACTION_DESTROY);
    assert_int_equal(cfg.on[XLCFG_ON_WATCHDOG], XLCFG_ACTION_RESTART);
    assert_int_equal(cfg.on[XLCFG_ON_CRASH], XLCFG_ACTION_COREDUMP_RESTART);
    assert_true(cfg.has_sched);
    assert_int_equal(cfg.cpu_weight, 512);
    assert_int_equal(cfg.cap, 50);
    /* Every key leaves its place, for errors found at the end. */
    assert_int_equal(cfg.pos[XLCFG_KEY_MEMORY].line, 5);
    assert_int_equal(cfg.pos[XLCFG_KEY_MEMORY].col, 10);
    assert_string_equal(cfg.pos[XLCFG_KEY_MEMORY].file, "t.cfg");
}

static void test_actions(void **state)
{
    static const char *const names[] = {
        "destroy",          "restart",          "rename-restart", "preserve",
        "coredump-destroy", "coredump-restart", "soft-reset",
    };
    static const enum xlcfg_action effective[] = {
        XLCFG_ACTION_DESTROY,  XLCFG_ACTION_RESTART, XLCFG_ACTION_RESTART,
        XLCFG_ACTION_PRESERVE, XLCFG_ACTION_DESTROY, XLCFG_ACTION_RESTART,
        XLCFG_ACTION_DESTROY,
    };
    char line[64];

    (void)state;
    for (unsigned a = 0; a < XLCFG_ACTION_COUNT; a++) {
        snprintf(line, sizeof(line), "on_crash = \"%s\"", names[a]);
        assert_int_equal(parse_with(line), 0);
        assert_int_equal(cfg.on[XLCFG_ON_CRASH], a);
        assert_string_equal(xlcfg_action_name(a), names[a]);
        assert_int_equal(xlcfg_action_effective(a), effective[a]);
    }
    assert_string_equal(xlcfg_event_key(XLCFG_ON_POWEROFF), "on_poweroff");
    assert_string_equal(xlcfg_event_key(XLCFG_ON_REBOOT), "on_reboot");
    assert_string_equal(xlcfg_event_key(XLCFG_ON_WATCHDOG), "on_watchdog");
    assert_string_equal(xlcfg_event_key(XLCFG_ON_CRASH), "on_crash");
}

/* Numbers as strtol(base 0) reads them, quoted or not. */
static void test_numbers(void **state)
{
    (void)state;
    assert_int_equal(parse_with("memory = 0x40"), 0);
    assert_int_equal(cfg.memory_mib, 64);
    assert_int_equal(parse_with("memory = 010"), 0);
    assert_int_equal(cfg.memory_mib, 8);
    assert_int_equal(parse_with("memory = \"128\""), 0);
    assert_int_equal(cfg.memory_mib, 128);
    assert_int_equal(parse_with("memory = ' +12'"), 0);
    assert_int_equal(cfg.memory_mib, 12);
    assert_int_equal(parse_with("cap = 0"), 0);
    assert_int_equal(cfg.cap, 0);
    assert_true(cfg.has_sched);
    assert_int_equal(parse_with("cap = \"-0\""), 0);
    assert_int_equal(parse_with("cpu_weight = 65535\ncap = 65534"), 0);
    assert_int_equal(cfg.cpu_weight, 65535);
    assert_int_equal(cfg.cap, 65534);
}

/* Memory and vCPUs as xl fills them in. */
static void test_memory_vcpu_defaults(void **state)
{
    (void)state;
    assert_int_equal(parse_with("maxmem = 48"), 0);
    assert_int_equal(cfg.memory_mib, 48);
    assert_int_equal(cfg.maxmem_mib, 48);
    assert_int_equal(parse_with("memory = 20"), 0);
    assert_int_equal(cfg.maxmem_mib, 20);
    assert_int_equal(parse_with("vcpus = 3"), 0);
    assert_int_equal(cfg.maxvcpus, 3);
    assert_int_equal(parse_with("maxvcpus = 3"), 0);
    assert_int_equal(cfg.vcpus, 1);
    assert_int_equal(cfg.maxvcpus, 3);
}

static void test_cmdline_join(void **state)
{
    (void)state;
    assert_int_equal(parse_with("root = \"/dev/xvda\"\nextra = \"ro x=1\""), 0);
    assert_string_equal(cfg.cmdline, "root=/dev/xvda ro x=1");
    assert_int_equal(parse_with("root = \"/dev/xvda\""), 0);
    assert_string_equal(cfg.cmdline, "root=/dev/xvda");
    assert_int_equal(parse_with("extra = \"only\""), 0);
    assert_string_equal(cfg.cmdline, "only");
    assert_false(cfg.root_extra_ignored);
    assert_int_equal(parse_with("extra = \"e\"\ncmdline = \"c\"\nroot='r'"), 0);
    assert_string_equal(cfg.cmdline, "c");
    assert_true(cfg.root_extra_ignored);
}

static void test_strings(void **state)
{
    (void)state;
    assert_int_equal(
        parse_with("cmdline = \"q\\\" s\\' b\\\\ t\\t n\\n o\\101 h\\x42\""),
        0);
    assert_string_equal(cfg.cmdline, "q\" s' b\\ t\t n\n oA hB");
    assert_int_equal(parse_with("cmdline = 'a \\'b\\' \"c\"'"), 0);
    assert_string_equal(cfg.cmdline, "a 'b' \"c\"");
    assert_int_equal(parse_with("cmdline = \"\\a\\b\\f\\r\\v\""), 0);
    assert_string_equal(cfg.cmdline, "\a\b\f\r\v");
    /* += appends to a string key. */
    assert_int_equal(parse_with("extra = \"a\"\nextra += \" b\""), 0);
    assert_string_equal(cfg.cmdline, "a b");
    /* A bare number is text for a string key, as in xl. */
    assert_int_equal(parse_with("cmdline = 42"), 0);
    assert_string_equal(cfg.cmdline, "42");
}

/* Line ends: LF, CR LF, ';', none at the end; blank and comment lines. */
static void test_syntax(void **state)
{
    (void)state;
    assert_int_equal(parse("name=\"a\";kernel=\"k\" ; memory=5"), 0);
    assert_string_equal(cfg.name, "a");
    assert_int_equal(cfg.memory_mib, 5);
    assert_int_equal(parse("\r\n# c\r\n\r\nname = \"a\"\r\nkernel=\"k\"\r\n"),
                     0);
    assert_string_equal(cfg.kernel, "k");
    assert_int_equal(parse(""), -1);
    /* The last setting of a key wins. */
    assert_int_equal(parse_with("memory = 8\nmemory = 9"), 0);
    assert_int_equal(cfg.memory_mib, 9);
    /* Keys may hold digits, '_' and '.', as xl's do. */
    expect_error("name=\"a\"\nk.x_1 = 2", "t.cfg:2:1: k.x_1: unknown key");
}

/* Lists parse (over lines, with comments and a trailing comma), but no
 * key takes one. */
static void test_lists(void **state)
{
    (void)state;
    expect_error("cmdline = [ \"a\", 'b',\n  3, # three\n ]",
                 "t.cfg:1:11: cmdline: expected a string in quotes");
    expect_error("memory = []", "t.cfg:1:10: memory: not a number");
    expect_error("memory = [1 2]", "t.cfg:1:13: expected ',' or ']'");
    expect_error("memory = [1,\n", "t.cfg:1:10: list not closed");
    expect_error("memory = [,]", "t.cfg:1:11: expected a value");
    expect_error("disk = [ 'x' ]", "t.cfg:1:1: disk: not supported by Parasol");
}

static void test_overrides(void **state)
{
    (void)state;
    xlcfg_init(&cfg);
    assert_int_equal(
        xlcfg_parse(&cfg, "t.cfg", "name='a'\nkernel='k'\n", 20, err), 0);
    assert_int_equal(xlcfg_override(&cfg, 1, "memory=99", err), 0);
    assert_int_equal(xlcfg_override(&cfg, 2, "name=\"b\"", err), 0);
    assert_int_equal(xlcfg_finish(&cfg, "t.cfg", err), 0);
    assert_int_equal(cfg.memory_mib, 99);
    assert_string_equal(cfg.name, "b");
    assert_int_equal(xlcfg_override(&cfg, 3, "memory=x", err), -1);
    assert_string_equal(err, "command line:3:8: memory: not a number");
    assert_int_equal(xlcfg_override(&cfg, 1, "memory", err), -1);
    assert_string_equal(err, "command line:1:7: expected '=' after memory");
    /* An override's place is kept for errors found by finish. */
    assert_int_equal(xlcfg_override(&cfg, 4, "maxmem=1", err), 0);
    assert_int_equal(xlcfg_finish(&cfg, "t.cfg", err), -1);
    assert_string_equal(err,
                        "command line:4:8: maxmem: less than memory (99 MiB)");
}

static void test_uuid_text(void **state)
{
    xen_domain_handle_t uuid;
    char text[XLCFG_UUID_TEXT];

    (void)state;
    assert_true(xlcfg_uuid_parse("00112233-4455-6677-8899-aabbccddeeff", uuid));
    xlcfg_uuid_format(uuid, text);
    assert_string_equal(text, "00112233-4455-6677-8899-aabbccddeeff");
    assert_false(xlcfg_uuid_parse("00112233-4455-6677-8899-aabbccddeef", uuid));
    assert_false(
        xlcfg_uuid_parse("00112233-4455-6677-8899-aabbccddeeff0", uuid));
    assert_false(
        xlcfg_uuid_parse("0011223304455-6677-8899-aabbccddeeff", uuid));
    assert_false(
        xlcfg_uuid_parse("00112233-4455-6677-8899-aabbccddeegf", uuid));
    assert_false(
        xlcfg_uuid_parse("00112233-4455-6677-8899+aabbccddeeff", uuid));
}

/* Each error once, with its exact line. */
static void test_errors(void **state)
{
    static const struct {
        const char *text, *err;
    } cases[] = {
        /* Syntax. */
        {"name = \"a\"\nkernel = \"k\"\nmemory = abc",
         "t.cfg:3:10: memory: not a number"},
        {"= 3", "t.cfg:1:1: expected a key"},
        {"9x = 3", "t.cfg:1:1: expected a key"},
        {"memory 3", "t.cfg:1:8: expected '=' after memory"},
        {"memory =", "t.cfg:1:9: expected a value"},
        {"memory = 3 4", "t.cfg:1:12: expected the end of the line"},
        {"memory = 3 = 4", "t.cfg:1:12: expected the end of the line"},
        {"name = \"abc", "t.cfg:1:8: string not closed"},
        {"name = \"abc\ndef\"", "t.cfg:1:8: string not closed"},
        {"name = \"a\\qb\"", "t.cfg:1:10: bad escape in string"},
        {"name = \"a\\x\"", "t.cfg:1:10: bad escape in string"},
        {"name = \"a\\777\"", "t.cfg:1:10: bad escape in string"},
        {"name = \"a\\0\"", "t.cfg:1:10: NUL byte in string"},
        {"abcdefghijabcdefghijabcdefghijabc = 1",
         "t.cfg:1:1: key longer than 31 bytes"},
        /* Keys. */
        {"colour = \"red\"", "t.cfg:1:1: colour: unknown key"},
        {"vif = []", "t.cfg:1:1: vif: not supported by Parasol"},
        {"memory += 3", "t.cfg:1:1: memory: += needs a string key"},
        {"name = \"\"", "t.cfg:1:8: name: empty"},
        {"name = \"12\"",
         "t.cfg:1:8: name: all digits, which would read as a domain ID"},
        {"name = \"a b\"",
         "t.cfg:1:8: name: only printable characters without blanks"},
        {"name = bare", "t.cfg:1:8: name: expected a string in quotes"},
        {"name = \"0123456789012345678901234567890123456789012345678901234567"
         "89abcd\"",
         "t.cfg:1:8: name: longer than 63 bytes"},
        {"kernel = \"\"", "t.cfg:1:10: kernel: empty path"},
        {"type = \"hvm\"", "t.cfg:1:8: type: \"hvm\" is not supported (only "
                           "\"pv\")"},
        {"type = \"pvh\"", "t.cfg:1:8: type: \"pvh\" is not supported (only "
                           "\"pv\")"},
        {"type = \"xx\"", "t.cfg:1:8: type: not a domain type (pv, pvh or "
                          "hvm)"},
        {"type = pv", "t.cfg:1:8: type: expected a string in quotes"},
        {"memory = 0", "t.cfg:1:10: memory: out of range (1 to 1048576)"},
        {"memory = 1048577", "t.cfg:1:10: memory: out of range (1 to 1048576)"},
        {"memory = 99999999999999999999999",
         "t.cfg:1:10: memory: out of range (1 to 1048576)"},
        {"memory = \"-4\"", "t.cfg:1:10: memory: out of range (1 to 1048576)"},
        {"memory = 08", "t.cfg:1:10: memory: not a number"},
        {"memory = 0x", "t.cfg:1:10: memory: not a number"},
        {"memory = \"\"", "t.cfg:1:10: memory: not a number"},
        {"memory = \"12 \"", "t.cfg:1:10: memory: not a number"},
        {"maxmem = 0", "t.cfg:1:10: maxmem: out of range (1 to 1048576)"},
        {"vcpus = 0", "t.cfg:1:9: vcpus: out of range (1 to 128)"},
        {"vcpus = 129", "t.cfg:1:9: vcpus: out of range (1 to 128)"},
        {"maxvcpus = 0", "t.cfg:1:12: maxvcpus: out of range (1 to 128)"},
        {"cpu_weight = 0", "t.cfg:1:14: cpu_weight: out of range (1 to 65535)"},
        {"cpu_weight = 65536",
         "t.cfg:1:14: cpu_weight: out of range (1 to 65535)"},
        {"cap = 65535", "t.cfg:1:7: cap: out of range (0 to 65534)"},
        {"uuid = \"nope\"",
         "t.cfg:1:8: uuid: not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"},
        {"uuid = 5", "t.cfg:1:8: uuid: expected a string in quotes"},
        {"on_crash = \"explode\"",
         "t.cfg:1:12: on_crash: not an action (destroy, restart, "
         "rename-restart, preserve, coredump-destroy, coredump-restart, "
         "soft-reset)"},
        {"on_reboot = restart",
         "t.cfg:1:13: on_reboot: expected a string in quotes"},
        {"on_poweroff = \"rename_restart\"",
         "t.cfg:1:15: on_poweroff: not an action (destroy, restart, "
         "rename-restart, preserve, coredump-destroy, coredump-restart, "
         "soft-reset)"},
        /* Found once every key is in. */
        {"kernel = \"k\"", "t.cfg: name: missing"},
        {"name = \"a\"", "t.cfg: kernel: missing (a PV domain needs one)"},
        {"name='a'\nkernel='k'\nmemory=64\nmaxmem=32",
         "t.cfg:4:8: maxmem: less than memory (64 MiB)"},
        {"name='a'\nkernel='k'\nvcpus=4\nmaxvcpus=2",
         "t.cfg:4:10: maxvcpus: less than vcpus (4)"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_error(cases[i].text, cases[i].err);
}

/* Values longer than any buffer stop with an error, never overflow. */
static void test_long_values(void **state)
{
    static char text[4096];
    char *p;

    (void)state;
    strcpy(text, "name='a'\nkernel='k'\ncmdline = \"");
    p = text + strlen(text);
    memset(p, 'x', 1024);
    strcpy(p + 1024, "\"");
    expect_error(text, "t.cfg:3:11: value longer than 1023 bytes");
    strcpy(text, "kernel = '");
    p = text + strlen(text);
    memset(p, 'k', 128);
    strcpy(p + 128, "'");
    expect_error(text, "t.cfg:1:10: kernel: longer than 127 bytes");
    /* root= and extra= each fit, together they do not. */
    strcpy(text, "name='a'\nkernel='k'\nroot='");
    p = text + strlen(text);
    memset(p, 'r', 600);
    strcpy(p + 600, "'\nextra='");
    p = text + strlen(text);
    memset(p, 'e', 600);
    strcpy(p + 600, "'");
    expect_error(text, "t.cfg:3:6: root: root= and extra= longer than 1023 "
                       "bytes");
    /* += may not grow a string past its buffer either. */
    strcpy(text, "name='a'\nkernel='k'\nextra='");
    p = text + strlen(text);
    memset(p, 'e', 1000);
    strcpy(p + 1000, "'\nextra += '0123456789012345678901234'");
    expect_error(text, "t.cfg:4:10: extra: longer than 1023 bytes");
}

/* A NUL byte inside the text is not the end of it. */
static void test_embedded_nul(void **state)
{
    static const char text[] = "name = \"a\"\n\0kernel = \"k\"\n";

    (void)state;
    xlcfg_init(&cfg);
    assert_int_equal(xlcfg_parse(&cfg, "t.cfg", text, sizeof(text) - 1, err),
                     -1);
    assert_string_equal(err, "t.cfg:2:1: expected a key");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_defaults),
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_actions),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_memory_vcpu_defaults),
        cmocka_unit_test(test_cmdline_join),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_syntax),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_uuid_text),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_long_values),
        cmocka_unit_test(test_embedded_nul),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * dom0's shell against a fake environment: the line editor driven byte
 * by byte, the tokenizer, and every command's exact output, including
 * the unknown-command and usage lines.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpio_writer.h"
#include "shell.h"

#define ENOSYS_XEN 38

static char out[16384];
static size_t out_len;
static int poweroff_calls, poweroff_rc;
static struct shell_info fake_info;
static int ctx_marker;
static uint8_t *ramdisk;
static struct shell_env env;
static struct shell sh;

static void fake_write(void *ctx, const char *buf, size_t len)
{
    assert_ptr_equal(ctx, &ctx_marker);
    assert_true(len > 0 && len < sizeof(out) - out_len);
    memcpy(out + out_len, buf, len);
    out_len += len;
    out[out_len] = '\0';
}

static void fake_get_info(void *ctx, struct shell_info *info)
{
    assert_ptr_equal(ctx, &ctx_marker);
    *info = fake_info;
}

static int fake_poweroff(void *ctx)
{
    assert_ptr_equal(ctx, &ctx_marker);
    poweroff_calls++;
    return poweroff_rc;
}

static void clear_output(void)
{
    out_len = 0;
    out[0] = '\0';
}

/* The ramdisk: the same five entries as the cpio tests use. */
static void build_ramdisk(struct cpio_writer *w)
{
    cpio_writer_init(w);
    cpio_writer_file(w, "hello.txt", "hello, world\n");
    cpio_writer_file(w, "empty", "");
    cpio_writer_add(w, "dir", CPIO_W_MODE_DIR, NULL, 0);
    cpio_writer_file(w, "dir/sub.txt", "nested file\n");
    cpio_writer_file(w, "./dotted", "x");
    cpio_writer_trailer(w);
}

static int setup(void **state)
{
    static struct cpio_writer w;

    (void)state;
    build_ramdisk(&w);
    ramdisk = cpio_writer_copy(&w, w.len);
    env = (struct shell_env){
        .write = fake_write,
        .get_info = fake_get_info,
        .poweroff = fake_poweroff,
        .ramdisk = ramdisk,
        .ramdisk_size = w.len,
        .ctx = &ctx_marker,
    };
    fake_info = (struct shell_info){"Parasol 0.1.0", 64u << 20, 12345678901};
    poweroff_calls = poweroff_rc = 0;
    shell_init(&sh, &env);
    clear_output();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(ramdisk);
    return 0;
}

/* Feed text to the line editor alone; returns how many lines ended. */
static int edit(const char *text, size_t len)
{
    int lines = 0;

    for (size_t i = 0; i < len; i++)
        lines += shell_line_feed(&sh, (uint8_t)text[i]);
    return lines;
}

#define EDIT(text) edit(text, sizeof(text) - 1)

/* Type line and Enter; the output must be the echo, then expected, then
 * the next prompt. */
static void expect_command(const char *line, const char *expected)
{
    char want[sizeof(out)];

    clear_output();
    for (const char *p = line; *p; p++)
        shell_feed(&sh, (uint8_t)*p);
    shell_feed(&sh, '\r');
    snprintf(want, sizeof(want), "%s\n%s%s", line, expected, SHELL_PROMPT);
    assert_string_equal(out, want);
}

static void test_typing_and_enter(void **state)
{
    (void)state;
    shell_prompt(&sh);
    assert_int_equal(EDIT("ls -x"), 0);
    assert_string_equal(sh.line.buf, "ls -x");
    assert_int_equal(EDIT("\r"), 1);
    assert_string_equal(out, "dom0# ls -x\n");
    /* The finished line stays readable until the next byte. */
    assert_string_equal(sh.line.buf, "ls -x");
    assert_int_equal(EDIT("a\n"), 1);
    assert_string_equal(sh.line.buf, "a");
}

static void test_backspace(void **state)
{
    (void)state;
    EDIT("abc\x7f\x08"
         "d");
    assert_string_equal(sh.line.buf, "ad");
    assert_string_equal(out, "abc\b \b\b \bd");
    clear_output();
    EDIT("\x7f\x7f\x08"); /* more than there is: only two erased */
    assert_string_equal(sh.line.buf, "");
    assert_string_equal(out, "\b \b\b \b");
}

static void test_ctrl_u_clears(void **state)
{
    (void)state;
    EDIT("abc\x15");
    assert_string_equal(sh.line.buf, "");
    assert_string_equal(out, "abc\b \b\b \b\b \b");
    EDIT("\x15x");
    assert_string_equal(sh.line.buf, "x");
}

static void test_overlong_line_refused(void **state)
{
    char line[SHELL_LINE_MAX + 1];

    (void)state;
    memset(line, 'a', SHELL_LINE_MAX);
    edit(line, SHELL_LINE_MAX);
    clear_output();
    assert_int_equal(EDIT("bc"), 0);
    assert_string_equal(out, "\a\a");
    assert_int_equal(sh.line.len, SHELL_LINE_MAX);
    EDIT("\x7f"
         "z");
    line[SHELL_LINE_MAX - 1] = 'z';
    line[SHELL_LINE_MAX] = '\0';
    assert_int_equal(EDIT("\r"), 1);
    assert_string_equal(sh.line.buf, line);
}

static void test_escape_sequences_ignored(void **state)
{
    (void)state;
    /* Up, Ctrl-Right, F1 (SS3), Delete, Alt+q. */
    EDIT("a\x1b[Ab\x1b[1;5Cc\x1bOPd\x1b[3~e\x1bq");
    assert_string_equal(sh.line.buf, "abcde");
    assert_string_equal(out, "abcde");
    /* A control byte ends a sequence and still does its job. */
    assert_int_equal(EDIT("\x1b[\x7f"), 0);
    assert_string_equal(sh.line.buf, "abcd");
    assert_int_equal(EDIT("\x1b\r"), 1);
    assert_string_equal(sh.line.buf, "abcd");
}

static void test_other_bytes_ignored(void **state)
{
    (void)state;
    /* Ctrl-A, tab, NUL, bytes above ASCII, Ctrl-C. */
    assert_int_equal(EDIT("\x01"
                          "a\tb\x00\x80\xff"
                          "c\x03"),
                     0);
    assert_string_equal(sh.line.buf, "abc");
    assert_string_equal(out, "abc");
}

static void test_cr_lf_is_one_line(void **state)
{
    (void)state;
    expect_command("", "");
    clear_output();
    shell_feed(&sh, '\r');
    shell_feed(&sh, '\n'); /* the LF of CR LF: no second prompt */
    assert_string_equal(out, "\ndom0# ");
    clear_output();
    shell_feed(&sh, '\n');
    shell_feed(&sh, '\n'); /* two LFs: two lines */
    assert_string_equal(out, "\ndom0# \ndom0# ");
}

static void test_tokenize(void **state)
{
    char line[] = "  cat \t ./a/b   x  ";
    char many[] = "0 1 2 3 4 5 6 7 8 9 a b c d e f";
    char too_many[] = "0 1 2 3 4 5 6 7 8 9 a b c d e f";
    char empty[] = " \t ";
    char *argv[SHELL_ARGS_MAX];

    (void)state;
    assert_int_equal(shell_tokenize(line, argv, SHELL_ARGS_MAX), 3);
    assert_string_equal(argv[0], "cat");
    assert_string_equal(argv[1], "./a/b");
    assert_string_equal(argv[2], "x");
    assert_int_equal(shell_tokenize(empty, argv, SHELL_ARGS_MAX), 0);
    assert_int_equal(shell_tokenize(many, argv, SHELL_ARGS_MAX), 16);
    assert_string_equal(argv[15], "f");
    assert_int_equal(shell_tokenize(too_many, argv, SHELL_ARGS_MAX - 1), -1);
}

static void test_help_lists_every_command(void **state)
{
    const struct shell_cmd *cmd;

    (void)state;
    expect_command(
        "help",
        "commands:\n"
        "  help [COMMAND]     list the commands, or explain one\n"
        "  info               show the version, memory and uptime\n"
        "  poweroff           shut the machine down\n"
        "  ls                 list the files of the ramdisk with their sizes\n"
        "  cat FILE           print a file of the ramdisk\n"
        "  xl COMMAND [ARGS]  manage domains, as Xen's xl ('xl help' lists the "
        "commands)\n"
        "  pingpong           start the two pingpong domains, joined by an "
        "event channel\n");
    assert_int_equal(shell_cmd_count(), 7);
    for (size_t i = 0; (cmd = shell_cmd_at(i)) != NULL; i++) {
        assert_non_null(strstr(out, cmd->usage));
        assert_non_null(strstr(out, cmd->help));
    }
}

static void test_help_one_command(void **state)
{
    (void)state;
    expect_command("help cat",
                   "usage: cat FILE\n  print a file of the ramdisk\n");
    expect_command("help nope", "help: unknown command 'nope'\n");
    expect_command("help a b", "usage: help [COMMAND]\n");
}

static void test_unknown_command(void **state)
{
    (void)state;
    expect_command("foo bar", "dom0: unknown command 'foo' (try 'help')\n");
    expect_command("  ", "");
}

static void test_usage_errors(void **state)
{
    (void)state;
    expect_command("cat", "usage: cat FILE\n");
    expect_command("cat a b", "usage: cat FILE\n");
    expect_command("ls -l", "usage: ls\n");
    expect_command("info now", "usage: info\n");
    expect_command("poweroff now", "usage: poweroff\n");
    assert_int_equal(poweroff_calls, 0);
    expect_command("ls 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
                   "dom0: too many arguments (at most 15)\n");
}

static void test_info(void **state)
{
    (void)state;
    expect_command("info", "version: Parasol 0.1.0\n"
                           "memory:  64 MiB\n"
                           "uptime:  12.345 s\n");
    fake_info = (struct shell_info){"v", (1536u << 10) + 4096, 5000000};
    expect_command("info", "version: v\n"
                           "memory:  1540 KiB\n"
                           "uptime:  0.005 s\n");
    fake_info.memory_bytes = 1000;
    expect_command("info", "version: v\n"
                           "memory:  1000 bytes\n"
                           "uptime:  0.005 s\n");
}

static void test_ls(void **state)
{
    (void)state;
    expect_command("ls", "        13  hello.txt\n"
                         "         0  empty\n"
                         "        12  dir/sub.txt\n"
                         "         1  dotted\n"
                         "4 files, 26 bytes\n");
}

static void test_cat(void **state)
{
    (void)state;
    expect_command("cat hello.txt", "hello, world\n");
    expect_command("cat ./dir/sub.txt", "nested file\n");
    expect_command("cat /dotted", "x\n"); /* a line end is added */
    expect_command("cat empty", "");
    expect_command("cat nope", "cat: no such file: nope\n");
    expect_command("cat dir", "cat: not a regular file: dir\n");
}

static void test_no_ramdisk(void **state)
{
    (void)state;
    env.ramdisk = NULL;
    expect_command("ls", "ls: no ramdisk\n");
    expect_command("cat hello.txt", "cat: no ramdisk\n");
}

static void test_damaged_ramdisk(void **state)
{
    (void)state;
    ramdisk[0] = 'X';
    expect_command("ls", "ls: bad ramdisk: bad magic (not a newc archive) "
                         "(at offset 0x0)\n");
    ramdisk[0] = '0';
    env.ramdisk_size -= 4; /* cut into the trailer's name */
    expect_command("cat hello.txt",
                   "cat: bad ramdisk: name runs past the end of the archive "
                   "(at offset 0x274)\n");
}

static void test_poweroff(void **state)
{
    (void)state;
    expect_command("poweroff", "dom0: powering off\n");
    assert_int_equal(poweroff_calls, 1);
    poweroff_rc = -ENOSYS_XEN;
    expect_command("poweroff",
                   "dom0: powering off\npoweroff: failed (error -38)\n");
    assert_int_equal(poweroff_calls, 2);
}

static void test_run_status(void **state)
{
    char ok[] = "info", bad[] = "nope", usage[] = "cat", fail[] = "cat x";

    (void)state;
    assert_int_equal(shell_run(&sh, ok), SHELL_OK);
    assert_int_equal(shell_run(&sh, bad), SHELL_FAILED);
    assert_int_equal(shell_run(&sh, usage), SHELL_USAGE);
    assert_int_equal(shell_run(&sh, fail), SHELL_FAILED);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_typing_and_enter),
        TEST(test_backspace),
        TEST(test_ctrl_u_clears),
        TEST(test_overlong_line_refused),
        TEST(test_escape_sequences_ignored),
        TEST(test_other_bytes_ignored),
        TEST(test_cr_lf_is_one_line),
        TEST(test_tokenize),
        TEST(test_help_lists_every_command),
        TEST(test_help_one_command),
        TEST(test_unknown_command),
        TEST(test_usage_errors),
        TEST(test_info),
        TEST(test_ls),
        TEST(test_cat),
        TEST(test_no_ramdisk),
        TEST(test_damaged_ramdisk),
        TEST(test_poweroff),
        TEST(test_run_status),
    };
    return cmocka_run_group_tests_name("shell", tests, NULL, NULL);
}

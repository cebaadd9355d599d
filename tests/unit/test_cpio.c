/*
 * The newc reader behind dom0's ramdisk: walking and looking up a good
 * archive, and each kind of damage reported with its exact status and
 * offset. Archives are parsed from heap copies of exactly their size, so
 * ASan catches any read past the end. Last, mkcpio's output is compared
 * byte for byte with the in-test writer's.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cpio.h"
#include "cpio_writer.h"

#define NAMESIZE_FIELD_OFFSET (6 + CPIO_W_NAMESIZE * 8)
#define TRAILER_NAMESIZE 11 /* "TRAILER!!!" and its NUL */
#define PAD_512 512

static struct cpio_writer w;
static const char hello[] = "hello, world\n";
static const char nested[] = "nested file\n";

static int reset(void **state)
{
    (void)state;
    cpio_writer_init(&w);
    return 0;
}

/* Validate the first len bytes of the archive from an exact-size copy. */
static enum cpio_status validate_len(size_t len, size_t *offset)
{
    uint8_t *copy = cpio_writer_copy(&w, len);
    size_t off = SIZE_MAX, count = 0;
    enum cpio_status status = cpio_validate(copy, len, &count, &off);

    free(copy);
    if (offset)
        *offset = off;
    return status;
}

static enum cpio_status validate(size_t *offset)
{
    return validate_len(w.len, offset);
}

/* Five entries: two files, an empty one, a directory, a "./" name. */
static size_t build_sample(void)
{
    cpio_writer_file(&w, "hello.txt", hello);
    cpio_writer_file(&w, "empty", "");
    cpio_writer_add(&w, "dir", CPIO_W_MODE_DIR, NULL, 0);
    cpio_writer_file(&w, "dir/sub.txt", nested);
    cpio_writer_file(&w, "./dotted", "x");
    return cpio_writer_trailer(&w);
}

static void expect_entry(struct cpio_iter *it, const char *name, uint32_t mode,
                         const char *data)
{
    struct cpio_entry e;

    assert_int_equal(cpio_next(it, &e), CPIO_OK);
    assert_string_equal(e.name, name);
    assert_int_equal(e.name_len, strlen(name));
    assert_int_equal(e.mode, mode);
    assert_int_equal(e.size, strlen(data));
    assert_memory_equal(e.data, data, e.size);
}

static void test_iterate(void **state)
{
    struct cpio_iter it;
    struct cpio_entry e;
    uint8_t *copy;

    (void)state;
    build_sample();
    copy = cpio_writer_copy(&w, w.len);
    cpio_iter_init(&it, copy, w.len);
    expect_entry(&it, "hello.txt", CPIO_W_MODE_FILE, hello);
    expect_entry(&it, "empty", CPIO_W_MODE_FILE, "");
    expect_entry(&it, "dir", CPIO_W_MODE_DIR, "");
    expect_entry(&it, "dir/sub.txt", CPIO_W_MODE_FILE, nested);
    expect_entry(&it, "./dotted", CPIO_W_MODE_FILE, "x");
    /* The trailer is not an entry; the end stays the end. */
    assert_int_equal(cpio_next(&it, &e), CPIO_END);
    assert_int_equal(cpio_next(&it, &e), CPIO_END);
    free(copy);
}

static void expect_found(const uint8_t *ar, const char *path, const char *name,
                         const char *data)
{
    struct cpio_entry e;

    assert_int_equal(cpio_find(ar, w.len, path, &e, NULL), CPIO_OK);
    assert_string_equal(e.name, name);
    assert_int_equal(e.size, strlen(data));
    assert_memory_equal(e.data, data, e.size);
}

static void test_find(void **state)
{
    struct cpio_entry e;
    uint8_t *ar;

    (void)state;
    build_sample();
    ar = cpio_writer_copy(&w, w.len);
    expect_found(ar, "hello.txt", "hello.txt", hello);
    expect_found(ar, "./hello.txt", "hello.txt", hello);
    expect_found(ar, "/hello.txt", "hello.txt", hello);
    expect_found(ar, "empty", "empty", "");
    expect_found(ar, "dir/sub.txt", "dir/sub.txt", nested);
    expect_found(ar, "./dir/sub.txt", "dir/sub.txt", nested);
    expect_found(ar, "dotted", "./dotted", "x");
    expect_found(ar, "/dotted", "./dotted", "x");
    assert_int_equal(cpio_find(ar, w.len, "dir", &e, NULL), CPIO_OK);
    assert_false(cpio_is_regular(&e));
    assert_int_equal(cpio_find(ar, w.len, "nope", &e, NULL), CPIO_NOT_FOUND);
    assert_int_equal(cpio_find(ar, w.len, "hello", &e, NULL), CPIO_NOT_FOUND);
    assert_int_equal(cpio_find(ar, w.len, "sub.txt", &e, NULL), CPIO_NOT_FOUND);
    assert_int_equal(cpio_find(ar, w.len, "dir/", &e, NULL), CPIO_NOT_FOUND);
    assert_string_equal(cpio_path_strip(".//./a/b"), "a/b");
    free(ar);
}

static void test_later_duplicate_wins(void **state)
{
    uint8_t *ar;

    (void)state;
    cpio_writer_file(&w, "a", "first");
    cpio_writer_file(&w, "./a", "second");
    cpio_writer_trailer(&w);
    ar = cpio_writer_copy(&w, w.len);
    expect_found(ar, "a", "./a", "second");
    free(ar);
}

static void test_validate_counts_entries(void **state)
{
    size_t count = 0;
    uint8_t *ar;

    (void)state;
    build_sample();
    ar = cpio_writer_copy(&w, w.len);
    assert_int_equal(cpio_validate(ar, w.len, &count, NULL), CPIO_OK);
    assert_int_equal(count, 5);
    free(ar);
}

/* As in Linux, archives may follow each other after NUL padding. */
static void test_concatenated_archives(void **state)
{
    static const uint8_t zeros[PAD_512];
    size_t count = 0;
    uint8_t *ar;

    (void)state;
    build_sample();
    cpio_writer_raw(&w, zeros, PAD_512 - w.len % PAD_512);
    cpio_writer_file(&w, "second.txt", "2nd");
    cpio_writer_trailer(&w);
    cpio_writer_raw(&w, zeros, 3); /* stray NULs at the very end */
    ar = cpio_writer_copy(&w, w.len);
    assert_int_equal(cpio_validate(ar, w.len, &count, NULL), CPIO_OK);
    assert_int_equal(count, 6);
    expect_found(ar, "second.txt", "second.txt", "2nd");
    expect_found(ar, "hello.txt", "hello.txt", hello);
    free(ar);
}

static void test_bad_magic(void **state)
{
    size_t off, second;

    (void)state;
    cpio_writer_file(&w, "a", "a");
    second = cpio_writer_file(&w, "b", "b");
    cpio_writer_trailer(&w);
    w.buf[5] = '2'; /* "070702" is the CRC variant, not newc */
    assert_int_equal(validate(&off), CPIO_ERR_MAGIC);
    assert_int_equal(off, 0);
    w.buf[5] = '1';
    w.buf[second] = 'x';
    assert_int_equal(validate(&off), CPIO_ERR_MAGIC);
    assert_int_equal(off, second);
}

static void test_non_hex_digit(void **state)
{
    size_t off, second;

    (void)state;
    cpio_writer_file(&w, "a", "a");
    second = cpio_writer_file(&w, "b", "b");
    cpio_writer_trailer(&w);
    w.buf[second + NAMESIZE_FIELD_OFFSET + 2] = 'g';
    assert_int_equal(validate(&off), CPIO_ERR_HEX);
    assert_int_equal(off, second);
    /* Even a field the reader does not use (c_check, the last) counts. */
    w.buf[second + NAMESIZE_FIELD_OFFSET + 2] = '0';
    w.buf[second + CPIO_W_HEADER_SIZE - 1] = ' ';
    assert_int_equal(validate(&off), CPIO_ERR_HEX);
    assert_int_equal(off, second);
}

static void test_lower_case_hex(void **state)
{
    size_t header;

    (void)state;
    header = cpio_writer_file(&w, "abcdefghi", "data");
    cpio_writer_trailer(&w);
    /* namesize 10 is "0000000A"; write it the way GNU cpio would. */
    w.buf[header + NAMESIZE_FIELD_OFFSET + 7] = 'a';
    assert_int_equal(validate(NULL), CPIO_OK);
}

static void test_name_past_end(void **state)
{
    size_t off, header;

    (void)state;
    header = cpio_writer_file(&w, "a", "a");
    cpio_writer_set_field(&w, header, CPIO_W_NAMESIZE, 0x1000);
    assert_int_equal(validate(&off), CPIO_ERR_NAME_END);
    assert_int_equal(off, header);
    cpio_writer_set_field(&w, header, CPIO_W_NAMESIZE, UINT32_MAX);
    assert_int_equal(validate(&off), CPIO_ERR_NAME_END);
}

static void test_name_without_nul(void **state)
{
    size_t off, header;

    (void)state;
    header = cpio_writer_file(&w, "abc", "data");
    cpio_writer_trailer(&w);
    cpio_writer_set_field(&w, header, CPIO_W_NAMESIZE, 3); /* "abc" */
    assert_int_equal(validate(&off), CPIO_ERR_NAME_NUL);
    assert_int_equal(off, header);
    cpio_writer_set_field(&w, header, CPIO_W_NAMESIZE, 0);
    assert_int_equal(validate(&off), CPIO_ERR_NAME_NUL);
    cpio_writer_set_field(&w, header, CPIO_W_NAMESIZE, 4);
    w.buf[header + CPIO_W_HEADER_SIZE + 1] = '\0'; /* "a\0c\0" */
    assert_int_equal(validate(&off), CPIO_ERR_NAME_INNER);
    assert_int_equal(off, header);
}

static void test_data_past_end(void **state)
{
    size_t off, header;

    (void)state;
    cpio_writer_file(&w, "a", "a");
    header = cpio_writer_file(&w, "b", "bbbb");
    cpio_writer_set_field(&w, header, CPIO_W_FILESIZE, 5);
    assert_int_equal(validate(&off), CPIO_ERR_DATA_END);
    assert_int_equal(off, header);
    /* The largest size a header can carry must not wrap any sum. */
    cpio_writer_set_field(&w, header, CPIO_W_FILESIZE, UINT32_MAX);
    assert_int_equal(validate(&off), CPIO_ERR_DATA_END);
    assert_int_equal(off, header);
}

static void test_truncated_header(void **state)
{
    size_t off, second;

    (void)state;
    cpio_writer_file(&w, "a", "a");
    second = cpio_writer_file(&w, "b", "b");
    assert_int_equal(validate_len(second + CPIO_W_HEADER_SIZE - 1, &off),
                     CPIO_ERR_TRUNCATED);
    assert_int_equal(off, second);
    assert_int_equal(validate_len(second + 3, &off), CPIO_ERR_TRUNCATED);
    assert_int_equal(off, second);
}

static void test_missing_trailer(void **state)
{
    size_t off;

    (void)state;
    assert_int_equal(validate(&off), CPIO_ERR_NO_TRAILER); /* 0 bytes */
    assert_int_equal(off, 0);
    assert_int_equal(cpio_validate(NULL, 0, NULL, NULL), CPIO_ERR_NO_TRAILER);
    assert_int_equal(cpio_validate(NULL, 64, NULL, NULL), CPIO_ERR_NO_TRAILER);
    cpio_writer_file(&w, "a", "a");
    cpio_writer_file(&w, "b", "b");
    assert_int_equal(validate(&off), CPIO_ERR_NO_TRAILER);
    assert_int_equal(off, w.len);
}

static void test_garbage_after_trailer(void **state)
{
    size_t off, end;

    (void)state;
    build_sample();
    end = w.len;
    cpio_writer_raw(&w, "garbage!", 8);
    assert_int_equal(validate(&off), CPIO_ERR_MAGIC);
    assert_int_equal(off, end);
}

/* A range that wraps past the top of memory has no valid offsets. */
static void test_size_overflow(void **state)
{
    const void *top = (const void *)(UINTPTR_MAX - 15);
    struct cpio_iter it;
    struct cpio_entry e;
    size_t off = 1;

    (void)state;
    cpio_iter_init(&it, top, 4096);
    assert_int_equal(cpio_next(&it, &e), CPIO_ERR_OVERFLOW);
    assert_int_equal(cpio_validate(top, SIZE_MAX, NULL, &off),
                     CPIO_ERR_OVERFLOW);
    assert_int_equal(off, 0);
    assert_int_equal(cpio_find(top, 16 + 1, "x", &e, NULL), CPIO_ERR_OVERFLOW);
}

static void test_errors_are_sticky(void **state)
{
    struct cpio_iter it;
    struct cpio_entry e;
    uint8_t *ar;

    (void)state;
    cpio_writer_file(&w, "a", "a");
    cpio_writer_raw(&w, "garbage!", 8);
    ar = cpio_writer_copy(&w, w.len);
    cpio_iter_init(&it, ar, w.len);
    assert_int_equal(cpio_next(&it, &e), CPIO_OK);
    assert_int_equal(cpio_next(&it, &e), CPIO_ERR_MAGIC);
    assert_int_equal(cpio_next(&it, &e), CPIO_ERR_MAGIC);
    /* Damage after the file is still reported by a lookup. */
    assert_int_equal(cpio_find(ar, w.len, "a", &e, NULL), CPIO_ERR_MAGIC);
    free(ar);
}

/* Every cut before the trailer's name ends is an error, never a crash. */
static void test_every_prefix(void **state)
{
    size_t trailer, name_end, len;

    (void)state;
    trailer = build_sample();
    name_end = trailer + CPIO_W_HEADER_SIZE + TRAILER_NAMESIZE;
    for (len = 0; len < name_end; len++)
        assert_int_not_equal(validate_len(len, NULL), CPIO_OK);
    for (; len <= w.len; len++)
        assert_int_equal(validate_len(len, NULL), CPIO_OK);
}

/* Any byte replaced by any of these: ASan watches every read. */
static void test_corrupt_every_byte(void **state)
{
    static const uint8_t values[] = {0, '0', '7', 'f', 'g', 0xff};
    struct cpio_entry e;

    (void)state;
    build_sample();
    for (size_t i = 0; i < w.len; i++) {
        uint8_t saved = w.buf[i];
        for (size_t v = 0; v < sizeof(values); v++) {
            uint8_t *ar;

            w.buf[i] = values[v];
            ar = cpio_writer_copy(&w, w.len);
            assert_true(cpio_validate(ar, w.len, NULL, NULL) <=
                        CPIO_ERR_NO_TRAILER);
            assert_true(cpio_find(ar, w.len, "dir/sub.txt", &e, NULL) <=
                        CPIO_ERR_NO_TRAILER);
            free(ar);
        }
        w.buf[i] = saved;
    }
}

static void test_strerror(void **state)
{
    (void)state;
    assert_string_equal(cpio_strerror(CPIO_ERR_MAGIC),
                        "bad magic (not a newc archive)");
    assert_string_equal(cpio_strerror(CPIO_ERR_HEX),
                        "non-hex digit in a header field");
    assert_string_equal(cpio_strerror(CPIO_ERR_NAME_END),
                        "name runs past the end of the archive");
    assert_string_equal(cpio_strerror(CPIO_ERR_NAME_NUL),
                        "name is not NUL-terminated");
    assert_string_equal(cpio_strerror(CPIO_ERR_NAME_INNER),
                        "name has a NUL before its end");
    assert_string_equal(cpio_strerror(CPIO_ERR_DATA_END),
                        "file data runs past the end of the archive");
    assert_string_equal(cpio_strerror(CPIO_ERR_TRUNCATED),
                        "header cut short by the end of the archive");
    assert_string_equal(cpio_strerror(CPIO_ERR_NO_TRAILER),
                        "archive ends without a TRAILER!!! entry");
    assert_string_equal(cpio_strerror(CPIO_ERR_OVERFLOW),
                        "archive size overflows the address space");
    assert_string_equal(cpio_strerror((enum cpio_status)99), "unknown error");
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_files(const char *dir)
{
    static const char *const names[] = {"hello.txt", "empty", "sub/file", "sub",
                                        "out.cpio"};
    char path[256];

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        assert_int_equal(remove(path), 0);
    }
    assert_int_equal(rmdir(dir), 0);
}

static int run(const char *format, const char *a, const char *b)
{
    char cmd[1024];
    int status;

    snprintf(cmd, sizeof(cmd), format, MKCPIO_PATH, a, b);
    status = system(cmd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void check_mkcpio_output(const char *path)
{
    uint8_t got[CPIO_WRITER_MAX];
    FILE *f = fopen(path, "rb");
    size_t len;

    assert_non_null(f);
    len = fread(got, 1, sizeof(got), f);
    fclose(f);
    cpio_writer_file(&w, "hello.txt", hello);
    cpio_writer_file(&w, "empty", "");
    cpio_writer_file(&w, "dir/sub.txt", nested);
    cpio_writer_trailer(&w);
    assert_int_equal(len, w.len);
    assert_memory_equal(got, w.buf, len);
}

/* mkcpio writes exactly what the writer above writes; errors leave no
 * output file behind. Skipped when the build has not made mkcpio. */
static void test_mkcpio_byte_exact(void **state)
{
    char dir[] = "/tmp/test_cpio_XXXXXX", path[256];

    (void)state;
    if (access(MKCPIO_PATH, X_OK) != 0)
        skip();
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/sub", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    write_file(dir, "hello.txt", hello);
    write_file(dir, "empty", "");
    write_file(dir, "sub/file", nested);
    assert_int_equal(run("%s -o %s/out.cpio -C %s hello.txt empty "
                         "./dir/sub.txt=sub/file",
                         dir, dir),
                     0);
    snprintf(path, sizeof(path), "%s/out.cpio", dir);
    check_mkcpio_output(path);
    assert_int_equal(run("%s -o %s/bad.cpio %s/nope 2>/dev/null", dir, dir), 1);
    snprintf(path, sizeof(path), "%s/bad.cpio", dir);
    assert_int_not_equal(access(path, F_OK), 0);
    remove_files(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_iterate, reset),
        cmocka_unit_test_setup(test_find, reset),
        cmocka_unit_test_setup(test_later_duplicate_wins, reset),
        cmocka_unit_test_setup(test_validate_counts_entries, reset),
        cmocka_unit_test_setup(test_concatenated_archives, reset),
        cmocka_unit_test_setup(test_bad_magic, reset),
        cmocka_unit_test_setup(test_non_hex_digit, reset),
        cmocka_unit_test_setup(test_lower_case_hex, reset),
        cmocka_unit_test_setup(test_name_past_end, reset),
        cmocka_unit_test_setup(test_name_without_nul, reset),
        cmocka_unit_test_setup(test_data_past_end, reset),
        cmocka_unit_test_setup(test_truncated_header, reset),
        cmocka_unit_test_setup(test_missing_trailer, reset),
        cmocka_unit_test_setup(test_garbage_after_trailer, reset),
        cmocka_unit_test_setup(test_size_overflow, reset),
        cmocka_unit_test_setup(test_errors_are_sticky, reset),
        cmocka_unit_test_setup(test_every_prefix, reset),
        cmocka_unit_test_setup(test_corrupt_every_byte, reset),
        cmocka_unit_test_setup(test_strerror, reset),
        cmocka_unit_test_setup(test_mkcpio_byte_exact, reset),
    };
    return cmocka_run_group_tests_name("cpio", tests, NULL, NULL);
}

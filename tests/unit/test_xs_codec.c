/*
 * The xenstore wire codec (lib/xs_codec.h): every message type encoded
 * and decoded, the per-type request shapes, Xen's error table both
 * ways, and malformed input: lengths past the payload or the maximum,
 * arguments without their NUL, messages that do not fit.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <lib/xs_codec.h>
#include <string.h>

static char buf[XS_MSG_MAX + 64];

/* Encode type with args; decode it back and check the header. */
static const char *round_trip(uint32_t type, const char *const *args,
                              unsigned int nargs, uint32_t *len)
{
    struct xs_out_msg out = {
        .type = type, .req_id = 77, .tx_id = 5, .args = args, .nargs = nargs};
    struct xsd_sockmsg hdr;
    const char *payload;
    int n = xs_encode(&out, buf, sizeof(buf));

    assert_true(n >= 16);
    assert_int_equal(xs_decode(buf, (size_t)n, &hdr, &payload), n);
    assert_int_equal(hdr.type, type);
    assert_int_equal(hdr.req_id, 77);
    assert_int_equal(hdr.tx_id, 5);
    assert_int_equal(hdr.len, (uint32_t)n - 16);
    *len = hdr.len;
    return payload;
}

static void test_every_request_type(void **state)
{
    static const struct {
        uint32_t type;
        unsigned int nargs;
    } shapes[] = {
        {XS_DIRECTORY, 1},       {XS_READ, 1},
        {XS_GET_PERMS, 1},       {XS_WATCH, 2},
        {XS_UNWATCH, 2},         {XS_TRANSACTION_START, 1},
        {XS_TRANSACTION_END, 1}, {XS_INTRODUCE, 3},
        {XS_RELEASE, 1},         {XS_GET_DOMAIN_PATH, 1},
        {XS_MKDIR, 1},           {XS_RM, 1},
        {XS_SET_PERMS, 2},       {XS_IS_DOMAIN_INTRODUCED, 1},
        {XS_RESUME, 1},          {XS_SET_TARGET, 2},
        {XS_RESET_WATCHES, 0},   {XS_DIRECTORY_PART, 2},
    };
    const char *args[] = {"/local/domain/1", "tok", "7", "extra"};

    for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
        struct xsd_sockmsg hdr = {.type = shapes[i].type};
        const char *argv[4];
        unsigned int n;
        const char *payload =
            round_trip(shapes[i].type, args, shapes[i].nargs, &hdr.len);

        assert_int_equal(xs_check_request(&hdr, payload), 0);
        assert_int_equal(xs_split_args(payload, hdr.len, argv, 4, &n), 0);
        assert_int_equal(n, shapes[i].nargs);
        for (unsigned int a = 0; a < n; a++)
            assert_string_equal(argv[a], args[a]);
        /* One string more is malformed (set_perms takes more, and
         * reset_watches one empty string, or none). */
        if (shapes[i].type != XS_SET_PERMS &&
            shapes[i].type != XS_RESET_WATCHES) {
            payload =
                round_trip(shapes[i].type, args, shapes[i].nargs + 1, &hdr.len);
            assert_int_equal(xs_check_request(&hdr, payload), -XEN_EINVAL);
        }
    }
}

static void test_write_and_replies(void **state)
{
    const char *args[] = {"device/vif/0/state"};
    struct xs_out_msg out = {
        .type = XS_WRITE, .args = args, .nargs = 1, .data = "4", .data_len = 1};
    struct xsd_sockmsg hdr;
    const char *payload, *path, *value;
    uint32_t vlen;
    int n = xs_encode(&out, buf, sizeof(buf));

    assert_int_equal(n, 16 + 19 + 1);
    assert_int_equal(xs_decode(buf, (size_t)n, &hdr, &payload), n);
    assert_int_equal(xs_check_request(&hdr, payload), 0);
    assert_int_equal(
        xs_split_path_value(payload, hdr.len, &path, &value, &vlen), 0);
    assert_string_equal(path, "device/vif/0/state");
    assert_int_equal(vlen, 1);
    assert_memory_equal(value, "4", 1);
    /* An empty value is a value. */
    out.data_len = 0;
    n = xs_encode(&out, buf, sizeof(buf));
    xs_decode(buf, (size_t)n, &hdr, &payload);
    assert_int_equal(
        xs_split_path_value(payload, hdr.len, &path, &value, &vlen), 0);
    assert_int_equal(vlen, 0);
    /* Replies and events share the encoder: watch event path, token. */
    const char *ev[] = {"backend/vif", "tok"};
    payload = round_trip(XS_WATCH_EVENT, ev, 2, &vlen);
    assert_string_equal(payload, "backend/vif");
    assert_string_equal(payload + 12, "tok");
    const char *err[] = {"ENOENT"};
    payload = round_trip(XS_ERROR, err, 1, &vlen);
    assert_int_equal(xs_error_number(payload, vlen), XEN_ENOENT);
}

static void test_error_table(void **state)
{
    static const struct {
        const char *name;
        int num;
    } want[] = {
        {"EINVAL", 22},    {"EACCES", 13},   {"EEXIST", 17}, {"EISDIR", 21},
        {"ENOENT", 2},     {"ENOMEM", 12},   {"ENOSPC", 28}, {"EIO", 5},
        {"ENOTEMPTY", 39}, {"ENOSYS", 38},   {"EROFS", 30},  {"EBUSY", 16},
        {"EAGAIN", 11},    {"EISCONN", 106}, {"E2BIG", 7},   {"EPERM", 1},
    };

    assert_int_equal(XSD_ERRORS_COUNT, 16);
    for (size_t i = 0; i < XSD_ERRORS_COUNT; i++) {
        size_t n = strlen(want[i].name);

        /* Xen's order too: new errors only ever go at the end. */
        assert_string_equal(xsd_errors[i].errstring, want[i].name);
        assert_int_equal(xsd_errors[i].errnum, want[i].num);
        assert_int_equal(xs_error_number(want[i].name, (uint32_t)n + 1),
                         want[i].num);
        assert_int_equal(xs_error_number(want[i].name, (uint32_t)n),
                         want[i].num);
        assert_string_equal(xs_error_name(want[i].num), want[i].name);
    }
    /* Unknown, truncated or padded names read as EINVAL. */
    assert_int_equal(xs_error_number("EWHAT", 6), XEN_EINVAL);
    assert_int_equal(xs_error_number("ENOEN", 5), XEN_EINVAL);
    assert_int_equal(xs_error_number("ENOENTX", 8), XEN_EINVAL);
    assert_int_equal(xs_error_number("EIO\0\0", 5), XEN_EINVAL);
    assert_int_equal(xs_error_number("", 0), XEN_EINVAL);
    assert_string_equal(xs_error_name(XEN_ETIME), "EINVAL");
}

static void put_header(uint32_t type, uint32_t len)
{
    struct xsd_sockmsg hdr = {type, 1, 0, len};

    memcpy(buf, &hdr, sizeof(hdr));
}

static void test_malformed(void **state)
{
    struct xsd_sockmsg hdr;
    const char *payload, *argv[4];
    unsigned int n;

    /* Short of a header, or of the payload the header announces. */
    assert_int_equal(xs_decode(buf, 15, &hdr, &payload), -XEN_EAGAIN);
    assert_int_equal(xs_decode_header(buf, 15, &hdr), -XEN_EINVAL);
    put_header(XS_READ, 10);
    assert_int_equal(xs_decode(buf, 16 + 9, &hdr, &payload), -XEN_EAGAIN);
    /* A length past the protocol's maximum, whatever is present. */
    put_header(XS_READ, XENSTORE_PAYLOAD_MAX + 1);
    assert_int_equal(xs_decode(buf, sizeof(buf), &hdr, &payload), -XEN_E2BIG);
    put_header(XS_READ, 0xffffffffu);
    assert_int_equal(xs_decode(buf, sizeof(buf), &hdr, &payload), -XEN_E2BIG);
    put_header(XS_READ, XENSTORE_PAYLOAD_MAX);
    assert_int_equal(xs_decode(buf, sizeof(buf), &hdr, &payload),
                     16 + XENSTORE_PAYLOAD_MAX);
    /* Arguments without their NUL. */
    assert_int_equal(xs_split_args("abc", 3, argv, 4, &n), -XEN_EINVAL);
    assert_int_equal(xs_split_args("a\0bc", 4, argv, 4, &n), -XEN_EINVAL);
    assert_int_equal(xs_split_args("a\0b\0c\0d\0e\0", 10, argv, 4, &n),
                     -XEN_E2BIG);
    assert_int_equal(xs_split_args("", 0, argv, 4, &n), 0);
    assert_int_equal(n, 0);
    hdr = (struct xsd_sockmsg){XS_READ, 1, 0, 4};
    assert_int_equal(xs_check_request(&hdr, "path"), -XEN_EINVAL);
    hdr = (struct xsd_sockmsg){XS_WRITE, 1, 0, 4};
    assert_int_equal(xs_check_request(&hdr, "path"), -XEN_EINVAL);
    hdr.len = 0;
    assert_int_equal(xs_check_request(&hdr, ""), -XEN_EINVAL);
    hdr = (struct xsd_sockmsg){XS_RESET_WATCHES, 1, 0, 1};
    assert_int_equal(xs_check_request(&hdr, ""), 0);
    hdr.len = 2;
    assert_int_equal(xs_check_request(&hdr, "\0"), -XEN_EINVAL);
    hdr = (struct xsd_sockmsg){XS_SET_PERMS, 1, 0, 2};
    assert_int_equal(xs_check_request(&hdr, "a"), -XEN_EINVAL);
    /* Types no guest sends, or that do not exist. */
    hdr = (struct xsd_sockmsg){XS_ERROR, 1, 0, 0};
    assert_int_equal(xs_check_request(&hdr, ""), -XEN_ENOSYS);
    hdr.type = 20; /* the withdrawn XS_RESTRICT */
    assert_int_equal(xs_check_request(&hdr, ""), -XEN_ENOSYS);
    hdr.type = XS_INVALID;
    assert_int_equal(xs_check_request(&hdr, ""), -XEN_ENOSYS);
}

static void test_oversize(void **state)
{
    static char big[XENSTORE_PAYLOAD_MAX + 2];
    const char *args[] = {big};
    struct xs_out_msg out = {.type = XS_READ, .args = args, .nargs = 1};

    /* 4095 characters and the NUL: exactly the maximum. */
    memset(big, 'a', XENSTORE_PAYLOAD_MAX - 1);
    assert_int_equal(xs_encode(&out, buf, sizeof(buf)),
                     16 + XENSTORE_PAYLOAD_MAX);
    big[XENSTORE_PAYLOAD_MAX - 1] = 'a';
    assert_int_equal(xs_encode(&out, buf, sizeof(buf)), -XEN_E2BIG);
    /* A raw value counts toward the maximum too. */
    big[0] = '\0';
    out.data = big + 1;
    out.data_len = XENSTORE_PAYLOAD_MAX;
    assert_int_equal(xs_encode(&out, buf, sizeof(buf)), -XEN_E2BIG);
    /* And the caller's buffer bounds it. */
    out.data_len = 10;
    assert_int_equal(xs_encode(&out, buf, 16 + 10), -XEN_E2BIG);
    assert_int_equal(xs_encode(&out, buf, 16 + 11), 16 + 11);
    assert_int_equal(xs_encode(&out, buf, 8), -XEN_E2BIG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_request_type),
        cmocka_unit_test(test_write_and_replies),
        cmocka_unit_test(test_error_table),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_oversize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

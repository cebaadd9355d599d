/*
 * guest-lib's xenbus client against an in-memory store that speaks
 * the wire format (xs_fake_store.c): every call, watch events queued
 * among replies, XS_ERROR names mapped to errno, and a store that
 * breaks the protocol.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "xs_fake_store.h"
#include <parasol/xenbus.h>
#include <string.h>

static struct xenstore_domain_interface page;
static struct fake_store store;
static struct xenbus xb;
static unsigned int waits;

/* The store runs whenever the client kicks it or waits. */
static void notify(void *arg)
{
    fake_store_serve(arg);
}

static void wait_for_store(void *arg)
{
    waits++;
    fake_store_serve(arg);
    assert_true(waits < 1000); /* a client waiting forever fails */
}

static int setup(void **state)
{
    fake_store_init(&store, &page);
    xenbus_init(&xb, &page, notify, wait_for_store, &store);
    waits = 0;
    return 0;
}

static void test_read_write(void **state)
{
    char buf[64];
    size_t len;

    assert_int_equal(xenbus_read(&xb, 0, "name", buf, sizeof(buf), &len),
                     -XEN_ENOENT);
    assert_int_equal(xenbus_write(&xb, 0, "name", "guest-1", 7), 0);
    assert_int_equal(xenbus_read(&xb, 0, "name", buf, sizeof(buf), &len), 0);
    assert_string_equal(buf, "guest-1");
    assert_int_equal(len, 7);
    /* A value that does not fit the caller's buffer with its NUL. */
    assert_int_equal(xenbus_read(&xb, 0, "name", buf, 7, &len), -XEN_E2BIG);
    /* The next call still works: the reply was dropped. */
    assert_int_equal(xenbus_read(&xb, 0, "name", buf, 8, NULL), 0);
    assert_int_equal(store.requests, 5);
    assert_int_equal(store.broken, 0);
}

static void test_directory_mkdir_rm(void **state)
{
    char buf[64];
    unsigned int n;

    assert_int_equal(xenbus_mkdir(&xb, 0, "device"), 0);
    assert_int_equal(xenbus_write(&xb, 0, "device/vif", "", 0), 0);
    assert_int_equal(xenbus_write(&xb, 0, "device/vbd", "", 0), 0);
    assert_int_equal(xenbus_write(&xb, 0, "device/vbd/51712", "", 0), 0);
    assert_int_equal(xenbus_directory(&xb, 0, "device", buf, sizeof(buf), &n),
                     0);
    assert_int_equal(n, 2);
    assert_string_equal(buf, "vif");
    assert_string_equal(buf + 4, "vbd");
    assert_int_equal(xenbus_directory(&xb, 0, "device", buf, 7, &n),
                     -XEN_E2BIG);
    assert_int_equal(xenbus_rm(&xb, 0, "device/vbd"), 0);
    assert_int_equal(xenbus_directory(&xb, 0, "device", buf, sizeof(buf), &n),
                     0);
    assert_int_equal(n, 1);
    assert_int_equal(xenbus_rm(&xb, 0, "device/vbd"), -XEN_ENOENT);
    assert_int_equal(xenbus_directory(&xb, 0, "nothing", buf, sizeof(buf), &n),
                     -XEN_ENOENT);
}

static void test_watch_events(void **state)
{
    char path[64], token[16];

    assert_int_equal(
        xenbus_next_event(&xb, false, path, sizeof(path), token, sizeof(token)),
        -XEN_EAGAIN);
    assert_int_equal(xenbus_watch(&xb, "backend", "be"), 0);
    /* The event every new watch gets, queued while the reply came. */
    assert_int_equal(
        xenbus_next_event(&xb, false, path, sizeof(path), token, sizeof(token)),
        0);
    assert_string_equal(path, "backend");
    assert_string_equal(token, "be");
    assert_int_equal(xenbus_write(&xb, 0, "backend/vif/1/0/state", "2", 1), 0);
    assert_int_equal(xenbus_write(&xb, 0, "frontend", "x", 1), 0);
    assert_int_equal(
        xenbus_next_event(&xb, true, path, sizeof(path), token, sizeof(token)),
        0);
    assert_string_equal(path, "backend/vif/1/0/state");
    assert_int_equal(
        xenbus_next_event(&xb, false, path, sizeof(path), token, sizeof(token)),
        -XEN_EAGAIN);
    /* An event from elsewhere, found by polling the ring. */
    fake_store_fire(&store, "backend/x");
    assert_int_equal(
        xenbus_next_event(&xb, false, path, sizeof(path), token, sizeof(token)),
        0);
    assert_string_equal(path, "backend/x");
    /* Too small a buffer for the path. */
    fake_store_fire(&store, "backend/a-long-path");
    assert_int_equal(
        xenbus_next_event(&xb, false, path, 8, token, sizeof(token)),
        -XEN_E2BIG);
    assert_int_equal(xenbus_unwatch(&xb, "backend", "be"), 0);
    assert_int_equal(xenbus_unwatch(&xb, "backend", "be"), -XEN_ENOENT);
    fake_store_fire(&store, "backend/y");
    assert_int_equal(
        xenbus_next_event(&xb, false, path, sizeof(path), token, sizeof(token)),
        -XEN_EAGAIN);
}

static void test_event_queue_bounded(void **state)
{
    char path[64], token[16];

    assert_int_equal(xenbus_watch(&xb, "a", "t"), 0);
    for (int i = 0; i < XENBUS_EVENTS_MAX + 2; i++)
        fake_store_fire(&store, "a/b");
    /* A call reads past all of them to its reply. */
    assert_int_equal(xenbus_mkdir(&xb, 0, "c"), 0);
    assert_int_equal(xb.events_count, XENBUS_EVENTS_MAX);
    assert_int_equal(xb.events_dropped, 3);
    for (int i = 0; i < XENBUS_EVENTS_MAX; i++)
        assert_int_equal(xenbus_next_event(&xb, false, path, sizeof(path),
                                           token, sizeof(token)),
                         0);
}

static void test_transactions(void **state)
{
    uint32_t tx = 0, tx2 = 0;

    assert_int_equal(xenbus_transaction_start(&xb, &tx), 0);
    assert_int_equal(tx, 1);
    assert_int_equal(xenbus_write(&xb, tx, "k", "v", 1), 0);
    assert_int_equal(xenbus_transaction_end(&xb, tx, true), 0);
    assert_int_equal(xenbus_transaction_start(&xb, &tx2), 0);
    assert_int_equal(tx2, 2);
    store.end_error = XEN_EAGAIN; /* a conflict: the caller retries */
    assert_int_equal(xenbus_transaction_end(&xb, tx2, true), -XEN_EAGAIN);
}

/* Every name of Xen's table comes back as its errno. */
static void test_error_mapping(void **state)
{
    for (size_t i = 0; i < XSD_ERRORS_COUNT; i++) {
        store.end_error = xsd_errors[i].errnum;
        assert_int_equal(xenbus_transaction_end(&xb, 1, false),
                         -xsd_errors[i].errnum);
    }
}

/* Put raw bytes on the rsp ring, as a misbehaving store would. */
static void store_sends(const void *msg, size_t len)
{
    struct xs_ring rsp = xs_ring_rsp(&page);

    assert_int_equal(xs_ring_write(&rsp, msg, len), (int)len);
}

static void test_broken_store(void **state)
{
    struct xsd_sockmsg hdr = {XS_READ, 99, 0, 0};
    char buf[16];

    /* A reply to a request never made. */
    store_sends(&hdr, sizeof(hdr));
    assert_int_equal(xenbus_read(&xb, 0, "k", buf, sizeof(buf), NULL),
                     -XEN_EIO);
    /* An oversize length: the stream is lost, the client says so. */
    setup(state);
    hdr = (struct xsd_sockmsg){XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1};
    page.rsp_prod = 0;
    store_sends(&hdr, sizeof(hdr));
    assert_int_equal(xenbus_read(&xb, 0, "k", buf, sizeof(buf), NULL),
                     -XEN_EIO);
    /* Corrupt indices. */
    setup(state);
    page.rsp_prod = 5000;
    assert_int_equal(xenbus_read(&xb, 0, "k", buf, sizeof(buf), NULL),
                     -XEN_EIO);
    /* A request that cannot be encoded never reaches the ring. */
    setup(state);
    static char big[XENSTORE_PAYLOAD_MAX + 1];
    memset(big, 'p', XENSTORE_PAYLOAD_MAX);
    assert_int_equal(xenbus_write(&xb, 0, big, "v", 1), -XEN_E2BIG);
    assert_int_equal(page.req_prod, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_read_write, setup),
        cmocka_unit_test_setup(test_directory_mkdir_rm, setup),
        cmocka_unit_test_setup(test_watch_events, setup),
        cmocka_unit_test_setup(test_event_queue_bounded, setup),
        cmocka_unit_test_setup(test_transactions, setup),
        cmocka_unit_test_setup(test_error_mapping, setup),
        cmocka_unit_test_setup(test_broken_store, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

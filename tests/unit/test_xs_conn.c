/*
 * dom0's store connection (tools/dom0/xs_conn.c) with guest-lib's xenbus
 * client on the other side of the page: two domains and their keys as
 * the toolstack writes them, each request type, permissions between
 * domains, watches, transactions, and hostile pages (garbage, a huge
 * length, broken indices, a flood) that get errors or the connection
 * cut, never more than the budget of work. The store lives on xs_heap.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "xs_conn.h"
#include "xs_heap.h"
#include <parasol/xenbus.h>
#include <string.h>

#define DOM_A 3
#define DOM_B 4
#define ARENA_SIZE (1024 * 1024)

static uint8_t arena[ARENA_SIZE];
static struct xs_heap heap;
static struct xs_store st;
static struct xenstore_domain_interface page_a, page_b;
static struct xs_conn conn_a, conn_b;
static struct xenbus xb_a, xb_b;
static unsigned serves;

static void serve_all(void *arg)
{
    (void)arg;
    serves++;
    xs_conn_serve(&st, &conn_a);
    xs_conn_serve(&st, &conn_b);
    assert_true(serves < 10000); /* a client waiting forever fails */
}

static void add_domain(uint16_t domid, const char *name,
                       struct xenstore_domain_interface *page,
                       struct xs_conn *c, struct xenbus *xb)
{
    struct xs_domain_keys k = {domid, name, 8192, 1, 0x1234};
    struct xs_reply r;

    memset(page, 0, sizeof(*page));
    assert_null(xs_conn_write_keys(&st, &k));
    assert_null(xs_introduce(&st, XS_DOMID_PRIV, domid, &r));
    xs_conn_init(c, domid, page);
    xenbus_init(xb, page, serve_all, serve_all, NULL);
}

static int setup(void **state)
{
    struct xs_allocator mem;

    (void)state;
    xs_heap_init(&heap, arena, sizeof(arena));
    mem = xs_heap_allocator(&heap);
    assert_null(xs_store_init(&st, &mem));
    add_domain(DOM_A, "alpha", &page_a, &conn_a, &xb_a);
    add_domain(DOM_B, "beta", &page_b, &conn_b, &xb_b);
    serves = 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    xs_store_fini(&st);
    return 0;
}

static void test_keys_and_home(void **state)
{
    static struct xs_reply r;
    char buf[64];
    unsigned n;

    (void)state;
    assert_int_equal(xenbus_read(&xb_a, 0, "domid", buf, sizeof(buf), NULL), 0);
    assert_string_equal(buf, "3");
    assert_int_equal(xenbus_read(&xb_a, 0, "name", buf, sizeof(buf), NULL), 0);
    assert_string_equal(buf, "alpha");
    assert_int_equal(
        xenbus_read(&xb_a, 0, "memory/target", buf, sizeof(buf), NULL), 0);
    assert_string_equal(buf, "8192");
    assert_int_equal(
        xenbus_read(&xb_a, 0, "store/ring-ref", buf, sizeof(buf), NULL), 0);
    assert_string_equal(buf, "4660");
    /* Its keys are the toolstack's: readable, not writable. */
    assert_int_equal(xenbus_write(&xb_a, 0, "name", "x", 1), -XEN_EACCES);
    assert_int_equal(xenbus_write(&xb_a, 0, "data/k", "v1", 2), 0);
    assert_int_equal(xenbus_read(&xb_a, 0, "data/k", buf, sizeof(buf), NULL),
                     0);
    assert_string_equal(buf, "v1");
    assert_int_equal(xenbus_directory(&xb_a, 0, "store", buf, sizeof(buf), &n),
                     0);
    assert_int_equal(n, 2);
    /* Another domain's keys and dom0's are out of reach. */
    assert_int_equal(
        xenbus_read(&xb_b, 0, "/local/domain/3/name", buf, sizeof(buf), NULL),
        -XEN_EACCES);
    assert_int_equal(
        xenbus_read(&xb_b, 0, "/local/domain/3/data/k", buf, sizeof(buf), NULL),
        -XEN_EACCES);
    assert_int_equal(xenbus_write(&xb_b, 0, "/local/domain/3/data/k", "x", 1),
                     -XEN_EACCES);
    /* The keys go with the domain. */
    assert_null(xs_conn_remove_keys(&st, DOM_A));
    assert_string_equal(xs_read(&st, XS_DOMID_PRIV, 0, "/local/domain/3", &r),
                        "ENOENT");
}

static void test_watch_and_transaction(void **state)
{
    char path[64], token[16], buf[16];
    uint32_t tx;

    (void)state;
    assert_int_equal(xenbus_watch(&xb_a, "data", "tok"), 0);
    /* A new watch fires once at once. */
    assert_int_equal(xenbus_next_event(&xb_a, true, path, sizeof(path), token,
                                       sizeof(token)),
                     0);
    assert_string_equal(path, "data");
    assert_string_equal(token, "tok");
    assert_int_equal(xenbus_transaction_start(&xb_a, &tx), 0);
    assert_int_equal(xenbus_write(&xb_a, tx, "data/t", "1", 1), 0);
    assert_int_equal(xenbus_read(&xb_a, 0, "data/t", buf, sizeof(buf), NULL),
                     -XEN_ENOENT);
    assert_int_equal(xenbus_transaction_end(&xb_a, tx, true), 0);
    assert_int_equal(xenbus_read(&xb_a, 0, "data/t", buf, sizeof(buf), NULL),
                     0);
    assert_int_equal(xenbus_next_event(&xb_a, true, path, sizeof(path), token,
                                       sizeof(token)),
                     0);
    /* A relative watch reports relative paths, as xenstored's. */
    assert_string_equal(path, "data/t");
    assert_int_equal(xenbus_unwatch(&xb_a, "data", "tok"), 0);
}

/* Raw bytes on A's request ring, as a hostile guest would put them. */
static void put_raw(const void *data, size_t len)
{
    struct xs_ring req = xs_ring_req(&page_a);

    assert_int_equal(xs_ring_write(&req, data, len), (int)len);
}

/* A's next reply, read off the ring by hand. */
static void get_reply(struct xsd_sockmsg *h, char *payload, size_t size)
{
    struct xs_ring rsp = xs_ring_rsp(&page_a);

    assert_int_equal(xs_ring_read(&rsp, h, sizeof(*h)), (int)sizeof(*h));
    assert_true(h->len < size);
    assert_int_equal(xs_ring_read(&rsp, payload, h->len), (int)h->len);
    payload[h->len] = '\0';
}

static void test_malformed_requests(void **state)
{
    struct xsd_sockmsg h = {.type = XS_READ, .req_id = 9, .len = 3};
    char payload[64];

    (void)state;
    /* No NUL at the end of the path: EINVAL, and the stream goes on. */
    put_raw(&h, sizeof(h));
    put_raw("abc", 3);
    xs_conn_serve(&st, &conn_a);
    get_reply(&h, payload, sizeof(payload));
    assert_int_equal(h.type, XS_ERROR);
    assert_int_equal(h.req_id, 9);
    assert_string_equal(payload, "EINVAL");
    /* A type no guest sends, and the toolstack's own. */
    h = (struct xsd_sockmsg){.type = 77, .len = 0};
    put_raw(&h, sizeof(h));
    h = (struct xsd_sockmsg){.type = XS_INTRODUCE, .len = 6};
    put_raw(&h, sizeof(h));
    put_raw("1\0002\0003", 6);
    xs_conn_serve(&st, &conn_a);
    get_reply(&h, payload, sizeof(payload));
    assert_string_equal(payload, "ENOSYS");
    get_reply(&h, payload, sizeof(payload));
    assert_string_equal(payload, "EACCES");
    assert_false(conn_a.cut_off);
    /* A length no message can have: cut off, for good. */
    h = (struct xsd_sockmsg){.type = XS_READ, .len = 0x7fffffff};
    put_raw(&h, sizeof(h));
    xs_conn_serve(&st, &conn_a);
    assert_true(conn_a.cut_off);
    assert_false(xs_conn_serve(&st, &conn_a));
    /* The other domain is served as before. */
    assert_int_equal(xenbus_read(&xb_b, 0, "name", payload, 16, NULL), 0);
}

static void test_broken_indices(void **state)
{
    (void)state;
    page_a.req_prod = page_a.req_cons + XENSTORE_RING_SIZE + 1;
    xs_conn_serve(&st, &conn_a);
    assert_true(conn_a.cut_off);
}

/* A flood is served a budget at a time; replies wait for room. Each
 * reply (the home's children) is longer than its request. */
static void test_flood(void **state)
{
    static const char path[] = "";
    struct xsd_sockmsg h = {.type = XS_DIRECTORY, .len = sizeof(path)};
    XENSTORE_RING_IDX cons;
    unsigned sent = 0;

    (void)state;
    while (XENSTORE_RING_SIZE - (page_a.req_prod - page_a.req_cons) >=
           sizeof(h) + sizeof(path)) {
        put_raw(&h, sizeof(h));
        put_raw(path, sizeof(path));
        sent++;
    }
    assert_true(sent > XS_CONN_BUDGET);
    cons = page_a.req_cons;
    assert_true(xs_conn_serve(&st, &conn_a));
    /* No more than the budget was taken. */
    assert_true(page_a.req_cons - cons <=
                XS_CONN_BUDGET * (sizeof(h) + sizeof(path)));
    /* Nobody reads the replies: the connection stops, it does not spin. */
    for (unsigned i = 0; i < 100; i++)
        xs_conn_serve(&st, &conn_a);
    assert_true(page_a.rsp_prod - page_a.rsp_cons <= XENSTORE_RING_SIZE);
    assert_true(page_a.req_prod != page_a.req_cons);
    assert_false(xs_conn_busy(&conn_a)); /* until the guest makes room */
    assert_false(conn_a.cut_off);
}

static void test_heap(void **state)
{
    static uint8_t small[256];
    struct xs_heap h;
    void *a, *b;

    (void)state;
    xs_heap_init(&h, small + 1, sizeof(small) - 1);
    a = xs_heap_alloc(&h, 20);
    assert_non_null(a);
    assert_int_equal((uintptr_t)a % 16, 0);
    assert_null(xs_heap_alloc(&h, 1u << 20));
    xs_heap_free(&h, a);
    b = xs_heap_alloc(&h, 30);
    assert_ptr_equal(a, b); /* same class, reused */
    while (xs_heap_alloc(&h, 8))
        ;
    xs_heap_free(&h, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_keys_and_home, setup, teardown),
        cmocka_unit_test_setup_teardown(test_watch_and_transaction, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_malformed_requests, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_broken_indices, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flood, setup, teardown),
        cmocka_unit_test(test_heap),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

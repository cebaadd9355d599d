/*
 * Ring arithmetic: Xen's shared-ring protocol (public/io/ring.h) and
 * the xenstore page's byte rings (lib/xs_ring.h), including indices
 * that wrap at 2^32 and indices a peer has corrupted.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <lib/xs_ring.h>
#include <public/io/ring.h>
#include <public/io/xenbus.h>
#include <string.h>

struct test_req {
    uint32_t id;
    uint32_t pad[3];
};
struct test_rsp {
    uint32_t id;
    int32_t status;
};
DEFINE_RING_TYPES(test, struct test_req, struct test_rsp);

#define PAGE 4096

static union {
    struct test_sring s;
    char bytes[PAGE];
} page;

static void test_layout(void **state)
{
    assert_int_equal(offsetof(struct test_sring, req_prod), 0);
    assert_int_equal(offsetof(struct test_sring, req_event), 4);
    assert_int_equal(offsetof(struct test_sring, rsp_prod), 8);
    assert_int_equal(offsetof(struct test_sring, rsp_event), 12);
    assert_int_equal(offsetof(struct test_sring, ring), 64);
    /* (4096 - 64) / 16 = 252 slots fit: rounded down to 128. */
    assert_int_equal(__CONST_RING_SIZE(test, PAGE), 128);
    assert_int_equal(XEN_RING_POW2(0), 0);
    assert_int_equal(XEN_RING_POW2(1), 1);
    assert_int_equal(XEN_RING_POW2(0xffffffffu), 0x80000000u);
    assert_int_equal(sizeof(struct xenstore_domain_interface), 2076);
    assert_int_equal(XenbusStateReconfigured, 8);
    assert_int_equal(XS_DIRECTORY_PART, 22);
}

static void test_need_notify(void **state)
{
    /* The peer wants an event at 5: pushing 4 -> 5 crosses it. */
    assert_true(xen_ring_need_notify(4, 5, 5));
    assert_true(xen_ring_need_notify(0, 10, 5));
    assert_false(xen_ring_need_notify(5, 10, 5)); /* already told */
    assert_false(xen_ring_need_notify(0, 4, 5));  /* not there yet */
    assert_false(xen_ring_need_notify(3, 3, 3));  /* nothing pushed */
    /* Across 2^32: event at 1 lies in (0xfffffffe, 2]. */
    assert_true(xen_ring_need_notify(0xfffffffeu, 2, 1));
    assert_true(xen_ring_need_notify(0xfffffffeu, 2, 0xffffffffu));
    assert_false(xen_ring_need_notify(0xfffffffeu, 2, 3));
    assert_int_equal(xen_ring_pending(3, 0xfffffffdu), 6);
}

/* Front and back attached at start, SHARED_RING_INIT style. */
static void attach(struct test_front_ring *f, struct test_back_ring *b,
                   RING_IDX start)
{
    memset(&page, 0, sizeof(page));
    SHARED_RING_INIT(&page.s);
    page.s.req_prod = page.s.rsp_prod = start;
    page.s.req_event = page.s.rsp_event = start + 1;
    FRONT_RING_ATTACH(f, &page.s, start, PAGE);
    BACK_RING_ATTACH(b, &page.s, start, PAGE);
}

/* Push n requests from the front; returns whether it must notify. */
static int push_requests(struct test_front_ring *f, unsigned int n)
{
    int notify;

    for (unsigned int i = 0; i < n; i++) {
        RING_GET_REQUEST(f, f->req_prod_pvt)->id = f->req_prod_pvt + 1;
        f->req_prod_pvt++;
    }
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(f, notify);
    return notify;
}

/* The back end answers every request waiting; returns how many. */
static unsigned int serve(struct test_back_ring *b, int *notify)
{
    unsigned int n = 0;

    while (RING_HAS_UNCONSUMED_REQUESTS(b)) {
        struct test_req req = *RING_GET_REQUEST(b, b->req_cons);
        struct test_rsp *rsp = RING_GET_RESPONSE(b, b->rsp_prod_pvt);

        b->req_cons++;
        rsp->id = req.id;
        rsp->status = 0;
        b->rsp_prod_pvt++;
        n++;
    }
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(b, *notify);
    return n;
}

static void exchange_from(RING_IDX start)
{
    struct test_front_ring f;
    struct test_back_ring b;
    int notify, work;

    attach(&f, &b, start);
    assert_int_equal(RING_SIZE(&f), 128);
    assert_int_equal(RING_FREE_REQUESTS(&f), 128);
    assert_true(push_requests(&f, 100)); /* back asked at start + 1 */
    assert_int_equal(RING_FREE_REQUESTS(&f), 28);
    assert_false(push_requests(&f, 28)); /* no new request for an event */
    assert_true(RING_FULL(&f));
    assert_int_equal(serve(&b, &notify), 128);
    assert_true(notify);
    RING_FINAL_CHECK_FOR_REQUESTS(&b, work);
    assert_false(work);
    assert_int_equal(page.s.req_event, (RING_IDX)(start + 129));
    /* The front reads the responses, in order, across the wrap. */
    for (RING_IDX i = 0; i < 128; i++, f.rsp_cons++)
        assert_int_equal(RING_GET_RESPONSE(&f, f.rsp_cons)->id,
                         (RING_IDX)(start + i + 1));
    RING_FINAL_CHECK_FOR_RESPONSES(&f, work);
    assert_false(work);
    assert_true(push_requests(&f, 1)); /* the back end's final check */
    RING_FINAL_CHECK_FOR_REQUESTS(&b, work);
    assert_true(work);
}

static void test_exchange(void **state)
{
    exchange_from(0);
}

static void test_exchange_wraps_2_32(void **state)
{
    exchange_from(0xffffffc0u); /* the indices cross 2^32 midway */
}

/* A front end that pushes past the ring is capped, not trusted. */
static void test_back_end_caps_overflow(void **state)
{
    struct test_front_ring f;
    struct test_back_ring b;

    attach(&f, &b, 0xfffffff0u);
    page.s.req_prod = 0xfffffff0u + 1000;
    assert_int_equal(RING_HAS_UNCONSUMED_REQUESTS(&b), 128);
    assert_true(RING_REQUEST_PROD_OVERFLOW(&b, page.s.req_prod));
    assert_false(RING_REQUEST_PROD_OVERFLOW(&b, 0xfffffff0u + 128));
    assert_true(RING_REQUEST_CONS_OVERFLOW(&b, 0xfffffff0u + 128));
}

static struct xenstore_domain_interface intf;

static void test_store_ring_wraps(void **state)
{
    struct xs_ring req = xs_ring_req(&intf);
    char in[700], out[700];

    memset(&intf, 0, sizeof(intf));
    intf.req_cons = intf.req_prod = 0xfffffe00u; /* 512 before 2^32 */
    for (size_t i = 0; i < sizeof(in); i++)
        in[i] = (char)i;
    for (int round = 0; round < 5; round++) {
        assert_int_equal(xs_ring_write(&req, in, sizeof(in)), 700);
        /* Only 324 more fit: the ring holds 1024. */
        assert_int_equal(xs_ring_write(&req, in, sizeof(in)), 324);
        assert_int_equal(xs_ring_used(&req), 1024);
        assert_int_equal(xs_ring_read(&req, out, sizeof(out)), 700);
        assert_memory_equal(in, out, sizeof(in));
        assert_int_equal(xs_ring_read(&req, out, sizeof(out)), 324);
        assert_memory_equal(in, out, 324);
        assert_int_equal(xs_ring_read(&req, out, sizeof(out)), 0);
    }
    assert_int_equal(intf.req_prod, 0xfffffe00u + 5 * 1024);
}

static void test_store_ring_broken_indices(void **state)
{
    struct xs_ring rsp = xs_ring_rsp(&intf);
    char buf[8];

    memset(&intf, 0, sizeof(intf));
    intf.rsp_prod = 1025; /* claims more than the ring holds */
    assert_int_equal(xs_ring_read(&rsp, buf, sizeof(buf)), -XEN_EIO);
    assert_int_equal(xs_ring_write(&rsp, buf, sizeof(buf)), -XEN_EIO);
    assert_int_equal(xs_ring_used(&rsp), -XEN_EIO);
    intf.rsp_cons = 5;
    intf.rsp_prod = 4; /* consumer ahead of producer */
    assert_int_equal(xs_ring_read(&rsp, buf, sizeof(buf)), -XEN_EIO);
    assert_int_equal(intf.rsp_cons, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_need_notify),
        cmocka_unit_test(test_exchange),
        cmocka_unit_test(test_exchange_wraps_2_32),
        cmocka_unit_test(test_back_end_caps_overflow),
        cmocka_unit_test(test_store_ring_wraps),
        cmocka_unit_test(test_store_ring_broken_indices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

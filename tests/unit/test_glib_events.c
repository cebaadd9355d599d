/*
 * guest-lib's 2-level event scan (guest-lib/event_scan.c) on a fake
 * shared_info: which ports are dispatched, in what order, what is
 * cleared and what stays pending (masked ports, ports whose selector
 * bit is clear), and events that arrive while handlers run.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <parasol/events.h>
#include <stdlib.h>
#include <string.h>

#define BITS 64
#define MAX_SEEN 64

static shared_info_t *shared;
static vcpu_info_t *vcpu;

/* What the dispatch callback saw. */
static evtchn_port_t seen[MAX_SEEN];
static unsigned int nr_seen;
/* Called on each dispatch when set: plays the hypervisor mid-scan. */
static void (*during_dispatch)(evtchn_port_t port);

static void record(evtchn_port_t port, void *ctx)
{
    assert_ptr_equal(ctx, &seen);
    assert_true(nr_seen < MAX_SEEN);
    /* The pending bit is already clear when the handler runs. */
    assert_false((shared->evtchn_pending[port / BITS] >> (port % BITS)) & 1);
    seen[nr_seen++] = port;
    if (during_dispatch)
        during_dispatch(port);
}

/* What the hypervisor does to send an event on port. */
static void send(evtchn_port_t port)
{
    shared->evtchn_pending[port / BITS] |= 1UL << (port % BITS);
    if (!((shared->evtchn_mask[port / BITS] >> (port % BITS)) & 1)) {
        vcpu->evtchn_pending_sel |= 1UL << (port / BITS);
        vcpu->evtchn_upcall_pending = 1;
    }
}

static bool pending(evtchn_port_t port)
{
    return (shared->evtchn_pending[port / BITS] >> (port % BITS)) & 1;
}

static unsigned int scan(void)
{
    return evtchn_scan(shared, vcpu, record, &seen);
}

static int setup(void **state)
{
    (void)state;
    shared = calloc(1, sizeof(*shared));
    vcpu = &shared->vcpu_info[0];
    nr_seen = 0;
    during_dispatch = NULL;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(shared);
    return 0;
}

static void test_one_port(void **state)
{
    (void)state;
    send(5);
    assert_int_equal(scan(), 1);
    assert_int_equal(nr_seen, 1);
    assert_int_equal(seen[0], 5);
    assert_false(pending(5));
    assert_int_equal(vcpu->evtchn_pending_sel, 0);
    assert_int_equal(vcpu->evtchn_upcall_pending, 0);
}

static void test_ports_in_order_across_words(void **state)
{
    static const evtchn_port_t ports[] = {4095, 130, 64, 63, 1, 128, 2000};
    static const evtchn_port_t order[] = {1, 63, 64, 128, 130, 2000, 4095};

    (void)state;
    for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
        send(ports[i]);
    assert_int_equal(scan(), 7);
    assert_int_equal(nr_seen, 7);
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(seen[i], order[i]);
        assert_false(pending(order[i]));
    }
    for (size_t i = 0; i < sizeof(shared->evtchn_pending) / 8; i++)
        assert_int_equal(shared->evtchn_pending[i], 0);
}

static void test_masked_port_stays_pending(void **state)
{
    (void)state;
    shared->evtchn_mask[0] = 1UL << 9;
    send(8);
    /* Pending while masked: the hypervisor sets no selector bit ... */
    send(9);
    /* ... but another port of the same word does. */
    assert_int_equal(scan(), 1);
    assert_int_equal(seen[0], 8);
    assert_true(pending(9));
    assert_int_equal(vcpu->evtchn_pending_sel, 0);
}

static void test_selector_bit_needed(void **state)
{
    (void)state;
    /* A pending bit whose word the selector does not name is not seen
     * (EVTCHNOP_unmask sets the selector when it unmasks). */
    shared->evtchn_pending[2] = 1UL << 3;
    vcpu->evtchn_upcall_pending = 1;
    assert_int_equal(scan(), 0);
    assert_true(pending(2 * BITS + 3));
    assert_int_equal(vcpu->evtchn_upcall_pending, 0);
}

static void test_selector_without_pending(void **state)
{
    (void)state;
    vcpu->evtchn_pending_sel = 1UL << 7;
    vcpu->evtchn_upcall_pending = 1;
    assert_int_equal(scan(), 0);
    assert_int_equal(vcpu->evtchn_pending_sel, 0);
}

/* Port 3's handler: the hypervisor sends on 200 meanwhile. */
static void send_200_once(evtchn_port_t port)
{
    if (port == 3)
        send(200);
}

static void test_event_during_dispatch(void **state)
{
    (void)state;
    during_dispatch = send_200_once;
    send(3);
    assert_int_equal(scan(), 2);
    assert_int_equal(seen[0], 3);
    assert_int_equal(seen[1], 200);
    assert_false(pending(200));
    assert_int_equal(vcpu->evtchn_upcall_pending, 0);
}

/* The handler's own port fires again while it runs, once. */
static void resend_once(evtchn_port_t port)
{
    if (nr_seen == 1)
        send(port);
}

static void test_same_port_again(void **state)
{
    (void)state;
    during_dispatch = resend_once;
    send(70);
    assert_int_equal(scan(), 2);
    assert_int_equal(seen[0], 70);
    assert_int_equal(seen[1], 70);
    assert_false(pending(70));
}

static void test_nothing_pending(void **state)
{
    (void)state;
    vcpu->evtchn_upcall_pending = 1; /* a spurious upcall */
    assert_int_equal(scan(), 0);
    assert_int_equal(vcpu->evtchn_upcall_pending, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_one_port, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ports_in_order_across_words, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_masked_port_stays_pending, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_selector_bit_needed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_selector_without_pending, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_event_during_dispatch, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_same_port_again, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nothing_pending, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * The 2-level event bitmaps (hv/event_2l.c) on a shared_info in test
 * memory: pending, mask, selector and upcall steps; unmask; ports in
 * different words; every one of the 4096 ports; and a guest-style scan
 * between raises, as Mini-OS and Linux do it.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <string.h>

#include "panic_double.h"
#include <hv/event_2l.h>

#define BITS EVTCHN_2L_BITS_PER_WORD
#define NR_WORDS (EVTCHN_2L_NR_CHANNELS / BITS)

static struct shared_info shared;
static struct vcpu_info *vi = &shared.vcpu_info[0];

static int setup(void **state)
{
    (void)state;
    memset(&shared, 0, sizeof(shared));
    return 0;
}

static xen_ulong_t bit(evtchn_port_t port)
{
    return (xen_ulong_t)1 << (port % BITS);
}

static void mask(evtchn_port_t port)
{
    shared.evtchn_mask[port / BITS] |= bit(port);
}

/* What the guest does on an upcall: clear the flag, take the selector,
 * collect (and clear) the pending, unmasked ports it names. Returns how
 * many it found; the first is stored in *first. */
static unsigned guest_scan(evtchn_port_t *first)
{
    xen_ulong_t sel;
    unsigned found = 0;

    vi->evtchn_upcall_pending = 0;
    sel = vi->evtchn_pending_sel;
    vi->evtchn_pending_sel = 0;
    for (unsigned w = 0; w < NR_WORDS; w++) {
        if (!(sel & ((xen_ulong_t)1 << w)))
            continue;
        xen_ulong_t ready = shared.evtchn_pending[w] & ~shared.evtchn_mask[w];
        for (unsigned b = 0; b < BITS; b++) {
            if (!(ready & ((xen_ulong_t)1 << b)))
                continue;
            if (found++ == 0 && first)
                *first = w * BITS + b;
            shared.evtchn_pending[w] &= ~((xen_ulong_t)1 << b);
        }
    }
    return found;
}

static void test_unmasked_port_raises_upcall(void **state)
{
    (void)state;
    assert_int_equal(evtchn_2l_set_pending(&shared, vi, 5), EVTCHN_2L_KICK);
    assert_true(evtchn_2l_is_pending(&shared, 5));
    assert_true(shared.evtchn_pending[0] == bit(5));
    assert_true(vi->evtchn_pending_sel == 1);
    assert_int_equal(vi->evtchn_upcall_pending, 1);
    assert_true(evtchn_2l_upcall_deliverable(vi));
}

static void test_masked_port_no_upcall(void **state)
{
    (void)state;
    mask(7);
    assert_true(evtchn_2l_is_masked(&shared, 7));
    assert_int_equal(evtchn_2l_set_pending(&shared, vi, 7), EVTCHN_2L_QUIET);
    assert_true(evtchn_2l_is_pending(&shared, 7));
    assert_true(vi->evtchn_pending_sel == 0);
    assert_int_equal(vi->evtchn_upcall_pending, 0);
    assert_false(evtchn_2l_upcall_deliverable(vi));
}

static void test_unmask_pending_port_raises_upcall(void **state)
{
    (void)state;
    mask(130);
    evtchn_2l_set_pending(&shared, vi, 130);
    assert_true(evtchn_2l_unmask(&shared, vi, 130));
    assert_false(evtchn_2l_is_masked(&shared, 130));
    assert_true(vi->evtchn_pending_sel == (xen_ulong_t)1 << 2);
    assert_int_equal(vi->evtchn_upcall_pending, 1);
    /* Unmasking again finds the mask already clear: nothing to do. */
    assert_false(evtchn_2l_unmask(&shared, vi, 130));
}

static void test_unmask_idle_port_is_quiet(void **state)
{
    (void)state;
    mask(9);
    assert_false(evtchn_2l_unmask(&shared, vi, 9));
    assert_false(evtchn_2l_is_masked(&shared, 9));
    assert_true(vi->evtchn_pending_sel == 0);
    assert_int_equal(vi->evtchn_upcall_pending, 0);
}

/* As on Xen: a port the guest never masked got its upcall when it became
 * pending, so unmask has nothing to redo. */
static void test_unmask_of_unmasked_pending_port(void **state)
{
    (void)state;
    evtchn_2l_set_pending(&shared, vi, 3);
    guest_scan(NULL);
    shared.evtchn_pending[0] |= bit(3); /* pending again, behind our back */
    assert_false(evtchn_2l_unmask(&shared, vi, 3));
    assert_int_equal(vi->evtchn_upcall_pending, 0);
}

static void test_second_set_pending_does_not_kick(void **state)
{
    (void)state;
    assert_int_equal(evtchn_2l_set_pending(&shared, vi, 40), EVTCHN_2L_KICK);
    assert_int_equal(evtchn_2l_set_pending(&shared, vi, 40),
                     EVTCHN_2L_WAS_PENDING);
    /* Another port of the same word: its selector bit is already set. */
    assert_int_equal(evtchn_2l_set_pending(&shared, vi, 41), EVTCHN_2L_QUIET);
    assert_true(shared.evtchn_pending[0] == (bit(40) | bit(41)));
}

static void test_selector_bits_per_word(void **state)
{
    (void)state;
    assert_int_equal(evtchn_2l_set_pending(&shared, vi, 1), EVTCHN_2L_KICK);
    /* New selector bit, but the upcall is already pending: no kick. */
    assert_int_equal(evtchn_2l_set_pending(&shared, vi, 64 + 2),
                     EVTCHN_2L_QUIET);
    assert_int_equal(evtchn_2l_set_pending(&shared, vi, 4095), EVTCHN_2L_QUIET);
    assert_true(vi->evtchn_pending_sel ==
                (1 | (xen_ulong_t)1 << 1 | (xen_ulong_t)1 << 63));
    assert_true(shared.evtchn_pending[1] == bit(66));
    assert_true(shared.evtchn_pending[63] == bit(4095));
}

static void test_scan_then_raise_kicks_again(void **state)
{
    evtchn_port_t first = 0;

    (void)state;
    evtchn_2l_set_pending(&shared, vi, 200);
    assert_int_equal(guest_scan(&first), 1);
    assert_int_equal(first, 200);
    assert_false(evtchn_2l_is_pending(&shared, 200));
    assert_int_equal(evtchn_2l_set_pending(&shared, vi, 200), EVTCHN_2L_KICK);
}

static void test_clear_pending(void **state)
{
    (void)state;
    evtchn_2l_set_pending(&shared, vi, 77);
    evtchn_2l_set_pending(&shared, vi, 78);
    evtchn_2l_clear_pending(&shared, 77);
    assert_false(evtchn_2l_is_pending(&shared, 77));
    assert_true(evtchn_2l_is_pending(&shared, 78));
}

static void test_upcall_mask_blocks_delivery(void **state)
{
    (void)state;
    vi->evtchn_upcall_mask = 1;
    assert_int_equal(evtchn_2l_set_pending(&shared, vi, 2), EVTCHN_2L_KICK);
    assert_false(evtchn_2l_upcall_deliverable(vi));
    vi->evtchn_upcall_mask = 0;
    assert_true(evtchn_2l_upcall_deliverable(vi));
}

/* Each port on its own: exactly its bits, and the guest finds it. */
static void test_every_port_alone(void **state)
{
    (void)state;
    for (evtchn_port_t p = 0; p < EVTCHN_2L_NR_CHANNELS; p++) {
        evtchn_port_t found = ~0u;

        memset(&shared, 0, sizeof(shared));
        assert_int_equal(evtchn_2l_set_pending(&shared, vi, p), EVTCHN_2L_KICK);
        for (unsigned w = 0; w < NR_WORDS; w++)
            assert_true(shared.evtchn_pending[w] ==
                        (w == p / BITS ? bit(p) : 0));
        assert_true(vi->evtchn_pending_sel == (xen_ulong_t)1 << (p / BITS));
        assert_int_equal(guest_scan(&found), 1);
        assert_int_equal(found, p);
    }
}

/* All ports at once: one kick, every bit set, every port found. */
static void test_every_port_together(void **state)
{
    unsigned kicks = 0;

    (void)state;
    for (evtchn_port_t p = 0; p < EVTCHN_2L_NR_CHANNELS; p++)
        kicks += evtchn_2l_set_pending(&shared, vi, p) == EVTCHN_2L_KICK;
    assert_int_equal(kicks, 1);
    for (unsigned w = 0; w < NR_WORDS; w++)
        assert_true(shared.evtchn_pending[w] == ~(xen_ulong_t)0);
    assert_true(vi->evtchn_pending_sel == ~(xen_ulong_t)0);
    assert_int_equal(guest_scan(NULL), EVTCHN_2L_NR_CHANNELS);
}

/* All ports masked: nothing reaches the guest until each is unmasked,
 * and then only the first unmask raises the upcall. */
static void test_every_port_masked_then_unmasked(void **state)
{
    unsigned kicks = 0;

    (void)state;
    memset(shared.evtchn_mask, 0xff, sizeof(shared.evtchn_mask));
    for (evtchn_port_t p = 0; p < EVTCHN_2L_NR_CHANNELS; p++)
        assert_int_equal(evtchn_2l_set_pending(&shared, vi, p),
                         EVTCHN_2L_QUIET);
    assert_int_equal(vi->evtchn_upcall_pending, 0);
    assert_int_equal(guest_scan(NULL), 0);
    for (evtchn_port_t p = 0; p < EVTCHN_2L_NR_CHANNELS; p++)
        kicks += evtchn_2l_unmask(&shared, vi, p);
    assert_int_equal(kicks, 1);
    assert_true(vi->evtchn_pending_sel == ~(xen_ulong_t)0);
    assert_int_equal(guest_scan(NULL), EVTCHN_2L_NR_CHANNELS);
}

static void test_port_out_of_range_is_a_bug(void **state)
{
    (void)state;
    EXPECT_PANIC(evtchn_2l_set_pending(&shared, vi, EVTCHN_2L_NR_CHANNELS),
                 "assertion");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_unmasked_port_raises_upcall, setup),
        cmocka_unit_test_setup(test_masked_port_no_upcall, setup),
        cmocka_unit_test_setup(test_unmask_pending_port_raises_upcall, setup),
        cmocka_unit_test_setup(test_unmask_idle_port_is_quiet, setup),
        cmocka_unit_test_setup(test_unmask_of_unmasked_pending_port, setup),
        cmocka_unit_test_setup(test_second_set_pending_does_not_kick, setup),
        cmocka_unit_test_setup(test_selector_bits_per_word, setup),
        cmocka_unit_test_setup(test_scan_then_raise_kicks_again, setup),
        cmocka_unit_test_setup(test_clear_pending, setup),
        cmocka_unit_test_setup(test_upcall_mask_blocks_delivery, setup),
        cmocka_unit_test_setup(test_every_port_alone, setup),
        cmocka_unit_test_setup(test_every_port_together, setup),
        cmocka_unit_test_setup(test_every_port_masked_then_unmasked, setup),
        cmocka_unit_test_setup(test_port_out_of_range_is_a_bug, setup),
    };

    return cmocka_run_group_tests_name("event_2l", tests, NULL, NULL);
}

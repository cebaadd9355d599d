/*
 * Timer queues (hv/timer.c): ordering, FIFO among equal expiries,
 * removal, re-queueing, callbacks that re-add timers, and the earliest-
 * expiry bookkeeping; then timer_set/timer_stop/timer_softirq driving
 * the fake one-shot timer of the arch double.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "arch_double.h"
#include <hv/percpu.h>
#include <hv/time.h>
#include <hv/timer.h>

#define MAX_LOG 16
#define BOOT_CYCLES 1000 /* arch_cycles() at system time 0 */

/* Which timers ran, in order, identified by their data pointer's id. */
static int run_log[MAX_LOG];
static unsigned run_count;

struct test_timer {
    struct timer t;
    int id;
    struct timer_queue *q; /* for callbacks that re-add */
    uint64_t period;       /* re-add itself this much later... */
    unsigned repeats;      /* ...this many more times */
};

static void log_fn(struct timer *t, void *data)
{
    struct test_timer *tt = data;

    (void)t;
    assert_true(run_count < MAX_LOG);
    run_log[run_count++] = tt->id;
    if (tt->repeats) {
        tt->repeats--;
        timer_queue_add(tt->q, &tt->t, tt->t.expires + tt->period);
    }
}

static struct timer_queue queue;

static void make(struct test_timer *tt, int id)
{
    *tt = (struct test_timer){.id = id, .q = &queue};
    timer_init(&tt->t, log_fn, tt);
}

static int setup(void **state)
{
    (void)state;
    timer_queue_init(&queue);
    run_count = 0;
    return 0;
}

static void expect_log(const int *ids, unsigned n)
{
    assert_int_equal(run_count, n);
    for (unsigned i = 0; i < n; i++)
        assert_int_equal(run_log[i], ids[i]);
}

static void test_out_of_order_inserts(void **state)
{
    struct test_timer a, b, c, d;
    static const int order[] = {4, 2, 3, 1};

    (void)state;
    make(&a, 1);
    make(&b, 2);
    make(&c, 3);
    make(&d, 4);
    timer_queue_add(&queue, &a.t, 40);
    timer_queue_add(&queue, &b.t, 20);
    timer_queue_add(&queue, &c.t, 30);
    timer_queue_add(&queue, &d.t, 10);
    assert_int_equal(timer_queue_run(&queue, 100), 4);
    expect_log(order, 4);
    assert_false(a.t.active);
    assert_int_equal(timer_queue_next(&queue), 0);
}

static void test_fifo_among_equal_expiries(void **state)
{
    struct test_timer a, b, c, d, e;
    static const int order[] = {2, 4, 1, 3, 5};

    (void)state;
    make(&a, 1);
    make(&b, 2);
    make(&c, 3);
    make(&d, 4);
    make(&e, 5);
    timer_queue_add(&queue, &a.t, 5);
    timer_queue_add(&queue, &b.t, 3);
    timer_queue_add(&queue, &c.t, 5);
    timer_queue_add(&queue, &d.t, 3);
    timer_queue_add(&queue, &e.t, 5);
    assert_int_equal(timer_queue_run(&queue, 5), 5);
    expect_log(order, 5);
}

static void test_run_only_expired(void **state)
{
    struct test_timer a, b;
    static const int first[] = {1};
    static const int both[] = {1, 2};

    (void)state;
    make(&a, 1);
    make(&b, 2);
    timer_queue_add(&queue, &a.t, 10);
    timer_queue_add(&queue, &b.t, 11);
    assert_int_equal(timer_queue_run(&queue, 9), 0);
    assert_int_equal(timer_queue_run(&queue, 10), 1); /* <= now runs */
    expect_log(first, 1);
    assert_true(b.t.active);
    assert_int_equal(timer_queue_next(&queue), 11);
    assert_int_equal(timer_queue_run(&queue, 11), 1);
    expect_log(both, 2);
}

static void test_remove(void **state)
{
    struct test_timer a, b, c;
    static const int order[] = {1, 3};

    (void)state;
    make(&a, 1);
    make(&b, 2);
    make(&c, 3);
    assert_false(timer_queue_remove(&queue, &a.t)); /* never added */
    timer_queue_add(&queue, &a.t, 1);
    timer_queue_add(&queue, &b.t, 2);
    timer_queue_add(&queue, &c.t, 3);
    assert_true(timer_queue_remove(&queue, &b.t));
    assert_false(b.t.active);
    assert_false(timer_queue_remove(&queue, &b.t)); /* twice: no-op */
    assert_int_equal(timer_queue_run(&queue, 10), 2);
    expect_log(order, 2);
    assert_false(timer_queue_remove(&queue, &a.t)); /* already ran */
}

static void test_remove_head_updates_next(void **state)
{
    struct test_timer a, b;

    (void)state;
    make(&a, 1);
    make(&b, 2);
    timer_queue_add(&queue, &a.t, 100);
    timer_queue_add(&queue, &b.t, 200);
    assert_int_equal(timer_queue_next(&queue), 100);
    timer_queue_remove(&queue, &a.t);
    assert_int_equal(timer_queue_next(&queue), 200);
    timer_queue_remove(&queue, &b.t);
    assert_int_equal(timer_queue_next(&queue), 0);
}

static void test_readd_while_active(void **state)
{
    struct test_timer a, b;
    static const int order[] = {2, 1};

    (void)state;
    make(&a, 1);
    make(&b, 2);
    timer_queue_add(&queue, &a.t, 10);
    timer_queue_add(&queue, &b.t, 20);
    timer_queue_add(&queue, &a.t, 30); /* moves, not duplicates */
    assert_int_equal(timer_queue_next(&queue), 20);
    assert_int_equal(timer_queue_run(&queue, 100), 2);
    expect_log(order, 2);
    assert_int_equal(timer_queue_next(&queue), 0);
}

static void test_callback_readds_itself(void **state)
{
    struct test_timer a, b;
    static const int order[] = {1, 2, 1, 1};

    (void)state;
    make(&a, 1);
    make(&b, 2);
    a.period = 10;
    a.repeats = 5;
    timer_queue_add(&queue, &a.t, 10);
    timer_queue_add(&queue, &b.t, 15);
    /* a at 10, 20, 30 runs in this pass; its re-add at 40 waits. */
    assert_int_equal(timer_queue_run(&queue, 35), 4);
    expect_log(order, 4);
    assert_true(a.t.active);
    assert_int_equal(timer_queue_next(&queue), 40);
    assert_int_equal(a.repeats, 2);
}

static void test_add_reports_new_earliest(void **state)
{
    struct test_timer a, b, c, d;

    (void)state;
    make(&a, 1);
    make(&b, 2);
    make(&c, 3);
    make(&d, 4);
    assert_true(timer_queue_add(&queue, &a.t, 50));  /* empty queue */
    assert_false(timer_queue_add(&queue, &b.t, 60)); /* later */
    assert_false(timer_queue_add(&queue, &c.t, 50)); /* equal: after a */
    assert_true(timer_queue_add(&queue, &d.t, 40));  /* earlier */
    assert_false(timer_queue_add(&queue, &d.t, 70)); /* head moved back */
    assert_int_equal(timer_queue_next(&queue), 50);
    assert_true(timer_queue_add(&queue, &b.t, 1)); /* moved to front */
    assert_int_equal(timer_queue_next(&queue), 1);
}

/* ---- The current CPU's queue and the hardware timer. ---- */

static int setup_cpu(void **state)
{
    (void)state;
    timer_queue_init(&this_cpu()->timers);
    run_count = 0;
    fake_cycles_khz = 1000000; /* 1 cycle per ns */
    fake_cycles = BOOT_CYCLES;
    fake_timer_armed = 0;
    time_init();
    return 0;
}

static void make_cpu(struct test_timer *tt, int id)
{
    make(tt, id);
    tt->q = &this_cpu()->timers;
}

static void test_set_arms_earliest(void **state)
{
    struct test_timer a, b, c;

    (void)state;
    make_cpu(&a, 1);
    make_cpu(&b, 2);
    make_cpu(&c, 3);
    timer_set(&a.t, 5000);
    assert_int_equal(fake_timer_armed, BOOT_CYCLES + 5000);
    timer_set(&b.t, 3000);
    assert_int_equal(fake_timer_armed, BOOT_CYCLES + 3000);
    fake_timer_armed = 12345; /* a later timer must not re-arm */
    timer_set(&c.t, 9000);
    assert_int_equal(fake_timer_armed, 12345);
    timer_set(&b.t, 7000); /* the head moves back: re-arm for a */
    assert_int_equal(fake_timer_armed, BOOT_CYCLES + 5000);
}

static void test_stop_rearms_or_disarms(void **state)
{
    struct test_timer a, b;

    (void)state;
    make_cpu(&a, 1);
    make_cpu(&b, 2);
    timer_set(&a.t, 1000);
    timer_set(&b.t, 2000);
    fake_timer_armed = 12345; /* stopping a later timer changes nothing */
    timer_stop(&b.t);
    assert_int_equal(fake_timer_armed, 12345);
    timer_set(&b.t, 2000);
    timer_stop(&a.t);
    assert_int_equal(fake_timer_armed, BOOT_CYCLES + 2000);
    timer_stop(&b.t);
    assert_int_equal(fake_timer_armed, 0);
    fake_timer_armed = 12345;
    timer_stop(&b.t); /* not active */
    assert_int_equal(fake_timer_armed, 12345);
}

static void test_softirq_runs_expired_and_rearms(void **state)
{
    struct test_timer a, b;
    static const int first[] = {1};
    static const int both[] = {1, 2};
    unsigned long runs = timer_softirq_count();

    (void)state;
    make_cpu(&a, 1);
    make_cpu(&b, 2);
    timer_set(&b.t, 20000);
    timer_set(&a.t, 10000);
    /* The hardware fired early: nothing runs, same deadline again. */
    fake_cycles = BOOT_CYCLES + 9999;
    timer_softirq();
    assert_int_equal(run_count, 0);
    assert_int_equal(fake_timer_armed, BOOT_CYCLES + 10000);
    fake_cycles = BOOT_CYCLES + 10000;
    timer_softirq();
    expect_log(first, 1);
    assert_int_equal(fake_timer_armed, BOOT_CYCLES + 20000);
    fake_cycles = BOOT_CYCLES + 25000;
    timer_softirq();
    expect_log(both, 2);
    assert_int_equal(fake_timer_armed, 0);
    assert_int_equal(timer_softirq_count() - runs, 3);
}

static void test_softirq_callback_rearms_itself(void **state)
{
    struct test_timer a;

    (void)state;
    make_cpu(&a, 1);
    a.period = 1000;
    a.repeats = 1;
    timer_set(&a.t, 1000);
    fake_cycles = BOOT_CYCLES + 1500;
    timer_softirq();
    assert_int_equal(run_count, 1);
    assert_int_equal(fake_timer_armed, BOOT_CYCLES + 2000);
}

static void test_past_deadline_still_arms(void **state)
{
    struct test_timer a;

    (void)state;
    make_cpu(&a, 1);
    /* Expiry 0 is in the past, not "none": the timer must still fire. */
    timer_set(&a.t, 0);
    assert_int_equal(fake_timer_armed, BOOT_CYCLES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_out_of_order_inserts, setup),
        cmocka_unit_test_setup(test_fifo_among_equal_expiries, setup),
        cmocka_unit_test_setup(test_run_only_expired, setup),
        cmocka_unit_test_setup(test_remove, setup),
        cmocka_unit_test_setup(test_remove_head_updates_next, setup),
        cmocka_unit_test_setup(test_readd_while_active, setup),
        cmocka_unit_test_setup(test_callback_readds_itself, setup),
        cmocka_unit_test_setup(test_add_reports_new_earliest, setup),
        cmocka_unit_test_setup(test_set_arms_earliest, setup_cpu),
        cmocka_unit_test_setup(test_stop_rearms_or_disarms, setup_cpu),
        cmocka_unit_test_setup(test_softirq_runs_expired_and_rearms, setup_cpu),
        cmocka_unit_test_setup(test_softirq_callback_rearms_itself, setup_cpu),
        cmocka_unit_test_setup(test_past_deadline_still_arms, setup_cpu),
    };

    return cmocka_run_group_tests_name("timer", tests, NULL, NULL);
}

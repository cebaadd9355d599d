/*
 * System time (hv/time.c): the PV-clock-style scale from cycles to
 * nanoseconds for counters from 1 MHz to 5 GHz, checked against exact
 * 128-bit arithmetic on the host; its inverse; and now_ns() on the fake
 * clock of the arch double.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "arch_double.h"
#include "panic_double.h"
#include <hv/time.h>

typedef unsigned __int128 u128;

#define KHZ_MIN 1000ULL    /* 1 MHz */
#define KHZ_MAX 5000000ULL /* 5 GHz */
#define SECONDS_PER_HOUR 3600ULL
#define SECONDS_PER_YEAR (365ULL * 24 * SECONDS_PER_HOUR)

/* Frequencies seen in practice, and awkward ones. */
static const uint64_t sample_khz[] = {
    KHZ_MIN, 1193,    3580,    14318,   24000,   25000,   100000,
    999999,  1000000, 1000001, 1193182, 2000000, 2494300, 2600000,
    2999999, 3579545, 4194304, 4999999, KHZ_MAX,
};

/* Exact nanoseconds in 'cycles' at 'khz', rounded down. */
static uint64_t exact_ns(uint64_t cycles, uint64_t khz)
{
    return (uint64_t)((u128)cycles * NS_PER_MS / khz);
}

/* A deterministic pseudo-random sequence (xorshift64). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* |got - want| within a relative error of 2^-30 plus 2 ns. */
static void assert_close(uint64_t got, uint64_t want)
{
    uint64_t err = got > want ? got - want : want - got;

    if (err > (want >> 30) + 2)
        fail_msg("got %llu, want %llu", (unsigned long long)got,
                 (unsigned long long)want);
}

/* Every frequency from 1 MHz to 5 GHz in steps of ~0.1%, plus samples. */
static void for_each_khz(void (*check)(uint64_t khz))
{
    for (size_t i = 0; i < sizeof(sample_khz) / sizeof(sample_khz[0]); i++)
        check(sample_khz[i]);
    for (uint64_t khz = KHZ_MIN; khz <= KHZ_MAX; khz += khz / 1000 + 1)
        check(khz);
}

static void check_shape(uint64_t khz)
{
    struct time_scale s = time_scale_from_khz(khz);

    assert_true(s.mul >= 1U << 31); /* normalised: 32 significant bits */
}

static void test_scale_is_normalised(void **state)
{
    struct time_scale ghz = time_scale_from_khz(1000000);

    (void)state;
    for_each_khz(check_shape);
    /* 1 GHz is one cycle per ns: exactly 2^31 * 2^1 / 2^32. */
    assert_int_equal(ghz.mul, 1U << 31);
    assert_int_equal(ghz.shift, 1);
}

static void check_one_second(uint64_t khz)
{
    struct time_scale s = time_scale_from_khz(khz);
    uint64_t ns = scale_delta(khz * 1000, &s);
    int64_t err = (int64_t)ns - (int64_t)NS_PER_SEC;

    /* Well within a few ppm: a couple of nanoseconds per second. */
    if (err < -2 || err > 2)
        fail_msg("%llu kHz: 1 s is %llu ns", (unsigned long long)khz,
                 (unsigned long long)ns);
}

static void test_one_second_accurate(void **state)
{
    (void)state;
    for_each_khz(check_one_second);
}

static void check_long_spans(uint64_t khz)
{
    struct time_scale s = time_scale_from_khz(khz);
    static const uint64_t seconds[] = {
        1, 10 * SECONDS_PER_HOUR, SECONDS_PER_YEAR, 100 * SECONDS_PER_YEAR};

    for (size_t i = 0; i < sizeof(seconds) / sizeof(seconds[0]); i++) {
        uint64_t cycles = seconds[i] * khz * 1000;

        assert_close(scale_delta(cycles, &s), exact_ns(cycles, khz));
    }
}

static void test_long_spans_no_overflow(void **state)
{
    (void)state;
    for_each_khz(check_long_spans);
}

static void test_random_deltas(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(sample_khz) / sizeof(sample_khz[0]); i++) {
        struct time_scale s = time_scale_from_khz(sample_khz[i]);

        for (int n = 0; n < 10000; n++) {
            /* Up to 2^50 cycles: days at 5 GHz, decades at 1 MHz. */
            uint64_t cycles = rng() >> (14 + rng() % 50);

            assert_close(scale_delta(cycles, &s),
                         exact_ns(cycles, sample_khz[i]));
        }
    }
}

/* ns_to_cycles gives the fewest cycles that reach ns. */
static void check_inverse(const struct time_scale *s, uint64_t ns)
{
    uint64_t c = ns_to_cycles(ns, s);

    if (scale_delta(c, s) < ns)
        fail_msg("ns_to_cycles(%llu) = %llu cycles reach only %llu ns",
                 (unsigned long long)ns, (unsigned long long)c,
                 (unsigned long long)scale_delta(c, s));
    if (c && scale_delta(c - 1, s) >= ns)
        fail_msg("ns_to_cycles(%llu) = %llu is not the fewest",
                 (unsigned long long)ns, (unsigned long long)c);
}

static void test_ns_to_cycles_inverse(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(sample_khz) / sizeof(sample_khz[0]); i++) {
        struct time_scale s = time_scale_from_khz(sample_khz[i]);
        uint64_t slack;

        check_inverse(&s, 0);
        check_inverse(&s, 1);
        check_inverse(&s, NS_PER_MS);
        check_inverse(&s, 10 * SECONDS_PER_HOUR * NS_PER_SEC);
        for (int n = 0; n < 10000; n++)
            check_inverse(&s, rng() >> (14 + rng() % 50));
        /* 1 ms is khz cycles, give or take the scale's rounding and,
         * with a negative shift, the 2^-shift cycles it cannot tell
         * apart. */
        slack = s.shift < 0 ? 1ULL << -s.shift : 1;
        assert_true(ns_to_cycles(NS_PER_MS, &s) >= sample_khz[i] - slack);
        assert_true(ns_to_cycles(NS_PER_MS, &s) <= sample_khz[i] + slack);
    }
}

static void test_ns_to_cycles_saturates(void **state)
{
    struct time_scale slow = time_scale_from_khz(KHZ_MIN);
    struct time_scale fast = time_scale_from_khz(KHZ_MAX);

    (void)state;
    assert_true(ns_to_cycles(UINT64_MAX, &slow) < UINT64_MAX);
    assert_int_equal(ns_to_cycles(UINT64_MAX, &fast), UINT64_MAX);
    assert_int_equal(ns_to_cycles(UINT64_MAX / 2, &fast), UINT64_MAX);
}

static void test_zero_khz_panics(void **state)
{
    (void)state;
    EXPECT_PANIC(time_scale_from_khz(0), "assertion");
}

static void test_now_ns_follows_cycles(void **state)
{
    (void)state;
    fake_cycles_khz = 2500000; /* 2.5 GHz */
    fake_cycles = 123456789;
    time_init();
    assert_int_equal(now_ns(), 0);
    assert_int_equal(time_reference()->cycles, 123456789);
    fake_cycles += 2500000000ULL;
    assert_in_range(now_ns(), NS_PER_SEC - 1, NS_PER_SEC + 1);
    fake_cycles += 25; /* 10 ns */
    assert_in_range(now_ns(), NS_PER_SEC + 9, NS_PER_SEC + 11);
    /* A deadline converts back to the cycle count that reaches it. */
    assert_in_range(system_time_to_cycles(NS_PER_SEC),
                    123456789 + 2500000000ULL - 2,
                    123456789 + 2500000000ULL + 2);
    assert_int_equal(system_time_to_cycles(0), 123456789);
    assert_int_equal(system_time_to_cycles(UINT64_MAX), UINT64_MAX);
}

static void test_system_time_never_zero_cycles(void **state)
{
    (void)state;
    /* 0 disarms the hardware timer: a deadline must never become 0. */
    fake_cycles_khz = 1000000;
    fake_cycles = 0;
    time_init();
    assert_int_equal(system_time_to_cycles(0), 1);
    assert_int_equal(system_time_to_cycles(5), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scale_is_normalised),
        cmocka_unit_test(test_one_second_accurate),
        cmocka_unit_test(test_long_spans_no_overflow),
        cmocka_unit_test(test_random_deltas),
        cmocka_unit_test(test_ns_to_cycles_inverse),
        cmocka_unit_test(test_ns_to_cycles_saturates),
        cmocka_unit_test(test_zero_khz_panics),
        cmocka_unit_test(test_now_ns_follows_cycles),
        cmocka_unit_test(test_system_time_never_zero_cycles),
    };

    return cmocka_run_group_tests_name("time", tests, NULL, NULL);
}

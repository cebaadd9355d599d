/*
 * guest-lib's PV clock (guest-lib/pvclock.c): the 64x32-bit scale from
 * TSC ticks to ns, with positive and negative shifts, checked against
 * exact 128-bit arithmetic for TSCs from 1 MHz to 5 GHz; the version
 * seqlock retrying when the hypervisor updates the clock mid-read; and
 * the wall clock.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <parasol/pvclock.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

#define KHZ_PER_GHZ 1000000ULL
#define NS_PER_MS 1000000ULL
#define FRAC_BITS 32
#define SECONDS_PER_YEAR (365ULL * 24 * 3600)

static const uint64_t sample_khz[] = {
    1000,    1193,    3580,    14318,   100000,  999999,  1000000, 1000001,
    1193182, 2000000, 2494300, 2999999, 3579545, 4194304, 4999999, 5000000,
};
#define NR_SAMPLES (sizeof(sample_khz) / sizeof(sample_khz[0]))

/*
 * A scale as a hypervisor publishes it: mul in [2^31, 2^32), the 32.32
 * fraction of ns per tick after the tick count is shifted by shift.
 */
static void make_scale(uint64_t khz, uint32_t *mul, int8_t *shift)
{
    const u128 one = (u128)1 << FRAC_BITS;
    int s = 0;
    u128 m = ((u128)NS_PER_MS << FRAC_BITS) / khz;

    while (m >= one) {
        s++;
        m = ((u128)NS_PER_MS << FRAC_BITS) / ((u128)khz << s);
    }
    while (m < one / 2) {
        s--;
        m = ((u128)NS_PER_MS << (FRAC_BITS - s)) / khz;
    }
    *mul = (uint32_t)m;
    *shift = (int8_t)s;
}

static uint64_t exact_ns(uint64_t ticks, uint64_t khz)
{
    return (uint64_t)((u128)ticks * NS_PER_MS / khz);
}

/* Within a relative error of 2^-30, plus the ticks a right shift
 * drops (each under 1 ns at these rates) and rounding. */
static void assert_close(uint64_t got, uint64_t want, int8_t shift)
{
    uint64_t err = got > want ? got - want : want - got;
    uint64_t slack = (want >> 30) + 2 + (shift < 0 ? 1ULL << -shift : 0);

    if (err > slack)
        fail_msg("got %llu ns, want %llu", (unsigned long long)got,
                 (unsigned long long)want);
}

static void test_scale_exact_values(void **state)
{
    (void)state;
    /* mul 2^31 is 0.5: shift 1 gives 1 ns per tick, shift -1 0.25. */
    assert_int_equal(pvclock_scale_delta(1000, 1U << 31, 1), 1000);
    assert_int_equal(pvclock_scale_delta(1000, 1U << 31, 0), 500);
    assert_int_equal(pvclock_scale_delta(1000, 1U << 31, -1), 250);
    assert_int_equal(pvclock_scale_delta(1000, 1U << 31, -3), 62);
    assert_int_equal(pvclock_scale_delta(0, UINT32_MAX, 5), 0);
    /* The product needs more than 64 bits before the final shift. */
    assert_int_equal(pvclock_scale_delta(1ULL << 40, 1U << 31, 0), 1ULL << 39);
    assert_int_equal(pvclock_scale_delta(UINT64_MAX, UINT32_MAX, 0),
                     (uint64_t)(((u128)UINT64_MAX * UINT32_MAX) >> 32));
}

static void test_scale_matches_frequency(void **state)
{
    (void)state;
    for (size_t i = 0; i < NR_SAMPLES; i++) {
        uint32_t mul;
        int8_t shift;
        uint64_t khz = sample_khz[i];

        make_scale(khz, &mul, &shift);
        assert_true(mul >= 1U << 31); /* the scale is normalised */
        /* One second, one hour, ten years of ticks. */
        assert_close(pvclock_scale_delta(khz * 1000, mul, shift),
                     exact_ns(khz * 1000, khz), shift);
        assert_close(pvclock_scale_delta(khz * 1000 * 3600, mul, shift),
                     exact_ns(khz * 1000 * 3600, khz), shift);
        assert_close(
            pvclock_scale_delta(khz * 1000 * 10 * SECONDS_PER_YEAR, mul, shift),
            exact_ns(khz * 1000 * 10 * SECONDS_PER_YEAR, khz), shift);
    }
}

static void test_scale_shift_direction(void **state)
{
    uint32_t mul;
    int8_t shift;

    (void)state;
    /* A slow counter (1 MHz: 1000 ns per tick) shifts left ... */
    make_scale(1000, &mul, &shift);
    assert_true(shift > 0);
    assert_int_equal(pvclock_scale_delta(1, mul, shift), 1000);
    /* ... a fast one (5 GHz: 0.2 ns per tick) right. */
    make_scale(5 * KHZ_PER_GHZ, &mul, &shift);
    assert_true(shift < 0);
    assert_close(pvclock_scale_delta(5000000000ULL, mul, shift), 1000000000ULL,
                 shift);
}

static void test_ns_adds_system_time(void **state)
{
    vcpu_time_info_t t = {
        .tsc_timestamp = 1000000,
        .system_time = 5000000000ULL,
        .tsc_to_system_mul = 1U << 31,
        .tsc_shift = 1, /* 1 ns per tick */
    };

    (void)state;
    assert_int_equal(pvclock_ns(&t, 1000000), 5000000000ULL);
    assert_int_equal(pvclock_ns(&t, 1000123), 5000000123ULL);
    /* A TSC behind the timestamp counts as no time, not as 2^64. */
    assert_int_equal(pvclock_ns(&t, 999999), 5000000000ULL);
}

/* The clock a fake hypervisor updates while the guest reads it. */
static vcpu_time_info_t live;
static int tsc_reads;
static int updates_left;

static void publish(uint64_t system_time)
{
    live.tsc_timestamp = 2000;
    live.system_time = system_time;
    live.tsc_to_system_mul = 1U << 31;
    live.tsc_shift = 1;
}

/* Reads the TSC; the first reads race with an update of the clock. */
static uint64_t racing_tsc(void)
{
    tsc_reads++;
    if (updates_left > 0) {
        updates_left--;
        live.version++; /* odd: in progress */
        publish(live.system_time + 1000000);
        if (updates_left == 0)
            live.version++; /* even again: done */
    }
    return 2500;
}

static void test_read_retries_on_update(void **state)
{
    (void)state;
    memset(&live, 0, sizeof(live));
    live.version = 2;
    publish(7000000);
    tsc_reads = 0;
    updates_left = 1;
    /* The first copy is stale (version moved from 2 to 4): retried. */
    assert_int_equal(pvclock_read_ns(&live, racing_tsc), 8000000 + 500);
    assert_int_equal(tsc_reads, 2);
    assert_int_equal(live.version, 4);
}

static void test_read_waits_for_even_version(void **state)
{
    (void)state;
    memset(&live, 0, sizeof(live));
    live.version = 5; /* an update is under way when we start */
    publish(1000);
    tsc_reads = 0;
    updates_left = 2; /* and two more race with our first reads */
    assert_int_equal(pvclock_read_ns(&live, racing_tsc), 2001000 + 500);
    assert_int_equal(tsc_reads, 3);
    assert_int_equal(live.version % 2, 0);
}

static void test_wallclock(void **state)
{
    shared_info_t *s = calloc(1, sizeof(*s));
    struct pvclock_wallclock base, now;

    (void)state;
    s->wc_version = 2;
    s->wc_sec = 0x89abcdef;
    s->wc_sec_hi = 0x1;
    s->wc_nsec = 999999999;
    pvclock_read_wallclock(s, &base);
    assert_int_equal(base.sec, 0x189abcdefULL);
    assert_int_equal(base.nsec, 999999999);
    /* 2 ns later the second has turned. */
    pvclock_wallclock_add(&base, 2, &now);
    assert_int_equal(now.sec, 0x189abcdf0ULL);
    assert_int_equal(now.nsec, 1);
    /* An hour and a half second of system time. */
    pvclock_wallclock_add(&base, 3600 * NSEC_PER_SEC + 500000000, &now);
    assert_int_equal(now.sec, 0x189abcdefULL + 3601);
    assert_int_equal(now.nsec, 499999999);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scale_exact_values),
        cmocka_unit_test(test_scale_matches_frequency),
        cmocka_unit_test(test_scale_shift_direction),
        cmocka_unit_test(test_ns_adds_system_time),
        cmocka_unit_test(test_read_retries_on_update),
        cmocka_unit_test(test_read_waits_for_even_version),
        cmocka_unit_test(test_wallclock),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

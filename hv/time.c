/*
 * System time (hv/time.h): the conversions between cycles and
 * nanoseconds, and the clock itself.
 *
 * The scale is a 32-bit multiplier with a power-of-two shift, normalised
 * so that mul has its top bit set and keeps 32 significant bits: the
 * relative error of a conversion is below 2^-31 (0.0005 ppm).
 */
#include <hv/arch.h>
#include <hv/lib.h>
#include <hv/panic.h>
#include <hv/time.h>

#define KHZ_TO_NS_PER_CYCLE 1000000ULL /* ns per cycle = this / kHz */
#define SCALE_RATIO_LIMIT (1ULL << 31)

static struct time_reference reference;

/* The scale for multiplying by num/den, both below 2^31. */
static struct time_scale scale_from_ratio(uint64_t num, uint64_t den)
{
    uint64_t mul;
    int shift = 0;

    /* Bring num/den into [1/2, 1), counting the factors of two in shift:
     * then num < den < 2^32, so (num << 32) / den fits 32 bits and keeps
     * 32 significant ones. */
    while (num >= den) {
        den <<= 1;
        shift++;
    }
    while ((num << 1) < den) {
        num <<= 1;
        shift--;
    }
    /* Rounded to nearest, so conversions err both ways, not always
     * slow; a ratio within 2^-33 of 1 rounds to 2^32, which must stay
     * in 32 bits. */
    mul = ((num << 32) + den / 2) / den;
    return (struct time_scale){
        .mul = (uint32_t)MIN(mul, UINT32_MAX),
        .shift = (int8_t)shift,
    };
}

struct time_scale time_scale_from_khz(uint64_t khz)
{
    ASSERT(khz > 0 && khz < SCALE_RATIO_LIMIT);
    return scale_from_ratio(KHZ_TO_NS_PER_CYCLE, khz);
}

/* (a * mul) >> 32 from two 32x32 products, as a 96-bit product would
 * give it; the result fits 64 bits whenever a fits 64 - 32 + 32. */
static uint64_t mul_frac32(uint64_t a, uint32_t mul)
{
    uint64_t lo = (a & UINT32_MAX) * mul;
    uint64_t hi = (a >> 32) * mul;

    return hi + (lo >> 32);
}

uint64_t scale_delta(uint64_t delta, const struct time_scale *s)
{
    if (s->shift < 0)
        delta >>= -s->shift;
    else
        delta <<= s->shift;
    return mul_frac32(delta, s->mul);
}

/* ceil(a * 2^32 / mul), or UINT64_MAX if that does not fit. */
static uint64_t div_frac32_ceil(uint64_t a, uint32_t mul)
{
    uint64_t q_hi = a / mul;
    uint64_t rem = a % mul;
    uint64_t q_lo = ((rem << 32) + mul - 1) / mul;

    if (q_hi > UINT32_MAX || (q_hi << 32) > UINT64_MAX - q_lo)
        return UINT64_MAX;
    return (q_hi << 32) + q_lo;
}

uint64_t ns_to_cycles(uint64_t ns, const struct time_scale *s)
{
    /* scale_delta(c) >= ns exactly when (c shifted) * mul >= ns << 32,
     * that is when c shifted >= q: undo the shift rounding up. */
    uint64_t q = div_frac32_ceil(ns, s->mul);

    if (s->shift >= 0)
        return (q >> s->shift) + ((q & ((1ULL << s->shift) - 1)) != 0);
    if (q > UINT64_MAX >> -s->shift)
        return UINT64_MAX;
    return q << -s->shift;
}

void time_init(void)
{
    reference.scale = time_scale_from_khz(arch_cycles_khz());
    reference.cycles = arch_cycles();
}

const struct time_reference *time_reference(void)
{
    return &reference;
}

uint64_t now_ns(void)
{
    return scale_delta(arch_cycles() - reference.cycles, &reference.scale);
}

uint64_t system_time_to_cycles(uint64_t ns)
{
    uint64_t delta = ns_to_cycles(ns, &reference.scale);
    uint64_t cycles;

    if (delta > UINT64_MAX - reference.cycles)
        return UINT64_MAX;
    cycles = reference.cycles + delta;
    return cycles ? cycles : 1;
}

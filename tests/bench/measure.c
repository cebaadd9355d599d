/*
 * Sampling one figure: warm up, time BENCH_SAMPLES runs of BENCH_OPS
 * operations each between two serialized TSC reads, and keep the
 * median, the smallest and the largest per-operation cost.
 *
 * The median, not the mean: a sample that a timer interrupt, a QEMU
 * translation or a host preemption lands in is an outlier on one side
 * only, and would drag a mean up with it. min and max are kept to show
 * how wide the spread was.
 */
#include "bench.h"

/* Insertion sort: BENCH_SAMPLES values, so no need for better. */
static void sort_samples(uint64_t *v, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++) {
        uint64_t x = v[i];
        unsigned int j = i;

        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* One sample: ticks per operation, times BENCH_FIXED_SCALE. */
static int take_sample(const struct bench_figure *f, uint64_t *per_op)
{
    uint64_t start, end;
    int rc;

    start = bench_tsc();
    rc = f->run(BENCH_OPS);
    end = bench_tsc();
    *per_op = (end - start) * BENCH_FIXED_SCALE / BENCH_OPS;
    return rc;
}

int bench_measure(const struct bench_figure *f, struct bench_result *res)
{
    uint64_t samples[BENCH_SAMPLES];
    int rc;

    /* Through take_sample too: the first sample would otherwise pay for
     * QEMU translating its code after the first TSC read. */
    for (unsigned int i = 0; i < BENCH_WARMUP_SAMPLES; i++) {
        rc = take_sample(f, &samples[0]);
        if (rc < 0)
            return rc;
    }
    for (unsigned int i = 0; i < BENCH_SAMPLES; i++) {
        rc = take_sample(f, &samples[i]);
        if (rc < 0)
            return rc;
    }
    sort_samples(samples, BENCH_SAMPLES);
    res->min = samples[0];
    res->median = samples[BENCH_SAMPLES / 2];
    res->max = samples[BENCH_SAMPLES - 1];
    return 0;
}

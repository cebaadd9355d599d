/*
 * The bench guest's shared definitions: how a figure is described, how
 * many samples and operations each measurement takes, the serialized
 * TSC read every sample starts and ends with, and the results in the
 * fixed-point unit the guest prints (hundredths of a TSC tick per
 * operation, since guests have no floating point and some figures are
 * around one tick).
 *
 * measure.c samples a figure and reduces the samples to median, min
 * and max; figures.c holds the operations measured; bench.c runs them
 * all and prints the results. docs/benchmarks.md explains the method.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

/* Samples per figure: odd, so that the median is one of them; at
 * least 11, and more make the median steadier against a timer
 * interrupt landing in a sample. */
#define BENCH_SAMPLES 21
/* Operations timed in one sample: enough that the two TSC reads around
 * a sample cost under a hundredth of its time per operation. */
#define BENCH_OPS 1000
/* Unmeasured samples first: QEMU translates each code block the first
 * time it runs, and caches and TLBs fill, on either accelerator. */
#define BENCH_WARMUP_SAMPLES 2
/* Results are kept in hundredths of a tick per operation. */
#define BENCH_FIXED_SCALE 100

_Static_assert(BENCH_SAMPLES % 2 == 1, "the median must be a sample");
_Static_assert(BENCH_SAMPLES >= 11, "at least 11 samples");

/*
 * The TSC, serialized on both sides: the first lfence waits until
 * every earlier instruction has completed (so the end of a sample
 * counts all of its operations), the second keeps any later
 * instruction from starting before the TSC is read (so the start of a
 * sample counts none of them). guest-lib's rdtsc_ordered() has only
 * the first lfence, which suits reading a clock but not timing code.
 * lfence orders rdtsc on Intel CPUs, and on AMD ones where lfence is
 * dispatch-serializing (Linux and Xen set MSR C001_1029 bit 1 for it
 * on older parts; Parasol does not yet). Under TCG both fences are
 * no-ops around an rdtsc that QEMU runs in program order anyway.
 */
static inline uint64_t bench_tsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}

/*
 * One figure. setup runs once before measuring and returns 0, or a
 * negative error (-XEN_Exxx) when the figure cannot be measured here;
 * it may be NULL. run performs ops operations and returns 0, or the
 * first error an operation gave, so that a broken operation is
 * reported, not timed.
 */
struct bench_figure {
    const char *name; /* machine-readable, as in bench.json */
    const char *what; /* one line for the table */
    int (*setup)(void);
    int (*run)(unsigned long ops);
};

/* Per operation, in ticks times BENCH_FIXED_SCALE, over the samples. */
struct bench_result {
    uint64_t median, min, max;
};

/* The figures, in the order they are measured (figures.c). */
extern const struct bench_figure bench_figures[];
extern const unsigned int bench_nr_figures;
/* Room bench.c keeps for results; figures.c checks it is enough. */
#define BENCH_MAX_FIGURES 16

/*
 * Runs the warm-up, then BENCH_SAMPLES samples of BENCH_OPS operations
 * of f, each timed with bench_tsc(). Returns 0, or the error f->run
 * gave (the result is then meaningless).
 */
int bench_measure(const struct bench_figure *f, struct bench_result *res);

/* The unit the guest prints for TSC ticks; the runner knows what a
 * tick is on each run (docs/benchmarks.md, "The clock"). */
#define BENCH_UNIT_TICKS "cycles"

/*
 * Prints one figure's machine-readable line: its values in hundredths,
 * the samples and operations per sample it took, and its unit (TSC
 * ticks, or one of its own: "ns", "domains/s", "guests", "KiB").
 */
void bench_print(const char *name, const struct bench_result *r, int samples,
                 int ops, const char *unit);

/*
 * The figures that need other domains (domains.c), built from the
 * ramdisk dom0 was given. Prints each figure's line, or why it is
 * unavailable; returns how many could not be measured for an error.
 */
int bench_domains(void);

#endif

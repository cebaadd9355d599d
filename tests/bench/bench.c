/*
 * bench: the guest `make bench` boots as dom0. It measures each figure
 * of figures.c (measure.c says how), prints one machine-readable line
 * per figure as soon as it has it, then a table of all of them, and
 * powers off; before it does, the many-domain figures of domains.c,
 * with the domUs of its ramdisk. tests/bench/run_bench.py reads the
 * lines; a person reads the table.
 *
 *   bench: begin samples=21 ops=1000 warmup=2
 *   bench: tsc_khz=2600000
 *   bench: null_hypercall median=812.40 min=790.12 max=1502.33
 *          samples=21 ops=1000 unit=cycles            (one line)
 *   bench: mmu_update error=-22                       (could not measure)
 *   bench: guests_in_1gib median=255.00 min=255.00 max=255.00
 *          samples=1 ops=1 unit=guests                (a unit of its own)
 *   bench: domain_switch unavailable: why             (not here, no error)
 *   bench: end errors=0
 *
 * Values are TSC ticks per operation, to two decimals, unless the line
 * names another unit (ns, domains/s, guests, KiB). "cycles" is what
 * the guest reads; the runner knows when that is really a count of
 * instructions (QEMU's -icount) and labels it so. A figure that cannot
 * be measured prints an error and makes main return 1, so the domain
 * crashes and the runner reports a failed run: there is no verdict on
 * speed.
 */
#include "bench.h"
#include <parasol/guest.h>

/* Enough for the largest fixed-point value, "18446744073709551.61". */
#define FIXED_TEXT_LEN 24
/* The ticks whose duration in ns gives the TSC frequency: 10^9 keep
 * the kHz exact to six digits. kHz = ticks / (ns / 10^9) / 1000. */
#define TSC_PROBE_TICKS UINT64_C(1000000000)
#define HZ_PER_KHZ 1000
#define KHZ_TIMES_NS (TSC_PROBE_TICKS * (NSEC_PER_SEC / HZ_PER_KHZ))

static struct bench_result results[BENCH_MAX_FIGURES];
static int errors_seen[BENCH_MAX_FIGURES];

/* A fixed-point value (hundredths) as text: "812.40". */
static const char *fixed_text(char buf[FIXED_TEXT_LEN], uint64_t v)
{
    snprintf(buf, FIXED_TEXT_LEN, "%lu.%02lu", v / BENCH_FIXED_SCALE,
             v % BENCH_FIXED_SCALE);
    return buf;
}

/*
 * The TSC frequency the hypervisor publishes in our PV clock: the ns
 * that TSC_PROBE_TICKS ticks last, inverted. It lets a reader turn
 * ticks into time; under TCG with -icount it is the virtual TSC's.
 */
static uint64_t tsc_khz(void)
{
    const volatile vcpu_time_info_t *t = &guest_vcpu_info()->time;
    uint64_t ns = pvclock_scale_delta(TSC_PROBE_TICKS, t->tsc_to_system_mul,
                                      t->tsc_shift);

    return ns ? KHZ_TIMES_NS / ns : 0;
}

void bench_print(const char *name, const struct bench_result *r, int samples,
                 int ops, const char *unit)
{
    char med[FIXED_TEXT_LEN], min[FIXED_TEXT_LEN], max[FIXED_TEXT_LEN];

    printf("bench: %s median=%s min=%s max=%s samples=%d ops=%d unit=%s\n",
           name, fixed_text(med, r->median), fixed_text(min, r->min),
           fixed_text(max, r->max), samples, ops, unit);
}

/* Measures figure i; returns 0 or the error that stopped it. */
static int run_figure(unsigned int i)
{
    const struct bench_figure *f = &bench_figures[i];
    int rc = f->setup ? f->setup() : 0;

    if (rc == 0)
        rc = bench_measure(f, &results[i]);
    if (rc < 0)
        printf("bench: %s error=%d\n", f->name, rc);
    else
        bench_print(f->name, &results[i], BENCH_SAMPLES, BENCH_OPS,
                    BENCH_UNIT_TICKS);
    return rc;
}

static void print_table(void)
{
    char med[FIXED_TEXT_LEN], min[FIXED_TEXT_LEN], max[FIXED_TEXT_LEN];

    printf("\n%-16s %10s %10s %10s  %s\n", "figure", "median", "min", "max",
           "what (TSC ticks per operation)");
    for (unsigned int i = 0; i < bench_nr_figures; i++) {
        const struct bench_figure *f = &bench_figures[i];
        const struct bench_result *r = &results[i];

        if (errors_seen[i]) {
            printf("%-16s %10s %10s %10s  %s\n", f->name, "error", "-", "-",
                   f->what);
            continue;
        }
        printf("%-16s %10s %10s %10s  %s\n", f->name,
               fixed_text(med, r->median), fixed_text(min, r->min),
               fixed_text(max, r->max), f->what);
    }
    printf("\n");
}

int main(void)
{
    int errors = 0;

    printf("bench: begin samples=%d ops=%d warmup=%d\n", BENCH_SAMPLES,
           BENCH_OPS, BENCH_WARMUP_SAMPLES);
    printf("bench: tsc_khz=%lu\n", tsc_khz());
    for (unsigned int i = 0; i < bench_nr_figures; i++) {
        errors_seen[i] = run_figure(i) < 0;
        errors += errors_seen[i];
    }
    print_table();
    errors += bench_domains();
    printf("bench: end errors=%d\n", errors);
    return errors ? 1 : 0;
}

/*
 * Boot self-tests (selftest=NAME). They exercise what only a running
 * machine can show: that faults are reported with names, that time
 * advances and timer interrupts arrive, and that the hypervisor can end
 * the machine with a status of its choosing.
 */
#include <hv/arch.h>
#include <hv/lib.h>
#include <hv/panic.h>
#include <hv/printk.h>
#include <hv/selftest.h>
#include <hv/time.h>
#include <hv/timer.h>

/* An address no page table maps: the low canonical half below 4 KiB. */
#define UNMAPPED_ADDRESS 0x8
#define STACK_OVERFLOW_FRAME 256

/* The backtrace of selftest=fault must name this function. */
__attribute__((noinline)) void selftest_fault_target(void);
__attribute__((noinline)) void selftest_fault_target(void)
{
    /* Through a volatile, so the compiler cannot see the address. */
    static volatile uintptr_t address = UNMAPPED_ADDRESS;
    volatile uint64_t *p = (volatile uint64_t *)address;

    pr_info("selftest: reading unmapped address %#018lx\n", (unsigned long)p);
    (void)*p;
    __asm__ volatile("" ::: "memory"); /* keep the frame for the trace */
}

static void selftest_fault(void)
{
    selftest_fault_target();
    pr_err("selftest: the fault did not happen\n");
    arch_machine_exit(HV_EXIT_TEST_FAILED);
}

/* Each level keeps a frame and a buffer alive until the stack runs into
 * its guard page; the resulting double fault must be reported. */
__attribute__((noinline)) static unsigned overflow_stack(unsigned depth)
{
    volatile char pad[STACK_OVERFLOW_FRAME];

    pad[0] = (char)depth;
    if (depth == UINT32_MAX) /* never: hides the recursion from -Werror */
        return pad[0];
    return overflow_stack(depth + 1) + pad[0];
}

static void selftest_stack_overflow(void)
{
    pr_info("selftest: overflowing the stack\n");
    overflow_stack(0);
    pr_err("selftest: the stack did not overflow\n");
    arch_machine_exit(HV_EXIT_TEST_FAILED);
}

static void selftest_exit(void)
{
    pr_info("selftest: exiting with status %d\n", HV_EXIT_SUCCESS);
    arch_machine_exit(HV_EXIT_SUCCESS);
}

/* selftest=timer: timers set out of order must fire in expiry order,
 * never early, and, even under TCG, without huge delay. */
#define TIMER_PROBES 3
#define MONOTONIC_READS 1000
#define TIMER_LATE_BOUND_NS (2 * NS_PER_SEC)

static struct timer_probe {
    uint64_t delay_ms; /* set in this (shuffled) order */
    struct timer timer;
    uint64_t expires;
    uint64_t fired_at;
    unsigned rank; /* position in firing order, from 1; 0: not fired */
} timer_probes[TIMER_PROBES] = {
    {.delay_ms = 10}, {.delay_ms = 20}, {.delay_ms = 5}};
static unsigned timer_probes_fired;

static void timer_probe_fired(struct timer *t, void *data)
{
    struct timer_probe *p = data;

    (void)t;
    p->fired_at = now_ns();
    p->rank = ++timer_probes_fired;
}

static bool now_ns_is_monotonic(void)
{
    uint64_t first = now_ns(), prev = first;

    for (unsigned i = 0; i < MONOTONIC_READS; i++) {
        uint64_t t = now_ns();

        if (t < prev)
            return false;
        prev = t;
    }
    return prev > first;
}

/* Set the probes and sleep until all fired. Checking with interrupts
 * off, then sleeping with sti;hlt, loses no wake-up. */
static void timer_probes_run(uint64_t start)
{
    unsigned long flags;

    for (unsigned i = 0; i < TIMER_PROBES; i++) {
        struct timer_probe *p = &timer_probes[i];

        timer_init(&p->timer, timer_probe_fired, p);
        p->expires = start + p->delay_ms * NS_PER_MS;
        timer_set(&p->timer, p->expires);
    }
    flags = arch_irq_save();
    while (timer_probes_fired < TIMER_PROBES) {
        arch_wait_for_interrupt();
        arch_irq_save();
    }
    arch_irq_restore(flags);
}

/* The expected rank of a probe: 1 + how many expire before it. */
static unsigned timer_probe_expected_rank(const struct timer_probe *p)
{
    unsigned rank = 1;

    for (unsigned i = 0; i < TIMER_PROBES; i++)
        rank += timer_probes[i].expires < p->expires;
    return rank;
}

static const char *timer_probes_check(uint64_t start)
{
    for (unsigned i = 0; i < TIMER_PROBES; i++) {
        const struct timer_probe *p = &timer_probes[i];

        if (p->rank != timer_probe_expected_rank(p))
            return "fired out of expiry order";
        if (p->fired_at < p->expires)
            return "fired early";
        if (p->fired_at - start > TIMER_LATE_BOUND_NS)
            return "fired more than 2 s late";
    }
    return NULL;
}

static void selftest_timer(void)
{
    bool monotonic = now_ns_is_monotonic();
    unsigned long irqs = timer_softirq_count();
    uint64_t start = now_ns();
    const char *failure;

    timer_probes_run(start);
    irqs = timer_softirq_count() - irqs;
    failure = monotonic ? timer_probes_check(start) : "now_ns() not monotonic";
    if (!failure && !irqs)
        failure = "no timer interrupt";
    pr_info("selftest: timer %s%s%s: timers at 10/20/5 ms fired at "
            "+%lu/+%lu/+%lu us, in order %u/%u/%u, %lu timer interrupts, "
            "now_ns %lu ns\n",
            failure ? "FAIL (" : "PASS", failure ? failure : "",
            failure ? ")" : "", (timer_probes[0].fired_at - start) / NS_PER_US,
            (timer_probes[1].fired_at - start) / NS_PER_US,
            (timer_probes[2].fired_at - start) / NS_PER_US,
            timer_probes[0].rank, timer_probes[1].rank, timer_probes[2].rank,
            irqs, now_ns());
    arch_machine_exit(failure ? HV_EXIT_TEST_FAILED : HV_EXIT_SUCCESS);
}

static const struct {
    const char *name;
    void (*run)(void);
} selftests[] = {
    {"fault", selftest_fault},
    {"exit", selftest_exit},
    {"stack-overflow", selftest_stack_overflow},
    {"timer", selftest_timer},
};

void selftest_run(const char *name)
{
    if (!name[0])
        return;
    for (size_t i = 0; i < ARRAY_SIZE(selftests); i++) {
        if (!strcmp(name, selftests[i].name)) {
            pr_info("selftest: %s\n", name);
            selftests[i].run();
            return;
        }
    }
    pr_warn("selftest: no test named '%s'\n", name);
}

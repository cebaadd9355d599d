/*
 * spinner: a demo guest that burns CPU forever, a loop of arithmetic
 * that never blocks, to show that the scheduler shares the CPU: a
 * counter next to it keeps ticking, dom0's shell stays responsive.
 *
 * It prints one line when it starts and one every few seconds of its
 * own CPU time (the running time of its runstate, which grows only
 * while it is on a CPU): "spinner: N s of CPU".
 *
 * Command line: "spinner" spins forever; "spinner seconds=N" powers off
 * after N seconds of CPU time (the boot tests; on Xen, where a domU's
 * output is dropped, its shutdown shows it ran).
 */
#include "demo_args.h"

#include <parasol/guest.h>

#define REPORT_EVERY_S 5
/* Arithmetic between two looks at the clock: short enough that the
 * look is frequent, long enough that it costs little. */
#define SPINS_PER_LOOK 100000

/* CPU time this vCPU has run, in ns. */
static uint64_t cpu_time_ns(void)
{
    struct vcpu_runstate_info info;

    if (HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, guest_vcpu_id(), &info))
        return 0;
    return info.time[RUNSTATE_running];
}

/* Work the compiler cannot drop: a linear congruential step. */
static uint64_t spin(uint64_t x)
{
    for (unsigned int i = 0; i < SPINS_PER_LOOK; i++)
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return x;
}

int main(void)
{
    uint64_t limit_s = UINT64_MAX, reported_s = 0, x = 1;
    volatile uint64_t sink;

    demo_arg_u64(guest_cmdline(), "seconds", &limit_s);
    printf("spinner: spinning\n");
    for (;;) {
        uint64_t cpu_s = cpu_time_ns() / NSEC_PER_SEC;

        if (cpu_s >= reported_s + REPORT_EVERY_S) {
            reported_s = cpu_s - cpu_s % REPORT_EVERY_S;
            printf("spinner: %lu s of CPU\n", (unsigned long)reported_s);
        }
        if (cpu_s >= limit_s)
            break;
        x = spin(x);
    }
    sink = x;
    (void)sink;
    printf("spinner: done after %lu s of CPU\n", (unsigned long)limit_s);
    return 0;
}

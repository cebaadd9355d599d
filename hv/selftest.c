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

/* An address no page table maps: the low canonical half below 4 KiB. */
#define UNMAPPED_ADDRESS 0x8

/* The backtrace of selftest=fault must name this function. */
__attribute__((noinline)) void selftest_fault_target(void);
__attribute__((noinline)) void selftest_fault_target(void)
{
    /* Through a volatile, so the compiler cannot see the address. */
    static volatile uintptr_t address = UNMAPPED_ADDRESS;
    volatile uint64_t *p = (volatile uint64_t *)address;

    pr_info("selftest: reading unmapped address %p\n", (void *)p);
    (void)*p;
    __asm__ volatile("" ::: "memory"); /* keep the frame for the trace */
}

static void selftest_fault(void)
{
    selftest_fault_target();
    pr_err("selftest: the fault did not happen\n");
    arch_machine_exit(HV_EXIT_TEST_FAILED);
}

static void selftest_exit(void)
{
    pr_info("selftest: exiting with status %d\n", HV_EXIT_SUCCESS);
    arch_machine_exit(HV_EXIT_SUCCESS);
}

static const struct {
    const char *name;
    void (*run)(void);
} selftests[] = {
    {"fault", selftest_fault},
    {"exit", selftest_exit},
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

/*
 * Fatal errors of the hypervisor itself. A guest's misbehaviour never
 * calls these: it gets an errno or domain_crash() (docs/architecture.md,
 * "Error taxonomy").
 */
#ifndef HV_PANIC_H
#define HV_PANIC_H

#include <hv/types.h>

struct cpu_regs;

/* Print the message, a register dump when regs is given, a backtrace,
 * then stop the machine with the panic exit status. */
noreturn void panic(const char *fmt, ...) __printf(1, 2);
noreturn void panic_regs(const struct cpu_regs *regs, const char *fmt, ...)
    __printf(2, 3);

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define ASSERT(cond)                                                           \
    do {                                                                       \
        if (unlikely(!(cond)))                                                 \
            panic("assertion '%s' failed at %s:%d", #cond, __FILE__,           \
                  __LINE__);                                                   \
    } while (0)
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)

/* Exit statuses the hypervisor reports through arch_machine_exit(). */
enum hv_exit_status {
    HV_EXIT_SUCCESS = 0,     /* tests passed / clean poweroff */
    HV_EXIT_TEST_FAILED = 1, /* a self-test found a failure */
    HV_EXIT_PANIC = 2,       /* the hypervisor panicked */
    HV_EXIT_DOM0_DIED = 3,   /* dom0 crashed or shut down abnormally */
};

#endif

/*
 * Hypercall dispatch. The arch entry code collects the five argument
 * registers (rdi, rsi, rdx, r10, r8 on x86_64) into an array and calls
 * hypercall_dispatch(). Each handler is written with HYPERCALL_DEFINE,
 * which names and types its arguments; the handler validates them and
 * returns a value for the guest's rax: >= 0 on success, a negative Xen
 * errno on failure.
 *
 * Handlers live with their subsystem; the table (hypercall.c) names the
 * portable ones with designated initializers, the arch adds its own
 * (ARCH_HYPERCALLS, hv/arch.h), and an empty slot answers -ENOSYS.
 * Calling context: the current vCPU's hypercall, interrupts enabled,
 * its page tables loaded.
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <hv/types.h>

#define HYPERCALL_MAX_ARGS 5
#define NR_HYPERCALLS 64

typedef long (*hypercall_fn_t)(const uint64_t args[HYPERCALL_MAX_ARGS]);

long hypercall_dispatch(unsigned long nr,
                        const uint64_t args[HYPERCALL_MAX_ARGS]);

/*
 * HYPERCALL_DEFINE(name, type1, arg1, ..., typeN, argN), N from 1 to 5,
 * then the body, as of a function long name(type1 arg1, ...):
 *
 *     HYPERCALL_DEFINE(vm_assist, unsigned int, cmd, unsigned int, type)
 *     {
 *         ...
 *     }
 *
 * defines the table's entry do_name(args), which converts register i to
 * the i-th declared type (an integer type truncates it, as the ABI's C
 * prototype does; a guest handle takes it as its address) and calls the
 * body. The body is static inline with one caller, so the compiler folds
 * it into do_name: the typing costs no instruction. A hypercall with no
 * arguments uses HYPERCALL_DEFINE0(name).
 */
#define HYPERCALL_ARG(T, i) ((T){args[i]})

#define HYPERCALL_PARAMS_1(t1, a1) t1 a1
#define HYPERCALL_PARAMS_2(t1, a1, ...) t1 a1, HYPERCALL_PARAMS_1(__VA_ARGS__)
#define HYPERCALL_PARAMS_3(t1, a1, ...) t1 a1, HYPERCALL_PARAMS_2(__VA_ARGS__)
#define HYPERCALL_PARAMS_4(t1, a1, ...) t1 a1, HYPERCALL_PARAMS_3(__VA_ARGS__)
#define HYPERCALL_PARAMS_5(t1, a1, ...) t1 a1, HYPERCALL_PARAMS_4(__VA_ARGS__)

#define HYPERCALL_ARGS_1(t1, a1) HYPERCALL_ARG(t1, 0)
#define HYPERCALL_ARGS_2(t1, a1, t2, a2)                                       \
    HYPERCALL_ARGS_1(t1, a1), HYPERCALL_ARG(t2, 1)
#define HYPERCALL_ARGS_3(t1, a1, t2, a2, t3, a3)                               \
    HYPERCALL_ARGS_2(t1, a1, t2, a2), HYPERCALL_ARG(t3, 2)
#define HYPERCALL_ARGS_4(t1, a1, t2, a2, t3, a3, t4, a4)                       \
    HYPERCALL_ARGS_3(t1, a1, t2, a2, t3, a3), HYPERCALL_ARG(t4, 3)
#define HYPERCALL_ARGS_5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)               \
    HYPERCALL_ARGS_4(t1, a1, t2, a2, t3, a3, t4, a4), HYPERCALL_ARG(t5, 4)

/* The number of (type, name) pairs; an odd count matches nothing. */
#define HYPERCALL_NPAIRS(...)                                                  \
    HYPERCALL_NPAIRS_(__VA_ARGS__, 5, odd, 4, odd, 3, odd, 2, odd, 1, odd)
#define HYPERCALL_NPAIRS_(x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, n, ...) n
#define HYPERCALL_CAT(a, b) HYPERCALL_CAT_(a, b)
#define HYPERCALL_CAT_(a, b) a##b

#define HYPERCALL_DEFINE(name, ...)                                            \
    static inline long name(HYPERCALL_CAT(                                     \
        HYPERCALL_PARAMS_, HYPERCALL_NPAIRS(__VA_ARGS__))(__VA_ARGS__));       \
    long do_##name(const uint64_t args[])                                      \
    {                                                                          \
        return name(HYPERCALL_CAT(                                             \
            HYPERCALL_ARGS_, HYPERCALL_NPAIRS(__VA_ARGS__))(__VA_ARGS__));     \
    }                                                                          \
    static inline long name(HYPERCALL_CAT(                                     \
        HYPERCALL_PARAMS_, HYPERCALL_NPAIRS(__VA_ARGS__))(__VA_ARGS__))

#define HYPERCALL_DEFINE0(name)                                                \
    static inline long name(void);                                             \
    long do_##name(const uint64_t args[])                                      \
    {                                                                          \
        (void)args;                                                            \
        return name();                                                         \
    }                                                                          \
    static inline long name(void)

/* Portable handlers (hv/). */
long do_console_io(const uint64_t args[]);
long do_sched_op(const uint64_t args[]);
long do_xen_version(const uint64_t args[]);
long do_vm_assist(const uint64_t args[]);
long do_memory_op(const uint64_t args[]);
long do_multicall(const uint64_t args[]);
long do_vcpu_op(const uint64_t args[]);
long do_set_timer_op(const uint64_t args[]);
long do_event_channel_op(const uint64_t args[]);
long do_sysctl(const uint64_t args[]);
long do_domctl(const uint64_t args[]);
long do_grant_table_op(const uint64_t args[]);
long do_parasol_op(const uint64_t args[]);

#endif

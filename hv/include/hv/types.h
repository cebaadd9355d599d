/*
 * Basic types for the portable core. Only the freestanding C headers are
 * used, so the same sources build for the hypervisor and for host tests.
 */
#ifndef HV_TYPES_H
#define HV_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t; /* machine (physical) address */
typedef uint64_t mfn_t;   /* machine frame number */
typedef uint64_t vaddr_t; /* virtual address */

#define noreturn _Noreturn
#define __packed __attribute__((packed))
#define __aligned(n) __attribute__((aligned(n)))
#define __used __attribute__((used))
#define __unused __attribute__((unused))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#endif

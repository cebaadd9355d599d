/*
 * The few single instructions guest-lib needs, as static inline
 * wrappers: compiler barriers, the ordered TSC read, pause and ud2.
 *
 * Only guest code includes this file; the host unit tests never do,
 * which is why the portable logic (pvclock.c, event_scan.c) takes
 * what it needs from here through parameters instead.
 */
#ifndef PARASOL_ARCH_H
#define PARASOL_ARCH_H

#include <stdint.h>

/* Keeps the compiler from moving memory accesses across this point. */
static inline void barrier(void)
{
    __asm__ volatile("" : : : "memory");
}

/*
 * The TSC, read after every earlier instruction has completed: lfence
 * keeps rdtsc from running ahead of the loads of a PV-clock snapshot.
 */
static inline uint64_t rdtsc_ordered(void)
{
    uint32_t lo, hi;

    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}

/* A spin-wait hint. */
static inline void cpu_relax(void)
{
    __asm__ volatile("pause" : : : "memory");
}

/* An invalid opcode: #UD. */
static inline void ud2(void)
{
    __asm__ volatile("ud2" : : : "memory");
}

#endif

/*
 * x86_64 data that core structures embed (see hv/arch.h).
 */
#ifndef ARCH_CONTRACT_TYPES_H
#define ARCH_CONTRACT_TYPES_H

#include <hv/types.h>

/* Interrupt stack table slots used by the hypervisor (TSS.IST1..7). */
enum ist_slot {
    IST_NONE = 0,
    IST_DOUBLE_FAULT = 1,
    IST_NMI = 2,
    IST_MACHINE_CHECK = 3,
    IST_COUNT = 3,
};

struct __packed tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
};

/* Descriptors: null, CS64, DS, 32-bit CS (unused), user slots, TSS (2). */
#define HV_GDT_ENTRIES 16

struct arch_percpu {
    uint64_t gdt[HV_GDT_ENTRIES] __aligned(16);
    struct tss64 tss;
    uint64_t stack_top;              /* RSP0: entries from ring 3 */
    uint64_t ist_top[IST_COUNT + 1]; /* indexed by enum ist_slot */
    bool x2apic;
    bool tsc_deadline;
};

#endif

/*
 * Host-test double of the arch data embedded in core structures
 * (see hv/include/hv/arch.h).
 */
#ifndef ARCH_CONTRACT_TYPES_H
#define ARCH_CONTRACT_TYPES_H

struct arch_percpu {
    int unused;
};

#endif

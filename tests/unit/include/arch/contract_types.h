/*
 * Host-test double of the arch data embedded in core structures
 * (see hv/include/hv/arch.h).
 */
#ifndef ARCH_CONTRACT_TYPES_H
#define ARCH_CONTRACT_TYPES_H

struct arch_percpu {
    int unused;
};

/* Guest state a host test never looks into. */
struct arch_vcpu {
    int unused;
};

struct arch_domain {
    int unused;
};

#endif

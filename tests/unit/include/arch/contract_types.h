/*
 * Host-test double of the arch data embedded in core structures
 * (see hv/include/hv/arch.h).
 */
#ifndef ARCH_CONTRACT_TYPES_H
#define ARCH_CONTRACT_TYPES_H

#include <public/arch-x86/xen-x86_64.h>

/* The guest's address-space hole for host tests: only the range the ABI
 * keeps for the hypervisor (the real arch adds the non-canonical hole
 * below it); tests name the limits, never their values. */
#define GUEST_VA_LOW_END HYPERVISOR_VIRT_START
#define GUEST_VA_HIGH_START HYPERVISOR_VIRT_END

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

/*
 * Host-test double of the arch data embedded in core structures
 * (see hv/include/hv/arch.h).
 */
#ifndef ARCH_CONTRACT_TYPES_H
#define ARCH_CONTRACT_TYPES_H

#include <public/arch-x86/xen-x86_64.h>

/* The frame size. The direct-paging tests include arch/x86.h as well,
 * so these are its definitions token for token (C allows the repeat). */
#define PAGE_SHIFT 12
#define PAGE_SIZE 4096

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

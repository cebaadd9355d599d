/*
 * Included first in every hypervisor C file (-include, see Makefile).
 *
 * The hypervisor is one static image built with -fpie. Marking every
 * symbol hidden tells the compiler that nothing lives in another module,
 * so it takes addresses RIP-relative instead of through a GOT (whose
 * entries the linker would then have to turn into 32-bit absolute
 * addresses, impossible in the hypervisor range).
 */
#pragma GCC visibility push(hidden)

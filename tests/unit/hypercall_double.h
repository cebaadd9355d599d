/*
 * Test doubles for driving hypercall handlers on the host: a fake guest
 * address space behind copy_from_guest/copy_to_guest, a few domains and
 * vCPUs with a settable current one, and recording stand-ins for the
 * scheduler, domain and event functions the handlers call.
 *
 * Every handler in hv/include/hv/hypercall.h also has a weak stand-in
 * here that counts its calls, keeps its arguments and returns
 * STUB_RESULT(nr); a test that links a handler's real source gets the
 * real one instead. So does the one arch slot of the double
 * (tests/unit/include/arch/hypercall_slots.h: iret); every other arch
 * slot is empty in host tests.
 */
#ifndef TESTS_HYPERCALL_DOUBLE_H
#define TESTS_HYPERCALL_DOUBLE_H

#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>

/* Guest virtual addresses [GUEST_VA_BASE, GUEST_VA_BASE + GUEST_MEM_SIZE)
 * are readable and writable; every other address faults. */
#define GUEST_VA_BASE UINT64_C(0x400000)
#define GUEST_MEM_SIZE 65536
#define GUEST_VA(offset) (GUEST_VA_BASE + (offset))
/* A poisoned address: any access through it faults. */
#define GUEST_BAD_VA UINT64_C(0xdeadbeefdead0000)
/* The first address past the fake memory. */
#define GUEST_VA_END (GUEST_VA_BASE + GUEST_MEM_SIZE)

extern uint8_t guest_mem[GUEST_MEM_SIZE];
/* The host pointer behind a valid guest address. */
void *guest_ptr(guest_va_t va);
/* Fail the copies after this many more successful ones (-1: never). */
extern long guest_copies_before_fault;

/* Domains: up to DOUBLE_MAX_DOMAINS, each with shared_info and vCPUs. */
#define DOUBLE_MAX_DOMAINS 4
/* The one guest frame arch_map_guest_frame_for_hv() accepts, and its
 * contents. */
#define DOUBLE_GUEST_MFN 0x1234
extern uint8_t double_guest_frame[];

struct domain *double_domain(domid_t id, bool privileged,
                             unsigned int nr_vcpus);
void double_set_current(struct vcpu *v);
/* Forget every domain and recorded call; guest memory zeroed. */
void double_reset(void);
/* Start system time at 0 with arch_cycles() at DOUBLE_BOOT_CYCLES (one
 * cycle per ns) and empty this CPU's timer queue. After double_reset(). */
#define DOUBLE_BOOT_CYCLES 1000
void double_init(void);

/* What the handlers asked of the rest of the hypervisor. */
struct double_log {
    unsigned int yields, blocks, sleeps, wakes;
    unsigned int shutdowns;
    struct domain *shutdown_domain;
    unsigned int shutdown_reason;
    unsigned int virqs;
    unsigned int nmis;        /* arch_vcpu_send_nmi() calls */
    unsigned int initialises; /* arch_set_vcpu_context() calls */
    struct vcpu *virq_vcpu;
    unsigned int virq;
    unsigned int global_virqs; /* send_global_virq() calls */
    unsigned int global_virq;  /* the last one's VIRQ */
};
extern struct double_log double_log;
/* What arch_set_vcpu_context() answers. */
extern int double_initialise_rc;

/* Answers of the event-channel stand-ins. */
extern bool double_event_deliverable;
#define DOUBLE_MAX_PORTS 1024 /* ports beyond are not valid: -EINVAL */
extern bool double_port_pending[DOUBLE_MAX_PORTS];

/* The weak handler stand-ins: calls and last arguments, by number. */
#define STUB_RESULT(nr) (1000L + (long)(nr))
extern unsigned long stub_calls[NR_HYPERCALLS];
extern uint64_t stub_args[NR_HYPERCALLS][HYPERCALL_MAX_ARGS];

#endif

/*
 * test_crash: a guest kernel faults with no handler for the fault. The
 * hypervisor cannot deliver the #PF, so it must crash the domain itself
 * and say where ("domain 0 vcpu 0 crashed: page fault (vector 14) at rip
 * ..."); dom0's crash then ends the hypervisor with DOM0_DIED. The
 * guest prints the rip it will fault at, and the boot test
 * (tests/boot/tests_guests.py) checks the hypervisor names the same.
 *
 * guest-lib installs handlers for every exception before main, and its
 * default for one nobody takes crashes the domain from inside: the
 * table is emptied first (set_trap_table(NULL)) so that the hypervisor
 * is the one that has to act.
 */
#include "verdict.h"

#include <parasol/guest.h>

/* Nothing is mapped in L4 slot 128. */
#define UNMAPPED_VA 0x0000400000000000UL

/* The faulting instruction, for the rip the hypervisor must report. */
extern const char crash_fault_insn[];

static __attribute__((noinline)) void fault(void)
{
    __asm__ volatile(".globl crash_fault_insn\n"
                     "crash_fault_insn:\n\t"
                     "mov (%0), %%rax"
                     :
                     : "r"(UNMAPPED_VA)
                     : "rax", "memory");
}

int main(void)
{
    verdict_title("test_crash", "a page fault with no handler");
    check_rc(HYPERVISOR_set_trap_table(NULL), 0,
             "set_trap_table(NULL) removes every handler");
    printf("test_crash: faulting at rip %#lx, address %#lx\n",
           (unsigned long)crash_fault_insn, UNMAPPED_VA);
    fault();
    /* Not reached when the hypervisor does its job. */
    check_true(false, "the fault crashed the domain");
    verdict_end();
}

/*
 * test_crash_stack: an exception the guest has a handler for, raised
 * while its stack pointer points where no bounce frame can be written.
 * The hypervisor must not write the frame anywhere else, nor loop: it
 * crashes the domain ("cannot write an exception frame at <where> (rip
 * <rip>)") and, dom0 being gone, exits with DOM0_DIED.
 *
 * The module's argument picks the bad stack: "unmapped" (default), a
 * guest address with no page, which the hypervisor's copy faults on; or
 * "hypervisor", an address in the hypervisor's own range, which its
 * copy must refuse before touching it. The guest prints the rsp, the
 * rip of the faulting ud2 and where the frame would go: 7 slots of 8
 * bytes below rsp rounded down to 16 (reference §3.9, #UD has no error
 * code), and the boot test checks the hypervisor's line names both.
 */
#include "verdict.h"

#include <parasol/guest.h>

/* Stack pointers no frame can be written below; 16-byte aligned. */
#define UNMAPPED_RSP 0x0000400000001000UL
#define HYPERVISOR_RSP 0xFFFF820000201000UL
/* The #UD bounce frame: rcx, r11, rip, cs, rflags, rsp, ss. */
#define UD_FRAME_SLOTS 7
#define FRAME_SLOT_SIZE 8

extern const char crash_stack_insn[];

static __attribute__((noinline)) void fault_on_stack(unsigned long rsp)
{
    /* No way back: the domain dies at the ud2. */
    __asm__ volatile("mov %0, %%rsp\n"
                     ".globl crash_stack_insn\n"
                     "crash_stack_insn:\n\t"
                     "ud2"
                     :
                     : "r"(rsp)
                     : "memory");
}

int main(void)
{
    bool hv = strcmp(guest_cmdline(), "hypervisor") == 0;
    unsigned long rsp = hv ? HYPERVISOR_RSP : UNMAPPED_RSP;

    verdict_title("test_crash_stack", "no room for an exception frame");
    printf("test_crash_stack: rsp %#lx (%s), ud2 at rip %#lx, frame at %#lx\n",
           rsp, hv ? "hypervisor" : "unmapped", (unsigned long)crash_stack_insn,
           rsp - UD_FRAME_SLOTS * FRAME_SLOT_SIZE);
    fault_on_stack(rsp);
    check_true(false, "the fault crashed the domain");
    verdict_end();
}

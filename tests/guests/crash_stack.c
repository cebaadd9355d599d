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
 * copy must refuse before touching it; or "switched": the same address
 * given to stack_switch, which takes it as Xen does, then a ud2 in guest
 * user mode, whose frame goes to that kernel stack. The guest prints the
 * rsp, the
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
extern const char crash_user_insn[];

/* Xen's iret frame into guest user mode: the flat ring-3 selectors. */
#define USER_CS FLAT_RING3_CS64
#define USER_SS FLAT_RING3_SS64
#define RFLAGS_IF (1UL << 9)
#define IRET_STUB (__HYPERVISOR_iret * 32)
/* Room kept below our rsp for the user-mode code's stack. */
#define USER_STACK_GAP 4096

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

/*
 * Enter guest user mode at a ud2, on our own page tables (the kernel's
 * L4 as the user root too: every page is reachable from ring 3), with
 * kernel_sp where no frame can be written. The #UD from user mode must
 * put its frame on that kernel stack: the domain dies there.
 */
static void fault_in_user_mode(unsigned long kernel_sp)
{
    mmuext_op_t root = {.cmd = MMUEXT_NEW_USER_BASEPTR,
                        .arg1.mfn =
                            virt_to_mfn((void *)guest_start_info->pt_base)};
    unsigned long user_rsp;

    check_rc(HYPERVISOR_mmuext_op(&root, 1, NULL, DOMID_SELF), 0,
             "the kernel's L4 as the user root");
    check_rc(HYPERVISOR_stack_switch(FLAT_KERNEL_SS, kernel_sp), 0,
             "stack_switch takes the hypervisor's range");
    __asm__ volatile("mov %%rsp, %0" : "=r"(user_rsp));
    user_rsp -= USER_STACK_GAP;
    __asm__ volatile(
        "pushq %[ss]\n\t"
        "pushq %[rsp]\n\t"
        "pushq %[rflags]\n\t"
        "pushq %[cs]\n\t"
        "lea crash_user_insn(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "pushq $0\n\t" /* flags */
        "jmp hypercall_page + %c[stub]\n"
        ".globl crash_user_insn\n"
        "crash_user_insn:\n\t"
        "ud2"
        :
        : [ss] "i"(USER_SS), [rsp] "r"(user_rsp), [rflags] "i"(RFLAGS_IF),
          [cs] "i"(USER_CS), [stub] "i"(IRET_STUB)
        : "rax", "memory");
}

int main(void)
{
    const char *mode = guest_cmdline();
    bool switched = strcmp(mode, "switched") == 0;
    bool hv = switched || strcmp(mode, "hypervisor") == 0;
    unsigned long rsp = hv ? HYPERVISOR_RSP : UNMAPPED_RSP;

    verdict_title("test_crash_stack", "no room for an exception frame");
    printf("test_crash_stack: rsp %#lx (%s), ud2 at rip %#lx, frame at %#lx\n",
           rsp,
           switched ? "kernel stack of user mode"
           : hv     ? "hypervisor"
                    : "unmapped",
           (unsigned long)(switched ? crash_user_insn : crash_stack_insn),
           rsp - UD_FRAME_SLOTS * FRAME_SLOT_SIZE);
    if (switched)
        fault_in_user_mode(rsp);
    else
        fault_on_stack(rsp);
    check_true(false, "the fault crashed the domain");
    verdict_end();
}

/*
 * Offsets of guest-lib's C structures used by entry.S. Compiled to
 * assembly only: build.mk turns each "->NAME value" marker into a
 * #define in $(BUILD)/guest-lib/include/glib_offsets.h.
 */
#include <parasol/traps.h>
#include <stddef.h>

#define DEFINE(name, value)                                                    \
    __asm__ volatile("\n.ascii \"->" #name " %0\"" : : "i"(value))
#define OFFSET(name, type, member) DEFINE(name, offsetof(type, member))

void glib_asm_offsets(void);
void glib_asm_offsets(void)
{
    OFFSET(TF_RAX, struct guest_trap_frame, rax);
    OFFSET(TF_RBX, struct guest_trap_frame, rbx);
    OFFSET(TF_RCX, struct guest_trap_frame, rcx);
    OFFSET(TF_RDX, struct guest_trap_frame, rdx);
    OFFSET(TF_RSI, struct guest_trap_frame, rsi);
    OFFSET(TF_RDI, struct guest_trap_frame, rdi);
    OFFSET(TF_RBP, struct guest_trap_frame, rbp);
    OFFSET(TF_R8, struct guest_trap_frame, r8);
    OFFSET(TF_R9, struct guest_trap_frame, r9);
    OFFSET(TF_R10, struct guest_trap_frame, r10);
    OFFSET(TF_R11, struct guest_trap_frame, r11);
    OFFSET(TF_R12, struct guest_trap_frame, r12);
    OFFSET(TF_R13, struct guest_trap_frame, r13);
    OFFSET(TF_R14, struct guest_trap_frame, r14);
    OFFSET(TF_R15, struct guest_trap_frame, r15);
    OFFSET(TF_VECTOR, struct guest_trap_frame, vector);
    OFFSET(TF_RIP, struct guest_trap_frame, rip);
}

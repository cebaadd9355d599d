/*
 * Probes for test_traps (trap_probe.S): each runs one instruction that
 * raises an exception, with every general register loaded from
 * probe_before[] and its rsp and rflags recorded just before the
 * instruction, and stores the registers into probe_after[] once the
 * exception has been handled and execution resumed at its resume label.
 * The test then knows exactly what the bounce frame must hold, and
 * whether the interrupted code got its registers back.
 *
 * Also the entry for a software interrupt guest-lib has no stub for
 * (int $0x80): it records the frame and returns through iret.
 *
 * Plain #defines above the C part, so that the assembly shares them.
 */
#ifndef TEST_TRAP_PROBE_H
#define TEST_TRAP_PROBE_H

/* Register slots of probe_before[] / probe_after[], in the order of
 * struct guest_trap_frame (guest-lib's traps.h). */
#define PROBE_RAX 0
#define PROBE_RBX 1
#define PROBE_RCX 2
#define PROBE_RDX 3
#define PROBE_RSI 4
#define PROBE_RDI 5
#define PROBE_RBP 6
#define PROBE_R8 7
#define PROBE_R9 8
#define PROBE_R10 9
#define PROBE_R11 10
#define PROBE_R12 11
#define PROBE_R13 12
#define PROBE_R14 13
#define PROBE_R15 14
#define PROBE_NR_REGS 15
#define PROBE_SLOT_SIZE 8

/* The software interrupt test_traps routes to int80_entry. */
#define PROBE_SOFT_VECTOR 0x80
/* The slots of the frame int80_entry records: rip, cs, rflags, rsp, ss. */
#define INT80_FRAME_SLOTS 5

#ifndef __ASSEMBLY__

#include <stdint.h>

extern uint64_t probe_before[PROBE_NR_REGS];
extern uint64_t probe_after[PROBE_NR_REGS];
extern uint64_t probe_rsp, probe_rflags;

/* One probe: NAME runs the instruction at NAME_insn, resumes at
 * NAME_resume. Declared through PROBE(). */
#define PROBE(name)                                                            \
    void probe_##name(void);                                                   \
    extern const char probe_##name##_insn[], probe_##name##_resume[]

PROBE(de);       /* div %rdi */
PROBE(pf_read);  /* mov (%rdi), %rax */
PROBE(pf_write); /* mov %rax, (%rdi) */
PROBE(pf_fetch); /* jmp *%rdi */
PROBE(gp_cli);   /* cli */
PROBE(gp_wrmsr); /* wrmsr */
PROBE(gp_int);   /* int $0x81, which has no handler */
PROBE(bp);       /* int3 */
PROBE(ud);       /* ud2 */
PROBE(nm);       /* fnop */
PROBE(soft_int); /* int $PROBE_SOFT_VECTOR */

/* int80_entry's record: the frame of its last run, and the count. */
void int80_entry(void);
extern uint64_t int80_frame[INT80_FRAME_SLOTS];
extern uint64_t int80_count;

#endif /* !__ASSEMBLY__ */

#endif

/*
 * The probes of test_compat (compat_probe.S): 32-bit user code, the
 * iret into it, and the recorders of the bounce that ends it.
 */
#ifndef TEST_COMPAT_PROBE_H
#define TEST_COMPAT_PROBE_H

/* Words copied from the recorder's stack: rcx, r11, then rip, cs,
 * rflags, rsp, ss (with an error code before rip where there is one). */
#define COMPAT_FRAME_WORDS 8

/* Which recorder ran (trap recorders: their vector). */
#define COMPAT_NONE 0
#define COMPAT_SYSCALL32_CB 0x100
#define COMPAT_SYSCALL_CB 0x101

/* Registers the user code starts with (iret restores only rax, rcx and
 * r11 from its frame; the stub saves them from these). */
#define COMPAT_EAX 0x5a5a1234
#define COMPAT_ECX 0x0c0c5678
#define COMPAT_R11 0x0b0b9abc

/* Below 4 GiB and mapped by neither hypervisor's dom0 builder. */
#define COMPAT_UNMAPPED 0x40000000

#ifndef __ASSEMBLER__
#include <stdint.h>

uint64_t compat_enter(uint64_t rip, uint64_t cs, uint64_t ss, uint64_t rsp,
                      uint64_t rflags);
void compat_syscall32_cb(void), compat_syscall_cb(void);
void compat_trap_bp(void), compat_trap_ud(void), compat_trap_gp(void);
void compat_trap_pf(void), compat_trap_int80(void);
void compat_trap_np(void), compat_trap_ss(void);
extern char compat_user_syscall[], compat_user_int80[], compat_user_ud[];
extern char compat_user_pf[], compat_user_int3[], compat_user_cli[];
extern char user64_syscall[];

extern uint64_t compat_recorder, compat_frame_rsp, compat_rax;
extern uint64_t compat_handler_rflags;
extern uint64_t compat_frame[COMPAT_FRAME_WORDS];
#endif

#endif

/*
 * Controls of the arch-layer test double (arch_double.c): tests set the
 * fake clock and inspect what the core asked the "hardware" to do.
 */
#ifndef TESTS_ARCH_DOUBLE_H
#define TESTS_ARCH_DOUBLE_H

#include <hv/types.h>

/* What arch_wallclock_seconds() returns: 2026-01-01 00:00:00 UTC. */
#define FAKE_WALLCLOCK_SECONDS 1767225600ULL

/* Value arch_cycles() returns, and the frequency it claims. */
extern uint64_t fake_cycles;
extern uint64_t fake_cycles_khz;
/* Last value passed to arch_timer_arm(). */
extern uint64_t fake_timer_armed;
/* Everything written through arch_console_putc(), NUL-terminated. */
extern char fake_console[65536];
extern size_t fake_console_len;
void fake_console_reset(void);
/* Set when the core called arch_machine_exit(); the double then aborts
 * the test (tests that expect a panic link panic_double.c instead). */
extern int fake_exit_status;

/* Backing store for arch_maddr_to_virt(): machine address 0 is here. */
extern uint8_t *fake_memory;
extern size_t fake_memory_size;
void fake_memory_setup(size_t bytes);
void fake_memory_teardown(void);

#endif

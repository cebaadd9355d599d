/*
 * Ending the domain: SCHEDOP_shutdown with a reason (sched.h), which
 * the toolstack sees as the domain's state (xl list: s, and the reason
 * character) and acts on (on_poweroff, on_crash, ...).
 */
#ifndef PARASOL_SHUTDOWN_H
#define PARASOL_SHUTDOWN_H

/*
 * Shuts the domain down for reason (SHUTDOWN_*). Returns only on
 * failure (-XEN_Exxx), or for SHUTDOWN_suspend (1 if cancelled, 0 when
 * resumed).
 */
int guest_shutdown(unsigned int reason);

/* Records reason as the one a later shutdown or crash reports. */
int guest_shutdown_code(unsigned int reason);

_Noreturn void guest_poweroff(void);
_Noreturn void guest_reboot(void);
_Noreturn void guest_crash(void);

/*
 * Ends the guest silently: power off for code 0, crash for any other
 * code (a test's verdict is then visible in the domain's state).
 */
_Noreturn void guest_exit(int code);

#endif

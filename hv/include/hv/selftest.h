/*
 * Boot self-tests, chosen with selftest=NAME on the command line. Each
 * ends the machine through arch_machine_exit() with a status the boot
 * tests check (hv/panic.h, enum hv_exit_status).
 */
#ifndef HV_SELFTEST_H
#define HV_SELFTEST_H

/* Run the named test; an empty name does nothing. Unknown names are
 * reported and the machine goes on booting. */
void selftest_run(const char *name);

#endif

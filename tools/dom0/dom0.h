/*
 * What dom0's own files share: the shell environment built on guest-lib
 * (env.c), which main.c hands to the shell core, with xl's toolstack (over
 * xc_backend.c) in it. The shell core itself (shell.h) knows nothing of
 * guest-lib, so that it runs in host tests.
 */
#ifndef DOM0_DOM0_H
#define DOM0_DOM0_H

#include "shell.h"

#include <stddef.h>

/*
 * The shell's hooks over the hypervisor: console output, version,
 * memory and uptime for `info`, and power off. ramdisk may be NULL (no
 * ramdisk); a damaged one is passed as it is, and the ramdisk commands
 * report the damage themselves.
 */
const struct shell_env *dom0_shell_env(const void *ramdisk, size_t size);

/*
 * Console input: up to size bytes, waiting at most timeout_ns for the
 * first (env.c). Returns how many came, 0 on timeout.
 */
size_t dom0_read_input(char *buf, size_t size, uint64_t timeout_ns);

#endif /* DOM0_DOM0_H */

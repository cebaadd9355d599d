/*
 * Checks and the verdict of a test micro-guest, in the style of XTF
 * (include/xtf/report.h): a guest prints a title, one line per check,
 * and ends with exactly one verdict line that the boot-test runner
 * (tests/boot/tests_guests.py) looks for:
 *
 *   Test result: SUCCESS                   then the domain powers off
 *   Test result: FAILURE: <first failure>  then the domain crashes
 *
 * so a failure shows twice: in the text, and in the exit status of the
 * hypervisor (dom0's crash ends it with DOM0_DIED). A guest that never
 * reaches its verdict (a hang, a crash) fails too: the runner calls a
 * missing verdict a failure.
 *
 * Each check prints "  ok   what", or "  FAIL what: got X, expected Y"
 * and counts the failure; the guest carries on, so that one run reports
 * every broken check, not only the first.
 */
#ifndef TEST_VERDICT_H
#define TEST_VERDICT_H

#include <stdbool.h>
#include <stdint.h>

/* Prints the title line, "<name>: <what the guest tests>". */
void verdict_title(const char *name, const char *what);

/* A condition with nothing more to say than true or false. */
bool check_true(bool ok, const char *what);

/* Two values that must be equal, printed in hex (addresses, frames). */
bool check_hex(uint64_t got, uint64_t expected, const char *what);

/*
 * A hypercall's result against the exact one expected: 0, a count, or
 * a negated Xen errno. Printed in decimal with the errno's name, e.g.
 * "got -1 (-EPERM), expected -22 (-EINVAL)".
 */
bool check_rc(long got, long expected, const char *what);

/* got must lie in [low, high]; printed in decimal (times, counts). */
bool check_range(uint64_t got, uint64_t low, uint64_t high, const char *what);

/* The number of failed checks so far. */
unsigned int verdict_failures(void);

/*
 * Prints the verdict and ends the domain: powers off after SUCCESS,
 * crashes after FAILURE (naming the first failed check).
 */
_Noreturn void verdict_end(void);

#endif

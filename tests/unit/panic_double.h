/*
 * A panic() for host tests of code that must panic on hypervisor bugs.
 * Instead of ending the machine it jumps back into the test that said it
 * expected one; an unexpected panic fails the test. Tests that link
 * panic_double.c do not link hv/panic.c.
 *
 * A panic abandons the code that called it halfway, so the code under
 * test must not hold a lock when it panics (or the test must re-init it).
 */
#ifndef TESTS_PANIC_DOUBLE_H
#define TESTS_PANIC_DOUBLE_H

#include <setjmp.h>
#include <stdbool.h>
#include <string.h>

#define PANIC_DOUBLE_MSG_MAX 256

extern jmp_buf panic_double_jmp;
extern bool panic_double_armed;
/* The message of the last panic, formatted. */
extern char panic_double_msg[PANIC_DOUBLE_MSG_MAX];

/* Run 'stmt', which must panic with a message containing 'text'.
 * Include <cmocka.h> before using it. */
#define EXPECT_PANIC(stmt, text)                                               \
    do {                                                                       \
        panic_double_msg[0] = '\0';                                            \
        panic_double_armed = true;                                             \
        if (setjmp(panic_double_jmp) == 0) {                                   \
            stmt;                                                              \
            panic_double_armed = false;                                        \
            fail_msg("no panic from: %s", #stmt);                              \
        }                                                                      \
        panic_double_armed = false;                                            \
        if (!strstr(panic_double_msg, (text)))                                 \
            fail_msg("panic \"%s\" lacks \"%s\"", panic_double_msg, (text));   \
    } while (0)

#endif

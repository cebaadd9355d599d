/*
 * The test double of panic() (panic_double.h): it records the message
 * and longjmps back to the EXPECT_PANIC that armed it.
 */
#include "panic_double.h"

#include <hv/panic.h>
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

jmp_buf panic_double_jmp;
bool panic_double_armed;
char panic_double_msg[PANIC_DOUBLE_MSG_MAX];

noreturn void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(panic_double_msg, sizeof(panic_double_msg), fmt, ap);
    va_end(ap);
    if (panic_double_armed) {
        panic_double_armed = false;
        longjmp(panic_double_jmp, 1);
    }
    fail_msg("unexpected panic: %s", panic_double_msg);
    abort(); /* not reached: fail_msg leaves the test */
}

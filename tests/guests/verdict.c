/*
 * Checks and the verdict of a test micro-guest (verdict.h): one line
 * per check, a count of failures, and the final "Test result:" line
 * that decides how the domain ends.
 */
#include "verdict.h"

#include <parasol/guest.h>

/* The first failure, named in the verdict line. */
#define FIRST_FAILURE_MAX 96

static unsigned int failures;
static unsigned int checks;
static char first_failure[FIRST_FAILURE_MAX];

/* Xen's errno names (public/errno.h), to print results readably. */
static const char *const errno_names[] = {
    [XEN_EPERM] = "EPERM",
    [XEN_ENOENT] = "ENOENT",
    [XEN_ESRCH] = "ESRCH",
    [XEN_EINTR] = "EINTR",
    [XEN_EIO] = "EIO",
    [XEN_ENXIO] = "ENXIO",
    [XEN_E2BIG] = "E2BIG",
    [XEN_EBADF] = "EBADF",
    [XEN_EAGAIN] = "EAGAIN",
    [XEN_ENOMEM] = "ENOMEM",
    [XEN_EACCES] = "EACCES",
    [XEN_EFAULT] = "EFAULT",
    [XEN_EBUSY] = "EBUSY",
    [XEN_EEXIST] = "EEXIST",
    [XEN_ENODEV] = "ENODEV",
    [XEN_EINVAL] = "EINVAL",
    [XEN_ENOSPC] = "ENOSPC",
    [XEN_EROFS] = "EROFS",
    [XEN_ERANGE] = "ERANGE",
    [XEN_ENOSYS] = "ENOSYS",
    [XEN_ENOTEMPTY] = "ENOTEMPTY",
    [XEN_ENODATA] = "ENODATA",
    [XEN_ETIME] = "ETIME",
    [XEN_EOVERFLOW] = "EOVERFLOW",
};

void verdict_title(const char *name, const char *what)
{
    printf("%s: %s\n", name, what);
}

static void passed(const char *what)
{
    checks++;
    printf("  ok   %s\n", what);
}

/* Prints the FAIL line's start; the caller adds ": got ..., expected
 * ..." and the newline. */
static void failed(const char *what)
{
    checks++;
    if (failures++ == 0)
        strlcpy(first_failure, what, sizeof(first_failure));
    printf("  FAIL %s", what);
}

bool check_true(bool ok, const char *what)
{
    if (ok) {
        passed(what);
    } else {
        failed(what);
        printf("\n");
    }
    return ok;
}

bool check_hex(uint64_t got, uint64_t expected, const char *what)
{
    if (got == expected) {
        passed(what);
        return true;
    }
    failed(what);
    printf(": got %#lx, expected %#lx\n", got, expected);
    return false;
}

/* "(-EINVAL)" for a negated errno, "" for anything else. */
static void format_rc(char *buf, size_t size, long rc)
{
    unsigned long e = rc < 0 ? (unsigned long)-rc : 0;

    if (e && e < sizeof(errno_names) / sizeof(errno_names[0]) && errno_names[e])
        snprintf(buf, size, "%ld (-%s)", rc, errno_names[e]);
    else
        snprintf(buf, size, "%ld", rc);
}

bool check_rc(long got, long expected, const char *what)
{
    char g[32], e[32];

    if (got == expected) {
        passed(what);
        return true;
    }
    format_rc(g, sizeof(g), got);
    format_rc(e, sizeof(e), expected);
    failed(what);
    printf(": got %s, expected %s\n", g, e);
    return false;
}

bool check_range(uint64_t got, uint64_t low, uint64_t high, const char *what)
{
    if (got >= low && got <= high) {
        passed(what);
        return true;
    }
    failed(what);
    printf(": got %lu, expected %lu to %lu\n", got, low, high);
    return false;
}

unsigned int verdict_failures(void)
{
    return failures;
}

_Noreturn void verdict_end(void)
{
    if (failures == 0) {
        printf("Test result: SUCCESS\n");
        guest_poweroff();
    }
    printf("Test result: FAILURE: %s (%u of %u checks failed)\n", first_failure,
           failures, checks);
    guest_crash();
}

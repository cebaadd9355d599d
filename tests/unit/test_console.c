/*
 * The console's memory (hv/console_ring.c, console_read.c,
 * console_log.c, console_domain.c) on the host: the bounded rings and
 * Xen's readconsole semantics (oldest text dropped, incremental reads by
 * index, clear); the hypervisor's log gets printk-style and domU lines
 * but not dom0's; each domain's console_io text lands in its own buffer,
 * which only dom0 reads with PARASOLOP_console_read, and VIRQ_CON_RING
 * tells dom0 when a domU's buffer grows. Hostile input: bad pointers,
 * unknown commands, domains, pad fields; a buffer far bigger than the
 * ring; a wrapped index.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "arch_double.h"
#include "hypercall_double.h"
#include <hv/console.h>
#include <hv/console_ring.h>
#include <hv/errno.h>
#include <public/parasol.h>
#include <public/sysctl.h>
#include <string.h>

#define OUT_AT GUEST_VA(0x1000) /* where reads copy text to */
#define OP_AT GUEST_VA(0)       /* the parasol_console_read */
#define DOMAIN_CONSOLE_SIZE 4096
#define NO_SUCH_DOMID 42

static struct domain *dom0, *dom1;

static int setup(void **state)
{
    (void)state;
    double_reset();
    double_init();
    dom0 = double_domain(0, true, 1);
    dom1 = double_domain(1, false, 1);
    double_set_current(dom1->vcpu[0]);
    fake_console_reset();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    double_reset();
    return 0;
}

/* ---- The ring itself. ---- */

static char small_text[8];

static struct console_ring small_ring(void)
{
    return (struct console_ring){.buf = small_text, .size = 8};
}

static size_t take(struct console_ring *r, struct console_ring_read *op,
                   char *out)
{
    size_t n = console_ring_take(r, op, out, op->count);

    out[n] = 0;
    return n;
}

static void test_ring_drops_oldest(void **state)
{
    struct console_ring r = small_ring();
    struct console_ring_read op = {.count = 100};
    char out[128];

    (void)state;
    console_ring_put(&r, "abcdef", 6);
    assert_int_equal(take(&r, &op, out), 6);
    assert_string_equal(out, "abcdef");
    assert_int_equal(op.index, 6);
    console_ring_put(&r, "ghijk", 5); /* 11 written, 8 held */
    op = (struct console_ring_read){.count = 100};
    assert_int_equal(take(&r, &op, out), 8);
    assert_string_equal(out, "defghijk");
    assert_int_equal(op.index, 11);
}

static void test_ring_incremental(void **state)
{
    struct console_ring r = small_ring();
    struct console_ring_read op = {.count = 3, .incremental = true};
    char out[128];

    (void)state;
    console_ring_put(&r, "abcdef", 6);
    assert_int_equal(take(&r, &op, out), 3);
    assert_string_equal(out, "abc");
    op.count = 100;
    assert_int_equal(take(&r, &op, out), 3);
    assert_string_equal(out, "def");
    assert_int_equal(take(&r, &op, out), 0); /* nothing new */
    assert_int_equal(op.index, 6);
    /* An index whose text is gone reads from the oldest held. */
    console_ring_put(&r, "0123456789", 10);
    assert_int_equal(take(&r, &op, out), 8);
    assert_string_equal(out, "23456789");
    /* An index ahead of the writer: nothing (and no stale bytes). */
    op.index = r.prod + 5;
    assert_int_equal(take(&r, &op, out), 0);
    assert_int_equal(op.index, r.prod);
}

static void test_ring_clear(void **state)
{
    struct console_ring r = small_ring();
    struct console_ring_read op = {.count = 2};
    char out[128];

    (void)state;
    console_ring_put(&r, "abcd", 4);
    take(&r, &op, out);
    console_ring_clear(&r, &op);
    op = (struct console_ring_read){.count = 100};
    assert_int_equal(take(&r, &op, out), 2);
    assert_string_equal(out, "cd");
    console_ring_clear(&r, &op);
    assert_int_equal(take(&r, &op, out), 0);
}

/* Free-running indexes wrap at 2^32 without losing the order. */
static void test_ring_index_wraps(void **state)
{
    struct console_ring r = small_ring();
    struct console_ring_read op = {.count = 100, .incremental = true};
    char out[128];

    (void)state;
    r.prod = r.cons = UINT32_MAX - 2;
    op.index = r.prod;
    console_ring_put(&r, "wxyz", 4);
    assert_int_equal(take(&r, &op, out), 4);
    assert_string_equal(out, "wxyz");
    assert_int_equal(op.index, 1);
}

/* ---- The hypervisor's log. ---- */

static long read_log(struct console_ring_read *op)
{
    op->buffer = OUT_AT;
    return console_log_read(op);
}

static const char *out_text(uint32_t n)
{
    static char text[CONSOLE_RING_MAX + 1];

    memcpy(text, guest_ptr(OUT_AT), n);
    text[n] = 0;
    return text;
}

static void test_log_incremental_and_clear(void **state)
{
    struct console_ring_read op = {.count = 1000, .clear = true};

    (void)state;
    assert_int_equal(read_log(&op), 0); /* empty it */
    console_log_write("(HV) one\n", 9);
    op = (struct console_ring_read){.count = 1000, .incremental = true};
    assert_int_equal(read_log(&op), 0);
    assert_string_equal(out_text(op.count), "(HV) one\n");
    console_log_write("(HV) two\n", 9);
    op.count = 1000;
    assert_int_equal(read_log(&op), 0);
    assert_string_equal(out_text(op.count), "(HV) two\n");
    /* Not incremental: everything still held. */
    op = (struct console_ring_read){.count = 1000, .clear = true};
    assert_int_equal(read_log(&op), 0);
    assert_string_equal(out_text(op.count), "(HV) one\n(HV) two\n");
    /* Cleared. */
    op = (struct console_ring_read){.count = 1000};
    assert_int_equal(read_log(&op), 0);
    assert_int_equal(op.count, 0);
}

static void test_log_bad_buffer(void **state)
{
    struct console_ring_read op = {.count = 10, .clear = true};

    (void)state;
    console_log_write("x\n", 2);
    op.buffer = GUEST_BAD_VA;
    assert_int_equal(console_log_read(&op), -EFAULT);
    /* Nothing cleared by the failed read. */
    op = (struct console_ring_read){.count = CONSOLE_RING_MAX};
    assert_int_equal(read_log(&op), 0);
    assert_true(op.count >= 2);
}

static long console_puts(const char *s)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {CONSOLEIO_write, strlen(s),
                                               GUEST_VA(0x8000)};

    memcpy(guest_ptr(GUEST_VA(0x8000)), s, strlen(s));
    return do_console_io(args);
}

static void test_log_has_domu_lines_not_dom0s(void **state)
{
    struct console_ring_read op = {.count = CONSOLE_RING_MAX, .clear = true};

    (void)state;
    read_log(&op);
    assert_int_equal(console_puts("from domU\n"), 0);
    double_set_current(dom0->vcpu[0]);
    assert_int_equal(console_puts("dom0 shell$ "), 0);
    op = (struct console_ring_read){.count = CONSOLE_RING_MAX};
    assert_int_equal(read_log(&op), 0);
    assert_string_equal(out_text(op.count), "(d1) from domU\n");
}

/* XEN_SYSCTL_readconsole's handler, as sysctl.c's table calls it. */
static void test_sysctl_readconsole(void **state)
{
    struct xen_sysctl op = {.cmd = XEN_SYSCTL_readconsole};
    struct console_ring_read clear = {.count = CONSOLE_RING_MAX, .clear = true};
    bool copyback = false;

    (void)state;
    read_log(&clear);
    console_log_write("(HV) hello\n", 11);
    op.u.readconsole.count = 6;
    op.u.readconsole.buffer.p = (char *)(uintptr_t)OUT_AT;
    assert_int_equal(sysctl_readconsole(&op, &copyback), 0);
    assert_true(copyback);
    assert_int_equal(op.u.readconsole.count, 6);
    assert_string_equal(out_text(6), "(HV) h");
    op.u.readconsole.incremental = 1;
    op.u.readconsole.count = 100;
    assert_int_equal(sysctl_readconsole(&op, &copyback), 0);
    assert_string_equal(out_text(op.u.readconsole.count), "ello\n");
    copyback = false;
    op.u.readconsole.buffer.p = (char *)(uintptr_t)GUEST_BAD_VA;
    op.u.readconsole.incremental = 0;
    assert_int_equal(sysctl_readconsole(&op, &copyback), -EFAULT);
    assert_false(copyback);
}

/* ---- PARASOLOP_console_read. ---- */

static long parasol_op(unsigned int cmd, guest_va_t arg)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {cmd, arg};

    return do_parasol_op(args);
}

static struct parasol_console_read *read_arg(domid_t domid, uint32_t count)
{
    struct parasol_console_read *op = guest_ptr(OP_AT);

    *op = (struct parasol_console_read){.domid = domid, .count = count};
    op->buffer.p = (char *)(uintptr_t)OUT_AT;
    return op;
}

static void test_domain_console_read(void **state)
{
    struct parasol_console_read *op;

    (void)state;
    assert_int_equal(console_puts("tick 1\n\x1b[2Jtick\t2\n"), 0);
    assert_int_equal(double_log.global_virqs, 1);
    assert_int_equal(double_log.global_virq, VIRQ_CON_RING);
    double_set_current(dom0->vcpu[0]);
    op = read_arg(1, 100);
    assert_int_equal(parasol_op(PARASOLOP_console_read, OP_AT), 0);
    assert_string_equal(out_text(op->count), "tick 1\n[2Jtick2\n");
    assert_int_equal(op->index, op->count);
    /* Incremental: only what is new. */
    op->incremental = 1;
    op->count = 100;
    assert_int_equal(parasol_op(PARASOLOP_console_read, OP_AT), 0);
    assert_int_equal(op->count, 0);
    double_set_current(dom1->vcpu[0]);
    console_puts("tick 3\n");
    double_set_current(dom0->vcpu[0]);
    op->count = 100;
    assert_int_equal(parasol_op(PARASOLOP_console_read, OP_AT), 0);
    assert_string_equal(out_text(op->count), "tick 3\n");
}

static void test_domain_console_bounded(void **state)
{
    struct parasol_console_read *op;
    char line[101];

    (void)state;
    memset(line, 'x', 100);
    line[100] = 0;
    for (int i = 0; i < 50; i++) /* 5000 bytes into 4 KiB */
        console_puts(line);
    double_set_current(dom0->vcpu[0]);
    op = read_arg(1, UINT32_MAX);
    assert_int_equal(parasol_op(PARASOLOP_console_read, OP_AT), 0);
    assert_int_equal(op->count, DOMAIN_CONSOLE_SIZE);
    assert_int_equal(op->index, 5000);
}

/* dom0 keeps its own text too, but is not told of it. */
static void test_dom0_own_console(void **state)
{
    struct parasol_console_read *op;

    (void)state;
    double_set_current(dom0->vcpu[0]);
    console_puts("dom0# ");
    assert_int_equal(double_log.global_virqs, 0);
    op = read_arg(DOMID_SELF, 100);
    assert_int_equal(parasol_op(PARASOLOP_console_read, OP_AT), -ESRCH);
    op = read_arg(0, 100);
    assert_int_equal(parasol_op(PARASOLOP_console_read, OP_AT), 0);
    assert_string_equal(out_text(op->count), "dom0# ");
}

static void test_domain_console_never_written(void **state)
{
    struct parasol_console_read *op;

    (void)state;
    double_set_current(dom0->vcpu[0]);
    op = read_arg(1, 100);
    assert_int_equal(parasol_op(PARASOLOP_console_read, OP_AT), 0);
    assert_int_equal(op->count, 0);
}

static void test_parasol_op_errors(void **state)
{
    struct parasol_console_read *op;

    (void)state;
    read_arg(0, 100);
    assert_int_equal(parasol_op(PARASOLOP_console_read, OP_AT), -EPERM);
    assert_int_equal(parasol_op(99, OP_AT), -EPERM);
    double_set_current(dom0->vcpu[0]);
    assert_int_equal(parasol_op(99, OP_AT), -ENOSYS);
    assert_int_equal(parasol_op(PARASOLOP_console_read, GUEST_BAD_VA), -EFAULT);
    read_arg(NO_SUCH_DOMID, 100);
    assert_int_equal(parasol_op(PARASOLOP_console_read, OP_AT), -ESRCH);
    op = read_arg(0, 100);
    op->pad = 1;
    assert_int_equal(parasol_op(PARASOLOP_console_read, OP_AT), -EINVAL);
    op = read_arg(1, 100);
    op->buffer.p = (char *)(uintptr_t)GUEST_BAD_VA;
    double_set_current(dom1->vcpu[0]);
    console_puts("x");
    double_set_current(dom0->vcpu[0]);
    assert_int_equal(parasol_op(PARASOLOP_console_read, OP_AT), -EFAULT);
}

/* The domain's buffer goes with it; reading it then is -ESRCH. */
static void test_domain_console_destroyed(void **state)
{
    (void)state;
    console_puts("bye\n");
    assert_non_null(dom1->console);
    console_domain_destroy(dom1);
    assert_null(dom1->console);
    console_domain_destroy(dom1); /* twice is harmless */
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_ring_drops_oldest),
        T(test_ring_incremental),
        T(test_ring_clear),
        T(test_ring_index_wraps),
        T(test_log_incremental_and_clear),
        T(test_log_bad_buffer),
        T(test_log_has_domu_lines_not_dom0s),
        T(test_sysctl_readconsole),
        T(test_domain_console_read),
        T(test_domain_console_bounded),
        T(test_dom0_own_console),
        T(test_domain_console_never_written),
        T(test_parasol_op_errors),
        T(test_domain_console_destroyed),
    };

    return cmocka_run_group_tests_name("console", tests, NULL, NULL);
}

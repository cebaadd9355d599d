/*
 * test_parasol_console: Parasol's own PARASOLOP_console_read
 * (public/parasol.h), which Xen does not have (there hypercall 63 is
 * -ENOSYS; test_console checks that much on both). Every console_io
 * write of a domain is kept in that domain's buffer: dom0's own lines
 * come back, an incremental read returns only what is new, clear
 * forgets, and each error is the documented one.
 */
#include "verdict.h"

#include <parasol/guest.h>
#include <public/parasol.h>

#define NO_SUCH_DOMID 42
#define MARK "test_parasol_console: marker line\n"
#define READ_MAX 4096

static char text[READ_MAX + 1];

static long parasol_op(unsigned int cmd, void *arg)
{
    return _hypercall(__HYPERVISOR_parasol_op, cmd, arg, 0, 0, 0);
}

static long read_console(struct parasol_console_read *op, domid_t domid,
                         bool incremental, bool clear)
{
    op->domid = domid;
    op->incremental = incremental;
    op->clear = clear;
    op->count = READ_MAX;
    op->pad = 0;
    set_xen_guest_handle(op->buffer, text);
    return parasol_op(PARASOLOP_console_read, op);
}

/* Does text (count bytes) end with s? */
static bool ends_with(uint32_t count, const char *s)
{
    size_t n = strlen(s);

    text[count] = 0;
    return count >= n && strcmp(text + count - n, s) == 0;
}

static void check_reads(void)
{
    struct parasol_console_read op = {0};
    uint32_t index;

    printf(MARK);
    check_rc(read_console(&op, 0, false, false), 0, "read dom0's buffer");
    check_true(ends_with(op.count, MARK), "  ... it ends with our line");
    index = op.index;
    check_rc(read_console(&op, 0, true, false), 0, "an incremental read");
    check_true(op.count < 100, "  ... only the check lines printed since");
    check_true(op.index > index, "  ... and the index moved on");
    check_rc(read_console(&op, 0, false, true), 0, "a read that clears");
    check_rc(read_console(&op, 0, false, false), 0, "then a plain read");
    check_true(op.count < 100, "  ... only what came after the clear");
}

static void check_errors(void)
{
    struct parasol_console_read op = {0};

    check_rc(read_console(&op, NO_SUCH_DOMID, false, false), -XEN_ESRCH,
             "read a domain that does not exist: -ESRCH");
    check_rc(parasol_op(PARASOLOP_console_read + 99, &op), -XEN_ENOSYS,
             "an unknown command: -ENOSYS");
    check_rc(parasol_op(PARASOLOP_console_read, (void *)0xdead000000000000UL),
             -XEN_EFAULT, "a bad argument: -EFAULT");
    op.pad = 1;
    op.domid = 0;
    check_rc(parasol_op(PARASOLOP_console_read, &op), -XEN_EINVAL,
             "a pad field not zero: -EINVAL");
}

int main(void)
{
    struct parasol_console_read op = {0};

    verdict_title("test_parasol_console", "PARASOLOP_console_read");
    if (!check_rc(read_console(&op, 0, false, false), 0,
                  "PARASOLOP_console_read exists"))
        verdict_end();
    check_reads();
    check_errors();
    verdict_end();
}

/*
 * test_console: dom0's view of the console's memory.
 *
 * On Parasol, every console_io write of a domain is kept in that
 * domain's buffer, which dom0 reads with Parasol's own
 * PARASOLOP_console_read (public/parasol.h): our own lines come back,
 * an incremental read returns only what is new, clear forgets, and the
 * errors are exact. On Xen 4.17 the call does not exist: its number
 * answers -ENOSYS (measured), which is how a toolstack tells the two
 * apart, and the rest is skipped there.
 *
 * On both, VIRQ_CON_RING (a global VIRQ) binds on vCPU 0 only.
 */
#include "verdict.h"

#include <parasol/guest.h>
#include <public/parasol.h>

#define NO_SUCH_DOMID 42
#define MARK "test_console: marker line\n"
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

static void check_con_ring_virq(void)
{
    struct evtchn_bind_virq op = {.virq = VIRQ_CON_RING, .vcpu = 1};

    check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op), -XEN_EINVAL,
             "VIRQ_CON_RING on vCPU 1: -EINVAL (global)");
    op.vcpu = 0;
    check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op), 0,
             "VIRQ_CON_RING on vCPU 0");
    check_rc(evtchn_close(op.port), 0, "  ... closed");
}

int main(void)
{
    struct parasol_console_read op = {0};
    long rc;

    verdict_title("test_console", "the console's memory");
    check_con_ring_virq();
    rc = read_console(&op, 0, false, false);
    if (rc == -XEN_ENOSYS) {
        printf("  PARASOLOP_console_read: -ENOSYS, not Parasol (Xen)\n");
        verdict_end();
    }
    check_rc(rc, 0, "PARASOLOP_console_read exists (Parasol)");
    check_reads();
    check_errors();
    verdict_end();
}

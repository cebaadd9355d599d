/*
 * test_console: dom0's view of the console's memory, the same on
 * Parasol and Xen 4.17.
 *
 * Parasol's own PARASOLOP_console_read (public/parasol.h) answers on
 * Parasol and is -ENOSYS on Xen (measured): one check accepts either,
 * which is how a toolstack tells the two apart; test_parasol_console
 * checks the call itself. On both, VIRQ_CON_RING (a global VIRQ) binds on vCPU
 * 0 only, and XEN_SYSCTL_readconsole reads the hypervisor's log with Xen's
 * semantics: the whole log, then an incremental read from the index it
 * returned finds nothing new (dom0's own console text is not logged, on
 * either), a read that clears empties it, a zero-sized buffer reads
 * nothing, a bad buffer is -EFAULT.
 */
#include "verdict.h"

#include <parasol/guest.h>
#include <public/parasol.h>
#include <public/sysctl.h>

#define READ_MAX 4096

static char log_text[2 * READ_MAX];

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

static long readconsole(struct xen_sysctl_readconsole *rc, char *buf,
                        uint32_t count, bool incremental, bool clear)
{
    struct xen_sysctl op = {.cmd = XEN_SYSCTL_readconsole,
                            .interface_version = XEN_SYSCTL_INTERFACE_VERSION};
    long err;

    op.u.readconsole = (struct xen_sysctl_readconsole){
        .clear = clear,
        .incremental = incremental,
        .index = rc->index,
        .count = count,
    };
    set_xen_guest_handle(op.u.readconsole.buffer, buf);
    err = HYPERVISOR_sysctl(&op);
    *rc = op.u.readconsole;
    return err;
}

static void check_readconsole(void)
{
    struct xen_sysctl_readconsole rc = {0};
    uint32_t index;

    check_rc(readconsole(&rc, log_text, sizeof(log_text), false, false), 0,
             "readconsole: the hypervisor's log");
    check_true(rc.count > 0, "  ... it has text");
    check_true(rc.index >= rc.count, "  ... the index is past it");
    index = rc.index;
    check_rc(readconsole(&rc, log_text, sizeof(log_text), true, false), 0,
             "readconsole, incremental from that index");
    check_hex(rc.count, 0, "  ... nothing new (dom0's text is not logged)");
    check_hex(rc.index, index, "  ... the index stays");
    rc.index = 0;
    check_rc(readconsole(&rc, log_text, 0, false, false), 0,
             "readconsole into 0 bytes");
    check_hex(rc.count, 0, "  ... reads nothing");
    check_rc(readconsole(&rc, (char *)0xdead000000000000UL, 16, false, false),
             -XEN_EFAULT, "readconsole into a bad buffer: -EFAULT");
    check_rc(readconsole(&rc, log_text, sizeof(log_text), false, true), 0,
             "readconsole that clears");
    check_rc(readconsole(&rc, log_text, sizeof(log_text), false, false), 0,
             "readconsole after it");
    check_hex(rc.count, 0, "  ... the log is empty");
}

int main(void)
{
    struct parasol_console_read op = {.domid = 0};
    long rc;

    verdict_title("test_console", "the console's memory");
    check_con_ring_virq();
    check_readconsole();
    rc = _hypercall(__HYPERVISOR_parasol_op, PARASOLOP_console_read, &op, 0, 0,
                    0);
    check_true(rc == 0 || rc == -XEN_ENOSYS,
               "parasol_op: 0 (Parasol) or -ENOSYS (Xen: no such call)");
    verdict_end();
}

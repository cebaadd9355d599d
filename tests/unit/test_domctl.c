/*
 * domctl's dispatch (hv/domctl.c) on the host, with stub handlers: the
 * checks come in Xen 4.17's order (copy-in -EFAULT, version -EACCES,
 * target domain -ESRCH, privilege -EPERM, unknown command -ENOSYS), a
 * handler gets the target it needs (or none for the commands that find
 * their own), and the struct goes back to the caller only when the
 * handler asks, even with an error, as Xen copies it back.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "arch_double.h"
#include "hypercall_double.h"
#include <hv/domctl.h>
#include <hv/errno.h>
#include <string.h>

#define OP_AT GUEST_VA(0x100)
#define STUB_ERROR (-XEN_ENODATA)

static struct domain *dom0, *dom1;
static unsigned int handler_calls;
static uint32_t handler_cmd;
static struct domain *handler_target;
static bool want_copyback;
static long handler_result;

/* Every handler the table names: record, answer as told. */
#define STUB(name)                                                             \
    long name(struct xen_domctl *op, struct domain *d, bool *copyback)         \
    {                                                                          \
        handler_calls++;                                                       \
        handler_cmd = op->cmd;                                                 \
        handler_target = d;                                                    \
        op->u.getdomaininfo.flags = 0x1234;                                    \
        *copyback = want_copyback;                                             \
        return handler_result;                                                 \
    }
STUB(domctl_createdomain)
STUB(domctl_destroydomain)
STUB(domctl_pausedomain)
STUB(domctl_unpausedomain)
STUB(domctl_getdomaininfo)
STUB(domctl_max_mem)
STUB(domctl_setdomainhandle)
STUB(domctl_settimeoffset)
STUB(domctl_hypercall_init)
STUB(domctl_max_vcpus)
STUB(domctl_getvcpuinfo)
STUB(domctl_setvcpucontext)
STUB(domctl_getvcpucontext)
STUB(domctl_scheduler_op)
STUB(domctl_setdebugging)
STUB(domctl_resumedomain)
STUB(domctl_sendtrigger)
STUB(domctl_set_address_size)
STUB(domctl_get_address_size)
STUB(domctl_not_supported)
STUB(domctl_no_device)
STUB(domctl_getvcpuaffinity)
STUB(domctl_setvcpuaffinity)

static int setup(void **state)
{
    (void)state;
    double_reset();
    double_init();
    dom0 = double_domain(0, true, 1);
    dom1 = double_domain(1, false, 1);
    double_set_current(dom0->vcpu[0]);
    handler_calls = 0;
    handler_target = NULL;
    want_copyback = false;
    handler_result = 0;
    return 0;
}

static struct xen_domctl *op_in_guest(uint32_t cmd, domid_t domain)
{
    struct xen_domctl *op = guest_ptr(OP_AT);

    memset(op, 0, sizeof(*op));
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = domain;
    return op;
}

static long domctl(guest_va_t at)
{
    const uint64_t args[HYPERCALL_MAX_ARGS] = {at};

    return do_domctl(args);
}

static void test_order_of_checks(void **state)
{
    struct xen_domctl *op;

    (void)state;
    assert_int_equal(domctl(GUEST_BAD_VA), -EFAULT);
    op = op_in_guest(XEN_DOMCTL_pausedomain, 99);
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
    assert_int_equal(domctl(OP_AT), -EACCES);
    op = op_in_guest(XEN_DOMCTL_pausedomain, 99);
    assert_int_equal(domctl(OP_AT), -ESRCH);
    double_set_current(dom1->vcpu[0]);
    assert_int_equal(domctl(OP_AT), -ESRCH);
    op->domain = 0;
    assert_int_equal(domctl(OP_AT), -EPERM);
    assert_int_equal(handler_calls, 0);
}

static void test_unknown_commands(void **state)
{
    static const uint32_t unknown[] = {0, 6, 30, 76, 87, 1000, 0xffffffff};

    (void)state;
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        op_in_guest(unknown[i], 1);
        assert_int_equal(domctl(OP_AT), -ENOSYS);
        op_in_guest(unknown[i], 99);
        assert_int_equal(domctl(OP_AT), -ESRCH);
    }
    assert_int_equal(handler_calls, 0);
}

static void test_targets(void **state)
{
    (void)state;
    op_in_guest(XEN_DOMCTL_max_mem, 1);
    assert_int_equal(domctl(OP_AT), 0);
    assert_int_equal(handler_cmd, XEN_DOMCTL_max_mem);
    assert_ptr_equal(handler_target, dom1);
    /* createdomain and getdomaininfo look the domain up themselves. */
    op_in_guest(XEN_DOMCTL_createdomain, 99);
    assert_int_equal(domctl(OP_AT), 0);
    assert_null(handler_target);
    op_in_guest(XEN_DOMCTL_getdomaininfo, 99);
    assert_int_equal(domctl(OP_AT), 0);
    assert_null(handler_target);
    assert_int_equal(handler_calls, 3);
}

static void test_copyback(void **state)
{
    struct xen_domctl *op;

    (void)state;
    op = op_in_guest(XEN_DOMCTL_getvcpuinfo, 1);
    assert_int_equal(domctl(OP_AT), 0);
    assert_int_equal(op->u.getdomaininfo.flags, 0);
    want_copyback = true;
    handler_result = STUB_ERROR;
    assert_int_equal(domctl(OP_AT), STUB_ERROR);
    assert_int_equal(op->u.getdomaininfo.flags, 0x1234);
    /* Read, then the copy back faults. */
    op_in_guest(XEN_DOMCTL_getvcpuinfo, 1);
    handler_result = 0;
    guest_copies_before_fault = 1;
    assert_int_equal(domctl(OP_AT), -EFAULT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_order_of_checks, setup),
        cmocka_unit_test_setup(test_unknown_commands, setup),
        cmocka_unit_test_setup(test_targets, setup),
        cmocka_unit_test_setup(test_copyback, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

UNIT_TESTS += domid domctl
# Domain ID allocation: pure logic.
UNIT_SRCS_domid := hv/domid.c
# domctl's dispatch (hv/domctl.c): its checks and table, against stub
# handlers defined by the test.
UNIT_SRCS_domctl := hv/domctl.c tests/unit/hypercall_double.c \
    tests/unit/panic_double.c hv/timer.c hv/time.c

UNIT_TESTS += multicall
# The table and multicall; every other handler is a stand-in of the double.
UNIT_SRCS_multicall := hv/hypercall.c hv/multicall.c hv/timer.c hv/time.c \
    tests/unit/hypercall_double.c tests/unit/panic_double.c

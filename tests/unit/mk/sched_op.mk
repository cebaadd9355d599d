UNIT_TESTS += sched_op
UNIT_SRCS_sched_op := hv/sched_op.c hv/timer.c hv/time.c \
    tests/unit/hypercall_double.c tests/unit/panic_double.c

UNIT_TESTS += memory_op
UNIT_SRCS_memory_op := hv/memory_op.c hv/memory_reservation.c hv/timer.c \
    hv/time.c \
    tests/unit/hypercall_double.c tests/unit/panic_double.c \
    tests/unit/iomem_double.c

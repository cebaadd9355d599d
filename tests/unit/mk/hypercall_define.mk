UNIT_TESTS += hypercall_define
# HYPERCALL_DEFINE's conversions and the typed guest-handle copies, on the
# double's fake guest memory.
UNIT_SRCS_hypercall_define := hv/timer.c hv/time.c \
    tests/unit/hypercall_double.c tests/unit/panic_double.c

UNIT_TESTS += vcpu_op
# vcpu_op and set_timer_op, and the PV clock they keep company with.
UNIT_SRCS_vcpu_op := hv/vcpu_op.c hv/vcpu_area.c hv/pvclock.c hv/timer.c hv/time.c \
    tests/unit/hypercall_double.c tests/unit/panic_double.c

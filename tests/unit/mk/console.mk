UNIT_TESTS += console
# The console's rings, the hypervisor's log, each domain's buffer and
# PARASOLOP_console_read, with console_io writing into them.
UNIT_SRCS_console := hv/console_ring.c hv/console_read.c hv/console_log.c \
    hv/console_domain.c hv/console_io.c hv/console.c hv/lib/format.c \
    hv/lib/parse.c hv/lib/string.c hv/timer.c hv/time.c \
    tests/unit/hypercall_double.c tests/unit/panic_double.c

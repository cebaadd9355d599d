UNIT_TESTS += xen_version
# xen_version, vm_assist and console_io, with the real console behind it.
UNIT_SRCS_xen_version := hv/version.c hv/vm_assist.c hv/console_io.c \
    hv/console_log.c hv/console_ring.c hv/console_read.c \
    hv/console_domain.c \
    hv/console.c hv/lib/format.c hv/lib/parse.c hv/lib/string.c hv/timer.c hv/time.c \
    tests/unit/hypercall_double.c tests/unit/panic_double.c

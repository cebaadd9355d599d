UNIT_TESTS += time
UNIT_SRCS_time := hv/time.c tests/unit/panic_double.c

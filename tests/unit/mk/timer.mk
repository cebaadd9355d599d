UNIT_TESTS += timer
UNIT_SRCS_timer := hv/timer.c hv/time.c tests/unit/panic_double.c

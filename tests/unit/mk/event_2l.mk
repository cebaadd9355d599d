UNIT_TESTS += event_2l
UNIT_SRCS_event_2l := hv/event_2l.c tests/unit/panic_double.c

UNIT_TESTS += buddy
UNIT_SRCS_buddy := hv/mm/frame.c hv/mm/buddy.c tests/unit/panic_double.c

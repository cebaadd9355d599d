UNIT_TESTS += xmalloc
UNIT_SRCS_xmalloc := hv/mm/frame.c hv/mm/buddy.c hv/mm/xmalloc.c \
    tests/unit/panic_double.c

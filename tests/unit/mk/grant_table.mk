UNIT_TESTS += grant_table
# Grant tables v1 (hv/grant_table.c) on two fake domains, its table
# frames from the real buddy over the arch double's fake memory.
UNIT_SRCS_grant_table := hv/grant_table.c hv/grant_map.c hv/grant_copy.c \
    hv/mm/frame.c hv/mm/buddy.c \
    tests/unit/panic_double.c

UNIT_TESTS += domain_frames
# A domain's frames (hv/domain_frames.c) over the real buddy allocator
# and frame table, in the arch double's fake memory.
UNIT_SRCS_domain_frames := hv/domain_frames.c hv/mm/frame.c hv/mm/buddy.c \
    tests/unit/panic_double.c

UNIT_TESTS += bootmem
# mm_init() and the summary too: the hand-over from bootmem to the buddy.
UNIT_SRCS_bootmem := hv/mm/bootmem.c hv/mm/frame.c hv/mm/buddy.c \
    hv/mm/xmalloc.c hv/mm/mm.c hv/printk.c hv/console.c hv/console_log.c \
    hv/console_ring.c hv/lib/format.c \
    tests/unit/panic_double.c

/*
 * The boot allocator (hv/mm/bootmem.c) on fake machine memory: what a
 * loader's map becomes (low memory, rounding, overlap, disorder, reserved
 * entries winning), reservations, the allocation limit and preference for
 * high memory, exhaustion, and the hand-over to the buddy in mm_init().
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdlib.h>

#include "arch_double.h"
#include "panic_double.h"
#include <hv/lib.h>
#include <hv/mm.h>

#define MEMORY_BYTES MiB(64)
#define MEMORY_PAGES (MEMORY_BYTES / PAGE_SIZE)
#define MEM_UNKNOWN_TYPE 12 /* a type no loader documents */
#define MANY_RANGES (BOOTMEM_MAX_RANGES + 72)
#define SUMMARY_MAX_LINES 15

#define REGION(start, end, kind)                                               \
    {                                                                          \
        (start), (end) - (start), (kind)                                       \
    }
#define USABLE(start, end) REGION(start, end, MEM_USABLE)
#define RESERVED(start, end) REGION(start, end, MEM_RESERVED)

/* Provided by the arch (multiboot.c) in the hypervisor. */
const char *mem_type_name(uint32_t type)
{
    return type == MEM_USABLE ? "usable" : "reserved";
}

static bool page_free[MEMORY_PAGES];

static int memory_setup(void **state)
{
    (void)state;
    fake_memory_setup(MEMORY_BYTES);
    return 0;
}

static int memory_teardown(void **state)
{
    (void)state;
    fake_memory_teardown();
    return 0;
}

/* Allocate page by page until nothing is left, noting which were free:
 * the truth about the free ranges, whatever the bookkeeping says. */
static void drain(void)
{
    paddr_t pa;

    memset(page_free, 0, sizeof(page_free));
    while ((pa = bootmem_alloc(PAGE_SIZE, BOOTMEM_NO_LIMIT)) != 0) {
        assert_true(pa < MEMORY_BYTES);
        assert_false(page_free[pa / PAGE_SIZE]);
        page_free[pa / PAGE_SIZE] = true;
    }
}

/* After drain(): exactly the pages of [start, end) were free in it. */
static void assert_free_exactly(paddr_t lo, paddr_t hi, paddr_t start,
                                paddr_t end)
{
    for (paddr_t pa = lo; pa < hi; pa += PAGE_SIZE)
        assert_int_equal(page_free[pa / PAGE_SIZE], pa >= start && pa < end);
}

static struct bootmem_stats stats(void)
{
    struct bootmem_stats st;

    bootmem_get_stats(&st);
    return st;
}

static void test_low_memory_ignored(void **state)
{
    const struct mem_region map[] = {USABLE(0, KiB(640)),
                                     USABLE(MiB(1), MiB(64))};

    (void)state;
    bootmem_init(map, ARRAY_SIZE(map));
    assert_int_equal(bootmem_max_paddr(), MiB(64));
    assert_int_equal(stats().usable, MiB(63));
    assert_int_equal(bootmem_alloc(PAGE_SIZE, MiB(1)), 0);
    drain();
    assert_free_exactly(0, MiB(64), MiB(1), MiB(64));
}

static void test_usable_rounded_inward(void **state)
{
    const struct mem_region map[] = {USABLE(MiB(1) + 100, MiB(2) + 5000)};

    (void)state;
    bootmem_init(map, ARRAY_SIZE(map));
    assert_int_equal(stats().usable, MiB(1));
    assert_int_equal(bootmem_max_paddr(), MiB(2) + PAGE_SIZE);
    drain();
    assert_free_exactly(0, MiB(4), MiB(1) + PAGE_SIZE, MiB(2) + PAGE_SIZE);
}

static void test_overlapping_unsorted_merged(void **state)
{
    const struct mem_region map[] = {
        USABLE(MiB(8), MiB(16)),  USABLE(MiB(2), MiB(3)),
        USABLE(MiB(1), MiB(4)), /* around the one before */
        USABLE(MiB(3), MiB(10)),  USABLE(MiB(20), MiB(22)),
        USABLE(MiB(16), MiB(20)), /* touches both neighbours */
    };

    (void)state;
    bootmem_init(map, ARRAY_SIZE(map));
    assert_int_equal(bootmem_max_paddr(), MiB(22));
    assert_int_equal(stats().usable, MiB(21));
    /* One range: all of it comes out in one piece. */
    assert_int_equal(bootmem_alloc(MiB(21), BOOTMEM_NO_LIMIT), MiB(1));
    assert_int_equal(bootmem_alloc(PAGE_SIZE, BOOTMEM_NO_LIMIT), 0);
}

static void test_empty_entries_change_nothing(void **state)
{
    const struct mem_region map[] = {
        USABLE(MiB(1), MiB(9)),
        RESERVED(MiB(5), MiB(5)),
        USABLE(MiB(20), MiB(20)),
    };

    (void)state;
    bootmem_init(map, ARRAY_SIZE(map));
    bootmem_reserve(MiB(6), MiB(6));
    assert_int_equal(stats().usable, MiB(8));
    assert_int_equal(bootmem_alloc(MiB(8), BOOTMEM_NO_LIMIT), MiB(1));
}

static void test_reserved_entries_win(void **state)
{
    const struct mem_region map[] = {
        RESERVED(MiB(5), MiB(6)), /* before the usable entry it cuts */
        USABLE(MiB(1), MiB(12)),
        REGION(MiB(7) + 1, MiB(7) + 2, MEM_ACPI_NVS),   /* rounded out */
        REGION(MiB(11) + 8, MiB(13), MEM_UNKNOWN_TYPE), /* cuts the top */
        USABLE(MiB(20), MiB(24)),
        RESERVED(MiB(19), MiB(21)), /* overlaps a usable start */
    };

    (void)state;
    bootmem_init(map, ARRAY_SIZE(map));
    assert_int_equal(bootmem_max_paddr(), MiB(24));
    assert_int_equal(stats().usable,
                     MiB(11) - MiB(1) - MiB(1) - PAGE_SIZE + MiB(3));
    drain();
    assert_free_exactly(0, MiB(5), MiB(1), MiB(5));
    assert_free_exactly(MiB(5), MiB(7), MiB(6), MiB(7));
    assert_free_exactly(MiB(7), MiB(20), MiB(7) + PAGE_SIZE, MiB(11));
    assert_free_exactly(MiB(20), MiB(64), MiB(21), MiB(24));
}

static void test_reserve_splits_rounding_outward(void **state)
{
    const struct mem_region map[] = {USABLE(MiB(1), MiB(32))};

    (void)state;
    bootmem_init(map, ARRAY_SIZE(map));
    bootmem_reserve(MiB(4) + 10, MiB(8) - 10);
    bootmem_reserve(MiB(31), MiB(40)); /* partly beyond RAM */
    bootmem_reserve(MiB(50), MiB(60)); /* nothing there */
    assert_int_equal(stats().reserved, MiB(4) + MiB(1));
    assert_int_equal(bootmem_max_paddr(), MiB(32)); /* as the map said */
    drain();
    assert_free_exactly(0, MiB(8), MiB(1), MiB(4));
    assert_free_exactly(MiB(8), MiB(64), MiB(8), MiB(31));
}

static void test_alloc_high_first_below_limit(void **state)
{
    const struct mem_region map[] = {USABLE(MiB(1), MiB(64))};
    const unsigned char *p;
    paddr_t pa;

    (void)state;
    bootmem_init(map, ARRAY_SIZE(map));
    assert_int_equal(bootmem_alloc(MiB(1), BOOTMEM_NO_LIMIT), MiB(63));
    assert_int_equal(bootmem_alloc(MiB(1), MiB(16)), MiB(15));
    assert_int_equal(bootmem_alloc(MiB(1), MiB(16) + 100), MiB(14));
    pa = bootmem_alloc(100, MiB(16)); /* a whole page, zeroed */
    assert_int_equal(pa, MiB(14) - PAGE_SIZE);
    p = arch_maddr_to_virt(pa);
    for (size_t i = 0; i < PAGE_SIZE; i++)
        assert_int_equal(p[i], 0);
    assert_int_equal(p[-1], 0xa5); /* and no more (fake memory's fill) */
    assert_int_equal(stats().allocated, MiB(3) + PAGE_SIZE);
}

static void test_alloc_impossible_returns_zero(void **state)
{
    const struct mem_region map[] = {USABLE(MiB(1), MiB(4)),
                                     USABLE(MiB(8), MiB(32))};

    (void)state;
    bootmem_init(map, ARRAY_SIZE(map));
    assert_int_equal(bootmem_alloc(MiB(25), BOOTMEM_NO_LIMIT), 0);
    assert_int_equal(bootmem_alloc(PAGE_SIZE, MiB(1)), 0);
    assert_int_equal(bootmem_alloc(MiB(4), MiB(6)), 0); /* too low a limit */
    assert_int_equal(bootmem_alloc(0, BOOTMEM_NO_LIMIT), 0);
    assert_int_equal(bootmem_alloc(SIZE_MAX, BOOTMEM_NO_LIMIT), 0);
    assert_int_equal(bootmem_alloc(MiB(24), BOOTMEM_NO_LIMIT), MiB(8));
    assert_int_equal(bootmem_alloc(MiB(3), MiB(6)), MiB(1));
    assert_int_equal(bootmem_alloc(PAGE_SIZE, BOOTMEM_NO_LIMIT), 0);
    assert_int_equal(stats().free, 0);
}

static void test_too_many_ranges_lose_memory_safely(void **state)
{
    static struct mem_region map[MANY_RANGES];
    struct bootmem_stats st;

    (void)state;
    for (unsigned i = 0; i < MANY_RANGES; i++) { /* one page in two */
        paddr_t base = MiB(1) + 2 * i * PAGE_SIZE;

        map[i] = (struct mem_region)USABLE(base, base + PAGE_SIZE);
    }
    bootmem_init(map, MANY_RANGES);
    st = stats();
    assert_int_equal(st.usable + st.lost, MANY_RANGES * PAGE_SIZE);
    assert_int_equal(st.usable, BOOTMEM_MAX_RANGES * PAGE_SIZE);
    /* The table is full: a split keeps one side and loses the other. */
    map[0] = (struct mem_region)USABLE(MiB(40), MiB(48));
    bootmem_init(map, BOOTMEM_MAX_RANGES);
    bootmem_reserve(MiB(42), MiB(44));
    st = stats();
    assert_int_equal(st.reserved, MiB(2));
    assert_int_equal(st.lost, MiB(2)); /* the smaller side */
    assert_int_equal(st.free + st.lost + st.reserved, st.usable);
    drain();
    assert_int_equal(stats().allocated, st.free);
}

static void test_huge_lengths_clamped(void **state)
{
    const struct mem_region map[] = {
        {MiB(1), ~(uint64_t)0, MEM_USABLE}, /* runs past 2^64 */
        {GiB(8), ~(uint64_t)0, MEM_RESERVED},
    };

    (void)state;
    bootmem_init(map, ARRAY_SIZE(map));
    assert_int_equal(bootmem_max_paddr(), GiB(8));
    assert_int_equal(stats().usable, GiB(8) - MiB(1));
}

static void test_empty_map(void **state)
{
    (void)state;
    bootmem_init(NULL, 0);
    assert_int_equal(bootmem_max_paddr(), 0);
    assert_int_equal(bootmem_alloc(PAGE_SIZE, BOOTMEM_NO_LIMIT), 0);
}

/* A PC-like map: legacy area, RAM, ACPI tables at the top. */
static const struct mem_region pc_map[] = {
    USABLE(0, KiB(639)),
    RESERVED(KiB(960), MiB(1)),
    USABLE(MiB(1), MiB(60)),
    REGION(MiB(60), MiB(64), MEM_ACPI_RECLAIMABLE),
};

static void boot_like_the_arch(void)
{
    bootmem_init(pc_map, ARRAY_SIZE(pc_map));
    bootmem_reserve(MiB(2), MiB(3));           /* hypervisor image */
    bootmem_reserve(MiB(10) + 5, MiB(11) + 7); /* a module */
    assert_int_not_equal(bootmem_alloc(4 * PAGE_SIZE, GiB(4)), 0);
}

static void test_mm_init_hands_over(void **state)
{
    const mfn_t nr = MiB(60) / PAGE_SIZE;
    const uint64_t table_pages =
        ALIGN_UP(nr * sizeof(struct frame), PAGE_SIZE) / PAGE_SIZE;
    uint64_t free_before;

    (void)state;
    boot_like_the_arch();
    free_before = stats().free / PAGE_SIZE;
    mm_init();
    assert_int_equal(max_mfn(), nr);
    assert_int_equal(frames_free_count(), free_before - table_pages);
    /* The low 1 MiB is I/O memory, RAM or not; the image is not. */
    assert_int_equal(mfn_to_frame(0)->count_info, FRAME_RESERVED | FRAME_IO);
    assert_int_equal(mfn_to_frame(KiB(960) / PAGE_SIZE)->count_info,
                     FRAME_RESERVED | FRAME_IO);
    assert_int_equal(mfn_to_frame(MiB(2) / PAGE_SIZE)->count_info,
                     FRAME_RESERVED);
    assert_int_equal(mfn_to_frame(MiB(11) / PAGE_SIZE)->count_info,
                     FRAME_RESERVED);
    assert_true(mfn_to_frame(MiB(3) / PAGE_SIZE)->count_info & FRAME_FREE);
    assert_int_equal(stats().free, 0);
}

static void test_bootmem_refused_after_mm_init(void **state)
{
    void *p;

    (void)state;
    boot_like_the_arch();
    mm_init();
    EXPECT_PANIC(bootmem_alloc(PAGE_SIZE, BOOTMEM_NO_LIMIT), "after mm_init");
    EXPECT_PANIC(bootmem_reserve(MiB(20), MiB(21)), "after mm_init");
    /* The allocators that replace it work. */
    assert_int_not_equal(frames_alloc(4), INVALID_MFN);
    p = xzalloc(100);
    assert_non_null(p);
    xfree(p);
}

static unsigned count_lines(const char *s)
{
    unsigned n = 0;

    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_summary(void **state)
{
    (void)state;
    boot_like_the_arch();
    mm_init();
    fake_console_reset();
    mm_print_summary();
    assert_non_null(strstr(fake_console, "Memory map:"));
    assert_non_null(strstr(fake_console,
                           "0x0000000000100000-"
                           "0x0000000003c00000    59 MiB usable"));
    assert_non_null(strstr(fake_console, "RAM: 59 MiB usable"));
    assert_non_null(strstr(fake_console, "image and modules      2 MiB"));
    assert_non_null(strstr(fake_console, "736 KiB (frame table 720 KiB"));
    assert_non_null(strstr(fake_console, ", 15360 frames)"));
    assert_non_null(strstr(fake_console, "free"));
    assert_true(count_lines(fake_console) <= SUMMARY_MAX_LINES);
}

#define MEM_TEST(fn)                                                           \
    cmocka_unit_test_setup_teardown(fn, memory_setup, memory_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        MEM_TEST(test_low_memory_ignored),
        MEM_TEST(test_usable_rounded_inward),
        MEM_TEST(test_overlapping_unsorted_merged),
        MEM_TEST(test_empty_entries_change_nothing),
        MEM_TEST(test_reserved_entries_win),
        MEM_TEST(test_reserve_splits_rounding_outward),
        MEM_TEST(test_alloc_high_first_below_limit),
        MEM_TEST(test_alloc_impossible_returns_zero),
        MEM_TEST(test_too_many_ranges_lose_memory_safely),
        MEM_TEST(test_huge_lengths_clamped),
        MEM_TEST(test_empty_map),
        MEM_TEST(test_mm_init_hands_over),
        MEM_TEST(test_bootmem_refused_after_mm_init),
        MEM_TEST(test_summary),
    };
    return cmocka_run_group_tests_name("bootmem", tests, NULL, NULL);
}

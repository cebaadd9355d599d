/*
 * The heap (hv/mm/xmalloc.c) over the real buddy, on fake machine memory:
 * sizes and alignment, reuse, slab pages going back to the buddy, large
 * allocations, zeroing, a random workload checked against a shadow copy,
 * and the panics on bad or double frees.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdlib.h>

#include "arch_double.h"
#include "panic_double.h"
#include <hv/mm.h>

#define MEMORY_FRAMES 4096 /* 16 MiB of fake machine memory */
#define FIRST_FREE_MFN 16  /* frames below stay reserved */
#define SLAB_MAX 2048      /* largest size served from slab pages */
#define STRESS_OPS 20000
#define STRESS_LIVE 300
#define STRESS_LARGE_MAX 40000
#define STRESS_SEED 4242

static struct frame *table;
static uint64_t initial_free;

static int heap_setup(void **state)
{
    (void)state;
    fake_memory_setup(MEMORY_FRAMES * PAGE_SIZE);
    table = calloc(MEMORY_FRAMES, sizeof(*table));
    if (!table)
        return -1;
    frame_table_init(table, MEMORY_FRAMES);
    buddy_init();
    buddy_add_range(FIRST_FREE_MFN, MEMORY_FRAMES);
    xmalloc_init();
    initial_free = frames_free_count();
    return 0;
}

static int heap_teardown(void **state)
{
    (void)state;
    free(table);
    table = NULL;
    fake_memory_teardown();
    return 0;
}

/* The alignment a request of this size is promised. */
static uintptr_t expected_alignment(size_t bytes)
{
    uintptr_t align = XMALLOC_ALIGN;

    if (bytes > SLAB_MAX)
        return PAGE_SIZE;
    while (align < bytes)
        align <<= 1;
    return align;
}

static void test_sizes_and_alignment(void **state)
{
    static const size_t edges[] = {16,   17,   2047, 2048,  2049,
                                   4095, 4096, 4097, 65536, 1000000};
    static size_t sizes[512];
    static void *ptrs[512];
    size_t n = 0;

    (void)state;
    for (size_t bytes = 1; bytes <= 3000; bytes += 7)
        sizes[n++] = bytes;
    for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
        sizes[n++] = edges[i];
    for (size_t i = 0; i < n; i++) {
        ptrs[i] = xmalloc(sizes[i]);
        assert_non_null(ptrs[i]);
        assert_int_equal((uintptr_t)ptrs[i] % expected_alignment(sizes[i]), 0);
        memset(ptrs[i], (int)i, sizes[i]); /* all of it is ours */
    }
    for (size_t i = 0; i < n; i++)
        xfree(ptrs[i]);
    assert_int_equal(frames_free_count(), initial_free);
}

static void test_zero_size_is_an_object(void **state)
{
    void *p;

    (void)state;
    p = xmalloc(0);
    assert_non_null(p);
    xfree(p);
    xfree(NULL); /* a no-op */
    assert_int_equal(frames_free_count(), initial_free);
}

static void test_reuse_after_free(void **state)
{
    void *keep, *p, *q;

    (void)state;
    keep = xmalloc(100); /* keeps the slab page alive */
    p = xmalloc(100);
    xfree(p);
    q = xmalloc(120); /* same 128-byte class */
    assert_ptr_equal(q, p);
    xfree(q);
    xfree(keep);
}

static void test_slab_pages_return_to_buddy(void **state)
{
    const size_t size = 32, per_page = PAGE_SIZE / size;
    static void *ptrs[PAGE_SIZE / 32 + 1];

    (void)state;
    ptrs[0] = xmalloc(size);
    assert_int_equal(frames_free_count(), initial_free - 1);
    xfree(ptrs[0]);
    assert_int_equal(frames_free_count(), initial_free);
    /* Objects fill a page exactly: one more needs a second page. */
    for (size_t i = 0; i <= per_page; i++)
        ptrs[i] = xmalloc(size);
    assert_int_equal(frames_free_count(), initial_free - 2);
    for (size_t i = 0; i <= per_page; i++)
        xfree(ptrs[i]);
    assert_int_equal(frames_free_count(), initial_free);
}

static void test_large_allocations(void **state)
{
    void *one, *three, *just_over;

    (void)state;
    just_over = xmalloc(PAGE_SIZE + 1); /* needs an order-1 block */
    assert_int_equal(frames_free_count(), initial_free - 2);
    xfree(just_over);
    one = xmalloc(PAGE_SIZE);
    assert_int_equal(frames_free_count(), initial_free - 1);
    three = xmalloc(3 * PAGE_SIZE); /* rounds up to an order-2 block */
    assert_int_equal(frames_free_count(), initial_free - 1 - 4);
    assert_int_equal((uintptr_t)three % PAGE_SIZE, 0);
    memset(three, 1, 3 * PAGE_SIZE);
    xfree(one);
    xfree(three);
    assert_int_equal(frames_free_count(), initial_free);
}

static void assert_all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_int_equal(p[i], 0);
}

static void test_xzalloc_zeroes(void **state)
{
    const size_t small = 256, large = 3 * PAGE_SIZE + 5;
    void *keep, *p, *q;

    (void)state;
    keep = xmalloc(small);
    p = xmalloc(small);
    memset(p, 0xff, small);
    xfree(p);
    q = xzalloc(small);
    assert_ptr_equal(q, p); /* the dirty object, reused */
    assert_all_zero(q, small);
    p = xzalloc(large); /* fake memory starts as 0xa5 */
    assert_all_zero(p, large);
    xfree(p);
    xfree(q);
    xfree(keep);
}

static void test_array_overflow(void **state)
{
    void *p;

    (void)state;
    assert_null(xmalloc_array(SIZE_MAX / 2 + 1, 2));
    p = xmalloc_array(10, 24);
    assert_non_null(p);
    memset(p, 0, 10 * 24);
    xfree(p);
}

static void test_out_of_memory(void **state)
{
    static void *pages[MEMORY_FRAMES];
    size_t n = 0;
    void *p;

    (void)state;
    assert_null(xmalloc((size_t)PAGE_SIZE << (MAX_ORDER + 1)));
    assert_null(xmalloc(MEMORY_FRAMES * PAGE_SIZE)); /* no such block */
    while ((p = xmalloc(PAGE_SIZE)) != NULL)
        pages[n++] = p;
    assert_int_equal(n, initial_free);
    assert_null(xmalloc(16)); /* no frame for a slab page either */
    xfree(pages[--n]);
    p = xmalloc(16);
    assert_non_null(p);
    xfree(p);
    while (n)
        xfree(pages[--n]);
    assert_int_equal(frames_free_count(), initial_free);
}

static void test_double_free_small(void **state)
{
    void *keep, *p;

    (void)state;
    keep = xmalloc(64);
    p = xmalloc(64);
    xfree(p);
    EXPECT_PANIC(xfree(p), "double free");
    xfree(keep);
    /* The page went back to the buddy with its last object. */
    EXPECT_PANIC(xfree(keep), "already freed");
}

static void test_double_free_large(void **state)
{
    void *p;

    (void)state;
    p = xmalloc(5 * PAGE_SIZE);
    xfree(p);
    EXPECT_PANIC(xfree(p), "already freed");
    assert_int_equal(frames_free_count(), initial_free);
}

static void test_bad_pointers(void **state)
{
    unsigned char *small, *large;
    int on_stack;

    (void)state;
    small = xmalloc(64);
    large = xmalloc(2 * PAGE_SIZE);
    EXPECT_PANIC(xfree(small + XMALLOC_ALIGN), "inside an object");
    EXPECT_PANIC(xfree(small + 1), "inside an object");
    EXPECT_PANIC(xfree(large + XMALLOC_ALIGN), "inside a large");
    EXPECT_PANIC(xfree(large + PAGE_SIZE), "not allocated by xmalloc");
    EXPECT_PANIC(xfree(fake_memory), "not allocated by xmalloc");
    EXPECT_PANIC(xfree(&on_stack), "not a machine address");
    xfree(small); /* the checks changed nothing */
    xfree(large);
    assert_int_equal(frames_free_count(), initial_free);
}

static void test_live_object_looking_free(void **state)
{
    unsigned char *p, *q;

    (void)state;
    p = xmalloc(32);
    q = xmalloc(32); /* same page */
    xfree(q);
    /* Give p the exact bytes of a free object: still a valid free. */
    memcpy(p, q, 32);
    xfree(p);
    assert_int_equal(frames_free_count(), initial_free);
}

struct live_object {
    unsigned char *p;
    size_t size;
    unsigned char fill;
};

static void stress_check(const struct live_object *o)
{
    for (size_t i = 0; i < o->size; i++)
        assert_int_equal(o->p[i], o->fill);
}

static size_t stress_size(void)
{
    /* Mostly slab sizes, now and then a multi-page one. */
    if (rand() % 4)
        return 1 + (size_t)rand() % SLAB_MAX;
    return SLAB_MAX + 1 + (size_t)rand() % STRESS_LARGE_MAX;
}

static void test_random_against_shadow(void **state)
{
    static struct live_object live[STRESS_LIVE];
    size_t n = 0;

    (void)state;
    srand(STRESS_SEED);
    for (unsigned op = 0; op < STRESS_OPS; op++) {
        if (n == STRESS_LIVE || (n && rand() % 2)) {
            size_t victim = (size_t)rand() % n;

            stress_check(&live[victim]);
            xfree(live[victim].p);
            live[victim] = live[--n];
            continue;
        }
        live[n].size = stress_size();
        live[n].fill = (unsigned char)op;
        live[n].p = xmalloc(live[n].size);
        assert_non_null(live[n].p);
        memset(live[n].p, live[n].fill, live[n].size);
        n++;
    }
    while (n)
        xfree(live[--n].p);
    assert_int_equal(frames_free_count(), initial_free);
}

#define HEAP_TEST(fn)                                                          \
    cmocka_unit_test_setup_teardown(fn, heap_setup, heap_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        HEAP_TEST(test_sizes_and_alignment),
        HEAP_TEST(test_zero_size_is_an_object),
        HEAP_TEST(test_reuse_after_free),
        HEAP_TEST(test_slab_pages_return_to_buddy),
        HEAP_TEST(test_large_allocations),
        HEAP_TEST(test_xzalloc_zeroes),
        HEAP_TEST(test_array_overflow),
        HEAP_TEST(test_out_of_memory),
        HEAP_TEST(test_double_free_small),
        HEAP_TEST(test_double_free_large),
        HEAP_TEST(test_bad_pointers),
        HEAP_TEST(test_live_object_looking_free),
        HEAP_TEST(test_random_against_shadow),
    };
    return cmocka_run_group_tests_name("xmalloc", tests, NULL, NULL);
}

/*
 * The buddy allocator (hv/mm/buddy.c) on a frame table of the test's own:
 * splitting, coalescing, alignment, exhaustion and recovery, and the
 * panics that catch wrong frees.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdlib.h>

#include "panic_double.h"
#include <hv/mm.h>

#define ORDER_FRAMES(order) ((mfn_t)1 << (order))
#define SMALL_ORDER 10
#define SMALL_FRAMES ORDER_FRAMES(SMALL_ORDER)
#define STRESS_ORDER 12
#define STRESS_FRAMES ORDER_FRAMES(STRESS_ORDER)
#define STRESS_OPS 20000
#define STRESS_MAX_ORDER 6
#define STRESS_SEED 12345

static struct frame *table;

/* A frame table of nr frames, frames [start, end) given to the buddy. */
static void zone_setup(mfn_t nr, mfn_t start, mfn_t end)
{
    table = calloc(nr, sizeof(*table));
    assert_non_null(table);
    frame_table_init(table, nr);
    buddy_init();
    buddy_add_range(start, end);
}

static int zone_teardown(void **state)
{
    (void)state;
    free(table);
    table = NULL;
    return 0;
}

/* The only free block is one of this order. */
static void assert_single_block(unsigned order)
{
    for (unsigned k = 0; k <= MAX_ORDER; k++)
        assert_int_equal(buddy_free_blocks(k), k == order ? 1 : 0);
}

static void test_range_becomes_one_block(void **state)
{
    (void)state;
    zone_setup(SMALL_FRAMES, 0, SMALL_FRAMES);
    assert_single_block(SMALL_ORDER);
    assert_int_equal(frames_free_count(), SMALL_FRAMES);
    assert_true(mfn_to_frame(0)->count_info & FRAME_FREE);
    assert_true(mfn_to_frame(SMALL_FRAMES - 1)->count_info & FRAME_FREE);
}

static void test_split_leaves_one_block_per_order(void **state)
{
    mfn_t mfn;

    (void)state;
    zone_setup(SMALL_FRAMES, 0, SMALL_FRAMES);
    mfn = frame_alloc();
    assert_int_equal(mfn, 0);
    assert_int_equal(frames_free_count(), SMALL_FRAMES - 1);
    for (unsigned k = 0; k < SMALL_ORDER; k++)
        assert_int_equal(buddy_free_blocks(k), 1);
    assert_int_equal(buddy_free_blocks(SMALL_ORDER), 0);
}

static void test_allocated_frame_state(void **state)
{
    const unsigned order = 3;
    mfn_t mfn;

    (void)state;
    zone_setup(SMALL_FRAMES, 0, SMALL_FRAMES);
    mfn = frames_alloc(order);
    for (mfn_t i = 0; i < ORDER_FRAMES(order); i++) {
        struct frame *f = mfn_to_frame(mfn + i);

        assert_int_equal(f->count_info, FRAME_HV);
        assert_int_equal(f->type_info, FRAME_TYPE(FRAME_TYPE_NONE));
        assert_null(f->owner);
        assert_int_equal(f->order, order);
        assert_int_equal(frame_to_mfn(f), mfn + i);
    }
    assert_true(mfn_valid(SMALL_FRAMES - 1));
    assert_false(mfn_valid(SMALL_FRAMES));
    assert_int_equal(max_mfn(), SMALL_FRAMES);
}

static void test_coalesce_back_to_one_block(void **state)
{
    mfn_t mfns[SMALL_FRAMES];

    (void)state;
    zone_setup(SMALL_FRAMES, 0, SMALL_FRAMES);
    for (mfn_t i = 0; i < SMALL_FRAMES; i++)
        mfns[i] = frame_alloc();
    /* Free in a scattered order (7 is coprime to the count), so merges
     * happen at every level and from both sides. */
    for (mfn_t i = 0; i < SMALL_FRAMES; i++)
        frame_free(mfns[(i * 7) % SMALL_FRAMES]);
    assert_single_block(SMALL_ORDER);
    assert_int_equal(frames_free_count(), SMALL_FRAMES);
}

static void test_ranges_added_apart_merge(void **state)
{
    (void)state;
    zone_setup(SMALL_FRAMES, 0, SMALL_FRAMES / 2);
    buddy_add_range(SMALL_FRAMES / 2, SMALL_FRAMES);
    assert_single_block(SMALL_ORDER);
}

static void test_exhaustion_then_recovery(void **state)
{
    mfn_t mfns[SMALL_FRAMES];
    mfn_t n = 0, mfn;

    (void)state;
    zone_setup(SMALL_FRAMES, 0, SMALL_FRAMES);
    while ((mfn = frame_alloc()) != INVALID_MFN)
        mfns[n++] = mfn;
    assert_int_equal(n, SMALL_FRAMES);
    assert_int_equal(frames_free_count(), 0);
    assert_int_equal(frames_alloc(0), INVALID_MFN);
    frame_free(mfns[SMALL_FRAMES / 2]);
    assert_int_equal(frame_alloc(), mfns[SMALL_FRAMES / 2]);
    for (mfn_t i = 0; i < n; i++)
        frame_free(mfns[i]);
    assert_int_equal(frames_alloc(SMALL_ORDER + 1), INVALID_MFN);
    assert_int_equal(frames_alloc(SMALL_ORDER), 0);
}

static void test_every_order_aligned(void **state)
{
    /* Start the range off alignment so alignment has to be earned. */
    const mfn_t start = 5, end = start + ORDER_FRAMES(MAX_ORDER + 1);
    mfn_t mfns[MAX_ORDER + 1];
    uint64_t before;

    (void)state;
    zone_setup(end, start, end);
    before = frames_free_count();
    for (unsigned k = MAX_ORDER + 1; k-- > 0;) {
        mfns[k] = frames_alloc(k);
        assert_int_not_equal(mfns[k], INVALID_MFN);
        assert_int_equal(mfns[k] % ORDER_FRAMES(k), 0);
        assert_true(mfns[k] >= start && mfns[k] + ORDER_FRAMES(k) <= end);
    }
    for (unsigned k = 0; k <= MAX_ORDER; k++)
        frames_free(mfns[k], k);
    assert_int_equal(frames_free_count(), before);
}

static void test_blocks_capped_at_max_order(void **state)
{
    const mfn_t nr = 2 * ORDER_FRAMES(MAX_ORDER);

    (void)state;
    zone_setup(nr, 0, nr);
    assert_int_equal(buddy_free_blocks(MAX_ORDER), 2);
    assert_int_equal(frames_alloc(MAX_ORDER + 1), INVALID_MFN);
    assert_int_equal(buddy_free_blocks(MAX_ORDER + 1), 0);
}

static void test_unaligned_range_stays_inside(void **state)
{
    const mfn_t start = 7, end = 1500;
    mfn_t mfn, n = 0;

    (void)state;
    zone_setup(SMALL_FRAMES * 2, start, end);
    assert_int_equal(frames_free_count(), end - start);
    while ((mfn = frame_alloc()) != INVALID_MFN) {
        assert_true(mfn >= start && mfn < end);
        n++;
    }
    assert_int_equal(n, end - start);
    /* Reserved frames around the range were never touched. */
    assert_int_equal(mfn_to_frame(start - 1)->count_info, FRAME_RESERVED);
    assert_int_equal(mfn_to_frame(end)->count_info, FRAME_RESERVED);
}

static void test_double_free_detected(void **state)
{
    mfn_t mfn;

    (void)state;
    zone_setup(SMALL_FRAMES, 0, SMALL_FRAMES);
    mfn = frames_alloc(2);
    frames_free(mfn, 2);
    EXPECT_PANIC(frames_free(mfn, 2), "double free");
    /* One frame of a free block is caught too, not just its head. */
    EXPECT_PANIC(frame_free(SMALL_FRAMES - 1), "double free");
    assert_int_equal(frames_free_count(), SMALL_FRAMES);
}

static void test_reserved_free_detected(void **state)
{
    (void)state;
    zone_setup(SMALL_FRAMES, 16, SMALL_FRAMES);
    EXPECT_PANIC(frame_free(3), "reserved");
}

static void test_misaligned_free_detected(void **state)
{
    mfn_t mfn;

    (void)state;
    zone_setup(SMALL_FRAMES, 0, SMALL_FRAMES);
    mfn = frames_alloc(2);
    EXPECT_PANIC(frames_free(mfn + 1, 2), "aligned");
    frames_free(mfn, 2); /* the checks changed nothing */
    assert_single_block(SMALL_ORDER);
}

static void test_order_mismatch_detected(void **state)
{
    mfn_t mfn;

    (void)state;
    zone_setup(SMALL_FRAMES, 0, SMALL_FRAMES);
    mfn = frames_alloc(2);
    EXPECT_PANIC(frames_free(mfn, 1), "order differs");
    EXPECT_PANIC(frame_free(mfn + 3), "order differs");
    frames_free(mfn, 2);
    assert_int_equal(frame_alloc(), mfn);
    EXPECT_PANIC(frames_free(mfn, 2), "order differs");
}

static void test_bad_mfn_and_order_detected(void **state)
{
    (void)state;
    zone_setup(SMALL_FRAMES, 0, SMALL_FRAMES);
    EXPECT_PANIC(frame_free(SMALL_FRAMES), "beyond");
    EXPECT_PANIC(frame_free(INVALID_MFN), "beyond");
    EXPECT_PANIC(frames_free(0, MAX_ORDER + 1), "MAX_ORDER");
}

static void test_referenced_free_detected(void **state)
{
    mfn_t mfn;

    (void)state;
    zone_setup(SMALL_FRAMES, 0, SMALL_FRAMES);
    mfn = frame_alloc();
    mfn_to_frame(mfn)->count_info++;
    EXPECT_PANIC(frame_free(mfn), "referenced");
}

static void test_add_range_twice_detected(void **state)
{
    (void)state;
    zone_setup(SMALL_FRAMES, 0, SMALL_FRAMES);
    EXPECT_PANIC(buddy_add_range(10, 20), "not a reserved frame");
    assert_int_equal(frames_free_count(), SMALL_FRAMES);
}

/* Is some aligned 2^order run of frames entirely free in the shadow? */
static bool shadow_has_free_block(const bool *used, unsigned order)
{
    for (mfn_t base = 0; base < STRESS_FRAMES; base += ORDER_FRAMES(order)) {
        mfn_t i = 0;

        while (i < ORDER_FRAMES(order) && !used[base + i])
            i++;
        if (i == ORDER_FRAMES(order))
            return true;
    }
    return false;
}

struct stress_block {
    mfn_t mfn;
    unsigned order;
};

static void stress_alloc(bool *used, struct stress_block *live, size_t *n)
{
    unsigned order = (unsigned)rand() % (STRESS_MAX_ORDER + 1);
    mfn_t mfn = frames_alloc(order);

    if (mfn == INVALID_MFN) {
        /* Eager merging: a failure means no aligned free run at all. */
        assert_false(shadow_has_free_block(used, order));
        return;
    }
    assert_int_equal(mfn % ORDER_FRAMES(order), 0);
    for (mfn_t i = 0; i < ORDER_FRAMES(order); i++) {
        assert_false(used[mfn + i]);
        used[mfn + i] = true;
    }
    live[(*n)++] = (struct stress_block){mfn, order};
}

static void stress_free(bool *used, struct stress_block *live, size_t *n)
{
    size_t victim = (size_t)rand() % *n;
    struct stress_block b = live[victim];

    frames_free(b.mfn, b.order);
    for (mfn_t i = 0; i < ORDER_FRAMES(b.order); i++)
        used[b.mfn + i] = false;
    live[victim] = live[--(*n)];
}

static void test_random_against_shadow(void **state)
{
    static bool used[STRESS_FRAMES];
    static struct stress_block live[STRESS_FRAMES];
    size_t n = 0;
    uint64_t in_use = 0;

    (void)state;
    zone_setup(STRESS_FRAMES, 0, STRESS_FRAMES);
    srand(STRESS_SEED);
    for (unsigned op = 0; op < STRESS_OPS; op++) {
        if (n && rand() % 2)
            stress_free(used, live, &n);
        else
            stress_alloc(used, live, &n);
        in_use = 0;
        for (size_t i = 0; i < n; i++)
            in_use += ORDER_FRAMES(live[i].order);
        assert_int_equal(frames_free_count(), STRESS_FRAMES - in_use);
    }
    while (n)
        stress_free(used, live, &n);
    assert_single_block(STRESS_ORDER);
}

#define ZONE_TEST(fn) cmocka_unit_test_teardown(fn, zone_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        ZONE_TEST(test_range_becomes_one_block),
        ZONE_TEST(test_split_leaves_one_block_per_order),
        ZONE_TEST(test_allocated_frame_state),
        ZONE_TEST(test_coalesce_back_to_one_block),
        ZONE_TEST(test_ranges_added_apart_merge),
        ZONE_TEST(test_exhaustion_then_recovery),
        ZONE_TEST(test_every_order_aligned),
        ZONE_TEST(test_blocks_capped_at_max_order),
        ZONE_TEST(test_unaligned_range_stays_inside),
        ZONE_TEST(test_double_free_detected),
        ZONE_TEST(test_reserved_free_detected),
        ZONE_TEST(test_misaligned_free_detected),
        ZONE_TEST(test_order_mismatch_detected),
        ZONE_TEST(test_bad_mfn_and_order_detected),
        ZONE_TEST(test_referenced_free_detected),
        ZONE_TEST(test_add_range_twice_detected),
        ZONE_TEST(test_random_against_shadow),
    };
    return cmocka_run_group_tests_name("buddy", tests, NULL, NULL);
}

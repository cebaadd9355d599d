/*
 * A domain's frames (hv/domain_frames.c) on the host: allocation up to
 * max_pages, each frame holding its allocation reference; giving one
 * back frees it at once or when its last other reference goes; a dying
 * domain's frames go back the same way, a frame still referenced
 * elsewhere (a mapping by dom0) keeping the domain until it goes; every
 * frame freed is scrubbed; free memory ends where it began.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "arch_double.h"
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant_table.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <stdlib.h>
#include <string.h>

#define NR_FRAMES 64
#define FIRST_FREE 16
#define DIRT 0xa5

static struct frame *table;
static struct domain dom;
static unsigned int domains_freed;
static uint64_t free_at_start;

void printk(enum log_level level, const char *fmt, ...)
{
    (void)level;
    (void)fmt;
}

void domain_free(struct domain *d)
{
    assert_ptr_equal(d, &dom);
    domains_freed++;
}

/* No grant table here: hv/grant_table.c has its own test. */
unsigned int grant_table_close(struct domain *d)
{
    (void)d;
    return 0;
}

mfn_t grant_table_frame(const struct domain *d, unsigned int i)
{
    (void)d;
    (void)i;
    fail();
    return INVALID_MFN;
}

static int setup(void **state)
{
    (void)state;
    fake_memory_setup(NR_FRAMES * PAGE_SIZE);
    table = calloc(NR_FRAMES, sizeof(*table));
    assert_non_null(table);
    frame_table_init(table, NR_FRAMES);
    buddy_init();
    buddy_add_range(FIRST_FREE, NR_FRAMES);
    memset(&dom, 0, sizeof(dom));
    list_init(&dom.page_list);
    dom.max_pages = 8;
    domains_freed = 0;
    free_at_start = frames_free_count();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(table);
    fake_memory_teardown();
    return 0;
}

/* What a mapping does to its frame: one more general reference, and
 * put_page's part when it goes (pagetype.c). */
static void get_ref(mfn_t mfn)
{
    mfn_to_frame(mfn)->count_info++;
}

static void put_ref(mfn_t mfn)
{
    struct frame *f = mfn_to_frame(mfn);

    if ((--f->count_info & FRAME_COUNT_MASK) == 0)
        domain_frame_released(f);
}

static mfn_t alloc_dirty(void)
{
    mfn_t mfn = domain_alloc_frame(&dom);

    assert_int_not_equal(mfn, INVALID_MFN);
    memset(mfn_to_virt(mfn), DIRT, PAGE_SIZE);
    return mfn;
}

static bool scrubbed(mfn_t mfn)
{
    const uint8_t *p = mfn_to_virt(mfn);

    for (size_t i = 0; i < PAGE_SIZE; i++)
        if (p[i])
            return false;
    return true;
}

static void test_alloc_up_to_max(void **state)
{
    (void)state;
    for (unsigned i = 0; i < dom.max_pages; i++) {
        mfn_t mfn = domain_alloc_frame(&dom);

        assert_int_not_equal(mfn, INVALID_MFN);
        assert_true(domain_owns_frame(&dom, mfn));
        assert_int_equal(mfn_to_frame(mfn)->count_info, FRAME_ALLOCATED | 1);
    }
    assert_int_equal(dom.tot_pages, dom.max_pages);
    assert_int_equal(domain_alloc_frame(&dom), INVALID_MFN);
    dom.state = DOMAIN_DYING;
    dom.max_pages++;
    assert_int_equal(domain_alloc_frame(&dom), INVALID_MFN);
}

static void test_give_back(void **state)
{
    mfn_t a, b;

    (void)state;
    a = alloc_dirty();
    b = alloc_dirty();
    assert_int_equal(domain_release_frame(&dom, a), 0);
    assert_int_equal(dom.tot_pages, 1);
    assert_true(scrubbed(a));
    assert_true(mfn_to_frame(a)->count_info & FRAME_FREE);
    assert_int_equal(domain_release_frame(&dom, a), -EINVAL);
    assert_int_equal(domain_release_frame(&dom, NR_FRAMES + 1), -EINVAL);
    /* Mapped elsewhere: given back, but freed only when unmapped. */
    get_ref(b);
    assert_int_equal(domain_release_frame(&dom, b), 0);
    assert_int_equal(domain_release_frame(&dom, b), -EINVAL);
    assert_int_equal(dom.tot_pages, 1);
    assert_true(domain_owns_frame(&dom, b));
    put_ref(b);
    assert_int_equal(dom.tot_pages, 0);
    assert_true(scrubbed(b));
    assert_int_equal(frames_free_count(), free_at_start);
    assert_int_equal(domains_freed, 0);
}

/* shared_info is the domain's too, a hypervisor frame: never given back
 * by decrease_reservation, released with the domain. */
static mfn_t shared_info_frame(void)
{
    mfn_t mfn = frame_alloc();

    mfn_to_frame(mfn)->owner = &dom;
    mfn_to_frame(mfn)->count_info = FRAME_HV | FRAME_ALLOCATED | 1;
    dom.shared_info = mfn_to_virt(mfn);
    dom.shared_info_mfn = mfn;
    return mfn;
}

static void test_dying_with_nothing_held(void **state)
{
    mfn_t si;

    (void)state;
    si = shared_info_frame();
    assert_int_equal(domain_release_frame(&dom, si), -EINVAL);
    alloc_dirty();
    alloc_dirty();
    dom.state = DOMAIN_DYING;
    domain_release_all_frames(&dom);
    assert_int_equal(domains_freed, 1);
    assert_int_equal(dom.tot_pages, 0);
    assert_true(list_empty(&dom.page_list));
    assert_int_equal(frames_free_count(), free_at_start);
}

static void test_dying_with_a_frame_held(void **state)
{
    mfn_t held, given_back_held;

    (void)state;
    shared_info_frame();
    alloc_dirty();
    held = alloc_dirty();
    given_back_held = alloc_dirty();
    get_ref(held);
    get_ref(given_back_held);
    assert_int_equal(domain_release_frame(&dom, given_back_held), 0);
    dom.state = DOMAIN_DYING;
    domain_release_all_frames(&dom);
    /* The two frames still referenced keep the domain. */
    assert_int_equal(domains_freed, 0);
    assert_int_equal(dom.tot_pages, 2);
    assert_false(scrubbed(held));
    put_ref(held);
    assert_true(scrubbed(held));
    assert_int_equal(domains_freed, 0);
    put_ref(given_back_held);
    assert_int_equal(domains_freed, 1);
    assert_int_equal(frames_free_count(), free_at_start);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_alloc_up_to_max, setup, teardown),
        cmocka_unit_test_setup_teardown(test_give_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dying_with_nothing_held, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_dying_with_a_frame_held, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * dom0's domU layout (tools/dom0/build_layout.c): the pieces and the
 * page-table count for several image shapes and memory sizes, the 4 MiB
 * rounding at its edges, the refusals, and the contents: every address of
 * the mapping, walked through the generated tables, reaches its frame
 * with the right rights; start_info and vCPU 0's context hold what the
 * reference (§2.2, §2.3) says.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "build_layout.h"

#include <public/errno.h>

#define XTF_BASE 0x100000ULL /* guest-lib and XTF link here, VIRT_BASE 0 */
#define LINUX_VIRT_BASE 0xffffffff80000000ULL
#define LINUX_KSTART 0xffffffff81000000ULL
/* The fake p2m: frame p of the domain is machine frame p + MFN_OFFSET. */
#define MFN_OFFSET 0x100000ULL
#define MiB_PAGES(n) ((uint64_t)(n)*256)
#define PADDING_PAGES (LAYOUT_PADDING_MIN / PAGE_SIZE)

static const struct elf_limits limits = {
    .page_size = PAGE_SIZE,
    .va_hole_start = VA_LOWER_HALF_END,
    .va_hole_end = HYPERVISOR_VIRT_END,
};

static struct elf_image_info image;
static struct build_layout l;
static const char *why;

/* An image of 'pages' pages at kstart, pseudo-physical 0 at base. */
static void set_image(uint64_t base, uint64_t kstart, uint64_t pages)
{
    memset(&image, 0, sizeof(image));
    image.virt_base = base;
    image.virt_kstart = kstart;
    image.virt_kend = kstart + pages * PAGE_SIZE;
    image.entry = kstart;
}

static int compute(uint64_t nr_pages)
{
    return layout_compute(&image, nr_pages, &limits, &l, &why);
}

static xen_pfn_t *fake_p2m(uint64_t nr_pages)
{
    xen_pfn_t *p2m = malloc(nr_pages * sizeof(*p2m));

    assert_non_null(p2m);
    for (uint64_t p = 0; p < nr_pages; p++)
        p2m[p] = p + MFN_OFFSET;
    return p2m;
}

/* What holds for every layout: the pieces in order and back to back,
 * the stack and padding below a 4 MiB-aligned end, all within memory. */
static void check_invariants(void)
{
    assert_int_equal(l.p2m_pfn, l.kernel_pfn + l.kernel_pages);
    assert_int_equal(l.p2m_pages * (PAGE_SIZE / 8) >= l.nr_pages, 1);
    assert_int_equal(l.p2m_pages, (l.nr_pages + 511) / 512);
    assert_int_equal(l.start_info_pfn, l.p2m_pfn + l.p2m_pages);
    assert_int_equal(l.xenstore_pfn, l.start_info_pfn + 1);
    assert_int_equal(l.console_pfn, l.xenstore_pfn + 1);
    assert_int_equal(l.pt_pfn, l.console_pfn + 1);
    assert_int_equal(l.nr_tables[4], 1);
    assert_int_equal(l.nr_pt_frames, l.nr_tables[1] + l.nr_tables[2] +
                                         l.nr_tables[3] + l.nr_tables[4]);
    assert_int_equal(l.stack_pfn, l.pt_pfn + l.nr_pt_frames);
    assert_int_equal(l.virt_end % LAYOUT_MAPPING_ALIGN, 0);
    assert_int_equal(l.mapped_pages, (l.virt_end - l.virt_base) / PAGE_SIZE);
    assert_true(l.stack_pfn + 1 + PADDING_PAGES <= l.mapped_pages);
    assert_true(l.mapped_pages <= l.nr_pages);
}

/* guest-lib's hello: 1 MiB in, a few pages, 16 MiB of memory. */
static void test_small_guest(void **state)
{
    (void)state;
    set_image(0, XTF_BASE, 25);
    assert_int_equal(compute(MiB_PAGES(16)), 0);
    assert_null(why);
    check_invariants();
    assert_int_equal(l.kernel_pfn, 256);
    assert_int_equal(l.kernel_pages, 25);
    assert_int_equal(l.p2m_pfn, 281);
    assert_int_equal(l.p2m_pages, 8);
    assert_int_equal(l.start_info_pfn, 289);
    assert_int_equal(l.xenstore_pfn, 290);
    assert_int_equal(l.console_pfn, 291);
    assert_int_equal(l.pt_pfn, 292);
    /* [0, 4 MiB): one table per level but two L1s. */
    assert_int_equal(l.nr_tables[3], 1);
    assert_int_equal(l.nr_tables[2], 1);
    assert_int_equal(l.nr_tables[1], 2);
    assert_int_equal(l.stack_pfn, 297);
    assert_int_equal(l.virt_end, 4 * 1024 * 1024);
}

/* The p2m grows with memory, a page per 512 frames, and moves the rest. */
static void test_memory_sizes(void **state)
{
    static const uint64_t sizes[] = {4, 5, 16, 64, 256, 1024};

    (void)state;
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        set_image(0, XTF_BASE, 25);
        assert_int_equal(compute(MiB_PAGES(sizes[i])), 0);
        check_invariants();
        assert_int_equal(l.p2m_pages, (MiB_PAGES(sizes[i]) + 511) / 512);
    }
    /* A p2m that is not a whole number of pages still gets whole pages. */
    assert_int_equal(compute(1025), 0);
    assert_int_equal(l.p2m_pages, 3);
}

/*
 * The end of the mapping at the 4 MiB edge. Kernel pages 623 put the
 * console at frame 889: tables (5), stack and padding end exactly at
 * 4 MiB, which is enough. One page more and they do not fit: 8 MiB,
 * with two more L1s. Five more, and the first try of the pieces' end
 * already lies on 4 MiB: libxenguest's rounding then adds 4 MiB.
 */
static void test_four_mib_edge(void **state)
{
    (void)state;
    set_image(0, XTF_BASE, 623);
    assert_int_equal(compute(MiB_PAGES(16)), 0);
    check_invariants();
    assert_int_equal(l.console_pfn, 889);
    assert_int_equal(l.nr_pt_frames, 5);
    assert_int_equal(l.stack_pfn + 1 + PADDING_PAGES, 1024);
    assert_int_equal(l.virt_end, 4 * 1024 * 1024);

    set_image(0, XTF_BASE, 624);
    assert_int_equal(compute(MiB_PAGES(16)), 0);
    check_invariants();
    assert_int_equal(l.nr_tables[1], 4);
    assert_int_equal(l.virt_end, 8 * 1024 * 1024);

    set_image(0, XTF_BASE, 628);
    assert_int_equal(compute(MiB_PAGES(16)), 0);
    check_invariants();
    assert_int_equal(l.pt_pfn + PADDING_PAGES + 1, 1024);
    assert_int_equal(l.virt_end, 8 * 1024 * 1024);
}

/* Linux's shape: VIRT_BASE in the upper half, the image 16 MiB above it. */
static void test_upper_half(void **state)
{
    (void)state;
    set_image(LINUX_VIRT_BASE, LINUX_KSTART, MiB_PAGES(30));
    assert_int_equal(compute(MiB_PAGES(256)), 0);
    check_invariants();
    assert_int_equal(l.kernel_pfn, MiB_PAGES(16));
    assert_int_equal(l.p2m_pages, 128);
    assert_int_equal(l.nr_tables[3], 1);
    assert_int_equal(l.nr_tables[2], 1);
    assert_int_equal(l.nr_tables[1], (l.virt_end - LINUX_VIRT_BASE) >> 21);
    assert_int_equal(l.virt_end % LAYOUT_MAPPING_ALIGN, 0);
}

/* A mapping across a 1 GiB line needs two L2s (and across 512 GiB, two
 * L3s): the counts follow the range, not its size. */
static void test_table_boundaries(void **state)
{
    (void)state;
    set_image(0x3ffff000, 0x3ffff000, 16); /* a page below 1 GiB */
    assert_int_equal(compute(MiB_PAGES(16)), 0);
    check_invariants();
    assert_int_equal(l.nr_tables[2], 2);
    assert_int_equal(l.nr_tables[3], 1);
    assert_int_equal(l.nr_tables[1], 3);

    set_image(0x7ffffff000, 0x7ffffff000, 16); /* a page below 512 GiB */
    assert_int_equal(compute(MiB_PAGES(16)), 0);
    check_invariants();
    assert_int_equal(l.nr_tables[3], 2);
    assert_int_equal(l.nr_tables[2], 2);
}

static void expect_refusal(int rc, int err, const char *reason)
{
    assert_int_equal(rc, err);
    assert_non_null(why);
    assert_string_equal(why, reason);
}

static void test_refusals(void **state)
{
    (void)state;
    set_image(XTF_BASE, 0, 4);
    expect_refusal(compute(MiB_PAGES(16)), -XEN_EINVAL,
                   "the kernel starts below its VIRT_BASE");
    /* 4 MiB of memory cannot hold a 4 MiB mapping that starts at 0 and
     * ends past 4 MiB; 1023 frames cannot hold even the smallest. */
    set_image(0, XTF_BASE, 700);
    expect_refusal(compute(MiB_PAGES(4)), -XEN_ENOMEM,
                   "not enough memory for the initial mapping");
    set_image(0, XTF_BASE, 4);
    expect_refusal(compute(1023), -XEN_ENOMEM,
                   "not enough memory for the initial mapping");
    assert_int_equal(compute(1024), 0);
    /* Ending past the lower canonical half (ending on it is fine). */
    set_image(0x00007fffffe00000ULL, 0x00007fffffe00000ULL, 4);
    assert_int_equal(compute(MiB_PAGES(16)), 0);
    assert_int_equal(l.virt_end, VA_LOWER_HALF_END);
    set_image(0x00007ffffffff000ULL, 0x00007ffffffff000ULL, 4);
    expect_refusal(compute(MiB_PAGES(16)), -XEN_EINVAL,
                   "the initial mapping reaches the hypervisor's address "
                   "range");
    /* Starting inside the hypervisor's range. */
    set_image(HYPERVISOR_VIRT_START, HYPERVISOR_VIRT_START, 4);
    expect_refusal(compute(MiB_PAGES(16)), -XEN_EINVAL,
                   "the initial mapping reaches the hypervisor's address "
                   "range");
    /* The last 4 MiB of the address space: the end would wrap to 0. */
    set_image(0xffffffffffc00000ULL, 0xffffffffffc00000ULL, 4);
    expect_refusal(compute(MiB_PAGES(16)), -XEN_EINVAL,
                   "the initial mapping wraps around the address space");
}

/* ---- Contents ----------------------------------------------------------- */

struct tables {
    uint64_t (*entries)[PT_ENTRIES]; /* nr_pt_frames of them */
};

static struct tables make_tables(const xen_pfn_t *p2m)
{
    struct tables t = {malloc(l.nr_pt_frames * sizeof(*t.entries))};

    assert_non_null(t.entries);
    for (uint64_t i = 0; i < l.nr_pt_frames; i++)
        layout_page_table(&l, p2m, i, t.entries[i]);
    return t;
}

/* The page-table frame an entry points at (the fake p2m inverted). */
static const uint64_t *table_of(const struct tables *t, uint64_t pte)
{
    uint64_t pfn = pte_mfn(pte) - MFN_OFFSET;

    assert_true(pfn >= l.pt_pfn && pfn < l.pt_pfn + l.nr_pt_frames);
    return t->entries[pfn - l.pt_pfn];
}

/* Walks va from the L4 (frame 0); returns its L1 entry, or 0 at the
 * first entry that is not present. */
static uint64_t walk(const struct tables *t, uint64_t va)
{
    const uint64_t *table = t->entries[0];
    uint64_t pte = 0;

    for (int level = PT_LEVELS; level >= 1; level--) {
        pte = table[pt_index(va, level)];
        if (!(pte & PTE_PRESENT))
            return 0;
        if (level > 1) {
            assert_int_equal(pte & ~PTE_ADDR_MASK, PTE_FLAGS_TABLE);
            table = table_of(t, pte);
        }
    }
    return pte;
}

/* Every page of the mapping reaches its frame; page tables read-only,
 * the rest writable; nothing just outside the mapping is present. */
static void check_mapping(void)
{
    xen_pfn_t *p2m = fake_p2m(l.nr_pages);
    struct tables t = make_tables(p2m);
    uint64_t ro = PTE_PRESENT | PTE_ACCESSED, pte, pfn;

    for (pfn = 0; pfn < l.mapped_pages; pfn++) {
        pte = walk(&t, layout_va(&l, pfn));
        assert_int_equal(pte_mfn(pte), p2m[pfn]);
        if (pfn >= l.pt_pfn && pfn < l.pt_pfn + l.nr_pt_frames)
            assert_int_equal(pte & ~PTE_ADDR_MASK, ro);
        else
            assert_int_equal(pte & ~PTE_ADDR_MASK, ro | PTE_RW);
    }
    assert_int_equal(walk(&t, l.virt_end), 0);
    if (l.virt_base)
        assert_int_equal(walk(&t, l.virt_base - PAGE_SIZE), 0);
    free(t.entries);
    free(p2m);
}

static void test_tables_map_everything(void **state)
{
    (void)state;
    set_image(0, XTF_BASE, 25);
    assert_int_equal(compute(MiB_PAGES(16)), 0);
    check_mapping();
    set_image(0, XTF_BASE, 624);
    assert_int_equal(compute(MiB_PAGES(16)), 0);
    check_mapping();
    set_image(0x3ffff000, 0x3ffff000, 16);
    assert_int_equal(compute(MiB_PAGES(16)), 0);
    check_mapping();
    set_image(0x7ffffff000, 0x7ffffff000, 16);
    assert_int_equal(compute(MiB_PAGES(16)), 0);
    check_mapping();
    set_image(LINUX_VIRT_BASE, LINUX_KSTART, MiB_PAGES(30));
    assert_int_equal(compute(MiB_PAGES(256)), 0);
    check_mapping();
}

static void test_start_info(void **state)
{
    static start_info_t si;
    static char long_cmdline[2 * MAX_GUEST_CMDLINE];
    xen_pfn_t *p2m;
    struct layout_start_args a = {.shared_info = 0x1234,
                                  .cmdline = "console=hvc0 quiet",
                                  .store_evtchn = 1,
                                  .console_evtchn = 2};

    (void)state;
    set_image(0, XTF_BASE, 25);
    assert_int_equal(compute(MiB_PAGES(16)), 0);
    a.p2m = p2m = fake_p2m(l.nr_pages);
    memset(&si, 0xa5, sizeof(si));
    layout_start_info(&l, &a, &si);
    assert_string_equal(si.magic, "xen-3.0-x86_64");
    assert_int_equal(si.nr_pages, MiB_PAGES(16));
    assert_int_equal(si.shared_info, 0x1234000);
    assert_int_equal(si.flags, 0);
    assert_int_equal(si.pt_base, 292 * PAGE_SIZE);
    assert_int_equal(si.nr_pt_frames, 5);
    assert_int_equal(si.mfn_list, 281 * PAGE_SIZE);
    assert_int_equal(si.store_mfn, 290 + MFN_OFFSET);
    assert_int_equal(si.store_evtchn, 1);
    assert_int_equal(si.console.domU.mfn, 291 + MFN_OFFSET);
    assert_int_equal(si.console.domU.evtchn, 2);
    assert_int_equal(si.mod_start, 0);
    assert_int_equal(si.mod_len, 0);
    assert_string_equal((const char *)si.cmd_line, "console=hvc0 quiet");
    assert_int_equal(si.first_p2m_pfn, 0);
    assert_int_equal(si.nr_p2m_frames, 0);

    /* A command line too long is cut, and still ends in a NUL. */
    memset(long_cmdline, 'x', sizeof(long_cmdline) - 1);
    a.cmdline = long_cmdline;
    layout_start_info(&l, &a, &si);
    assert_int_equal(strlen((const char *)si.cmd_line), MAX_GUEST_CMDLINE - 1);
    free(p2m);
}

static void test_vcpu_context(void **state)
{
    static vcpu_guest_context_t ctx;
    xen_pfn_t *p2m;

    (void)state;
    set_image(LINUX_VIRT_BASE, LINUX_KSTART, MiB_PAGES(30));
    image.entry = LINUX_KSTART + 0x1000;
    assert_int_equal(compute(MiB_PAGES(256)), 0);
    p2m = fake_p2m(l.nr_pages);
    memset(&ctx, 0xa5, sizeof(ctx));
    layout_vcpu_context(&l, &image, p2m, &ctx);
    assert_int_equal(ctx.flags, VGCF_in_kernel | VGCF_online);
    assert_int_equal(ctx.user_regs.rip, LINUX_KSTART + 0x1000);
    assert_int_equal(ctx.user_regs.rsp, layout_va(&l, l.stack_pfn) + 4096);
    assert_int_equal(ctx.user_regs.rsi, layout_va(&l, l.start_info_pfn));
    assert_int_equal(ctx.user_regs.rflags, 0x200);
    assert_int_equal(ctx.user_regs.cs, 0xe033);
    assert_int_equal(ctx.user_regs.ss, 0xe02b);
    assert_int_equal(ctx.user_regs.ds, 0);
    assert_int_equal(ctx.user_regs.es, 0);
    assert_int_equal(ctx.user_regs.fs, 0);
    assert_int_equal(ctx.user_regs.gs, 0);
    assert_int_equal(ctx.user_regs.rax, 0);
    assert_int_equal(ctx.user_regs.rdi, 0);
    assert_int_equal(ctx.kernel_ss, 0xe02b);
    assert_int_equal(ctx.kernel_sp, ctx.user_regs.rsp);
    assert_int_equal(ctx.ctrlreg[3], (l.pt_pfn + MFN_OFFSET) << 12);
    assert_int_equal(ctx.debugreg[6], 0xffff0ff0);
    assert_int_equal(ctx.debugreg[7], 0x400);
    assert_int_equal(ctx.trap_ctxt[0].address, 0);
    assert_int_equal(ctx.event_callback_eip, 0);
    free(p2m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_guest),
        cmocka_unit_test(test_memory_sizes),
        cmocka_unit_test(test_four_mib_edge),
        cmocka_unit_test(test_upper_half),
        cmocka_unit_test(test_table_boundaries),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_tables_map_everything),
        cmocka_unit_test(test_start_info),
        cmocka_unit_test(test_vcpu_context),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * dom0's domain builder (tools/dom0/builder.c) against a fake of the
 * hypercall wrappers (xc_fake.c): a build writes what the layout says
 * into the domain's frames (kernel bytes, bss zeroed, p2m, start_info,
 * zeroed rings and stack, page tables, shared_info reset) and hands over
 * the right frames to hypercall_init, the pin and vCPU 0; the same build
 * failing at each call in turn returns that call's error with a reason
 * and leaves no domain, no window and no buffer behind; bad parameters
 * and images are refused before any call.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <string.h>

#include "build_layout.h"
#include "builder.h"
#include "xc_fake.h"

#include <lib/elf.h>
#include <public/elfnote.h>
#include <public/errno.h>
#include <public/features.h>

/* The test kernel: one segment at 1 MiB, 6 KiB of file bytes and 12 KiB
 * in memory (the rest bss), its hypercall page the second page. */
#define KERNEL_VA 0x100000UL
#define KERNEL_FILESZ 0x1800UL
#define KERNEL_MEMSZ 0x3000UL
#define KERNEL_OFFSET 0x1000UL
#define HYPERCALL_VA (KERNEL_VA + 0x1000)
#define IMAGE_SIZE (KERNEL_OFFSET + KERNEL_FILESZ)
#define NOTES_OFFSET 0x100UL
#define MEMORY_KIB (8 * 1024)
#define NR_PAGES (MEMORY_KIB / 4)
#define CMDLINE "console=hvc0"

static uint8_t image[IMAGE_SIZE];
static size_t notes_len;
static char reason[BUILD_REASON_MAX];

static uint8_t kernel_byte(size_t i)
{
    return (uint8_t)(i * 7 + 1);
}

/* One "Xen" note of type 'type' at the end of the notes. */
static void add_note(uint32_t type, const void *desc, uint32_t size)
{
    struct elf64_nhdr nh = {sizeof("Xen"), size, type};
    uint8_t *at = image + NOTES_OFFSET + notes_len;

    memcpy(at, &nh, sizeof(nh));
    memcpy(at + sizeof(nh), "Xen", sizeof("Xen"));
    memcpy(at + sizeof(nh) + 4, desc, size);
    notes_len += sizeof(nh) + 4 + ((size + 3) & ~3u);
}

static void make_image(const char *features)
{
    struct elf64_ehdr eh = {
        .e_ident = {0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB, EV_CURRENT},
        .e_type = ET_EXEC,
        .e_machine = EM_X86_64,
        .e_version = EV_CURRENT,
        .e_entry = KERNEL_VA,
        .e_phoff = sizeof(struct elf64_ehdr),
        .e_ehsize = sizeof(struct elf64_ehdr),
        .e_phentsize = sizeof(struct elf64_phdr),
        .e_phnum = 2,
    };
    struct elf64_phdr ph[2] = {
        {.p_type = PT_LOAD,
         .p_flags = PF_R | PF_W | PF_X,
         .p_offset = KERNEL_OFFSET,
         .p_vaddr = KERNEL_VA,
         .p_paddr = KERNEL_VA,
         .p_filesz = KERNEL_FILESZ,
         .p_memsz = KERNEL_MEMSZ,
         .p_align = 0x1000},
        {.p_type = PT_NOTE, .p_flags = PF_R, .p_offset = NOTES_OFFSET},
    };
    uint64_t hypercall = HYPERCALL_VA;

    memset(image, 0, sizeof(image));
    notes_len = 0;
    add_note(XEN_ELFNOTE_XEN_VERSION, "xen-3.0", sizeof("xen-3.0"));
    add_note(XEN_ELFNOTE_LOADER, "generic", sizeof("generic"));
    add_note(XEN_ELFNOTE_HYPERCALL_PAGE, &hypercall, sizeof(hypercall));
    if (features)
        add_note(XEN_ELFNOTE_FEATURES, features, strlen(features) + 1);
    ph[1].p_filesz = notes_len;
    memcpy(image, &eh, sizeof(eh));
    memcpy(image + eh.e_phoff, ph, sizeof(ph));
    for (size_t i = 0; i < KERNEL_FILESZ; i++)
        image[KERNEL_OFFSET + i] = kernel_byte(i);
}

/* The store the last build reported. */
static struct build_store store;

static int build(uint64_t memory_kib, uint64_t maxmem_kib, unsigned vcpus,
                 domid_t *domid)
{
    struct build_params p = {
        .memory_kib = memory_kib,
        .maxmem_kib = maxmem_kib,
        .max_vcpus = vcpus,
        .cmdline = CMDLINE,
        .store = &store,
    };

    memset(p.handle, 0x5a, sizeof(p.handle));
    return builder_build(image, sizeof(image), &p, domid, reason);
}

static int setup(void **state)
{
    (void)state;
    xc_fake_reset();
    make_image(NULL);
    memset(reason, 0, sizeof(reason));
    return 0;
}

/* The frame of the domain's pseudo-physical frame pfn. */
static uint8_t *frame(uint64_t pfn)
{
    uint8_t *f = xc_fake_frame(FAKE_MFN_BASE + pfn);

    assert_non_null(f);
    return f;
}

static bool all_zero(const uint8_t *p, size_t n)
{
    while (n--) {
        if (*p++)
            return false;
    }
    return true;
}

/* What the layout says for this image and memory. */
static void expected_layout(struct build_layout *l)
{
    static const struct elf_limits limits = {PAGE_SIZE, VA_LOWER_HALF_END,
                                             HYPERVISOR_VIRT_END};
    struct elf_image_info info;
    const char *why;

    assert_int_equal(
        elf_parse_image(image, sizeof(image), &limits, &info, &why), 0);
    assert_int_equal(layout_compute(&info, NR_PAGES, &limits, l, &why), 0);
}

static void check_kernel(const struct build_layout *l)
{
    assert_int_equal(l->kernel_pages, KERNEL_MEMSZ / 4096);
    for (size_t i = 0; i < KERNEL_FILESZ; i++) {
        const uint8_t *page = frame(l->kernel_pfn + i / 4096);

        assert_int_equal(page[i % 4096], kernel_byte(i));
    }
    /* The bss: the rest of the second page and the whole third. */
    assert_true(all_zero(frame(l->kernel_pfn + 1) + KERNEL_FILESZ - 4096,
                         2 * 4096 - KERNEL_FILESZ));
    assert_true(all_zero(frame(l->kernel_pfn + 2), 4096));
}

static void check_pieces(const struct build_layout *l)
{
    const xen_pfn_t *p2m = (const xen_pfn_t *)frame(l->p2m_pfn);
    const start_info_t *si = (const start_info_t *)frame(l->start_info_pfn);
    const shared_info_t *sh =
        (const shared_info_t *)xc_fake_frame(FAKE_SHARED_INFO_MFN);
    uint64_t l4[PT_ENTRIES];

    for (uint64_t pfn = 0; pfn < 512; pfn++)
        assert_int_equal(p2m[pfn], FAKE_MFN_BASE + pfn);
    assert_string_equal(si->magic, "xen-3.0-x86_64");
    assert_int_equal(si->nr_pages, NR_PAGES);
    assert_int_equal(si->shared_info, FAKE_SHARED_INFO_MFN << 12);
    assert_int_equal(si->store_mfn, FAKE_MFN_BASE + l->xenstore_pfn);
    assert_int_equal(si->store_evtchn, FAKE_STORE_PORT);
    assert_int_equal(si->console.domU.evtchn, 0);
    assert_string_equal((const char *)si->cmd_line, CMDLINE);
    assert_true(all_zero(frame(l->xenstore_pfn), 4096));
    assert_true(all_zero(frame(l->console_pfn), 4096));
    assert_true(all_zero(frame(l->stack_pfn), 4096));
    layout_page_table(l, (const xen_pfn_t *)frame(l->p2m_pfn), 0, l4);
    assert_memory_equal(frame(l->pt_pfn), l4, sizeof(l4));
    for (unsigned v = 0; v < XEN_LEGACY_MAX_VCPUS; v++)
        assert_int_equal(sh->vcpu_info[v].evtchn_upcall_mask, 1);
    assert_int_equal(sh->vcpu_info[0].evtchn_upcall_pending, 0);
    assert_int_equal(sh->evtchn_pending[0], 0);
}

static void test_build_writes_the_layout(void **state)
{
    struct build_layout l;
    domid_t domid = 0;

    (void)state;
    assert_int_equal(build(MEMORY_KIB, 2 * MEMORY_KIB, 2, &domid), 0);
    assert_string_equal(reason, "");
    assert_int_equal(domid, FAKE_DOMID);
    assert_true(xc_fake.created && !xc_fake.destroyed);
    assert_int_equal(xc_fake.max_vcpus, 2);
    assert_int_equal(xc_fake.max_kib, 2 * MEMORY_KIB);
    assert_int_equal(xc_fake.populated, NR_PAGES);
    assert_int_equal(xc_fake.windows, 0);
    assert_false(xc_fake.scratch);
    expected_layout(&l);
    check_kernel(&l);
    check_pieces(&l);
    assert_int_equal(xc_fake.hypercall_mfn, FAKE_MFN_BASE + l.kernel_pfn + 1);
    assert_int_equal(xc_fake.pinned_l4, FAKE_MFN_BASE + l.pt_pfn);
    assert_int_equal(store.mfn, FAKE_MFN_BASE + l.xenstore_pfn);
    assert_int_equal(store.port, FAKE_STORE_PORT);
    assert_true(xc_fake.has_context);
    assert_int_equal(xc_fake.context.user_regs.rip, KERNEL_VA);
    assert_int_equal(xc_fake.context.ctrlreg[3], (FAKE_MFN_BASE + l.pt_pfn)
                                                     << 12);
}

/* The build again, failing at call n: its error, and nothing left. */
static void build_failing_at(unsigned n)
{
    domid_t domid = 0;
    int rc;

    xc_fake_reset();
    xc_fake.fail_at = n;
    xc_fake.fail_rc = -XEN_EFAULT;
    memset(reason, 0, sizeof(reason));
    rc = build(MEMORY_KIB, MEMORY_KIB, 1, &domid);
    /* A populate that gives less is out of memory; the rest is theirs. */
    if (rc != -XEN_EFAULT)
        assert_int_equal(rc, -XEN_ENOMEM);
    assert_true(reason[0] != '\0');
    assert_int_equal(xc_fake.created, xc_fake.destroyed);
    assert_int_equal(xc_fake.windows, 0);
    assert_false(xc_fake.scratch);
}

static void test_every_failure_unwinds(void **state)
{
    domid_t domid = 0;
    unsigned calls;

    (void)state;
    assert_int_equal(build(MEMORY_KIB, MEMORY_KIB, 1, &domid), 0);
    calls = xc_fake.calls;
    /* physinfo, the buffer, createdomain, max_vcpus, max_mem, the store
     * port, four populates, getdomaininfo, two window-fulls of pieces,
     * shared_info, hypercall_init, the pin, setvcpucontext. */
    assert_int_equal(calls, 17);
    for (unsigned n = 1; n <= calls; n++)
        build_failing_at(n);
}

static void expect_refused(int rc, int err, const char *why)
{
    assert_int_equal(rc, err);
    assert_string_equal(reason, why);
    assert_false(xc_fake.created);
    assert_false(xc_fake.scratch);
}

static void test_bad_parameters(void **state)
{
    domid_t domid;

    (void)state;
    expect_refused(build(MEMORY_KIB + 1, 2 * MEMORY_KIB, 1, &domid),
                   -XEN_EINVAL, "memory of 8193 KiB is not whole pages");
    expect_refused(build(0, MEMORY_KIB, 1, &domid), -XEN_EINVAL,
                   "memory of 0 KiB is not whole pages");
    expect_refused(build(MEMORY_KIB, MEMORY_KIB - 4, 1, &domid), -XEN_EINVAL,
                   "maxmem is below memory");
    expect_refused(build(MEMORY_KIB, MEMORY_KIB, 0, &domid), -XEN_EINVAL,
                   "no vCPU");
    expect_refused(
        build(BUILD_MAX_MEMORY_KIB + 4, BUILD_MAX_MEMORY_KIB + 4, 1, &domid),
        -XEN_EINVAL, "memory above the builder's 2048 MiB");
    expect_refused(build(2048, 2048, 1, &domid), -XEN_ENOMEM,
                   "not enough memory for the initial mapping: 1024 pages "
                   "needed, 512 given");
    assert_int_equal(xc_fake.calls, 0);
}

static void test_bad_images(void **state)
{
    domid_t domid;

    (void)state;
    memcpy(image, "not an ELF", 10);
    expect_refused(build(MEMORY_KIB, MEMORY_KIB, 1, &domid), -XEN_EINVAL,
                   "not a PV kernel: not an ELF file");
    make_image("!auto_translated_physmap");
    expect_refused(build(MEMORY_KIB, MEMORY_KIB, 1, &domid), -XEN_EINVAL,
                   "the kernel requires a feature a PV domU lacks "
                   "(!auto_translated_physmap)");
    assert_int_equal(xc_fake.calls, 0);
    /* Features a PV domU has are fine. */
    make_image("!writable_page_tables|pae_pgdir_above_4gb");
    assert_int_equal(build(MEMORY_KIB, MEMORY_KIB, 1, &domid), 0);
}

static void test_not_enough_free_memory(void **state)
{
    domid_t domid;

    (void)state;
    xc_fake.free_pages = NR_PAGES - 1;
    expect_refused(build(MEMORY_KIB, MEMORY_KIB, 1, &domid), -XEN_ENOMEM,
                   "2048 pages needed, 2047 free");
    assert_int_equal(xc_fake.calls, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_build_writes_the_layout, setup),
        cmocka_unit_test_setup(test_every_failure_unwinds, setup),
        cmocka_unit_test_setup(test_bad_parameters, setup),
        cmocka_unit_test_setup(test_bad_images, setup),
        cmocka_unit_test_setup(test_not_enough_free_memory, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

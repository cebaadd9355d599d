/*
 * Writable page tables (arch/x86_64/pv/mm/ptwr.c): the store decoder on
 * hand-checked encodings (each one as GNU as assembles it), its refusal
 * of everything else, and the whole emulation path on a fake domain
 * whose page-table frames are mapped read-only.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "panic_double.h"
#include "pv_mm_double.h"
#include <arch/layout.h>
#include <arch/traps.h>
#include <hv/errno.h>
#include <string.h>

#define RIP 0x400000ULL
#define RAX 0xa0a0a0a0a0a0a0a0ULL
#define RDX 0xd0d0d0d0d0d0d0d0ULL

static void init_regs(struct cpu_regs *r)
{
    memset(r, 0, sizeof(*r));
    r->rax = RAX;
    r->rcx = 0x100;
    r->rdx = RDX;
    r->rbx = 0x4000;
    r->rsp = 0x7000;
    r->rbp = 0x8000;
    r->rsi = 0x9000;
    r->rdi = 0x5000;
    r->r8 = 0x10000;
    r->r9 = 0x9999999999999999ULL;
    r->r10 = 0xffffffff12345678ULL;
    r->r12 = 0x20000;
    r->r13 = 0x30;
    r->r15 = 0xf15f15f15ULL;
    r->rip = RIP;
}

struct store_case {
    const char *text;
    uint8_t bytes[X86_MAX_INSN_LEN];
    unsigned len;
    uint64_t addr, value;
    unsigned size;
};

/* One case a line reads best; clang-format would split them. */
/* clang-format off */
static const struct store_case supported[] = {
    {"mov %rax,(%rdi)", {0x48, 0x89, 0x07}, 3, 0x5000, RAX, 8},
    {"mov %r9,(%rbx)", {0x4c, 0x89, 0x0b}, 3, 0x4000,
     0x9999999999999999ULL, 8},
    {"mov %rcx,(%r12)", {0x49, 0x89, 0x0c, 0x24}, 4, 0x20000, 0x100, 8},
    {"mov %rdx,0x10(%rsi)", {0x48, 0x89, 0x56, 0x10}, 4, 0x9010, RDX, 8},
    {"mov %rdx,-0x8(%rbp)", {0x48, 0x89, 0x55, 0xf8}, 4, 0x7ff8, RDX, 8},
    {"mov %rdx,0x12345(%rsi)",
     {0x48, 0x89, 0x96, 0x45, 0x23, 0x01, 0x00}, 7, 0x1b345, RDX, 8},
    {"mov %rax,(%rbx,%rcx,8)", {0x48, 0x89, 0x04, 0xcb}, 4, 0x4800, RAX,
     8},
    {"mov %rax,0x8(%rbx,%r13,4)", {0x4a, 0x89, 0x44, 0xab, 0x08}, 5,
     0x40c8, RAX, 8},
    {"mov %rax,0x0(%r13)", {0x49, 0x89, 0x45, 0x00}, 4, 0x30, RAX, 8},
    {"mov %rax,0x1000(,%rcx,8)",
     {0x48, 0x89, 0x04, 0xcd, 0x00, 0x10, 0x00, 0x00}, 8, 0x1800, RAX, 8},
    {"mov %rax,0x100(%rip)", {0x48, 0x89, 0x05, 0x00, 0x01, 0x00, 0x00},
     7, RIP + 7 + 0x100, RAX, 8},
    {"mov %rax,(%rsp)", {0x48, 0x89, 0x04, 0x24}, 4, 0x7000, RAX, 8},
    {"mov %rsp,(%rdi)", {0x48, 0x89, 0x27}, 3, 0x5000, 0x7000, 8},
    {"mov %r15,-0x80(%r8,%r12,2)", {0x4f, 0x89, 0x7c, 0x60, 0x80}, 5,
     0x10000 + 0x40000 - 0x80, 0xf15f15f15ULL, 8},
    {"mov %eax,(%rdi)", {0x89, 0x07}, 2, 0x5000, 0xa0a0a0a0, 4},
    {"mov %r10d,(%rdi)", {0x44, 0x89, 0x17}, 3, 0x5000, 0x12345678, 4},
    {"movq $-1,(%rdi)", {0x48, 0xc7, 0x07, 0xff, 0xff, 0xff, 0xff}, 7,
     0x5000, ~0ULL, 8},
    {"movq $-0x80000000,(%rdi)",
     {0x48, 0xc7, 0x07, 0x00, 0x00, 0x00, 0x80}, 7, 0x5000,
     0xffffffff80000000ULL, 8},
    {"movq $0x12345678,0x8(%rsp)",
     {0x48, 0xc7, 0x44, 0x24, 0x08, 0x78, 0x56, 0x34, 0x12}, 9, 0x7008,
     0x12345678, 8},
    {"movl $5,(%rdi)", {0xc7, 0x07, 0x05, 0x00, 0x00, 0x00}, 6, 0x5000,
     5, 4},
    {"movq $1,0x10(%rip)",
     {0x48, 0xc7, 0x05, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00},
     11, RIP + 11 + 0x10, 1, 8},
};
/* clang-format on */

static void test_decode_supported(void **state)
{
    struct cpu_regs r;

    (void)state;
    init_regs(&r);
    for (size_t i = 0; i < sizeof(supported) / sizeof(supported[0]); i++) {
        const struct store_case *c = &supported[i];
        uint64_t addr, value;
        unsigned size, len;

        /* The whole buffer is offered: trailing bytes are not read. */
        if (ptwr_decode_store(c->bytes, sizeof(c->bytes), &r, &addr, &value,
                              &size, &len) != 0)
            fail_msg("%s: refused", c->text);
        if (addr != c->addr || value != c->value || size != c->size ||
            len != c->len)
            fail_msg("%s: addr %#lx value %#lx size %u len %u", c->text,
                     (unsigned long)addr, (unsigned long)value, size, len);
    }
}

struct refused_case {
    const char *text;
    uint8_t bytes[X86_MAX_INSN_LEN];
    unsigned len;
    int rc;
};

static void test_decode_refused(void **state)
{
    struct cpu_regs r;
    /* clang-format off */
    const struct refused_case cases[] = {
        {"mov %rax,%rbx", {0x48, 0x89, 0xc3}, 3, -EINVAL},
        {"xchg %rax,(%rdi)", {0x48, 0x87, 0x07}, 3, -EINVAL},
        {"lock cmpxchg %rcx,(%rdi)", {0xf0, 0x48, 0x0f, 0xb1, 0x0f}, 5,
         -EINVAL},
        {"mov %ax,(%rdi)", {0x66, 0x89, 0x07}, 3, -EINVAL},
        {"mov %rax,%fs:(%rdi)", {0x64, 0x48, 0x89, 0x07}, 4, -EINVAL},
        {"mov %al,(%rdi)", {0x88, 0x07}, 2, -EINVAL},
        {"addr32 mov %rax,(%edi)", {0x67, 0x48, 0x89, 0x07}, 4, -EINVAL},
        {"c7 /1", {0x48, 0xc7, 0x0f, 0, 0, 0, 0}, 7, -EINVAL},
        {"two REX prefixes", {0x48, 0x48, 0x89, 0x07}, 4, -EINVAL},
        {"ud2", {0x0f, 0x0b}, 2, -EINVAL},
        {"nothing", {0}, 0, -EFAULT},
        {"REX alone", {0x48}, 1, -EFAULT},
        {"no ModRM", {0x48, 0x89}, 2, -EFAULT},
        {"no disp8", {0x48, 0x89, 0x44, 0x24}, 4, -EFAULT},
        {"short disp32", {0x48, 0x89, 0x05, 0x00, 0x01}, 5, -EFAULT},
        {"short imm32", {0x48, 0xc7, 0x07, 0xff, 0xff}, 5, -EFAULT},
    };
    /* clang-format on */

    (void)state;
    init_regs(&r);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint64_t addr, value;
        unsigned size, len;
        int rc = ptwr_decode_store(cases[i].bytes, cases[i].len, &r, &addr,
                                   &value, &size, &len);

        if (rc != cases[i].rc)
            fail_msg("%s: %d, expected %d", cases[i].text, rc, cases[i].rc);
    }
}

/* ---- The emulation path. ---- */

/* The guest's tree: L4[0] -> L3[0] -> L2[0] -> L1, mapping at
 * va = idx << 12 the frames below. */
#define M_L4 10
#define M_L3 11
#define M_L2 12
#define M_L1 13
#define M_TARGET 14 /* a pinned L1 the guest edits through its mapping */
#define M_PAGE 20
#define IDX_TARGET 0
#define IDX_PAGE 1
#define IDX_L2 2
#define IDX_L4 3
#define IDX_EDIT 9 /* the entry of M_TARGET being written */
#define TABLE_FLAGS (PTE_P | PTE_RW)
#define RO_FLAGS PTE_P
#define RW_FLAGS (PTE_P | PTE_RW)
#define WRITE_FAULT (PFEC_PRESENT | PFEC_WRITE | PFEC_USER)
#define PTE_BYTES sizeof(uint64_t)

static const uint8_t mov_rax_to_rdi[] = {0x48, 0x89, 0x07};
static const uint8_t mov_eax_to_rdi[] = {0x89, 0x07};

static vaddr_t va_of(unsigned l1_idx, unsigned entry)
{
    return ((vaddr_t)l1_idx << L1_SHIFT) + entry * PTE_BYTES;
}

static int world_setup(void **state)
{
    uint64_t *l1;

    (void)state;
    pvt_setup();
    pvt_table(M_L4)[0] = pvt_pte(M_L3, TABLE_FLAGS);
    pvt_table(M_L3)[0] = pvt_pte(M_L2, TABLE_FLAGS);
    pvt_table(M_L2)[0] = pvt_pte(M_L1, TABLE_FLAGS);
    l1 = pvt_table(M_L1);
    l1[IDX_TARGET] = pvt_pte(M_TARGET, RO_FLAGS);
    l1[IDX_PAGE] = pvt_pte(M_PAGE, RO_FLAGS);
    l1[IDX_L2] = pvt_pte(M_L2, RO_FLAGS);
    l1[IDX_L4] = pvt_pte(M_L4, RO_FLAGS);
    assert_int_equal(pv_pin_table(&pvt_dom_a, M_TARGET, FRAME_TYPE_L1), 0);
    assert_int_equal(pv_pin_table(&pvt_dom_a, M_L4, FRAME_TYPE_L4), 0);
    pvt_kernel_root = M_L4;
    pvt_guest_va = RIP;
    pvt_guest_bytes = mov_rax_to_rdi;
    pvt_guest_len = sizeof(mov_rax_to_rdi);
    return 0;
}

static int world_teardown(void **state)
{
    (void)state;
    pvt_teardown();
    return 0;
}

/* A write fault at cr2 by mov %rax,(%rdi) storing val. */
static void fault_regs(struct cpu_regs *r, vaddr_t cr2, uint64_t val)
{
    init_regs(r);
    r->error_code = WRITE_FAULT;
    r->rdi = cr2;
    r->rax = val;
}

static void test_emulate_valid_entry(void **state)
{
    const vaddr_t cr2 = va_of(IDX_TARGET, IDX_EDIT);
    struct cpu_regs r;

    (void)state;
    fault_regs(&r, cr2, pvt_pte(M_PAGE, RW_FLAGS));
    assert_true(pv_ptwr_emulate(&r, cr2));
    assert_int_equal(r.rip, RIP + sizeof(mov_rax_to_rdi));
    assert_int_equal(pvt_table(M_TARGET)[IDX_EDIT],
                     pvt_pte(M_PAGE, RW_FLAGS | PTE_US));
    assert_int_equal(pvt_type(M_PAGE), FRAME_TYPE_WRITABLE);
    assert_int_equal(pvt_type_count(M_PAGE), 1);
    /* alloc + read-only map in M_L1 + the new writable one */
    assert_int_equal(pvt_refs(M_PAGE), 3);
}

static void test_emulate_upper_levels(void **state)
{
    struct cpu_regs r;
    vaddr_t cr2 = va_of(IDX_L2, 1);

    (void)state;
    /* An L2 entry, even a valid one: not emulated, as on Xen; the guest
     * gets the #PF and nothing changes. */
    fault_regs(&r, cr2, pvt_pte(M_TARGET, TABLE_FLAGS));
    assert_false(pv_ptwr_emulate(&r, cr2));
    assert_int_equal(r.rip, RIP);
    assert_int_equal(pvt_type_count(M_TARGET), 1);
    /* A hypervisor slot of the L4: refused too. */
    cr2 = va_of(IDX_L4, HV_FIRST_L4_SLOT);
    fault_regs(&r, cr2, 0);
    assert_false(pv_ptwr_emulate(&r, cr2));
    assert_int_equal(r.rip, RIP);
}

static void test_emulate_invalid_entry(void **state)
{
    const vaddr_t cr2 = va_of(IDX_TARGET, IDX_EDIT);
    struct cpu_regs r;

    (void)state;
    /* The table mapping itself writable. */
    fault_regs(&r, cr2, pvt_pte(M_TARGET, RW_FLAGS));
    assert_false(pv_ptwr_emulate(&r, cr2));
    assert_int_equal(r.rip, RIP);
    assert_int_equal(pvt_table(M_TARGET)[IDX_EDIT], 0);
    assert_int_equal(pvt_type_count(M_TARGET), 1);
    /* A frame of another domain. */
    fault_regs(&r, cr2, pvt_pte(PVT_DOM_B_FIRST, RO_FLAGS));
    assert_false(pv_ptwr_emulate(&r, cr2));
    assert_int_equal(pvt_table(M_TARGET)[IDX_EDIT], 0);
}

static void test_emulate_not_ours(void **state)
{
    const vaddr_t cr2 = va_of(IDX_TARGET, IDX_EDIT);
    const uint64_t val = pvt_pte(M_PAGE, RO_FLAGS);
    struct cpu_regs r;

    (void)state;
    /* A read-only page that is no table: a real fault. */
    fault_regs(&r, va_of(IDX_PAGE, 0), val);
    assert_false(pv_ptwr_emulate(&r, va_of(IDX_PAGE, 0)));
    assert_int_equal(pvt_table(M_PAGE)[0], 0);
    /* Guest user mode, a read, a misaligned or mismatched address. */
    fault_regs(&r, cr2, val);
    pvt_in_kernel = false;
    assert_false(pv_ptwr_emulate(&r, cr2));
    pvt_in_kernel = true;
    r.error_code = PFEC_PRESENT;
    assert_false(pv_ptwr_emulate(&r, cr2));
    fault_regs(&r, cr2 + 1, val);
    assert_false(pv_ptwr_emulate(&r, cr2 + 1));
    fault_regs(&r, cr2 + PTE_BYTES, val);
    assert_false(pv_ptwr_emulate(&r, cr2));
    /* Not mapped at all, or in the hypervisor's range. */
    fault_regs(&r, 1ULL << L2_SHIFT, val);
    assert_false(pv_ptwr_emulate(&r, 1ULL << L2_SHIFT));
    fault_regs(&r, HV_VIRT_START, val);
    assert_false(pv_ptwr_emulate(&r, HV_VIRT_START));
    assert_int_equal(pvt_table(M_TARGET)[IDX_EDIT], 0);
    assert_int_equal(pvt_refs(M_PAGE), 2);
}

static void test_emulate_unsupported_store(void **state)
{
    const vaddr_t cr2 = va_of(IDX_TARGET, IDX_EDIT);
    struct cpu_regs r;

    (void)state;
    /* Half an entry. */
    pvt_guest_bytes = mov_eax_to_rdi;
    pvt_guest_len = sizeof(mov_eax_to_rdi);
    fault_regs(&r, cr2, pvt_pte(M_PAGE, RO_FLAGS));
    assert_false(pv_ptwr_emulate(&r, cr2));
    /* An instruction that cannot be read whole. */
    pvt_guest_bytes = mov_rax_to_rdi;
    pvt_guest_len = 2;
    assert_false(pv_ptwr_emulate(&r, cr2));
    assert_int_equal(r.rip, RIP);
    assert_int_equal(pvt_table(M_TARGET)[IDX_EDIT], 0);
}

#define W(fn) cmocka_unit_test_setup_teardown(fn, world_setup, world_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_supported),
        cmocka_unit_test(test_decode_refused),
        W(test_emulate_valid_entry),
        W(test_emulate_upper_levels),
        W(test_emulate_invalid_entry),
        W(test_emulate_not_ours),
        W(test_emulate_unsupported_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

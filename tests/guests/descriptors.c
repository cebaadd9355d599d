/*
 * test_descriptors: the descriptor tables of a 64-bit PV guest, checked
 * as Xen 4.17 checks them (every expected value measured on Xen):
 *
 * - set_gdt and update_descriptor: code and data descriptors with a DPL
 *   below 3 are accepted and stored with DPL 3; not-present descriptors
 *   and present system descriptors of type 0 are stored as they are;
 *   64-bit call gates to a guest or LDT selector or FLAT_KERNEL_CS are
 *   stored with DPL 0 and their DPL (3) in the target's RPL; every other
 *   system descriptor is refused with -EINVAL. The frame is read back.
 * - update_descriptor also writes into an LDT frame and into any
 *   ordinary page of the caller, and refuses (-EINVAL) a misaligned
 *   address, a page table, a frame not the caller's.
 * - MMUEXT_SET_LDT succeeds whatever the pages hold; a descriptor load
 *   from a page that cannot be used raises #PF at the LDT's address
 *   (error code 0: the CPU's own read, in guest kernel mode).
 */
#include "verdict.h"

#include <parasol/guest.h>

#define GDT_ENTRIES 4
#define CODE64_DPL0 0x00af9b000000ffffULL
#define CODE64_DPL3 0x00affb000000ffffULL
#define DATA_DPL0 0x00cf93000000ffffULL
#define DATA_DPL3 0x00cff3000000ffffULL
#define TSS_AVAILABLE 0x0000890000000067ULL
#define DESC_DB (1ULL << 54)
/* 64-bit call gates, DPL 3: to the hypervisor's code (refused), and to
 * selector 0x10 of our own GDT (accepted). */
#define CALL_GATE_TO_HV 0x0000ec00e0081000ULL
#define CALL_GATE_TO_GUEST 0x0000ec0000101000ULL
/* Selector of LDT entry i, RPL 3. */
#define LDT_SEL(i) (((i) << 3) | 4U | 3U)
/* The hypervisor's image is loaded at 2 MiB on both. */
#define HV_IMAGE_MADDR 0x200000ULL
#define BEYOND_RAM_MADDR 0x7fffffff000ULL
/* An L4 slot nothing uses: writing 0 there would change nothing. */
#define L4_UNUSED_SLOT 300
/* Nothing is mapped in L4 slot 128. */
#define UNMAPPED_VA 0x0000400000000000UL

/* desc_probe.S: load ds with sel, then the null selector again. */
extern char desc_probe_insn[], desc_probe_after[];
void desc_probe_load(unsigned sel);

static struct guest_trap_frame seen;
static unsigned faults;

/* A fault of the probe's load: noted, and skipped. */
static bool on_fault(struct guest_trap_frame *f)
{
    if (f->rip != (uint64_t)desc_probe_insn)
        return false;
    seen = *f;
    faults++;
    f->rip = (uint64_t)desc_probe_after;
    return true;
}

/* A zeroed page of ours with desc at index slot, mapped read-only (a
 * descriptor frame may have no writable mapping). */
static uint64_t *ro_page(int slot, uint64_t desc)
{
    uint64_t *page = page_alloc();

    memset(page, 0, PAGE_SIZE);
    page[slot] = desc;
    check_rc(mm_update_va((unsigned long)page,
                          pte_make(virt_to_mfn(page), PTE_FLAGS_RO)),
             0, "  a page made read-only");
    return page;
}

static long update_descriptor(uint64_t maddr, uint64_t desc)
{
    return hypercall5(__HYPERVISOR_update_descriptor, maddr, desc, 0, 0, 0);
}

static long set_ldt(unsigned long va, unsigned int ents)
{
    mmuext_op_t op = {
        .cmd = MMUEXT_SET_LDT, .arg1.linear_addr = va, .arg2.nr_ents = ents};

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* A descriptor, Xen's answer to it in set_gdt and update_descriptor,
 * and what Xen stored (when it accepted it). */
static const struct desc_case {
    const char *what;
    uint64_t desc;
    long rc;
    uint64_t stored;
} cases[] = {
    {"code64 dpl0", 0x00af9b000000ffffULL, 0, 0x00affb000000ffffULL},
    {"code64 dpl1", 0x00afbb000000ffffULL, 0, 0x00affb000000ffffULL},
    {"data dpl0", 0x00cf93000000ffffULL, 0, 0x00cff3000000ffffULL},
    {"data dpl2", 0x00cfd3000000ffffULL, 0, 0x00cff3000000ffffULL},
    {"conforming code dpl0", 0x00af9f000000ffffULL, 0, 0x00afff000000ffffULL},
    {"code32 dpl3", 0x00cffb000000ffffULL, 0, 0x00cffb000000ffffULL},
    {"not present tss", 0x0000090000000067ULL, 0, 0x0000090000000067ULL},
    {"not present anything", 0x123456789abcdefULL & ~(1ULL << 47), 0,
     0x0123456789abcdefULL},
    {"present type 0 dpl3", 0x0000e00000000000ULL, 0, 0x0000e00000000000ULL},
    {"present type 0 junk", 0x12348000abcd1234ULL, 0, 0x12348000abcd1234ULL},
    {"ldt desc", 0x0000820000000fffULL, -XEN_EINVAL, 0},
    {"tss avail", 0x0000890000000067ULL, -XEN_EINVAL, 0},
    {"tss busy", 0x00008b0000000067ULL, -XEN_EINVAL, 0},
    {"tss16", 0x0000810000000067ULL, -XEN_EINVAL, 0},
    {"call gate16", 0x0000e40000100000ULL, -XEN_EINVAL, 0},
    {"task gate", 0x0000e50000100000ULL, -XEN_EINVAL, 0},
    {"int gate", 0x0000ee0000100000ULL, -XEN_EINVAL, 0},
    {"trap gate", 0x0000ef0000100000ULL, -XEN_EINVAL, 0},
    {"call gate -> 0x10 dpl3", 0x0000ec0000101000ULL, 0, 0x00008c0000131000ULL},
    {"call gate -> 0x13 dpl0", 0x00008c0000131000ULL, 0, 0x00008c0000131000ULL},
    {"call gate -> 0xe033", 0x0000ec00e0331000ULL, 0, 0x00008c00e0331000ULL},
    {"call gate -> 0xe030", 0x0000ec00e0301000ULL, -XEN_EINVAL, 0},
    {"call gate -> 0xe008", 0x0000ec00e0081000ULL, -XEN_EINVAL, 0},
    {"call gate -> 0xe02b", 0x0000ec00e02b1000ULL, -XEN_EINVAL, 0},
    {"call gate -> ldt 0x4", 0x0000ec0000041000ULL, 0, 0x00008c0000071000ULL},
    {"call gate -> 0x1bff8", 0x0000ec00dff81000ULL, 0, 0x00008c00dffb1000ULL},
    {"call gate -> 0xe000", 0x0000ec00e0001000ULL, -XEN_EINVAL, 0},
    {"call gate params", 0x0000ec0100101000ULL, -XEN_EINVAL, 0},
    {"call gate bit5", 0x0000ec2000101000ULL, -XEN_EINVAL, 0},
    {"call gate not present", 0x00006c0000101000ULL, 0, 0x00006c0000101000ULL},
    {"reserved type 8", 0x0000e80000000000ULL, -XEN_EINVAL, 0},
    {"reserved type a", 0x0000ea0000000000ULL, -XEN_EINVAL, 0},
    {"reserved type d", 0x0000ed0000000000ULL, -XEN_EINVAL, 0},
};

/* One descriptor through set_gdt (at index 3 of a fresh frame) and
 * through update_descriptor (at index 1 of that frame, now a GDT
 * frame): the same answer, and the same descriptor stored, as on Xen. */
static void check_case(const struct desc_case *c)
{
    uint64_t *page = ro_page(3, c->desc);
    xen_pfn_t mfn = virt_to_mfn(page);

    printf("descriptor %#018lx: %s\n", c->desc, c->what);
    check_rc(HYPERVISOR_set_gdt(&mfn, GDT_ENTRIES), c->rc, "  set_gdt");
    if (c->rc == 0) {
        check_hex(page[3], c->stored, "  set_gdt stored");
        check_rc(update_descriptor(virt_to_maddr(page) + 8, c->desc), 0,
                 "  update_descriptor in the GDT frame");
        check_hex(page[1], c->stored, "  update_descriptor stored");
    } else {
        check_hex(page[3], c->desc, "  the frame is unchanged");
        check_rc(update_descriptor(virt_to_maddr(page) + 8, c->desc),
                 -XEN_EINVAL, "  update_descriptor refused too");
    }
}

static void check_update_descriptor(void)
{
    uint64_t *w = page_alloc();
    uint64_t l4 = virt_to_maddr((void *)guest_start_info->pt_base);

    memset(w, 0, PAGE_SIZE);
    check_rc(update_descriptor(virt_to_maddr(w) + 16, CODE64_DPL0), 0,
             "update_descriptor on an ordinary page of ours");
    check_hex(w[2], CODE64_DPL3, "  stored with DPL 3");
    check_rc(update_descriptor(virt_to_maddr(w) + 4, 0), -XEN_EINVAL,
             "update_descriptor: misaligned address");
    check_rc(update_descriptor(virt_to_maddr(w) + 8, TSS_AVAILABLE),
             -XEN_EINVAL, "update_descriptor: a TSS descriptor");
    check_rc(update_descriptor(HV_IMAGE_MADDR, 0), -XEN_EINVAL,
             "update_descriptor: a frame of the hypervisor");
    check_rc(update_descriptor(BEYOND_RAM_MADDR, 0), -XEN_EINVAL,
             "update_descriptor: past the end of memory");
    check_rc(update_descriptor(l4 + L4_UNUSED_SLOT * 8, 0), -XEN_EINVAL,
             "update_descriptor: our L4 page table");
    check_rc(update_descriptor(~0ULL << 3, 0), -XEN_EINVAL,
             "update_descriptor: the last address");
    check_rc(update_descriptor(virt_to_maddr(w) + 8, CODE64_DPL0 | DESC_DB), 0,
             "update_descriptor: code with L and D (not checked)");
    check_rc(HYPERVISOR_set_gdt(NULL, 0), 0, "set_gdt with no frames");
    {
        xen_pfn_t hv = HV_IMAGE_MADDR >> PAGE_SHIFT;
        xen_pfn_t beyond = BEYOND_RAM_MADDR >> PAGE_SHIFT;
        xen_pfn_t own_writable = virt_to_mfn(w);

        check_rc(HYPERVISOR_set_gdt(&hv, 1), -XEN_EINVAL,
                 "set_gdt: a frame of the hypervisor");
        check_rc(HYPERVISOR_set_gdt(&beyond, 1), -XEN_EINVAL,
                 "set_gdt: a frame past the end of memory");
        check_rc(HYPERVISOR_set_gdt(&own_writable, 1), -XEN_EINVAL,
                 "set_gdt: a frame still mapped writable");
    }
}

struct load_result {
    unsigned vector; /* 0: no fault */
    uint64_t error_code, cr2;
};

/* Load ds with sel: what fault, if any. */
static struct load_result load(unsigned sel)
{
    unsigned before = faults;
    struct load_result r = {0, 0, 0};

    desc_probe_load(sel);
    if (faults != before) {
        r.vector = (unsigned)seen.vector;
        r.error_code = seen.error_code;
        r.cr2 = seen.vector == X86_EXC_PF ? seen.cr2 : 0;
    }
    return r;
}

static void check_load(const char *what, unsigned sel, unsigned vector,
                       uint64_t error_code, uint64_t cr2)
{
    struct load_result r = load(sel);

    printf("  load ds with %#x: %s\n", sel, what);
    check_hex(r.vector, vector, "    vector (0: none)");
    check_hex(r.error_code, error_code, "    error code");
    check_hex(r.cr2, cr2, "    cr2");
}

/* MMUEXT_SET_LDT only records the table; each page is checked when a
 * descriptor is first read from it, and a page that fails gives a #PF
 * at the LDT's address (Xen's lazy LDT). */
static void check_ldt(void)
{
    uint64_t *flat = ro_page(0, DATA_DPL3);
    uint64_t *writable = page_alloc();
    uint64_t *gated = ro_page(1, CALL_GATE_TO_HV);
    uint64_t *gated_ok = ro_page(1, CALL_GATE_TO_GUEST);

    writable[0] = DATA_DPL3;
    check_rc(set_ldt((unsigned long)writable, 2), 0,
             "set_ldt on a page still mapped writable");
    check_load("the page cannot be typed", LDT_SEL(0), X86_EXC_PF, 0,
               (uint64_t)writable);
    check_load("past the LDT's entries", LDT_SEL(2), X86_EXC_GP,
               LDT_SEL(2) & ~3U, 0);
    check_rc(set_ldt((unsigned long)gated, 2), 0,
             "set_ldt: a call gate to the hypervisor in the page");
    check_load("the page is refused", LDT_SEL(0), X86_EXC_PF, 0,
               (uint64_t)gated);
    check_rc(set_ldt((unsigned long)gated_ok, 2), 0,
             "set_ldt: a call gate to our own code in the page");
    check_load("an empty entry", LDT_SEL(0), X86_EXC_GP, LDT_SEL(0) & ~3U, 0);
    check_load("the gate itself", LDT_SEL(1), X86_EXC_GP, LDT_SEL(1) & ~3U, 0);
    check_rc(set_ldt(UNMAPPED_VA, 2), 0, "set_ldt on an unmapped page");
    check_load("entry 0 of it", LDT_SEL(0), X86_EXC_PF, 0, UNMAPPED_VA);
    check_load("entry 1 of it", LDT_SEL(1), X86_EXC_PF, 0, UNMAPPED_VA + 8);
    check_rc(set_ldt((unsigned long)flat, 2), 0, "set_ldt on a good page");
    check_load("a flat data segment", LDT_SEL(0), 0, 0, 0);
    check_load("an empty entry", LDT_SEL(1), X86_EXC_GP, LDT_SEL(1) & ~3U, 0);
    check_rc(update_descriptor(virt_to_maddr(flat) + 8, DATA_DPL0), 0,
             "update_descriptor in the LDT frame");
    check_hex(flat[1], DATA_DPL3, "  stored with DPL 3");
    check_load("the entry just written", LDT_SEL(1), 0, 0, 0);
    check_rc(set_ldt(0, 0), 0, "set_ldt(0, 0) removes the LDT");
    check_load("no LDT", LDT_SEL(0), X86_EXC_GP, LDT_SEL(0) & ~3U, 0);
    check_rc(mm_update_va((unsigned long)flat,
                          pte_make(virt_to_mfn(flat), PTE_FLAGS_DATA)),
             0, "the old LDT page can be mapped writable again");
}

int main(void)
{
    verdict_title("test_descriptors", "descriptor tables");
    trap_register(X86_EXC_GP, on_fault);
    trap_register(X86_EXC_NP, on_fault);
    trap_register(X86_EXC_PF, on_fault);
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
        check_case(&cases[i]);
    check_update_descriptor();
    check_ldt();
    verdict_end();
}

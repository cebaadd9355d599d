/*
 * test_hello: what a PV guest finds at the start of day, checked
 * against Xen's ABI (reference §2, docs/abi.md "Start of day"):
 * start_info (magic, flags, memory, the layout of the initial mapping
 * and its page tables), the CR3 the hypervisor emulates, shared_info,
 * the version calls, events masked, the hypercall page's stubs, and the
 * hypervisor's CPUID leaves behind the forced-emulation prefix.
 *
 * Booted as dom0 with EXPECTED_CMDLINE after its file name in the
 * module string (tests/boot/tests_guests.py), which start_info's
 * cmd_line must hold.
 */
#include "verdict.h"

#include <parasol/guest.h>

/* The Xen ABI level Parasol reports (docs/abi.md). */
#define XEN_ABI_MAJOR 4
#define XEN_ABI_MINOR 17
#define XENVER_MAJOR_SHIFT 16

#define START_INFO_MAGIC "xen-3.0-x86_64"
#define CAPABILITY_PV64 "xen-3.0-x86_64"
#define EXPECTED_CMDLINE "parasol test_hello"

/* The hypervisor's CPUID leaves; Xen's signature "XenVMMXenVMM". */
#define CPUID_HV_BASE 0x40000000u
#define CPUID_HV_VERSION (CPUID_HV_BASE + 1)
#define XEN_SIGNATURE_EBX 0x566e6558u /* "XenV" */
#define XEN_SIGNATURE_ECX 0x65584d4du /* "MMXe" */
#define XEN_SIGNATURE_EDX 0x4d4d566eu /* "nVMM" */
/* Xen's forced-emulation prefix: ud2, then the bytes "xen". */
#define FEP_ASM ".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e\n\t"

/* The hypercall page (reference §1.2): stubs, and int3 around them. */
#define STUB_FILL 0xcc
#define STUB_IMM_NORMAL 4 /* offset of mov's imm32 in a normal stub */
#define STUB_IMM_IRET 5   /* ... in the iret stub */

#define PTE_FLAGS_MASK 0xfffULL

/* The image's bounds (linker/guest.ld). */
extern char __image_start[], __bss_start[], _end[];

struct cpuid_result {
    uint32_t eax, ebx, ecx, edx;
};

static struct cpuid_result cpuid_native(uint32_t leaf)
{
    struct cpuid_result r;

    __asm__ volatile("cpuid"
                     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
                     : "a"(leaf), "c"(0));
    return r;
}

/* CPUID as the hypervisor answers it: the #UD of the prefix traps, and
 * the hypervisor emulates the cpuid after it. */
static struct cpuid_result cpuid_forced(uint32_t leaf)
{
    struct cpuid_result r;

    __asm__ volatile(FEP_ASM "cpuid"
                     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
                     : "a"(leaf), "c"(0));
    return r;
}

static uint64_t read_cr3(void)
{
    uint64_t cr3;

    /* A privileged instruction in ring 3: the hypervisor emulates it. */
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    return cr3;
}

static bool contains(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    for (; *haystack; haystack++)
        if (strncmp(haystack, needle, n) == 0)
            return true;
    return false;
}

static unsigned long align_up(unsigned long x, unsigned long a)
{
    return (x + a - 1) & ~(a - 1);
}

static void check_start_info(const start_info_t *si)
{
    domid_t self = DOMID_SELF;

    check_true(strncmp(si->magic, START_INFO_MAGIC, sizeof(si->magic)) == 0,
               "start_info magic is \"" START_INFO_MAGIC "\"");
    /* The power-management bits are the hypervisor's to set (Xen 4.17
     * sets some in dom0's flags); the rest is fixed. */
    check_hex(si->flags & ~SIF_PM_MASK, SIF_PRIVILEGED | SIF_INITDOMAIN,
              "flags: SIF_PRIVILEGED | SIF_INITDOMAIN, nothing else "
              "outside SIF_PM_MASK");
    check_true(si->nr_pages > 0, "nr_pages > 0");
    check_rc(HYPERVISOR_memory_op(XENMEM_current_reservation, &self),
             (long)si->nr_pages, "XENMEM_current_reservation == nr_pages");
    check_hex(si->mod_start, 0, "no ramdisk: mod_start 0");
    check_hex(si->mod_len, 0, "no ramdisk: mod_len 0");
    check_true(strcmp(guest_cmdline(), EXPECTED_CMDLINE) == 0,
               "cmd_line is the module's arguments");
    printf("       cmd_line \"%s\"\n", guest_cmdline());
}

/* Kernel, p2m, start_info, page tables, boot stack: packed in that
 * order, page by page (reference §2.2; dom0 has no ring pages). */
static void check_layout(const start_info_t *si)
{
    unsigned long si_va = (unsigned long)si;

    check_hex(si->mfn_list, align_up((unsigned long)_end, PAGE_SIZE),
              "mfn_list starts on the page after the image");
    check_hex(
        si_va,
        align_up(si->mfn_list + si->nr_pages * sizeof(xen_pfn_t), PAGE_SIZE),
        "start_info on the page after the p2m");
    check_hex(si->pt_base, si_va + PAGE_SIZE,
              "pt_base on the page after start_info");
}

/*
 * What the ABI promises of the initial page tables, and no more: the L4
 * is at pt_base and in CR3; every table a walk meets is one of the
 * nr_pt_frames frames from pt_base, all mapped read-only; the walk from
 * CR3 reaches each page of the image, mapped to its own frame. The order
 * of the frames after the L4 is the builder's choice (Xen 4.17 puts the
 * first L1 before the first L2 and L3).
 */
struct initial_walk {
    xen_pfn_t first, count; /* the frames [pt_base, +nr_pt_frames) */
    unsigned long strays;   /* tables met outside them */
};

/* The table an upper entry points to, counted as a stray if it is not
 * one of the page-table frames. */
static const uint64_t *pt_next(struct initial_walk *w, uint64_t entry)
{
    xen_pfn_t pfn = mfn_to_pfn(pte_mfn(entry));

    if (!(entry & PTE_PRESENT) || pfn - w->first >= w->count) {
        w->strays++;
        return NULL;
    }
    return pfn_to_virt(pfn);
}

/* The L1 entry of va, walking from the L4; 0 if the walk strays. */
static uint64_t pt_walk_to(struct initial_walk *w, const uint64_t *l4,
                           unsigned long va)
{
    const uint64_t *table = l4;

    for (int level = PT_LEVELS; level > 1 && table; level--)
        table = pt_next(w, table[pt_index(va, level)]);
    return table ? table[pt_index(va, 1)] : 0;
}

static bool pt_frames_read_only(const start_info_t *si)
{
    for (unsigned long i = 0; i < si->nr_pt_frames; i++) {
        uint64_t pte = mm_lookup(si->pt_base + i * PAGE_SIZE);
        if (!(pte & PTE_PRESENT) || (pte & PTE_RW))
            return false;
    }
    return true;
}

static void check_page_tables(const start_info_t *si)
{
    const uint64_t *l4 = (const uint64_t *)si->pt_base;
    struct initial_walk w = {virt_to_pfn(l4), si->nr_pt_frames, 0};
    unsigned long bad_va = 0;
    uint64_t cr3 = read_cr3();

    check_true(si->nr_pt_frames >= PT_LEVELS,
               "nr_pt_frames: at least an L4, an L3, an L2 and an L1");
    check_true(pt_frames_read_only(si),
               "every page-table frame is mapped read-only");
    check_hex(cr3 & PAGE_OFFSET_MASK, 0, "mov %cr3: a page address");
    check_hex(cr3 >> PAGE_SHIFT, pfn_to_mfn(w.first),
              "mov %cr3 == p2m[pfn of pt_base]");
    check_hex(mfn_to_pfn(cr3 >> PAGE_SHIFT), w.first,
              "M2P of CR3's frame is pt_base's pfn");
    /* Text, read-only data and data: pages guest-lib leaves as built. */
    for (unsigned long va = (unsigned long)__image_start;
         va < (unsigned long)__bss_start; va += PAGE_SIZE) {
        uint64_t pte = pt_walk_to(&w, l4, va);
        if (!bad_va && (!(pte & PTE_PRESENT) ||
                        pte_mfn(pte) != pfn_to_mfn(virt_to_pfn((void *)va))))
            bad_va = va;
    }
    check_hex(bad_va, 0,
              "the walk from CR3 maps each image page to its frame "
              "(first bad address, or 0)");
    check_hex(w.strays, 0,
              "every table the walk meets is a page-table frame "
              "(strays)");
    check_hex(l4[pt_index((unsigned long)__image_start, PT_LEVELS)] &
                  PTE_FLAGS_MASK,
              PTE_FLAGS_TABLE, "upper entries: P|RW|U|A|D");
}

static void check_shared_info(const start_info_t *si)
{
    const volatile shared_info_t *sh = guest_shared_info;
    uint64_t pte = mm_lookup((unsigned long)guest_shared_info);

    check_hex(si->shared_info & PAGE_OFFSET_MASK, 0,
              "shared_info is a page's machine address");
    check_hex(pte_mfn(pte), si->shared_info >> PAGE_SHIFT,
              "shared_info's frame is mapped");
    check_hex(sh->vcpu_info[0].time.version % 2, 0,
              "the PV clock is not mid-update");
    check_true(sh->vcpu_info[0].time.tsc_to_system_mul != 0,
               "the PV clock has a scale");
    /* guest-lib leaves the mask alone until the guest enables events. */
    check_hex(sh->vcpu_info[0].evtchn_upcall_mask, 1, "events start masked");
}

static void check_version(void)
{
    xen_capabilities_info_t caps = "";
    long version = HYPERVISOR_xen_version(XENVER_version, NULL);

    check_rc(version, (XEN_ABI_MAJOR << XENVER_MAJOR_SHIFT) | XEN_ABI_MINOR,
             "xen_version: 4.17");
    check_rc(HYPERVISOR_xen_version(XENVER_capabilities, caps), 0,
             "XENVER_capabilities");
    check_true(contains(caps, CAPABILITY_PV64),
               "capabilities name \"" CAPABILITY_PV64 "\"");
    printf("       capabilities \"%s\"\n", caps);
}

/* Is stub nr Xen's, with int3 filling the rest of its 32 bytes? */
static bool stub_ok(unsigned int nr)
{
    static const uint8_t normal[] = {0x51, 0x41, 0x53, 0xb8, 0,    0,    0,
                                     0,    0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3};
    static const uint8_t iret[] = {0x51, 0x41, 0x53, 0x50, 0xb8, 0,
                                   0,    0,    0,    0x0f, 0x05};
    const uint8_t *stub = hypercall_page + nr * HYPERCALL_STUB_SIZE;
    bool is_iret = nr == __HYPERVISOR_iret;
    const uint8_t *want = is_iret ? iret : normal;
    size_t len = is_iret ? sizeof(iret) : sizeof(normal);
    unsigned int imm = is_iret ? STUB_IMM_IRET : STUB_IMM_NORMAL;
    uint32_t got_nr;

    memcpy(&got_nr, stub + imm, sizeof(got_nr));
    for (size_t i = 0; i < HYPERCALL_STUB_SIZE; i++) {
        bool in_imm = i >= imm && i < imm + sizeof(got_nr);
        uint8_t expect = i < len ? want[i] : STUB_FILL;
        if (!in_imm && stub[i] != expect)
            return false;
    }
    return got_nr == nr;
}

static void check_hypercall_page(void)
{
    unsigned int bad = HYPERCALL_NR_STUBS;

    check_true(hypercall_page[0] != HYPERCALL_PAGE_FILL,
               "the builder filled the hypercall page");
    for (unsigned int nr = 0; nr < HYPERCALL_NR_STUBS; nr++) {
        if (!stub_ok(nr)) {
            bad = nr;
            break;
        }
    }
    check_hex(bad, HYPERCALL_NR_STUBS,
              "all 128 stubs are Xen's (first bad stub, or 128)");
}

static void check_cpuid(void)
{
    struct cpuid_result hv = cpuid_forced(CPUID_HV_BASE);
    struct cpuid_result ver = cpuid_forced(CPUID_HV_VERSION);
    struct cpuid_result native = cpuid_native(CPUID_HV_BASE);

    check_hex(hv.ebx, XEN_SIGNATURE_EBX,
              "forced CPUID 0x40000000 ebx \"XenV\"");
    check_hex(hv.ecx, XEN_SIGNATURE_ECX,
              "forced CPUID 0x40000000 ecx \"MMXe\"");
    check_hex(hv.edx, XEN_SIGNATURE_EDX,
              "forced CPUID 0x40000000 edx \"nVMM\"");
    check_true(hv.eax >= CPUID_HV_VERSION,
               "forced CPUID 0x40000000 eax covers the version leaf");
    check_hex(ver.eax, (XEN_ABI_MAJOR << XENVER_MAJOR_SHIFT) | XEN_ABI_MINOR,
              "forced CPUID 0x40000001 eax: the version, 4.17");
    check_true(native.ebx != XEN_SIGNATURE_EBX ||
                   native.ecx != XEN_SIGNATURE_ECX ||
                   native.edx != XEN_SIGNATURE_EDX,
               "native CPUID 0x40000000 has no Xen signature");
}

int main(void)
{
    const start_info_t *si = guest_start_info;

    verdict_title("test_hello", "start of day of a PV guest");
    printf("Hello from a Parasol PV guest\n");
    check_start_info(si);
    check_layout(si);
    check_page_tables(si);
    check_shared_info(si);
    check_version();
    check_hypercall_page();
    check_cpuid();
    verdict_end();
}

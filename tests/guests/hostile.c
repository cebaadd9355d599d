/*
 * test_hostile: a guest that attacks the hypervisor, and checks that
 * each attack is refused with exactly the errno Xen's ABI gives it
 * (validate, then commit: nothing changed) while the guest lives on.
 *
 * The attacks: a writable mapping of a page-table frame; mapping, or
 * writing through mmu_update into, a frame of the hypervisor; mappings
 * in the hypervisor's address range and its L4 slots (the slot just
 * past them is the guest's); hypercalls handed pointers into the
 * hypervisor, the M2P, nothing, or a read-only page of ours;
 * non-canonical handlers and callbacks; batches whose request array or
 * done pointer is bad; hypercall numbers and sub-ops that do not exist;
 * a VIRQ out of range, a vCPU that does not exist; pinning tables twice
 * or at the wrong level; a GDT reaching into Xen's area, or hiding a
 * call gate past its declared entries; non-canonical segment bases;
 * multicall inside a multicall, and an iret inside one, which Xen runs
 * (the guest resumes through the iret frame on its stack).
 *
 * The expected values are Xen 4.17's, measured by booting this guest
 * as dom0 there; Parasol gives the same. Where Xen accepts a bad value
 * (set_callbacks ignores a callback it would refuse, stack_switch takes
 * any stack, a done pointer that cannot be written is ignored), the
 * check says so, and the hypervisor must stay safe when it is used.
 */
#include "verdict.h"

#include <parasol/guest.h>

/* An address in the hypervisor's range (L4 slot 260), not the M2P. */
#define HV_RANGE_VA 0xFFFF820000200000UL
/* The L4 slots of the hypervisor's range: 256 to 271. */
#define L4_SHIFT 39
#define L4_SLOT(va) (((va) >> L4_SHIFT) & (PT_ENTRIES - 1))
#define HV_FIRST_L4_SLOT L4_SLOT(HYPERVISOR_VIRT_START)
#define HV_LAST_L4_SLOT L4_SLOT(HYPERVISOR_VIRT_END - 1)
/* Nothing is mapped in L4 slot 128. */
#define UNMAPPED_VA 0x0000400000000000UL
/* The first address past the lower canonical half. */
#define NON_CANONICAL_VA 0x0000800000000000UL

/* Hypercall numbers no hypercall has (reference §1.1): 11 is
 * unassigned, 60 lies beyond the last arch slot, 127 is the last stub,
 * 128 has no stub at all. */
static const unsigned long unknown_hypercalls[] = {11, 60, 127, 128, ~0UL >> 1};
/* Command numbers Xen has never assigned, of mmuext_op and of
 * event_channel_op. */
#define MMUEXT_CMD_UNKNOWN 0xffffU
#define EVTCHNOP_UNKNOWN 99
/* A vCPU dom0 does not have (it has one). */
#define VCPU_ABSENT 1

/* ---- helpers ------------------------------------------------------ */

/* A frame of the hypervisor on Xen and Parasol alike: the L3 table
 * behind the first L4 slot of its range, as our own L4 shows it. (A
 * fixed frame number would not do: what is the hypervisor's differs.) */
static xen_pfn_t hypervisor_mfn(void)
{
    const uint64_t *l4 = (const uint64_t *)guest_start_info->pt_base;

    return pte_mfn(l4[HV_FIRST_L4_SLOT]);
}

static xen_pfn_t pt_frame_mfn(unsigned long index)
{
    return pfn_to_mfn(virt_to_pfn((void *)guest_start_info->pt_base) + index);
}

static long mmu_update_one(uint64_t ptr, uint64_t val)
{
    mmu_update_t req = {.ptr = ptr, .val = val};
    unsigned int done = ~0U;
    long rc = HYPERVISOR_mmu_update(&req, 1, &done, DOMID_SELF);

    /* A refused request is not done. */
    if (rc != 0 && done != 0)
        check_hex(done, 0, "a refused mmu_update reports 0 done");
    return rc;
}

static long mmuext_one(unsigned int cmd, xen_pfn_t mfn)
{
    mmuext_op_t op = {.cmd = cmd, .arg1.mfn = mfn};

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* The machine address of va's L1 entry (the table must exist). */
static uint64_t l1e_maddr(unsigned long va)
{
    struct pt_walk w;

    if (mm_walk(va, &w) != 0)
        return 0;
    return w.pte_maddr;
}

/* ---- page tables -------------------------------------------------- */

/* A page-table frame may never be writable by the guest: Xen answers
 * -EBUSY for any L1 entry whose frame it cannot take as asked. */
static void attack_writable_page_tables(unsigned long va)
{
    const start_info_t *si = guest_start_info;
    uint64_t before = mm_lookup(va);

    check_rc(HYPERVISOR_update_va_mapping(
                 va, pte_make(pt_frame_mfn(0), PTE_FLAGS_DATA), UVMF_INVLPG),
             -XEN_EBUSY, "update_va_mapping: the L4 writable");
    check_rc(HYPERVISOR_update_va_mapping(
                 va,
                 pte_make(pt_frame_mfn(si->nr_pt_frames - 1), PTE_FLAGS_DATA),
                 UVMF_INVLPG),
             -XEN_EBUSY, "update_va_mapping: an L1 writable");
    check_rc(mmu_update_one(l1e_maddr(va) | MMU_NORMAL_PT_UPDATE,
                            pte_make(pt_frame_mfn(1), PTE_FLAGS_DATA)),
             -XEN_EBUSY, "mmu_update: the L3 writable");
    check_hex(mm_lookup(va), before, "the mapping is unchanged");
}

/* Frames of the hypervisor: not to be mapped (-EBUSY, as any frame not
 * ours in an L1 entry), not to be written (-EINVAL, a frame not ours). */
static void attack_foreign_frames(unsigned long va)
{
    uint64_t l1e = l1e_maddr(va);
    xen_pfn_t hv = hypervisor_mfn();

    check_rc(
        mmu_update_one(l1e | MMU_NORMAL_PT_UPDATE, pte_make(hv, PTE_FLAGS_RO)),
        -XEN_EBUSY, "mmu_update: map a hypervisor frame read-only");
    check_rc(mmu_update_one(l1e | MMU_PT_UPDATE_PRESERVE_AD,
                            pte_make(hv, PTE_FLAGS_DATA)),
             -XEN_EBUSY, "mmu_update: map a hypervisor frame writable");
    check_rc(HYPERVISOR_update_va_mapping(va, pte_make(hv, PTE_FLAGS_DATA),
                                          UVMF_INVLPG),
             -XEN_EBUSY, "update_va_mapping: a hypervisor frame");
    check_rc(
        mmu_update_one(((uint64_t)hv << PAGE_SHIFT) | MMU_NORMAL_PT_UPDATE, 0),
        -XEN_EINVAL, "mmu_update: write into a hypervisor frame");
    check_rc(
        mmu_update_one(((uint64_t)hv << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, 0),
        -XEN_EINVAL, "mmu_update: M2P entry of a hypervisor frame");
}

/* The hypervisor's range: no mapping there, no L4 slot of it. */
static void attack_hypervisor_range(void)
{
    const uint64_t *l4 = (const uint64_t *)guest_start_info->pt_base;
    uint64_t l4_maddr = pfn_to_mfn(virt_to_pfn(l4)) << PAGE_SHIFT;
    uint64_t slot_first = l4[HV_FIRST_L4_SLOT], slot_last = l4[HV_LAST_L4_SLOT];
    uint64_t l3_entry = l4[0]; /* a valid entry, but not for these slots */

    check_rc(
        HYPERVISOR_update_va_mapping(
            HV_RANGE_VA, pte_make(virt_to_mfn(l4), PTE_FLAGS_RO), UVMF_INVLPG),
        -XEN_EINVAL, "update_va_mapping in the hypervisor's range");
    check_rc(HYPERVISOR_update_va_mapping(NON_CANONICAL_VA, 0, UVMF_INVLPG),
             -XEN_EINVAL, "update_va_mapping at a non-canonical address");
    check_rc(mmu_update_one(l4_maddr + HV_FIRST_L4_SLOT * sizeof(uint64_t),
                            l3_entry),
             -XEN_EINVAL, "mmu_update: L4 slot 256");
    check_rc(
        mmu_update_one(l4_maddr + HV_LAST_L4_SLOT * sizeof(uint64_t), l3_entry),
        -XEN_EINVAL, "mmu_update: L4 slot 271");
    check_true(l4[HV_FIRST_L4_SLOT] == slot_first &&
                   l4[HV_LAST_L4_SLOT] == slot_last,
               "the hypervisor's L4 slots are unchanged");
    /* The slot just past the hole is the guest's: an alias of the L3. */
    check_rc(mmu_update_one(l4_maddr + (HV_LAST_L4_SLOT + 1) * sizeof(uint64_t),
                            l3_entry),
             0, "mmu_update: L4 slot 272 is the guest's");
    check_rc(
        mmu_update_one(l4_maddr + (HV_LAST_L4_SLOT + 1) * sizeof(uint64_t), 0),
        0, "mmu_update: L4 slot 272 cleared again");
}

/* ---- pointers ----------------------------------------------------- */

static void attack_bad_pointers(void)
{
    struct xen_memory_map map = {.nr_entries = 1};
    const uint64_t *l4 = (const uint64_t *)guest_start_info->pt_base;
    uint64_t l4_head[2] = {l4[0], l4[1]};

    check_rc(HYPERVISOR_console_io(CONSOLEIO_write, 1, (char *)HV_RANGE_VA),
             -XEN_EFAULT, "console_io from the hypervisor's range");
    check_rc(HYPERVISOR_console_io(CONSOLEIO_write, 1,
                                   (char *)machine_to_phys_mapping),
             -XEN_EFAULT, "console_io from the M2P (readable, still Xen's)");
    check_rc(HYPERVISOR_console_io(CONSOLEIO_write, 1, (char *)UNMAPPED_VA),
             -XEN_EFAULT, "console_io from an unmapped page");
    check_rc(HYPERVISOR_set_trap_table((const trap_info_t *)HV_RANGE_VA),
             -XEN_EFAULT, "set_trap_table from the hypervisor's range");
    check_rc(HYPERVISOR_set_trap_table((const trap_info_t *)UNMAPPED_VA),
             -XEN_EFAULT, "set_trap_table from an unmapped page");
    /* No domain has a pseudo-physical map (Xen's dom0 neither): the
     * argument is read, the buffer never looked at. */
    set_xen_guest_handle(map.buffer, (void *)HV_RANGE_VA);
    check_rc(HYPERVISOR_memory_op(XENMEM_memory_map, &map), -XEN_ENOSYS,
             "memory_map: no map, the buffer is not looked at");
    check_rc(HYPERVISOR_memory_op(XENMEM_memory_map, (void *)HV_RANGE_VA),
             -XEN_EFAULT, "memory_map with its argument there");
    check_rc(HYPERVISOR_xen_version(XENVER_capabilities, (void *)UNMAPPED_VA),
             -XEN_EFAULT, "xen_version into an unmapped page");
    /* Our own L4, mapped read-only: the hypervisor must not write it for
     * us (ring 0 ignores read-only pages unless CR0.WP is set). */
    check_rc(HYPERVISOR_xen_version(XENVER_extraversion, (void *)l4),
             -XEN_EFAULT, "xen_version into our read-only L4");
    check_true(l4[0] == l4_head[0] && l4[1] == l4_head[1],
               "the L4 is unchanged");
}

/* ---- numbers and sub-ops ------------------------------------------ */

/* Handlers, callbacks and stacks at addresses no code can be at:
 * refused before anything changes (Xen: -EINVAL when not canonical),
 * except where Xen takes them: set_callbacks ignores a callback it
 * refuses (the old one stays), stack_switch checks nothing (a frame that
 * cannot be written there later crashes the domain). */
static void attack_bad_addresses(void)
{
    trap_info_t table[] = {
        {.vector = X86_EXC_PF,
         .cs = FLAT_KERNEL_CS,
         .address = NON_CANONICAL_VA},
        {0},
    };
    struct callback_register cb = {.type = CALLBACKTYPE_event,
                                   .address = NON_CANONICAL_VA};

    check_rc(HYPERVISOR_set_trap_table(table), -XEN_EINVAL,
             "set_trap_table: a non-canonical handler");
    check_rc(HYPERVISOR_callback_op(CALLBACKOP_register, &cb), -XEN_EINVAL,
             "callback_op: a non-canonical event callback");
    check_rc(HYPERVISOR_set_callbacks(NON_CANONICAL_VA, 0, 0), 0,
             "set_callbacks: a non-canonical event callback ignored");
    check_rc(HYPERVISOR_stack_switch(FLAT_KERNEL_SS, HV_RANGE_VA), 0,
             "stack_switch into the hypervisor's range taken");
    check_rc(HYPERVISOR_update_va_mapping(UNMAPPED_VA, 0, UVMF_INVLPG),
             -XEN_EINVAL, "update_va_mapping where no L1 exists");
}

/* Batches whose own bookkeeping is bad. */
static void attack_batches(unsigned long va)
{
    mmu_update_t same = {.ptr = l1e_maddr(va), .val = mm_lookup(va)};
    unsigned int done = ~0U;

    check_rc(HYPERVISOR_mmu_update((const mmu_update_t *)UNMAPPED_VA, 1, &done,
                                   DOMID_SELF),
             -XEN_EFAULT, "mmu_update: requests at an unmapped address");
    check_hex(done, 0, "  ... and none done");
    /* The request itself is harmless (the entry's own value); the done
     * count cannot be written, which Xen ignores. */
    check_rc(HYPERVISOR_mmu_update(&same, 1, (unsigned int *)HV_RANGE_VA,
                                   DOMID_SELF),
             0, "mmu_update: done pointer in the hypervisor's range ignored");
}

static void attack_events_and_vcpus(void)
{
    struct evtchn_bind_virq bind = {.virq = NR_VIRQS, .vcpu = 0};
    struct vcpu_set_singleshot_timer timer = {.timeout_abs_ns = 1};

    check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bind),
             -XEN_EINVAL, "bind_virq: a VIRQ beyond NR_VIRQS");
    check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_UNKNOWN, &bind), -XEN_ENOSYS,
             "event_channel_op with an unknown command");
    check_rc(
        HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, VCPU_ABSENT, &timer),
        -XEN_ENOENT, "vcpu_op on a vCPU that does not exist");
}

static void attack_unknown_calls(void)
{
    mmuext_op_t op = {.cmd = MMUEXT_CMD_UNKNOWN};
    unsigned int done = ~0U;
    char what[64];

    for (size_t i = 0;
         i < sizeof(unknown_hypercalls) / sizeof(*unknown_hypercalls); i++) {
        snprintf(what, sizeof(what), "hypercall %#lx does not exist",
                 unknown_hypercalls[i]);
        check_rc(hypercall5(unknown_hypercalls[i], 0, 0, 0, 0, 0), -XEN_ENOSYS,
                 what);
    }
    check_rc(HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF), -XEN_ENOSYS,
             "mmuext_op with an unknown command");
    check_hex(done, 0, "  ... and none done");
}

static void attack_pinning(void)
{
    xen_pfn_t l4 = pt_frame_mfn(0), l3 = pt_frame_mfn(1);
    void *page = page_alloc();

    check_rc(mmuext_one(MMUEXT_PIN_L4_TABLE, l4), -XEN_EINVAL,
             "pin the L4, pinned by the builder, again");
    check_rc(mmuext_one(MMUEXT_PIN_L2_TABLE, l3), -XEN_EINVAL,
             "pin the L3 as an L2");
    check_rc(mmuext_one(MMUEXT_UNPIN_TABLE, l3), -XEN_EINVAL,
             "unpin the L3, which is not pinned");
    check_rc(mmuext_one(MMUEXT_PIN_L1_TABLE, virt_to_mfn(page)), -XEN_EINVAL,
             "pin a page mapped writable as an L1");
    check_rc(mmuext_one(MMUEXT_PIN_L1_TABLE, hypervisor_mfn()), -XEN_EINVAL,
             "pin a hypervisor frame");
    page_free(page);
}

/* A zeroed page of ours, mapped read-only (a GDT frame must not be
 * writable), with desc at index slot unless slot is negative. */
static xen_pfn_t gdt_frame(int slot, uint64_t desc)
{
    uint64_t *page = page_alloc();

    if (!page)
        return INVALID_MFN;
    if (slot >= 0)
        page[slot] = desc;
    check_rc(mm_update_va((unsigned long)page,
                          pte_make(virt_to_mfn(page), PTE_FLAGS_RO)),
             0, "a page made read-only for a GDT");
    return virt_to_mfn(page);
}

/* A 64-bit call gate into the hypervisor's code, callable from ring 3
 * (Intel SDM vol. 3, 5.8.3): what a guest GDT must never hold. */
#define DESC_TYPE_SHIFT 40
#define DESC_TYPE_CALL_GATE 0xcULL
#define DESC_DPL_SHIFT 45
#define DESC_DPL3 3ULL
#define DESC_PRESENT (1ULL << 47)
#define DESC_SELECTOR_SHIFT 16
#define CALL_GATE_TO_RING0                                                     \
    (DESC_PRESENT | DESC_DPL3 << DESC_DPL_SHIFT |                              \
     DESC_TYPE_CALL_GATE << DESC_TYPE_SHIFT |                                  \
     (uint64_t)__HYPERVISOR_CS << DESC_SELECTOR_SHIFT)
/* Where the gate goes: past the one entry the guest declares. */
#define GATE_SLOT 5

static void attack_descriptor_tables(void)
{
    xen_pfn_t frame = gdt_frame(-1, 0);
    xen_pfn_t gated = gdt_frame(GATE_SLOT, CALL_GATE_TO_RING0);

    check_rc(HYPERVISOR_set_gdt(&frame, FIRST_RESERVED_GDT_ENTRY + 1),
             -XEN_EINVAL, "set_gdt with 7169 entries, into Xen's area");
    /* Regression (c0556a4): only the first 'entries' were checked, but
     * the whole frame is mapped in the GDT. */
    check_rc(HYPERVISOR_set_gdt(&gated, 1), -XEN_EINVAL,
             "set_gdt: a call gate past 'entries' in the frame");
    check_rc(HYPERVISOR_set_gdt(&frame, 1), 0,
             "set_gdt: the same without the gate is accepted");
}

/* A flat 4 GiB data segment for ring 3, and the LDT selector of entry 0
 * (table indicator set, RPL 3). */
#define DESC_FLAT_DATA_DPL3 0x00cff3000000ffffULL
#define LDT_SELECTOR_0 ((0 << 3) | (1 << 2) | 3)

static long set_ldt(unsigned long va, unsigned int ents)
{
    mmuext_op_t op = {
        .cmd = MMUEXT_SET_LDT, .arg1.linear_addr = va, .arg2.nr_ents = ents};

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Load ds with sel, read *p through it, put ds back. */
static uint64_t read_through_ds(uint16_t sel, const uint64_t *p)
{
    uint16_t saved;
    uint64_t v;

    __asm__ volatile("mov %%ds, %0\n\t"
                     "mov %2, %%ds\n\t"
                     "movq %%ds:(%3), %1\n\t"
                     "mov %0, %%ds"
                     : "=&r"(saved), "=&r"(v)
                     : "r"(sel), "r"(p)
                     : "memory");
    return v;
}

/* MMUEXT_SET_LDT: LDT pages get the same checks as GDT pages, and a
 * valid LDT really works. */
static void attack_ldt(void)
{
    uint64_t *flat = page_alloc(), *writable = page_alloc();
    xen_pfn_t gated = gdt_frame(GATE_SLOT, CALL_GATE_TO_RING0);
    static const uint64_t probe = 0x1dea15ca1ab1e;

    flat[0] = DESC_FLAT_DATA_DPL3;
    check_rc(mm_update_va((unsigned long)flat,
                          pte_make(virt_to_mfn(flat), PTE_FLAGS_RO)),
             0, "a page made read-only for an LDT");
    check_rc(set_ldt((unsigned long)writable, 1), 0,
             "set_ldt on a page still mapped writable");
    check_rc(set_ldt((unsigned long)mfn_to_virt(gated), 1), 0,
             "set_ldt: a call gate in the page");
    check_rc(set_ldt(UNMAPPED_VA, 1), 0, "set_ldt on an unmapped page");
    check_rc(set_ldt((unsigned long)flat, 1), 0,
             "set_ldt on a checked, read-only page");
    check_hex(read_through_ds(LDT_SELECTOR_0, &probe), probe,
              "a load through the LDT's flat segment");
    check_rc(set_ldt(0, 0), 0, "set_ldt(0, 0) removes the LDT");
    page_free(writable);
}

/* Regression (c0556a4): the first non-canonical address was taken for a
 * guest one, and loading it as a base faulted in the hypervisor. */
static void attack_segment_bases(void)
{
    check_rc(HYPERVISOR_set_segment_base(SEGBASE_FS, NON_CANONICAL_VA),
             -XEN_EINVAL, "set_segment_base: FS non-canonical");
    check_rc(HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, NON_CANONICAL_VA),
             -XEN_EINVAL, "set_segment_base: kernel GS non-canonical");
    check_rc(HYPERVISOR_set_segment_base(SEGBASE_GS_USER, NON_CANONICAL_VA),
             -XEN_EINVAL, "set_segment_base: user GS non-canonical");
    check_rc(HYPERVISOR_set_segment_base(SEGBASE_FS, 0), 0,
             "set_segment_base: FS 0 is fine");
}

/* Xen's iret frame for a return to guest kernel mode: the selectors
 * with RPL 0, as a bounce frame from kernel mode carries them. */
#define IRET_KERNEL_CS (FLAT_RING3_CS64 & ~3)
#define IRET_KERNEL_SS FLAT_RING3_SS64
#define IRET_RAX 0x1a2b3c4d
/* Bytes below rsp the compiler may use (the ABI's red zone), skipped. */
#define RED_ZONE 128

/*
 * multicall(calls, nr) issued with an iret frame on our stack, as if an
 * event had interrupted us right after the call: an iret in the batch
 * returns there (Xen runs it; the batch ends with it). The frame makes
 * us resume at label 1 with our own stack, so both hypervisors leave
 * the guest running. Returns what rax held on resuming (Xen: the
 * frame's).
 */
static long multicall_with_iret_frame(multicall_entry_t *calls,
                                      unsigned long nr)
{
    long rax;
    unsigned long rdi = (unsigned long)calls, rsi = nr;

    __asm__ volatile("sub %[red], %%rsp\n\t"
                     "mov %%rsp, %%r9\n\t"
                     "pushq %[ss]\n\t"
                     "pushq %%r9\n\t"
                     "pushfq\n\t"
                     "pushq %[cs]\n\t"
                     "lea 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "pushq $0\n\t" /* flags: not in a syscall */
                     "pushq %%rcx\n\t"
                     "pushq %%r11\n\t"
                     "pushq %[frame_rax]\n\t"
                     "mov %[nr], %%eax\n\t"
                     "syscall\n\t"
                     "1: add %[red], %%rsp"
                     : "=a"(rax), "+D"(rdi), "+S"(rsi)
                     : [red] "i"(RED_ZONE), [ss] "i"(IRET_KERNEL_SS),
                       [cs] "i"(IRET_KERNEL_CS), [frame_rax] "i"(IRET_RAX),
                       [nr] "i"(__HYPERVISOR_multicall)
                     : "rcx", "r9", "r11", "memory", "cc");
    return rax;
}

static void attack_multicall(void)
{
    multicall_entry_t nested[] = {
        {.op = __HYPERVISOR_multicall},
        {.op = __HYPERVISOR_xen_version, .args = {XENVER_version}},
    };
    multicall_entry_t iret[] = {
        {.op = __HYPERVISOR_xen_version, .args = {XENVER_version}},
        {.op = __HYPERVISOR_iret},
        {.op = __HYPERVISOR_xen_version, .args = {XENVER_version}},
    };
    const unsigned long untouched = 0x5a5a5a5a;

    check_rc(HYPERVISOR_multicall(nested, 2), 0, "multicall itself succeeds");
    check_rc((long)nested[0].result, -XEN_EINVAL, "  multicall in it: -EINVAL");
    check_rc((long)nested[1].result,
             HYPERVISOR_xen_version(XENVER_version, NULL),
             "  the entry after it still ran");
    iret[2].result = untouched;
    check_hex(multicall_with_iret_frame(iret, 3), IRET_RAX,
              "multicall with an iret: we resume with the frame's rax");
    check_rc((long)iret[0].result, HYPERVISOR_xen_version(XENVER_version, NULL),
             "  the entry before the iret ran");
    check_hex(iret[1].result, IRET_RAX, "  the iret's result: its frame's rax");
    check_hex(iret[2].result, untouched, "  the batch ended at the iret");
}

/* Still alive: the console, memory and a hypercall all work. */
static void check_alive(void)
{
    volatile unsigned long *page = page_alloc();

    if (check_true(page != NULL, "pages can still be allocated")) {
        page[0] = PAGE_SIZE;
        check_hex(page[0], PAGE_SIZE, "memory still works");
    }
    check_rc(HYPERVISOR_xen_version(XENVER_pagesize, NULL), PAGE_SIZE,
             "hypercalls still work");
}

int main(void)
{
    unsigned long victim = (unsigned long)page_alloc();

    verdict_title("test_hostile", "attacks refused with Xen's errnos");
    attack_writable_page_tables(victim);
    attack_foreign_frames(victim);
    attack_hypervisor_range();
    attack_bad_pointers();
    attack_bad_addresses();
    attack_batches(victim);
    attack_events_and_vcpus();
    attack_unknown_calls();
    attack_pinning();
    attack_descriptor_tables();
    attack_ldt();
    attack_segment_bases();
    attack_multicall();
    check_alive();
    verdict_end();
}

/*
 * test_canonical: three returns to the guest that would land on the
 * first non-canonical address, 0x0000800000000000, because the
 * instruction the hypervisor handled ends on the last byte of the lower
 * half: a hypercall (syscall), an emulated instruction (forced CPUID)
 * and a write to a page table (emulated writable page tables); and an
 * iret hypercall whose frame names that address.
 *
 * On a real CPU, iretq to a non-canonical rip faults in ring 0, so the
 * hypervisor must decide before it returns. Xen reflects the fault: the
 * guest takes #GP(0) with that rip, exactly as if it had jumped there
 * itself. The guest checks each #GP frame and resumes. QEMU's TCG lets
 * such an iretq pass and raises the same #GP on the fetch, so the guest
 * alone cannot tell who decided: the boot test also requires the
 * hypervisor's own line for each return.
 */
#include "verdict.h"

#include <parasol/guest.h>

#define TOP_PAGE 0x00007ffffffff000UL
#define FIRST_NON_CANONICAL 0x0000800000000000UL
#define CODE_OFFSET(len) (PAGE_SIZE - (len))

/* Each sequence ends on the page's last byte. */
static const uint8_t hypercall_code[] = {
    0xb8, __HYPERVISOR_xen_version,
    0,    0,
    0,          /* mov $xen_version, %eax */
    0x31, 0xff, /* xor %edi, %edi (XENVER_version) */
    0x0f, 0x05, /* syscall */
};
static const uint8_t cpuid_code[] = {
    0x31, 0xc0,                /* xor %eax, %eax */
    0x0f, 0x0b, 'x', 'e', 'n', /* Xen's forced-emulation prefix */
    0x0f, 0xa2,                /* cpuid */
};
static const uint8_t ptwr_code[] = {
    0x48, 0x89, 0x03, /* mov %rax, (%rbx): rbx = an L1 entry */
};

static volatile unsigned int gp_count;
static volatile uint64_t gp_rip, gp_error_code;
static uint64_t resume_rip, resume_rsp;

/* The #GP at the non-canonical rip: note it, resume after the jump. */
static bool on_gp(struct guest_trap_frame *f)
{
    if (f->rip != FIRST_NON_CANONICAL)
        return false;
    gp_count++;
    gp_rip = f->rip;
    gp_error_code = f->error_code;
    f->rip = resume_rip;
    f->rsp = resume_rsp;
    return true;
}

/* Jumps to entry with rax and rbx set; comes back through on_gp. */
static void run_at_top(uint64_t entry, uint64_t rax, uint64_t rbx)
{
    __asm__ volatile("lea 1f(%%rip), %%rcx\n\t"
                     "mov %%rcx, %[rip]\n\t"
                     "mov %%rsp, %[rsp]\n\t"
                     "jmp *%[entry]\n"
                     "1:"
                     : "+a"(rax),
                       "+b"(rbx), [rip] "=m"(resume_rip), [rsp] "=m"(resume_rsp)
                     : [entry] "r"(entry)
                     : "rcx", "rdx", "rdi", "r11", "memory");
}

/* The iret hypercall, from kernel mode to kernel mode at rip: cs with
 * RPL 0 stays in kernel mode. */
static void iret_to(uint64_t rip)
{
    __asm__ volatile("lea 1f(%%rip), %%rcx\n\t"
                     "mov %%rcx, %[resume]\n\t"
                     "mov %%rsp, %[sp]\n\t"
                     "mov %%rsp, %%rdx\n\t"
                     "pushq %[ss]\n\t"
                     "pushq %%rdx\n\t"
                     "pushfq\n\t"
                     "pushq %[cs]\n\t"
                     "pushq %[rip]\n\t"
                     "pushq $0\n\t" /* flags: no VGCF_in_syscall */
                     "jmp hypercall_page + %c[iret]\n"
                     "1:"
                     : [resume] "=m"(resume_rip), [sp] "=m"(resume_rsp)
                     : [rip] "r"(rip), [cs] "i"(FLAT_KERNEL_CS & ~3),
                       [ss] "i"(FLAT_KERNEL_SS),
                       [iret] "i"(__HYPERVISOR_iret * HYPERCALL_STUB_SIZE)
                     : "rax", "rcx", "rdx", "r11", "memory");
}

static void check_gp(const char *what)
{
    char label[80];

    snprintf(label, sizeof(label), "%s: one #GP", what);
    check_hex(gp_count, 1, label);
    snprintf(label, sizeof(label), "%s: #GP at rip 0x800000000000", what);
    check_hex(gp_rip, FIRST_NON_CANONICAL, label);
    snprintf(label, sizeof(label), "%s: error code 0", what);
    check_hex(gp_error_code, 0, label);
}

static void check_case(const char *what, const uint8_t *code, size_t len,
                       uint64_t rax, uint64_t rbx)
{
    uint8_t *page = (uint8_t *)TOP_PAGE;

    memcpy(page + CODE_OFFSET(len), code, len);
    gp_count = 0;
    gp_rip = gp_error_code = ~0UL;
    run_at_top(TOP_PAGE + CODE_OFFSET(len), rax, rbx);
    check_gp(what);
}

int main(void)
{
    struct pt_walk w;
    void *frame = page_alloc();

    verdict_title("test_canonical", "returns to a non-canonical rip");
    if (!check_true(frame != NULL, "a page for the top of the lower half"))
        verdict_end();
    check_rc(mm_map_page(TOP_PAGE, virt_to_mfn(frame), PTE_FLAGS_DATA), 0,
             "map the last page of the lower half");
    check_rc(HYPERVISOR_vm_assist(VMASST_CMD_enable,
                                  VMASST_TYPE_writable_pagetables),
             0, "writable page tables");
    check_rc(trap_register(X86_EXC_GP, on_gp), 0, "#GP handler");

    check_case("hypercall", hypercall_code, sizeof(hypercall_code), 0, 0);
    check_case("forced CPUID", cpuid_code, sizeof(cpuid_code), 0, 0);
    /* Rewrite the top page's own L1 entry with its value: a write the
     * hypervisor must emulate, ending on the last byte. */
    check_rc(mm_walk(TOP_PAGE, &w), 0, "walk to the top page's L1 entry");
    check_case("page-table write", ptwr_code, sizeof(ptwr_code), w.pte,
               (uint64_t)mfn_to_virt(w.pte_maddr >> PAGE_SHIFT) +
                   (w.pte_maddr & PAGE_OFFSET_MASK));
    check_hex(mm_lookup(TOP_PAGE), w.pte, "the L1 entry kept its value");
    gp_count = 0;
    gp_rip = gp_error_code = ~0UL;
    iret_to(FIRST_NON_CANONICAL);
    check_gp("iret");
    verdict_end();
}

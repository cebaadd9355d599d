/*
 * test_own_stubs: a kernel with no HYPERCALL_PAGE note, as Linux 6.1 is
 * (it carries its own syscall stubs). The builder must write no page and
 * build the domain all the same. own_stubs_entry.S calls
 * own_stubs_fill() before anything else: it notes whether the page still
 * holds head.S's fill, then writes the stubs itself, in Xen's format
 * (reference §1.2), so that guest-lib works unchanged.
 */
#include "verdict.h"

#include <parasol/guest.h>

#define XEN_ABI_VERSION ((4 << 16) | 17)

/* Normal stub: push rcx; push r11; mov $nr, %eax; syscall; pop r11;
 * pop rcx; ret. The iret stub pushes rax too and does not return. */
#define STUB_IMM_NORMAL 4
#define STUB_IMM_IRET 5
#define STUB_PAD 0xcc

/* Written before .bss is cleared, so kept in .data: 1 if the page was
 * untouched at entry, 0 if something had written it. */
static volatile int page_was_untouched = -1;

static void write_stub(uint8_t *stub, unsigned int nr)
{
    static const uint8_t normal[] = {0x51, 0x41, 0x53, 0xb8, 0,    0,    0,
                                     0,    0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3};
    static const uint8_t iret[] = {0x51, 0x41, 0x53, 0x50, 0xb8, 0,
                                   0,    0,    0,    0x0f, 0x05};
    bool is_iret = nr == __HYPERVISOR_iret;
    const uint8_t *code = is_iret ? iret : normal;
    size_t len = is_iret ? sizeof(iret) : sizeof(normal);
    uint32_t imm = nr;

    for (size_t i = 0; i < HYPERCALL_STUB_SIZE; i++)
        stub[i] = i < len ? code[i] : STUB_PAD;
    memcpy(stub + (is_iret ? STUB_IMM_IRET : STUB_IMM_NORMAL), &imm,
           sizeof(imm));
}

void own_stubs_fill(void);
void own_stubs_fill(void)
{
    int untouched = 1;

    for (size_t i = 0; i < PAGE_SIZE; i++)
        if (hypercall_page[i] != HYPERCALL_PAGE_FILL)
            untouched = 0;
    page_was_untouched = untouched;
    for (unsigned int nr = 0; nr < HYPERCALL_NR_STUBS; nr++)
        write_stub(hypercall_page + nr * HYPERCALL_STUB_SIZE, nr);
}

int main(void)
{
    const start_info_t *si = guest_start_info;

    verdict_title("test_own_stubs", "a kernel without HYPERCALL_PAGE");
    check_hex(page_was_untouched, 1,
              "the builder wrote no hypercall page (no HYPERCALL_PAGE note)");
    check_hex(si->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN),
              SIF_PRIVILEGED | SIF_INITDOMAIN, "built as dom0");
    check_rc(HYPERVISOR_xen_version(XENVER_version, NULL), XEN_ABI_VERSION,
             "xen_version through the guest's own stubs");
    verdict_end();
}

/*
 * The direct-paging test world (pv_mm_double.h): fake frames and
 * domains, and doubles of the hooks arch/pv_mm.h says the hypervisor or
 * the lead's PV code provide.
 */
#include "pv_mm_double.h"

#include "arch_double.h"
#include <arch/layout.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <stdlib.h>
#include <string.h>

struct domain pvt_dom_a, pvt_dom_b;
unsigned pvt_flush_all_calls, pvt_flush_local_calls, pvt_invlpg_calls,
    pvt_install_calls;
struct vcpu pvt_vcpu;
bool pvt_in_kernel;
mfn_t pvt_kernel_root;
guest_va_t pvt_guest_va;
const uint8_t *pvt_guest_bytes;
size_t pvt_guest_len;

static struct frame pvt_frame_table[PVT_FRAMES];

static void give_frames(struct domain *d, mfn_t first, mfn_t end)
{
    for (mfn_t mfn = first; mfn < end; mfn++) {
        struct frame *f = mfn_to_frame(mfn);

        f->owner = d;
        f->count_info = 1;
        f->type_info = 0;
        list_add_tail(&f->list, &d->page_list);
        memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    }
}

void pvt_setup(void)
{
    fake_memory_setup(PVT_FRAMES * PAGE_SIZE);
    frame_table_init(pvt_frame_table, PVT_FRAMES);
    memset(&pvt_dom_a, 0, sizeof(pvt_dom_a));
    memset(&pvt_dom_b, 0, sizeof(pvt_dom_b));
    pvt_dom_a.domain_id = 1;
    pvt_dom_b.domain_id = 2;
    /* A has I/O rights, as dom0; B has none. */
    pvt_dom_a.is_privileged = true;
    pvt_frame_table[PVT_IO_MFN].count_info |= FRAME_IO;
    list_init(&pvt_dom_a.page_list);
    list_init(&pvt_dom_b.page_list);
    give_frames(&pvt_dom_a, PVT_DOM_A_FIRST, PVT_DOM_A_END);
    give_frames(&pvt_dom_b, PVT_DOM_B_FIRST, PVT_DOM_B_END);
    pvt_flush_all_calls = pvt_flush_local_calls = 0;
    pvt_invlpg_calls = pvt_install_calls = 0;
    pvt_released_frames = 0;
    memset(&pvt_vcpu, 0, sizeof(pvt_vcpu));
    pvt_vcpu.domain = &pvt_dom_a;
    pvt_in_kernel = true;
    pvt_kernel_root = PV_NO_ROOT;
    pvt_guest_bytes = NULL;
    pvt_guest_len = 0;
}

void pvt_teardown(void)
{
    fake_memory_teardown();
}

uint64_t *pvt_table(mfn_t mfn)
{
    return mfn_to_virt(mfn);
}

uint64_t pvt_pte(mfn_t mfn, uint64_t flags)
{
    return mfn_to_paddr(mfn) | flags;
}

uint64_t pvt_type_count(mfn_t mfn)
{
    return mfn_to_frame(mfn)->type_info & FRAME_TYPE_COUNT_MASK;
}

enum frame_type pvt_type(mfn_t mfn)
{
    return frame_type_of(mfn_to_frame(mfn)->type_info);
}

uint64_t pvt_refs(mfn_t mfn)
{
    return mfn_to_frame(mfn)->count_info & FRAME_COUNT_MASK;
}

/* ---- Doubles of the hooks. ---- */

void pv_flush_tlb_local(void)
{
    pvt_flush_local_calls++;
}

void pv_invlpg_local(vaddr_t va)
{
    (void)va;
    pvt_invlpg_calls++;
}

void pv_flush_tlb_all(void)
{
    pvt_flush_all_calls++;
}

bool pv_vcpu_in_kernel(const struct vcpu *v)
{
    (void)v;
    return pvt_in_kernel;
}

mfn_t pv_vcpu_kernel_root(const struct vcpu *v)
{
    (void)v;
    return pvt_kernel_root;
}

void pv_l4_install_hypervisor_slots(uint64_t *l4)
{
    pvt_install_calls++;
    for (unsigned i = HV_FIRST_L4_SLOT; i <= HV_LAST_L4_SLOT; i++)
        l4[i] = pvt_pte(PVT_HV_SLOT_MFN, PVT_HV_SLOT_FLAGS);
}

struct vcpu *current_vcpu(void)
{
    return &pvt_vcpu;
}

/* The frames whose last reference went: the domain's job, not ours;
 * counted so that a test can tell. */
unsigned pvt_released_frames;

void domain_frame_released(struct frame *f)
{
    (void)f;
    pvt_released_frames++;
}

int copy_from_guest(void *dst, guest_va_t src, size_t len)
{
    if (!pvt_guest_bytes || src < pvt_guest_va ||
        src - pvt_guest_va > pvt_guest_len ||
        len > pvt_guest_len - (src - pvt_guest_va))
        return -EFAULT;
    memcpy(dst, pvt_guest_bytes + (src - pvt_guest_va), len);
    return 0;
}

bool guest_range_ok(guest_va_t va, size_t len)
{
    guest_va_t end = va + len;

    return end >= va && (end <= HV_VIRT_START || va >= HV_VIRT_END);
}

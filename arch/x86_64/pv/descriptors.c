/*
 * Guest descriptor tables (GDT pages from set_gdt, LDT pages from
 * MMUEXT_SET_LDT): the frames are typed "segment descriptors", which no
 * guest mapping may write, and every descriptor in them is checked, so
 * nothing a guest puts there can reach ring 0 or describe a gate.
 */
#include <arch/pv.h>
#include <arch/pv_mm.h>
#include <hv/errno.h>
#include <hv/mm.h>

#define DESCS_PER_PAGE (PAGE_SIZE / sizeof(uint64_t))
#define DESC_PRESENT (1ULL << 47)
#define DESC_CODE_OR_DATA (1ULL << 44) /* S: not a system descriptor */
#define DESC_DPL_SHIFT 45
#define DESC_DPL_MASK 3ULL
#define DPL_GUEST 3

/* Only ring-3 code and data descriptors, or absent ones. The whole frame
 * is checked: all of it is mapped, whatever the table's length. */
static bool descriptor_frame_ok(mfn_t mfn)
{
    const uint64_t *d = mfn_to_virt(mfn);

    for (unsigned i = 0; i < DESCS_PER_PAGE; i++) {
        if (!(d[i] & DESC_PRESENT))
            continue;
        if (!(d[i] & DESC_CODE_OR_DATA) ||
            ((d[i] >> DESC_DPL_SHIFT) & DESC_DPL_MASK) != DPL_GUEST)
            return false;
    }
    return true;
}

int pv_get_descriptor_frame(struct domain *d, mfn_t mfn)
{
    int rc;

    if (!mfn_valid(mfn))
        return -EINVAL;
    rc = get_page_and_type(mfn_to_frame(mfn), d, FRAME_TYPE_SEGDESC);
    /* Checked once typed: no writable mapping can change it now. */
    if (rc == 0 && !descriptor_frame_ok(mfn)) {
        put_page_and_type(mfn_to_frame(mfn));
        rc = -EINVAL;
    }
    return rc;
}

void pv_put_descriptor_frames(const uint64_t *mfns, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        put_page_and_type(mfn_to_frame(mfns[i]));
}

/*
 * I/O memory a domain with I/O rights (dom0) may map: every frame the
 * frame table calls I/O (mfn_is_io()), except the device pages the
 * hypervisor drives itself. The rules are Xen's for its dom0, measured
 * on Xen 4.17 by test_pte: the local APIC and the MSI address range
 * (0xFEE00000-0xFEEFFFFF, where the APIC sits) are refused, an IOAPIC
 * may be mapped read-only only, and the rest is the domain's to map.
 *
 * dom0's machine memory map reports the same pages as reserved, where
 * they fall outside the loader's entries (arch_iomem_restricted_run).
 *
 * The list is filled at boot by the device code (apic.c, ioapic.c)
 * before any guest runs and only read afterwards, so it needs no lock.
 * No inline assembly: host tests build this file.
 */
#include <arch/pv_mm.h>
#include <hv/arch.h>
#include <hv/lib.h>
#include <hv/panic.h>

/* The MSI address window: writes there are interrupt messages. */
#define MSI_FIRST_MFN 0xfee00UL
#define MSI_LAST_MFN 0xfeeffUL
/* Device pages the hypervisor drives: one local APIC and a few IOAPICs. */
#define IOMEM_MAX_RESTRICTED 16

static struct {
    mfn_t mfn;
    enum pv_iomem_access access;
} restricted[IOMEM_MAX_RESTRICTED];
static unsigned nr_restricted;

void pv_iomem_restrict(mfn_t mfn, enum pv_iomem_access access)
{
    if (pv_iomem_access(mfn) == access)
        return;
    if (nr_restricted == ARRAY_SIZE(restricted))
        panic("iomem: more than %u device pages to keep from guests",
              IOMEM_MAX_RESTRICTED);
    restricted[nr_restricted].mfn = mfn;
    restricted[nr_restricted].access = access;
    nr_restricted++;
}

enum pv_iomem_access pv_iomem_access(mfn_t mfn)
{
    if (mfn >= MSI_FIRST_MFN && mfn <= MSI_LAST_MFN)
        return IOMEM_DENIED;
    for (unsigned i = 0; i < nr_restricted; i++)
        if (restricted[i].mfn == mfn)
            return restricted[i].access;
    return IOMEM_ALLOWED;
}

/* The lowest frame in [first, last] dom0 may not map writable, if any. */
static bool first_restricted(mfn_t first, mfn_t last, mfn_t *found)
{
    bool any = false;

    *found = last;
    if (first <= MSI_LAST_MFN && last >= MSI_FIRST_MFN) {
        *found = MAX(first, MSI_FIRST_MFN);
        any = true;
    }
    for (unsigned i = 0; i < nr_restricted; i++) {
        mfn_t mfn = restricted[i].mfn;

        if (mfn >= first && mfn <= *found &&
            restricted[i].access != IOMEM_ALLOWED) {
            *found = mfn;
            any = true;
        }
    }
    return any;
}

/*
 * Frame by frame from the run's start: a run is at most the MSI window
 * and the few listed pages next to it.
 */
bool arch_iomem_restricted_run(mfn_t first, mfn_t last, mfn_t *run_first,
                               mfn_t *run_last)
{
    mfn_t end;

    if (!first_restricted(first, last, run_first))
        return false;
    end = *run_first;
    while (end < last && pv_iomem_access(end + 1) != IOMEM_ALLOWED)
        end++;
    *run_last = end;
    return true;
}

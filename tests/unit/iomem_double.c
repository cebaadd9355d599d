/*
 * The restricted frames of the arch double: whatever runs the test put
 * in fake_iomem_runs, clipped to the range asked about.
 */
#include "iomem_double.h"

#include <hv/arch.h>

struct fake_iomem_run fake_iomem_runs[FAKE_IOMEM_MAX_RUNS];
unsigned int fake_iomem_nr_runs;

bool arch_iomem_restricted_run(mfn_t first, mfn_t last, mfn_t *run_first,
                               mfn_t *run_last)
{
    for (unsigned int i = 0; i < fake_iomem_nr_runs; i++) {
        const struct fake_iomem_run *r = &fake_iomem_runs[i];

        if (r->last < first || r->first > last)
            continue;
        *run_first = r->first > first ? r->first : first;
        *run_last = r->last < last ? r->last : last;
        return true;
    }
    return false;
}

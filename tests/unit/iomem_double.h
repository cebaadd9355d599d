/*
 * A test double of arch_iomem_restricted_run() (hv/arch.h): the frames
 * dom0 may not map are the runs a test lists here, sorted and disjoint.
 */
#ifndef TESTS_IOMEM_DOUBLE_H
#define TESTS_IOMEM_DOUBLE_H

#include <hv/types.h>

#define FAKE_IOMEM_MAX_RUNS 8

struct fake_iomem_run {
    mfn_t first, last;
};

extern struct fake_iomem_run fake_iomem_runs[FAKE_IOMEM_MAX_RUNS];
extern unsigned int fake_iomem_nr_runs;

#endif

/*
 * A small world for host tests of direct paging (pagetype.c, pte.c,
 * ptwr.c): fake machine memory with a frame table, domains built by
 * hand, and doubles of the hardware hooks of arch/pv_mm.h that count
 * what the code asked for.
 */
#ifndef TESTS_PV_MM_DOUBLE_H
#define TESTS_PV_MM_DOUBLE_H

#include <arch/pv_mm.h>
#include <arch/regs.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/mm.h>

/* Frames of the fake machine: 0-7 reserved, then the two domains'. */
#define PVT_FRAMES 64
#define PVT_DOM_A_FIRST 8
#define PVT_DOM_A_END 48
#define PVT_DOM_B_FIRST 48
#define PVT_DOM_B_END 56
/* A reserved frame that is I/O memory (as the low 1 MiB is). */
#define PVT_IO_MFN 1
/* A reserved frame the double's hypervisor slots point at. */
#define PVT_HV_SLOT_MFN 2
#define PVT_HV_SLOT_FLAGS (PTE_P | PTE_RW)

extern struct domain pvt_dom_a, pvt_dom_b;

/* Counts of the hardware hooks called since pvt_setup(). */
extern unsigned pvt_flush_all_calls, pvt_flush_local_calls, pvt_invlpg_calls,
    pvt_install_calls;
/* Frames whose last reference went (domain_frame_released). */
extern unsigned pvt_released_frames;

/* What the vCPU hooks answer (ptwr tests). */
extern struct vcpu pvt_vcpu;
extern bool pvt_in_kernel;
extern mfn_t pvt_kernel_root;

/* Guest memory copy_from_guest() can read: len bytes at va. */
extern guest_va_t pvt_guest_va;
extern const uint8_t *pvt_guest_bytes;
extern size_t pvt_guest_len;

/* Fresh memory, frame table and domains; every domain frame zeroed,
 * owned, with the allocation reference only. Domain A has I/O rights. */
void pvt_setup(void);
void pvt_teardown(void);

/* The frame's contents as a table, and an entry for it. */
uint64_t *pvt_table(mfn_t mfn);
uint64_t pvt_pte(mfn_t mfn, uint64_t flags);
uint64_t pvt_type_count(mfn_t mfn);
enum frame_type pvt_type(mfn_t mfn);
uint64_t pvt_refs(mfn_t mfn);

#endif

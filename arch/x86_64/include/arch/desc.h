/*
 * Segment descriptors and selectors (Intel SDM vol. 3, 3.4-3.5): the
 * bits the hypervisor looks at when it checks descriptors a guest
 * writes (pv/desc/descriptors.c) and selectors a guest returns to
 * (pv/desc/selectors.c).
 */
#ifndef ARCH_DESC_H
#define ARCH_DESC_H

#include <hv/types.h>

#define DESC_TYPE_SHIFT 40
#define DESC_TYPE_MASK 0xfULL
#define DESC_S (1ULL << 44) /* code or data, not a system descriptor */
#define DESC_DPL_SHIFT 45
#define DESC_DPL_MASK 3ULL
#define DESC_DPL (DESC_DPL_MASK << DESC_DPL_SHIFT)
#define DESC_PRESENT (1ULL << 47)
#define DESC_L (1ULL << 53)  /* 64-bit code */
#define DESC_DB (1ULL << 54) /* 32-bit code or stack */
#define DESC_G (1ULL << 55)  /* limit in 4 KiB units */

/* Type bits of a code or data descriptor. */
#define DESC_TYPE_CODE 8ULL
#define DESC_TYPE_CONFORMING 4ULL /* code */
#define DESC_TYPE_WRITABLE 2ULL   /* data */

#define SEL_RPL_MASK 3U
#define SEL_TI 4U /* table indicator: the LDT */
#define SEL_INDEX_SHIFT 3

/* Every GDT and LDT entry here is 8 bytes (a 64-bit gate or system
 * descriptor takes two). */
#define DESC_SIZE 8U

static inline unsigned desc_type(uint64_t d)
{
    return (unsigned)((d >> DESC_TYPE_SHIFT) & DESC_TYPE_MASK);
}

static inline unsigned desc_dpl(uint64_t d)
{
    return (unsigned)((d >> DESC_DPL_SHIFT) & DESC_DPL_MASK);
}

/* The segment limit in bytes, less one (granularity applied). */
static inline uint64_t desc_limit(uint64_t d)
{
    uint64_t limit = (d & 0xffff) | ((d >> 32) & 0xf0000);

    return d & DESC_G ? (limit << 12) | 0xfff : limit;
}

/* Check one descriptor as Xen does for a 64-bit PV guest, fixing it in
 * place (DPL raised to 3, call gates made DPL 0): false if refused
 * (pv/desc/desc_check.c). Any context. */
bool pv_check_descriptor(uint64_t *desc);

#endif

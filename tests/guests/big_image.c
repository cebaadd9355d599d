/*
 * test_big_image: a kernel whose image spans over 70 MiB, as a
 * distribution kernel's does (Debian's 6.1 ELF is some 66 MB), through a
 * .bss of BIG_BSS: one PT_LOAD whose p_memsz is far above its p_filesz.
 * Booted with the default command line, the builder must size dom0 to
 * fit it, map all of it writable and zeroed, and place the p2m after it.
 */
#include "verdict.h"

#include <parasol/guest.h>

#define BIG_BSS (70UL << 20)

extern char _end[];

static uint8_t big[BIG_BSS] __attribute__((aligned(PAGE_SIZE)));

static unsigned long align_up(unsigned long x, unsigned long a)
{
    return (x + a - 1) & ~(a - 1);
}

/* The first page of big that is not mapped writable and zeroed, or
 * BIG_BSS / PAGE_SIZE. */
static unsigned long first_bad_page(void)
{
    for (unsigned long i = 0; i < BIG_BSS / PAGE_SIZE; i++) {
        const uint8_t *page = big + i * PAGE_SIZE;
        uint64_t pte = mm_lookup((unsigned long)page);

        if (!(pte & PTE_PRESENT) || !(pte & PTE_RW) || page[0] ||
            page[PAGE_SIZE - 1])
            return i;
    }
    return BIG_BSS / PAGE_SIZE;
}

int main(void)
{
    const start_info_t *si = guest_start_info;
    volatile uint8_t *last = &big[BIG_BSS - 1];

    verdict_title("test_big_image", "a kernel image of over 70 MiB");
    check_true((unsigned long)_end - GUEST_LINK_ADDR > BIG_BSS,
               "the image spans over 70 MiB");
    check_hex(si->mfn_list, align_up((unsigned long)_end, PAGE_SIZE),
              "mfn_list starts on the page after the image");
    check_true(si->nr_pages * PAGE_SIZE > BIG_BSS,
               "dom0 has more memory than the image spans");
    check_hex(first_bad_page(), BIG_BSS / PAGE_SIZE,
              "every page of the .bss mapped writable and zeroed "
              "(first bad page, or all)");
    *last = 0x5a;
    check_hex(*last, 0x5a, "the last byte of the image holds a write");
    printf("       image %#lx-%#lx, %lu pages\n",
           (unsigned long)GUEST_LINK_ADDR, (unsigned long)_end,
           (unsigned long)si->nr_pages);
    verdict_end();
}

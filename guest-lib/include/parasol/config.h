/*
 * Constants of a guest-lib guest's layout, shared by its C and its
 * assembly (head.S, entry.S), so this file holds only #defines.
 *
 * A guest is linked at GUEST_LINK_ADDR with VIRT_BASE 0: its virtual
 * addresses are its pseudo-physical addresses (pfn p sits at p << 12),
 * as in XTF. linker/guest.ld repeats GUEST_LINK_ADDR, because the
 * linker script is not preprocessed.
 */
#ifndef PARASOL_CONFIG_H
#define PARASOL_CONFIG_H

/* An unsigned long constant in C, a plain number in assembly. */
#ifdef __ASSEMBLY__
#define GLIB_UL(x) x
#else
#define GLIB_UL(x) x##UL
#endif

/* A guest reaches no hypervisor header but the public ABI, which names
 * no page size: guest-lib keeps its own (as it does PT_LEVELS). */
#define PAGE_SHIFT 12
#define PAGE_SIZE (GLIB_UL(1) << PAGE_SHIFT)
#define PAGE_OFFSET_MASK (PAGE_SIZE - 1)

/* Virtual address of pseudo-physical address 0 (the VIRT_BASE note). */
#define GUEST_VIRT_BASE 0
/* pseudo-physical = p_paddr - PADDR_OFFSET; p_paddr = p_vaddr here. */
#define GUEST_PADDR_OFFSET 0
/* Where the image starts: 1 MiB, leaving page 0 free for a NULL guard. */
#define GUEST_LINK_ADDR 0x100000

/* The stack guest-lib switches to at entry (in .bss), and its guard. */
#define GUEST_STACK_SIZE (16 * PAGE_SIZE)

/* The hypercall page: 128 stubs of 32 bytes (Xen's layout). */
#define HYPERCALL_STUB_SIZE 32
#define HYPERCALL_NR_STUBS (PAGE_SIZE / HYPERCALL_STUB_SIZE)
/*
 * head.S fills the page with `ret` (0xc3); the domain builder overwrites
 * it. A page still starting with 0xc3 at entry was never written.
 */
#define HYPERCALL_PAGE_FILL 0xc3

#endif

/*
 * The start of every guest-lib guest: the Xen ELF notes that tell a
 * domain builder (Parasol's or Xen's) how to load it, the hypercall
 * page the builder fills in, the stack, and the entry point.
 *
 * At entry the builder has mapped the image and the rest of the
 * start-of-day layout at VIRT_BASE 0, rsi points at start_info, rsp at
 * the top of a one-page boot stack, events are masked and nothing else
 * is set up. We clear .bss (the builder zeroes memory past the file's
 * data already; clearing again is cheap and depends on no builder),
 * move to our own, larger stack and call guest_start()
 * (start.c) with start_info and the builder's rsp, which tells the
 * page allocator where the layout ended.
 */
#include <parasol/config.h>
#include <public/elfnote.h>
#include <public/xen.h>

#ifndef GLIB_VERSION
#define GLIB_VERSION "0"
#endif

/*
 * One note named "Xen": namesz, descsz, type, the name, then the
 * descriptor, each padded to 4 bytes. xen_note_begin opens it, the
 * caller emits the descriptor, xen_note_end closes it.
 */
.macro xen_note_begin type
    .pushsection .note.Xen, "a", @note
    .balign 4
    .long 2f - 1f
    .long 4f - 3f
    .long \type
1:  .asciz "Xen"
2:  .balign 4
3:
.endm

.macro xen_note_end
4:  .balign 4
    .popsection
.endm

/* Macro arguments lose their quotes: put them back. */
.macro xen_note_string type, value
    xen_note_begin \type
    .asciz "\value"
    xen_note_end
.endm

.macro xen_note_number type, value
    xen_note_begin \type
    .quad \value
    xen_note_end
.endm

    xen_note_string XEN_ELFNOTE_GUEST_OS, "Parasol"
    xen_note_string XEN_ELFNOTE_GUEST_VERSION, GLIB_VERSION
    xen_note_string XEN_ELFNOTE_XEN_VERSION, "xen-3.0"
    xen_note_string XEN_ELFNOTE_LOADER, "generic"
    xen_note_number XEN_ELFNOTE_HYPERCALL_PAGE, hypercall_page
    xen_note_number XEN_ELFNOTE_ENTRY, _start
    xen_note_number XEN_ELFNOTE_VIRT_BASE, GUEST_VIRT_BASE
    xen_note_number XEN_ELFNOTE_PADDR_OFFSET, GUEST_PADDR_OFFSET
    /* What we can use, none of it required: Parasol emulates writes to
     * page tables, and guest-lib also works without. */
    xen_note_string XEN_ELFNOTE_FEATURES, "writable_page_tables|pae_pgdir_above_4gb"

/*
 * The hypercall page, first in .text (linker/guest.ld), so page
 * aligned. Filled with `ret` so that guest_start() can tell a page the
 * builder never wrote.
 */
    .section .text.hypercall_page, "ax", @progbits
    .balign PAGE_SIZE
    .globl hypercall_page
    .type hypercall_page, @object
hypercall_page:
    .fill PAGE_SIZE, 1, HYPERCALL_PAGE_FILL
    .size hypercall_page, PAGE_SIZE

    .section .text.head, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    cld
    mov %rsi, %r12              /* start_info */
    mov %rsp, %r13              /* the builder's boot stack */

    lea __bss_start(%rip), %rdi
    lea __bss_end(%rip), %rcx
    sub %rdi, %rcx
    xor %eax, %eax
    rep stosb

    lea guest_stack_top(%rip), %rsp
    xor %ebp, %ebp              /* the end of frame-pointer backtraces */
    mov %r12, %rdi
    mov %r13, %rsi
    call guest_start
    ud2                         /* guest_start() does not return */
    .size _start, . - _start

/*
 * guest-lib's stack, above an unmapped guard page (start.c unmaps it)
 * that turns an overflow into a fault instead of silent corruption.
 */
    .section .bss.page_aligned, "aw", @nobits
    .balign PAGE_SIZE
    .globl guest_stack_guard
guest_stack_guard:
    .skip PAGE_SIZE
guest_stack:
    .skip GUEST_STACK_SIZE
guest_stack_top:

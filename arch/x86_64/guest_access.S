/*
 * Guest memory copies that survive bad addresses. The only instruction
 * that touches guest memory is the rep movsb below, listed in the
 * exception fixup table: if it faults, the fault handler resumes at the
 * fixup, which returns the number of bytes NOT copied.
 *
 * size_t raw_copy(void *dst, const void *src, size_t len)
 */
    .text
    .globl raw_copy
raw_copy:
    movq %rdx, %rcx
1:  rep movsb
    movq %rcx, %rax             /* 0 when everything was copied */
    ret
2:  movq %rcx, %rax             /* bytes left when the fault hit */
    ret

    .section .ex_table, "a"
    .balign 8
    .quad 1b, 2b
    .previous

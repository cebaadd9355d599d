/*
 * desc_probe_load(sel): load ds with sel and put the null selector
 * back. A fault on the load resumes at desc_probe_after (the test's
 * handler moves rip there).
 */
    .text
    .globl desc_probe_load, desc_probe_insn, desc_probe_after
desc_probe_load:
desc_probe_insn:
    mov %edi, %ds
desc_probe_after:
    xor %eax, %eax
    mov %eax, %ds
    ret

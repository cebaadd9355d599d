/*
 * test_own_stubs's entry point (its ENTRY note names it; build.mk patches
 * the image): a kernel without a HYPERCALL_PAGE note writes its own
 * hypercall stubs before the first hypercall, then goes on to guest-lib's
 * usual start. Runs on the builder's boot stack; start_info stays in rsi.
 */
    .section .text, "ax", @progbits
    .globl own_stubs_start
    .type own_stubs_start, @function
own_stubs_start:
    mov %rsi, %r12              /* callee-saved: survives the call */
    call own_stubs_fill
    mov %r12, %rsi
    jmp _start
    .size own_stubs_start, . - own_stubs_start

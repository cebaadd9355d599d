/*
 * bench_domu's entry point (its ENTRY note names it; tools/build/bench.mk
 * patches the image): the TSC is read before anything else runs, into
 * bench_domu_entry_tsc (in .data: _start clears .bss), then guest-lib's
 * usual start goes on with the registers the builder set. rdtsc changes
 * rax and rdx only; rsi, the start_info pointer, is kept.
 */
    .section .text, "ax", @progbits
    .globl bench_domu_entry
    .type bench_domu_entry, @function
bench_domu_entry:
    rdtsc
    shl $32, %rdx
    or %rdx, %rax
    mov %rax, bench_domu_entry_tsc(%rip)
    jmp _start
    .size bench_domu_entry, . - bench_domu_entry

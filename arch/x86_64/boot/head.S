/*
 * From the multiboot hand-off (32-bit protected mode, paging off) to C in
 * 64-bit long mode in the hypervisor range.
 *
 * The boot page tables map the first 4 GiB three times with 2 MiB pages:
 * identity (so this code keeps running once paging is on), at
 * HV_IMAGE_VIRT (where the image is linked) and at HV_DIRECTMAP_VIRT (so
 * C can read the multiboot data). C replaces them with the final W^X
 * tables as soon as it knows the memory map.
 */
#include <arch/layout.h>
#include <arch/x86.h>

#define PHYS(sym) ((sym) - HV_IMAGE_VIRT)
#define COM1 0x3f8
#define BOOT_PD_COUNT 4             /* 4 page directories = 4 GiB */
#define ENTRIES_PER_TABLE 512
#define L4_SLOT(va) (((va) >> 39) & 511)
#define BOOT_TABLE_FLAGS (PTE_P | PTE_RW)
#define BOOT_LARGE_FLAGS (PTE_P | PTE_RW | PTE_PS)

    .section .text.boot, "ax"
    .code32
    .globl boot_entry
boot_entry:
    cli
    cld
    movl $PHYS(boot_stack_top), %esp
    movl %eax, PHYS(boot_magic)
    movl %ebx, PHYS(boot_info_phys)

    /* Long mode and NX are the only CPU features Parasol cannot live
     * without: it runs on any x86_64 CPU with NX. */
    movl $CPUID_EXT_LEAF, %eax
    cpuid
    cmpl $CPUID_EXT_FEATURES, %eax
    jb no_long_mode
    movl $CPUID_EXT_FEATURES, %eax
    cpuid
    testl $CPUID_EXT_EDX_LM, %edx
    jz no_long_mode
    testl $CPUID_EXT_EDX_NX, %edx
    jz no_long_mode

    /* Page directories: 2048 consecutive 2 MiB pages from address 0. */
    movl $PHYS(boot_pd), %edi
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $21, %eax
    orl $BOOT_LARGE_FLAGS, %eax
    movl %eax, (%edi, %ecx, 8)
    movl %ecx, %eax
    shrl $11, %eax                  /* high half of (ecx << 21) */
    movl %eax, 4(%edi, %ecx, 8)
    incl %ecx
    cmpl $(BOOT_PD_COUNT * ENTRIES_PER_TABLE), %ecx
    jne 1b

    /* One PDPT pointing at the four directories. */
    movl $PHYS(boot_pdpt), %edi
    movl $PHYS(boot_pd), %eax
    orl $BOOT_TABLE_FLAGS, %eax
    xorl %ecx, %ecx
2:  movl %eax, (%edi, %ecx, 8)
    addl $PAGE_SIZE, %eax
    incl %ecx
    cmpl $BOOT_PD_COUNT, %ecx
    jne 2b

    /* The same PDPT serves the identity, image and direct-map slots. */
    movl $PHYS(boot_pml4), %edi
    movl $PHYS(boot_pdpt), %eax
    orl $BOOT_TABLE_FLAGS, %eax
    movl %eax, (%edi)
    movl %eax, (L4_SLOT(HV_IMAGE_VIRT) * 8)(%edi)
    movl %eax, (L4_SLOT(HV_DIRECTMAP_VIRT) * 8)(%edi)

    movl %cr4, %eax
    orl $X86_CR4_PAE, %eax
    movl %eax, %cr4
    movl $PHYS(boot_pml4), %eax
    movl %eax, %cr3
    movl $MSR_EFER, %ecx
    rdmsr
    orl $(EFER_LME | EFER_NXE), %eax
    wrmsr
    movl %cr0, %eax
    orl $(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE), %eax
    movl %eax, %cr0

    lgdt PHYS(boot_gdt_ptr)
    ljmp $EARLY_CS, $PHYS(long_mode_entry)

/* Say why we stop, on COM1, without any driver. */
no_long_mode:
    movl $PHYS(no_lm_msg), %esi
3:  lodsb
    testb %al, %al
    jz 4f
    movw $COM1, %dx
    outb %al, %dx
    jmp 3b
4:  hlt
    jmp 4b

    .code64
long_mode_entry:
    movabs $high_entry, %rax
    jmp *%rax
high_entry:
    movl $EARLY_DS, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
    xorl %eax, %eax
    movl %eax, %fs
    movl %eax, %gs
    movabs $boot_stack_top, %rsp
    xorl %ebp, %ebp                 /* ends backtraces */
    movl boot_magic(%rip), %edi
    movl boot_info_phys(%rip), %esi
    call start_hypervisor
5:  hlt
    jmp 5b

    .section .rodata.boot, "a"
no_lm_msg:
    .asciz "Parasol: this CPU lacks long mode or NX; cannot boot.\r\n"

    /* Flat 64-bit code and data descriptors, accessed bits preset. */
    .balign 16
boot_gdt:
    .quad 0
    .quad 0x00af9b000000ffff        /* EARLY_CS: long mode, DPL 0 */
    .quad 0x00cf93000000ffff        /* EARLY_DS */
boot_gdt_end:
boot_gdt_ptr:
    .short boot_gdt_end - boot_gdt - 1
    .long PHYS(boot_gdt)

    .section .data
    .balign 4
    .globl boot_magic, boot_info_phys
boot_magic:
    .long 0
boot_info_phys:
    .long 0

    .section .bss.page_aligned, "aw", @nobits
    .balign PAGE_SIZE
    .globl boot_pml4
boot_pml4:
    .skip PAGE_SIZE
boot_pdpt:
    .skip PAGE_SIZE
boot_pd:
    .skip PAGE_SIZE * BOOT_PD_COUNT
    /* An unmapped guard page sits under the boot stack once the final
     * page tables are in place (see paging.c). */
    .globl boot_stack_guard, boot_stack_top
boot_stack_guard:
    .skip PAGE_SIZE
boot_stack:
    .skip BOOT_STACK_SIZE
boot_stack_top:

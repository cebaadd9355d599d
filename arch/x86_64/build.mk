# x86_64 sources of the hypervisor.
HV_SRCS += \
    arch/x86_64/boot/multiboot.S \
    arch/x86_64/boot/head.S \
    arch/x86_64/entry.S \
    arch/x86_64/backtrace.c \
    arch/x86_64/cpu.c \
    arch/x86_64/extable.c \
    arch/x86_64/gdt.c \
    arch/x86_64/idt.c \
    arch/x86_64/multiboot.c \
    arch/x86_64/serial.c \
    arch/x86_64/setup.c \
    arch/x86_64/traps.c \
    arch/x86_64/stubs.c

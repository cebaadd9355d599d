# x86_64 sources of the hypervisor: every .c and .S under arch/x86_64
# except asm-offsets.c, which is compiled to assembly only. The top
# level is the CPU (boot/, traps, GDT/IDT, paging); platform/ the
# devices; pv/ the PV machine, with its direct paging in pv/mm/ and its
# descriptor tables in pv/desc/.
HV_SRCS += $(sort $(wildcard arch/x86_64/boot/*.S arch/x86_64/*.S \
    arch/x86_64/platform/*.c arch/x86_64/pv/*.S arch/x86_64/pv/*.c \
    arch/x86_64/pv/mm/*.c arch/x86_64/pv/desc/*.c) \
    $(filter-out arch/x86_64/asm-offsets.c,$(wildcard arch/x86_64/*.c)))

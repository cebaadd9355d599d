# x86_64 sources of the hypervisor: every .c and .S under arch/x86_64
# (boot/, pv/ and the top level) except asm-offsets.c, which is compiled
# to assembly only.
HV_SRCS += $(sort $(wildcard arch/x86_64/boot/*.S arch/x86_64/*.S \
    arch/x86_64/pv/*.S arch/x86_64/pv/*.c) \
    $(filter-out arch/x86_64/asm-offsets.c,$(wildcard arch/x86_64/*.c)))

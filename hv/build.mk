# Portable core sources of the hypervisor: every .c under hv/. hv/lib/ is
# guest-lib's too: guest-lib/build.mk compiles the same files into
# libguest.a (dom0's domain builder uses the ELF parser from there).
HV_SRCS += $(sort $(wildcard hv/*.c hv/lib/*.c hv/mm/*.c))

# Portable core sources of the hypervisor: every .c under hv/. Two of
# hv/lib/ (string.c, format.c) are guest-lib's too: guest-lib/build.mk
# compiles the same files into libguest.a.
HV_SRCS += $(sort $(wildcard hv/*.c hv/lib/*.c hv/mm/*.c))

# Portable core sources of the hypervisor: every .c under hv/.
HV_SRCS += $(sort $(wildcard hv/*.c hv/lib/*.c hv/mm/*.c))

UNIT_TESTS += format
# The one formatter of the hypervisor and guest-lib (hv/lib/format.c).
UNIT_SRCS_format := hv/lib/format.c

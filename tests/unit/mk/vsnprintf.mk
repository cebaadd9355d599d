UNIT_TESTS += vsnprintf
UNIT_SRCS_vsnprintf := hv/lib/vsnprintf.c

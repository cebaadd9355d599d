UNIT_TESTS += elf
UNIT_SRCS_elf := hv/lib/elf.c hv/lib/parse.c hv/lib/string.c

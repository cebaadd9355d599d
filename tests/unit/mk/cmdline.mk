UNIT_TESTS += cmdline
UNIT_SRCS_cmdline := hv/cmdline.c hv/lib/parse.c hv/lib/string.c

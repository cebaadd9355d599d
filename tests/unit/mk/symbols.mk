UNIT_TESTS += symbols
UNIT_SRCS_symbols := hv/symbols.c hv/lib/format.c

UNIT_TESTS += xlcfg
# The xl.cfg parser, with the string and format functions dom0 uses.
UNIT_SRCS_xlcfg := tools/dom0/xlcfg.c tools/dom0/xlcfg_keys.c \
    hv/lib/string.c hv/lib/format.c
$(BUILD)/unit/obj/tests/unit/test_xlcfg.o: UNIT_CFLAGS += -Itools/dom0

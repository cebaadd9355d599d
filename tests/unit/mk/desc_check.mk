# The check of guest segment descriptors (arch/x86_64/pv/desc/desc_check.c):
# pure logic, built with the real arch header that defines the bits.
UNIT_TESTS += desc_check
UNIT_SRCS_desc_check := arch/x86_64/pv/desc/desc_check.c

$(BUILD)/unit/obj/arch/x86_64/pv/desc/desc_check.o \
$(BUILD)/unit/obj/tests/unit/test_desc_check.o: \
    UNIT_CFLAGS += -Iarch/x86_64/include

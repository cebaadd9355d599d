UNIT_TESTS += builder
# The builder with the real layout and ELF parser, over a fake of the
# hypercall wrappers (tests/unit/xc_fake.c).
UNIT_SRCS_builder := tools/dom0/builder.c tools/dom0/build_layout.c \
    hv/lib/elf.c hv/lib/parse.c hv/lib/string.c tests/unit/xc_fake.c
$(BUILD)/unit/obj/tests/unit/test_builder.o \
$(BUILD)/unit/obj/tests/unit/xc_fake.o \
$(BUILD)/unit/obj/tools/dom0/builder.o: UNIT_CFLAGS += -Itools/dom0 \
    -Iguest-lib/include

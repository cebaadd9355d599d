UNIT_TESTS += xl
# xl and the toolstack's policy over a fake backend (tests/unit/test_xl*).
UNIT_SRCS_xl := tools/dom0/shell.c tools/dom0/cmd_system.c \
    tools/dom0/cmd_ramdisk.c tools/dom0/cpio.c tests/unit/cpio_writer.c \
    tests/unit/xl_fake.c $(XL_SRCS) hv/lib/string.c hv/lib/format.c
$(BUILD)/unit/obj/tests/unit/test_xl.o \
$(BUILD)/unit/obj/tests/unit/xl_fake.o: UNIT_CFLAGS += -Itools/dom0

UNIT_TESTS += shell
UNIT_SRCS_shell := tools/dom0/shell.c tools/dom0/cmd_system.c \
    tools/dom0/cmd_ramdisk.c tools/dom0/cpio.c tests/unit/cpio_writer.c
$(BUILD)/unit/obj/tests/unit/test_shell.o: UNIT_CFLAGS += -Itools/dom0

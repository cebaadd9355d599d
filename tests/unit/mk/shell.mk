UNIT_TESTS += shell
# The shell links every command family, xl's included.
XL_SRCS := tools/dom0/xl.c tools/dom0/xl_list.c tools/dom0/xl_json.c \
    tools/dom0/xl_domain.c tools/dom0/xl_info.c tools/dom0/xl_console.c \
    tools/dom0/toolstack.c tools/dom0/toolstack_policy.c \
    tools/dom0/xlcfg.c tools/dom0/xlcfg_keys.c tools/dom0/cmd_demo.c
UNIT_SRCS_shell := tools/dom0/shell.c tools/dom0/cmd_system.c \
    tools/dom0/cmd_ramdisk.c tools/dom0/cpio.c tests/unit/cpio_writer.c \
    $(XL_SRCS) hv/lib/string.c hv/lib/format.c
$(BUILD)/unit/obj/tests/unit/test_shell.o: UNIT_CFLAGS += -Itools/dom0

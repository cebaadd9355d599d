UNIT_TESTS += cpio
UNIT_SRCS_cpio := tools/dom0/cpio.c tests/unit/cpio_writer.c
# The test includes cpio.h from tools/dom0 and runs mkcpio, which
# tools/build/tools.mk builds first; without it that one test is skipped.
$(BUILD)/unit/obj/tests/unit/test_cpio.o: UNIT_CFLAGS += -Itools/dom0 \
    -DMKCPIO_PATH='"$(abspath $(BUILD))/tools/mkcpio"'

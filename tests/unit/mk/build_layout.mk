UNIT_TESTS += build_layout
UNIT_SRCS_build_layout := tools/dom0/build_layout.c
# dom0's headers, and guest-lib's for the page-table constants.
$(BUILD)/unit/obj/tests/unit/test_build_layout.o \
$(BUILD)/unit/obj/tools/dom0/build_layout.o: UNIT_CFLAGS += -Itools/dom0 \
    -Iguest-lib/include

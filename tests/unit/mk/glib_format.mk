UNIT_TESTS += glib_format
UNIT_SRCS_glib_format := guest-lib/format.c
# guest-lib's headers, for the test and the guest-lib file it links.
$(BUILD)/unit/obj/tests/unit/test_glib_format.o \
$(BUILD)/unit/obj/guest-lib/format.o: UNIT_CFLAGS += -Iguest-lib/include

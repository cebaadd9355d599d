UNIT_TESTS += glib_time
UNIT_SRCS_glib_time := guest-lib/pvclock.c
# guest-lib's headers, for the test and the guest-lib file it links.
$(BUILD)/unit/obj/tests/unit/test_glib_time.o \
$(BUILD)/unit/obj/guest-lib/pvclock.o: UNIT_CFLAGS += -Iguest-lib/include

UNIT_TESTS += glib_events
UNIT_SRCS_glib_events := guest-lib/event_scan.c
# guest-lib's headers, for the test and the guest-lib file it links.
$(BUILD)/unit/obj/tests/unit/test_glib_events.o \
$(BUILD)/unit/obj/guest-lib/event_scan.o: UNIT_CFLAGS += -Iguest-lib/include

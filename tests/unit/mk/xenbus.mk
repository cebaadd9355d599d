UNIT_TESTS += xenbus
# The client, the shared codec and ring helpers, and the fake store.
UNIT_SRCS_xenbus := guest-lib/xenbus.c hv/lib/xs_codec.c hv/lib/xs_ring.c \
    hv/lib/parse.c hv/lib/string.c tests/unit/xs_fake_store.c
$(BUILD)/unit/obj/tests/unit/test_xenbus.o \
$(BUILD)/unit/obj/guest-lib/xenbus.o: UNIT_CFLAGS += -Iguest-lib/include

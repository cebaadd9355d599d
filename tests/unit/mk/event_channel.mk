UNIT_TESTS += event_channel
UNIT_SRCS_event_channel := hv/event_channel.c hv/event_table.c hv/event_2l.c \
    tests/unit/panic_double.c

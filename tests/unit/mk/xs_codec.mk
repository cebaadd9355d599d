UNIT_TESTS += xs_codec
UNIT_SRCS_xs_codec := hv/lib/xs_codec.c

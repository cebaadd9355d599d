UNIT_TESTS += ring
UNIT_SRCS_ring := hv/lib/xs_ring.c hv/lib/xs_codec.c

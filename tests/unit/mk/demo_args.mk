UNIT_TESTS += demo_args
# The demo guests' command line, with hv/lib's string functions.
UNIT_SRCS_demo_args := guest-lib/examples/demo_args.c hv/lib/string.c

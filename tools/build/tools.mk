# Host tools built with the hypervisor, for the host they run on:
#
#   $(BUILD)/tools/mkcpio   packs dom0's ramdisk (tools/mkcpio/mkcpio.c)
#
# Included by the top-level Makefile; uses its BUILD and HOST_CC.

MKCPIO := $(BUILD)/tools/mkcpio

# Hosted C11 with POSIX (getopt, stat); no sanitizers, since the tool is
# part of the build, not a test.
HOST_TOOL_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -O2 -g \
    -Wall -Wextra -Werror

$(MKCPIO): tools/mkcpio/mkcpio.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(HOST_CC) $(HOST_TOOL_CFLAGS) $< -o $@

.PHONY: tools
tools: $(MKCPIO)
all: tools

# test_cpio compares mkcpio's output with its own writer's, byte for
# byte, so the unit tests need the tool built first.
unit: $(MKCPIO)

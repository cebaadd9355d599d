# dom0: the privileged guest that `make run` boots into, and its ramdisk.
# Included by the top-level Makefile after guest-lib/build.mk (for
# guest_program) and tools/build/tools.mk (for MKCPIO); run.mk's
# QEMU_MODULES default names the first two files below:
#
#   $(BUILD)/guests/dom0.elf          dom0's kernel, on guest-lib
#   $(BUILD)/dom0-ramdisk.cpio        its ramdisk: tools/dom0/ramdisk/
#                                     and the guests hello.elf, and the
#                                     demos counter, spinner, pingpong,
#                                     crasher, and the store's test
#                                     domU domu_xenbus
#   $(BUILD)/dom0-bad-ramdisk.cpio    a damaged ramdisk, for the boot
#                                     tests (tests/boot/tests_dom0.py)
#   make dom0                         all three
#
# `make` (all) builds them, and so do run, debug and test, which build
# all first.

# Rule prerequisites are expanded as they are read: MKCPIO must exist
# by now, or the ramdisk would not wait for the tool on a clean build.
$(if $(MKCPIO),,$(error include tools/build/dom0.mk after tools/build/tools.mk))
$(if $(GLIB_LIB),,$(error include tools/build/dom0.mk after guest-lib/build.mk))

DOM0_ELF := $(BUILD)/guests/dom0.elf
DOM0_RAMDISK := $(BUILD)/dom0-ramdisk.cpio
DOM0_BAD_RAMDISK := $(BUILD)/dom0-bad-ramdisk.cpio

# Every .c file of tools/dom0: the shell core and its command families,
# the cpio reader, and the guest-lib glue. Their string functions are
# hv/lib's, which libguest.a holds. The version goes into the banner.
DOM0_SRCS := $(sort $(wildcard tools/dom0/*.c))
$(call guest_program,dom0,$(DOM0_SRCS), \
    $(GUEST_CFLAGS) -DPARASOL_VERSION='"$(VERSION)"')

# The ramdisk: each file of tools/dom0/ramdisk/ under its own name, and
# a guest image to go with each .cfg. mkcpio writes only names and
# contents (no dates, no owners), so the archive is reproducible.
DOM0_RAMDISK_DIR := tools/dom0/ramdisk
DOM0_RAMDISK_FILES := $(sort $(wildcard $(DOM0_RAMDISK_DIR)/*))
# The demo guests (guest-lib/examples/), each with its .cfg here.
DEMO_GUESTS := counter spinner pingpong crasher
DEMO_ARGS_SRC := guest-lib/examples/demo_args.c
$(foreach g,$(DEMO_GUESTS), \
    $(call guest_program,$(g),guest-lib/examples/$(g).c $(DEMO_ARGS_SRC)))
DOM0_RAMDISK_GUESTS := $(BUILD)/guests/hello.elf \
    $(patsubst %,$(BUILD)/guests/%.elf,$(DEMO_GUESTS)) \
    $(BUILD)/guests/domu_xenbus.elf

$(DOM0_RAMDISK): $(MKCPIO) $(DOM0_RAMDISK_FILES) $(DOM0_RAMDISK_GUESTS)
	@echo "  CPIO    $@"
	@$(MKCPIO) -o $@ $(DOM0_RAMDISK_FILES) $(DOM0_RAMDISK_GUESTS)

# Not a cpio archive at all: dom0 must say so in one line and still
# give its prompt.
DOM0_BAD_RAMDISK_TEXT := this is not a cpio archive\n

$(DOM0_BAD_RAMDISK): tools/build/dom0.mk
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@printf '$(DOM0_BAD_RAMDISK_TEXT)' > $@

.PHONY: dom0
dom0: $(DOM0_ELF) $(DOM0_RAMDISK) $(DOM0_BAD_RAMDISK)
all: dom0

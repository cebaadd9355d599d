# Boot tests: tests/boot/tests.py declares them, tests/boot/run.py boots
# the image under QEMU once per test and judges the serial output and
# the exit status. `make boot` runs them alone; `make test` runs them
# after the unit tests.
#
#   make boot BOOT_TESTS="fault timer"   only these tests
#   make boot BOOT_JOBS=2                two QEMUs at a time

BOOT_TESTS ?=
BOOT_JOBS ?= 1
BOOT_RUN = ACCEL='$(ACCEL)' QEMU='$(QEMU)' QEMU_MEM='$(QEMU_MEM)' \
    $(PYTHON) tests/boot/run.py --build $(BUILD) --jobs $(BOOT_JOBS) \
    $(BOOT_TESTS)

.PHONY: boot
boot: deps
	@$(MAKE) --no-print-directory -s all
	@$(BOOT_RUN)

# The differential harness: every guest test also boots on real Xen 4.17
# (Debian 12's package, fetched once into $(XEN_DIR), never installed)
# and must give the same verdict there. tests/boot/xen_check.py.
#
#   make xen-check                      every guest test
#   make xen-check XEN_TESTS=test_hello only these
XEN_DIR := $(BUILD)/xen
XEN_ELF := $(XEN_DIR)/xen.elf
XEN_TESTS ?=
XEN_JOBS ?= 1

$(XEN_ELF): tools/build/fetch_xen.sh
	@sh tools/build/fetch_xen.sh $(XEN_DIR)

XEN_CHECK_RUN = ACCEL='$(ACCEL)' QEMU='$(QEMU)' QEMU_MEM='$(QEMU_MEM)' \
    $(PYTHON) tests/boot/xen_check.py --build $(BUILD) --xen $(XEN_ELF) \
    --jobs $(XEN_JOBS) $(XEN_TESTS)

.PHONY: xen-check
xen-check: deps
	@$(MAKE) --no-print-directory -s all guests $(XEN_ELF)
	@$(XEN_CHECK_RUN)

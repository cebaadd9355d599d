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

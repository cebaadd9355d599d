# Running, debugging and testing the image under QEMU: run, debug, iso,
# run-iso, test. Included at the end of the top-level Makefile; uses its
# BUILD, ACCEL, HV_CMDLINE, QEMU_ARGS, QEMU_MEM and PYTHON.
#
# Each target that needs the host tools depends on `deps`, then builds
# through a sub-make, so that a missing compiler is installed before any
# compile starts, even under -j.

QEMU ?= qemu-system-x86_64
# Multiboot modules for -initrd, comma-separated, each "file args"; the
# first is dom0's kernel, the rest its ramdisk. By default dom0 and the
# ramdisk tools/build/dom0.mk packs, which `all` builds: make run boots
# into dom0's shell prompt.
QEMU_MODULES ?= $(BUILD)/guests/dom0.elf,$(BUILD)/dom0-ramdisk.cpio

QEMU_ACCEL_tcg := -accel tcg
QEMU_ACCEL_kvm := -accel kvm -cpu host

# Everything but the boot medium. mon:stdio puts the serial line on the
# terminal and keeps QEMU's monitor behind Ctrl-A c (Ctrl-A x quits).
QEMU_COMMON = $(or $(QEMU_ACCEL_$(ACCEL)),$(error ACCEL must be tcg or kvm)) \
    -m $(QEMU_MEM) -display none -serial mon:stdio -no-reboot \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04

QEMU_KERNEL = -kernel $(BUILD)/parasol.bin -append '$(HV_CMDLINE)' \
    $(if $(QEMU_MODULES),-initrd '$(QEMU_MODULES)')

# Runs QEMU and turns its exit status into the hypervisor's: QEMU exits
# with (code << 1) | 1 when the hypervisor writes code to isa-debug-exit,
# and with 0 when it is quit from the monitor.
define qemu_run
@echo "$(QEMU) $(QEMU_COMMON) $(1) $(QEMU_ARGS)"
@$(QEMU) $(QEMU_COMMON) $(1) $(QEMU_ARGS); status=$$?; \
    if [ $$status -eq 0 ]; then exit 0; fi; \
    if [ $$((status % 2)) -eq 0 ]; then \
        echo "qemu: exit status $$status"; exit $$status; \
    fi; \
    code=$$((status >> 1)); \
    name=$$(sed -n "s/.*HV_EXIT_\([A-Z0-9_]*\) = $$code,.*/\1/p" \
        hv/include/hv/panic.h); \
    echo "parasol: exit status $$code ($${name:-unknown})"; \
    [ $$code -eq 0 ]
endef

.PHONY: run debug iso run-iso test FORCE

run: deps
	@$(MAKE) --no-print-directory -s all
	$(call qemu_run,$(QEMU_KERNEL))

debug: deps
	@$(MAKE) --no-print-directory -s all
	@echo "QEMU waits for gdb. In another terminal:"
	@echo "  gdb $(BUILD)/parasol.elf -ex 'target remote :1234'"
	@echo "then, for example: hbreak start_hypervisor, continue"
	$(call qemu_run,$(QEMU_KERNEL) -s -S)

# The ISO is remade when the image or the command line changes; the
# command line is kept in a file that is rewritten only when it differs.
$(BUILD)/iso.cmdline: FORCE
	@mkdir -p $(dir $@)
	@echo '$(HV_CMDLINE)' > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

# The ISO carries the same modules as `make run`: dom0 and its ramdisk.
ISO_MODULES = $(subst $(COMMA), ,$(QEMU_MODULES))
COMMA := ,

$(BUILD)/parasol.iso: $(BUILD)/parasol.elf $(BUILD)/iso.cmdline \
        tools/build/mkiso.sh $(ISO_MODULES)
	@echo "  ISO     $@"
	@sh tools/build/mkiso.sh $< $(BUILD)/iso $@ '$(HV_CMDLINE)' \
	    $(ISO_MODULES)

iso: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory $(BUILD)/parasol.iso

run-iso: iso
	$(call qemu_run,-cdrom $(BUILD)/parasol.iso)

# Unit tests, the fuzzers, the boot tests, then the differential
# harness against Xen 4.17, each whatever the one before gave; then one
# line that totals them all. Each part's log keeps its "NAME: N passed,
# N failed" line; a part that printed none (it did not build, or Xen
# could not be fetched) counts as a failure.
TEST_LOGS := $(BUILD)/test/unit.log $(BUILD)/test/fuzz.log \
    $(BUILD)/test/boot.log $(BUILD)/test/xen-check.log
# The fuzzers run for a bounded time in every test run.
TEST_FUZZ_TIME ?= 20

test: deps
	@$(MAKE) --no-print-directory -s all
	@mkdir -p $(BUILD)/test
	@$(MAKE) --no-print-directory unit 2>&1 | tee $(BUILD)/test/unit.log
	@$(MAKE) --no-print-directory fuzz FUZZ_TIME=$(TEST_FUZZ_TIME) 2>&1 | \
	    tee $(BUILD)/test/fuzz.log
	@$(BOOT_RUN) 2>&1 | tee $(BUILD)/test/boot.log
	@$(MAKE) --no-print-directory -s $(XEN_ELF) 2>&1 | \
	    tee $(BUILD)/test/xen-check.log
	@$(XEN_CHECK_RUN) 2>&1 | tee -a $(BUILD)/test/xen-check.log
	@sh tools/build/summary.sh $(TEST_LOGS)

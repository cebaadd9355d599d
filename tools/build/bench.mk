# Benchmarks: `make bench` builds the bench guest (tests/bench/), boots
# it as dom0 under QEMU, and prints what it measured from inside, in
# TSC ticks per operation (docs/benchmarks.md). It is no test: nothing
# is judged on speed. It fails only when a run does (a crash, a
# timeout, a figure the guest could not measure).
#
#   make bench                 TCG: a run timed by the host's TSC, then
#                              one under -icount (instruction counts)
#   make bench ACCEL=kvm       one run on KVM, in CPU cycles
#   make bench BENCH_TIMEOUT=900   seconds allowed per QEMU run
#   make bench BENCH_MEM=2G    the machine's memory (more than 1 GiB free
#                              for guests_in_1gib)
#
# Every run is made on Parasol, then on Xen 4.17 ($(XEN_ELF), fetched by
# tools/build/fetch_xen.sh when it can be) with the same dom0, whose
# figures stand beside Parasol's. Without Xen the runner says so and
# makes Parasol's runs alone.
#
# Writes $(BUILD)/bench.json (every figure of every run) and keeps each
# run's serial output in $(BUILD)/bench/NAME.log.
#
# Included by the top-level Makefile after guest-lib/build.mk (it calls
# guest_program) and tests/guests/build.mk (TOOLSTACK_SRCS, PATCH_NOTES)
# and tests/boot/build.mk (XEN_ELF); uses its BUILD, ACCEL, HV_CMDLINE,
# QEMU_ARGS and PYTHON, and QEMU from tools/build/run.mk (read when the
# recipe runs, so the order of the two includes does not matter).

# The build step below runs make again on this file, which may then be
# read twice (once through the Makefile, once through -f): the guard
# keeps the guest's rules from being defined twice.
ifndef BENCH_MK_INCLUDED
BENCH_MK_INCLUDED := 1
BENCH_MK := $(lastword $(MAKEFILE_LIST))

# The bench guest builds domains itself (domains.c), with the
# toolstack's builder and wrappers (TOOLSTACK_SRCS, tests/guests/build.mk),
# from its ramdisk: bench_domu (entered at bench_domu_entry, which reads
# the TSC first, then goes on to guest-lib's _start) and the pingpong
# demo.
BENCH_SRCS := tests/bench/bench.c tests/bench/figures.c tests/bench/measure.c \
    tests/bench/domains.c $(TOOLSTACK_SRCS)
BENCH_ELF := $(BUILD)/guests/bench.elf
BENCH_RAMDISK := $(BUILD)/bench-ramdisk.cpio
BENCH_DOMU := $(BUILD)/guests/bench_domu.elf
BENCH_TIMEOUT ?= 600
# 1 GiB for the guests of guests_in_1gib, plus what the hypervisor and
# dom0 keep (QEMU_MEM's 512M of make run is too little).
BENCH_MEM ?= 1536M

$(call guest_program,bench,$(BENCH_SRCS),$(GUEST_CFLAGS) -Itools/dom0)
$(call guest_program,bench_domu_unpatched,tests/bench/bench_domu.c \
    tests/bench/bench_domu_entry.S)
$(BENCH_DOMU): $(BUILD)/guests/bench_domu_unpatched.elf $(PATCH_NOTES) \
        hv/include/public/elfnote.h $(BENCH_MK)
	@echo "  PATCH   $@"
	@$(PYTHON) $(PATCH_NOTES) $< $@ set:ENTRY:bench_domu_entry
$(BENCH_RAMDISK): $(MKCPIO) $(BENCH_DOMU) $(BUILD)/guests/pingpong.elf
	@echo "  CPIO    $@"
	@$(MKCPIO) -o $@ $(BENCH_DOMU) $(BUILD)/guests/pingpong.elf
guests: $(BENCH_RAMDISK)

# As run.mk's targets: the host tools first, then a sub-make for the
# build, so that a missing compiler is installed before any compile
# starts. The sub-make reads this file too, even when the Makefile
# does not include it (make -f Makefile -f tools/build/bench.mk).
.PHONY: bench
bench: deps
	@$(MAKE) --no-print-directory -s -f $(firstword $(MAKEFILE_LIST)) \
	    -f $(BENCH_MK) $(BUILD)/parasol.bin $(BENCH_ELF) $(BENCH_RAMDISK)
	@$(MAKE) --no-print-directory -s -f $(firstword $(MAKEFILE_LIST)) \
	    $(XEN_ELF) || echo "bench: cannot fetch Xen 4.17: Parasol only"
	@ACCEL='$(ACCEL)' QEMU='$(QEMU)' QEMU_MEM='$(BENCH_MEM)' \
	    HV_CMDLINE='$(HV_CMDLINE)' QEMU_ARGS='$(QEMU_ARGS)' \
	    $(PYTHON) tests/bench/run_bench.py --build $(BUILD) \
	    --timeout $(BENCH_TIMEOUT)
endif

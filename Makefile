# Parasol: one non-recursive build. Each directory lists its sources in a
# build.mk fragment; this file holds the rules.
#
#   make            build build/parasol.elf (symbols) and build/parasol.bin
#   make run        install missing dependencies, build, boot under QEMU
#   make test       install missing dependencies, build, run every test
#   make debug      boot stopped, waiting for gdb
#   make iso        GRUB rescue ISO that boots the same image
#   make bench      benchmarks (cycles measured inside guests)
#
# Options: ACCEL=tcg|kvm  QEMU_ARGS="..."  HV_CMDLINE="loglvl=all ..."

VERSION := 0.1.0
BUILD := build
ACCEL ?= tcg
HV_CMDLINE ?= loglvl=info
QEMU_ARGS ?=
QEMU_MEM ?= 512M

CC := gcc
LD := ld
OBJCOPY := objcopy
NM := nm
HOST_CC ?= gcc
PYTHON ?= python3

.DEFAULT_GOAL := all

# Hypervisor: freestanding C11, no SSE, no red zone (interrupts push onto
# the current stack). -fpie makes every access RIP-relative, so the image
# can live anywhere in the hypervisor range, not only in the top 2 GiB.
HV_CFLAGS := -std=c11 -ffreestanding -fno-builtin -nostdinc -O2 -g \
    -Wall -Wextra -Werror -Wno-unused-parameter \
    -mno-red-zone -mno-sse -mno-sse2 -mno-mmx -mno-80387 -mgeneral-regs-only \
    -fpie -include hv/include/hv/visibility.h -fno-plt \
    -fno-stack-protector \
    -fno-omit-frame-pointer \
    -fno-asynchronous-unwind-tables -fno-strict-aliasing \
    -fno-tree-loop-distribute-patterns \
    -isystem $(shell $(CC) -print-file-name=include) \
    -Ihv/include -Ihv/lib/include -Iarch/x86_64/include \
    -DPARASOL_VERSION='"$(VERSION)"'
HV_ASFLAGS := -D__ASSEMBLY__ -Ihv/include -Iarch/x86_64/include \
    -I$(BUILD)/include -g
HV_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=4096 \
    -z noexecstack --no-warn-rwx-segments

HV_SRCS :=
include arch/x86_64/build.mk
include hv/build.mk
include guest-lib/build.mk

HV_OBJS := $(patsubst %,$(BUILD)/hv/%.o,$(HV_SRCS))

$(BUILD)/hv/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(HV_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/hv/%.S.o: %.S $(BUILD)/include/asm-offsets.h
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(HV_ASFLAGS) -MMD -MP -c $< -o $@

# Structure offsets for assembly, generated from the C definitions.
# Any header may change a layout, so every one is a prerequisite.
$(BUILD)/include/asm-offsets.h: arch/x86_64/asm-offsets.c \
        $(wildcard arch/x86_64/include/arch/*.h hv/include/hv/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(HV_CFLAGS) -S $< -o $(BUILD)/asm-offsets.s
	{ echo '/* Generated from $<. Do not edit. */'; \
	  sed -n 's/.*->\([A-Z_0-9]*\) \$$\{0,1\}\([0-9]*\).*/#define \1 \2/p' \
	    $(BUILD)/asm-offsets.s; } > $@

$(BUILD)/parasol.ld: linker/parasol.ld.S arch/x86_64/include/arch/layout.h \
    hv/include/public/arch-x86/xen-x86_64.h
	@mkdir -p $(dir $@)
	$(CC) -E -P -x c -D__ASSEMBLY__ -Iarch/x86_64/include -Ihv/include $< -o $@

# Two-stage link: the second embeds the symbol table of the first, for
# backtraces with names. Text addresses do not move between the stages,
# since the table sits after all code.
$(BUILD)/parasol.stage1.elf: $(HV_OBJS) $(BUILD)/parasol.ld $(BUILD)/hv/empty_syms.o
	$(LD) $(HV_LDFLAGS) -T $(BUILD)/parasol.ld -o $@ $(HV_OBJS) $(BUILD)/hv/empty_syms.o

$(BUILD)/hv/empty_syms.S: tools/build/mksyms.sh
	@mkdir -p $(dir $@)
	sh tools/build/mksyms.sh < /dev/null > $@

$(BUILD)/hv/syms.S: $(BUILD)/parasol.stage1.elf tools/build/mksyms.sh
	$(NM) -n $< | sh tools/build/mksyms.sh > $@

$(BUILD)/hv/%.o: $(BUILD)/hv/%.S
	$(CC) $(HV_ASFLAGS) -c $< -o $@

$(BUILD)/parasol.elf: $(HV_OBJS) $(BUILD)/parasol.ld $(BUILD)/hv/syms.o
	$(LD) $(HV_LDFLAGS) -T $(BUILD)/parasol.ld -o $@ $(HV_OBJS) $(BUILD)/hv/syms.o
	@$(NM) -n $@ | grep -q ' start_hypervisor$$'

$(BUILD)/parasol.bin: $(BUILD)/parasol.elf
	$(OBJCOPY) -O binary $< $@

all: $(BUILD)/parasol.elf $(BUILD)/parasol.bin

-include $(HV_OBJS:.o=.d)
# A change of flags in this file rebuilds the hypervisor.
$(HV_OBJS): Makefile

include tests/unit/build.mk
include tools/build/tools.mk
include tools/build/dom0.mk
include tests/guests/build.mk
include tests/fuzz/build.mk
include tests/boot/build.mk
include tools/build/bench.mk

.PHONY: all clean deps format
deps:
	@sh tools/build/deps.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)

# run, debug, iso, run-iso, test
include tools/build/run.mk

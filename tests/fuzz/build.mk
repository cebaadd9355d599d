# libFuzzer targets over the real sources of hv/, built with clang and
# ASan and UBSan (any report aborts). `make fuzz` builds each target and
# runs it for FUZZ_TIME seconds from its seed corpus; it ends with
# "fuzz: N passed, N failed" and fails if a target crashed.
#
# Each target is tests/fuzz/fuzz_NAME.c, linked with FUZZ_SRCS_NAME, with
# seeds in tests/fuzz/corpus/NAME/ and an optional tests/fuzz/NAME.dict.
# libFuzzer comes with clang (Debian: clang and libclang-rt-14-dev).

FUZZ_CC ?= clang
FUZZ_TIME ?= 30
FUZZ_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror \
    -Wno-unused-parameter -fno-omit-frame-pointer \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -Itests/unit/include -Ihv/include -Ihv/lib/include

FUZZ_TARGETS := elf xlcfg xl xs_wire
FUZZ_SRCS_elf := hv/lib/elf.c hv/lib/parse.c hv/lib/string.c
# dom0's xl.cfg parser, with the string and format functions dom0 uses.
FUZZ_SRCS_xlcfg := tools/dom0/xlcfg.c tools/dom0/xlcfg_keys.c \
    hv/lib/string.c hv/lib/format.c
# The xenstore wire codec and the store ring's reader.
FUZZ_SRCS_xs_wire := hv/lib/xs_codec.c hv/lib/xs_ring.c
# xl's command line and the toolstack over the unit tests' fake backend
# (XL_SRCS, the xl sources, comes from tests/unit/mk/shell.mk).
FUZZ_SRCS_xl := tools/dom0/shell.c tools/dom0/cmd_system.c \
    tools/dom0/cmd_ramdisk.c tools/dom0/cpio.c $(XL_SRCS) \
    tests/unit/xl_fake.c hv/lib/string.c hv/lib/format.c

# Every header the sources may include: one link step has no per-source
# dependency file.
FUZZ_HEADERS := $(wildcard hv/include/hv/*.h hv/include/public/*.h \
    hv/include/public/arch-x86/*.h hv/include/public/io/*.h \
    hv/lib/include/lib/*.h tests/unit/include/arch/*.h)

$(BUILD)/fuzz/fuzz_elf: tests/fuzz/fuzz_elf.c $(FUZZ_SRCS_elf) $(FUZZ_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(filter %.c,$^) -o $@

$(BUILD)/fuzz/fuzz_xl: tests/fuzz/fuzz_xl.c $(FUZZ_SRCS_xl) $(FUZZ_HEADERS) \
        $(wildcard tools/dom0/*.h) tests/unit/xl_fake.h
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -Itools/dom0 -Itests/unit \
	    -DPARASOL_VERSION='"$(VERSION)"' $(filter %.c,$^) -o $@

$(BUILD)/fuzz/fuzz_xlcfg: tests/fuzz/fuzz_xlcfg.c $(FUZZ_SRCS_xlcfg) \
        $(FUZZ_HEADERS) $(wildcard tools/dom0/xlcfg*.h)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -Itools/dom0 $(filter %.c,$^) -o $@

$(BUILD)/fuzz/fuzz_xs_wire: tests/fuzz/fuzz_xs_wire.c $(FUZZ_SRCS_xs_wire) \
        $(FUZZ_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(filter %.c,$^) -o $@

.PHONY: fuzz
fuzz: $(patsubst %,$(BUILD)/fuzz/fuzz_%,$(FUZZ_TARGETS))
	@sh tests/fuzz/run.sh $(FUZZ_TIME) $(BUILD)/fuzz $(FUZZ_TARGETS)

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

FUZZ_TARGETS := elf
FUZZ_SRCS_elf := hv/lib/elf.c hv/lib/parse.c hv/lib/string.c

# Every header the sources may include: one link step has no per-source
# dependency file.
FUZZ_HEADERS := $(wildcard hv/include/hv/*.h hv/include/public/*.h \
    hv/include/public/arch-x86/*.h hv/lib/include/lib/*.h \
    tests/unit/include/arch/*.h)

$(BUILD)/fuzz/fuzz_elf: tests/fuzz/fuzz_elf.c $(FUZZ_SRCS_elf) $(FUZZ_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(filter %.c,$^) -o $@

.PHONY: fuzz
fuzz: $(patsubst %,$(BUILD)/fuzz/fuzz_%,$(FUZZ_TARGETS))
	@sh tests/fuzz/run.sh $(FUZZ_TIME) $(BUILD)/fuzz $(FUZZ_TARGETS)

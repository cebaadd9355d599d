# The public guest ABI headers (hv/include/public/).
#
# test_abi_headers includes them all and checks layouts and values at
# run time. Before it is built, each header is also compiled alone as a
# translation unit, twice: freestanding with only the compiler's own
# headers (as the hypervisor and guests build), and hosted (as the dom0
# tools build). Headers that assembly includes are also run through the
# preprocessor and assembler with __ASSEMBLY__ defined. A stamp file per
# header records success.

UNIT_TESTS += abi_headers
UNIT_SRCS_abi_headers :=

ABI_HEADERS := $(sort $(wildcard hv/include/public/*.h \
    hv/include/public/*/*.h))
# Safe for .S files: plain #defines outside #ifndef __ASSEMBLY__.
ABI_ASM_HEADERS := hv/include/public/xen.h hv/include/public/errno.h \
    hv/include/public/elfnote.h hv/include/public/arch-x86/xen.h \
    hv/include/public/arch-x86/xen-x86_64.h
ABI_HEADER_STAMPS := $(patsubst hv/include/public/%.h,$(BUILD)/unit/abi/%.ok,\
    $(ABI_HEADERS))

ABI_WARN := -Wall -Wextra -Werror -pedantic-errors
ABI_FREESTANDING := -std=c11 -ffreestanding -nostdinc \
    -isystem $(shell $(CC) -print-file-name=include) $(ABI_WARN)
ABI_HOSTED := -std=c11 $(ABI_WARN)

# The typedef keeps a header with only #defines from being an empty
# translation unit, which ISO C forbids.
ABI_TU = printf '\#include "%s"\ntypedef int abi_header_not_empty;\n' \
    $(abspath $<)

$(BUILD)/unit/abi/%.ok: hv/include/public/%.h $(ABI_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  ABI     $<"
	@$(ABI_TU) | $(CC) $(ABI_FREESTANDING) -fsyntax-only -x c -
	@$(ABI_TU) | $(HOST_CC) $(ABI_HOSTED) -fsyntax-only -x c -
	@$(if $(filter $<,$(ABI_ASM_HEADERS)), \
	    printf '#include "%s"\n' $(abspath $<) | \
	    $(CC) -D__ASSEMBLY__ -x assembler-with-cpp -c - -o /dev/null)
	@touch $@

# Order-only: the stamps must exist before the test links, but they are
# not link inputs.
$(BUILD)/unit/test_abi_headers: | $(ABI_HEADER_STAMPS)

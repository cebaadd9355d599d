# cmocka unit tests, built for the host with ASan and UBSan on the real
# sources of hv/, hv/lib/ (the library the hypervisor and guest-lib
# share), guest-lib/ and tools/.
#
# Each test is tests/unit/test_NAME.c; a fragment tests/unit/mk/NAME.mk
# adds NAME to UNIT_TESTS and lists the sources it links in
# UNIT_SRCS_NAME. The arch double is linked into every test.

UNIT_TESTS :=
include $(wildcard tests/unit/mk/*.mk)

UNIT_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror \
    -Wno-unused-parameter -fno-omit-frame-pointer -fno-builtin \
    -Wno-format -Wno-format-truncation \
    -fsanitize=address,undefined -fno-sanitize-recover=all \
    -Itests/unit/include -Itests/unit -Ihv/include -Ihv/lib/include \
    -DPARASOL_VERSION='"$(VERSION)"'
UNIT_LDLIBS := -lcmocka

UNIT_BINS := $(patsubst %,$(BUILD)/unit/test_%,$(UNIT_TESTS))

$(BUILD)/unit/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(HOST_CC) $(UNIT_CFLAGS) -MMD -MP -c $< -o $@

# test_NAME links its own file, the arch double and UNIT_SRCS_NAME.
.SECONDEXPANSION:
$(BUILD)/unit/test_%: $(BUILD)/unit/obj/tests/unit/test_%.o \
        $(BUILD)/unit/obj/tests/unit/arch_double.o \
        $$(addprefix $(BUILD)/unit/obj/,$$(addsuffix .o,$$(basename $$(UNIT_SRCS_$$*))))
	@echo "  HOSTLD  $@"
	@$(HOST_CC) $(UNIT_CFLAGS) $^ -o $@ $(UNIT_LDLIBS)

-include $(shell find $(BUILD)/unit -name '*.d' 2>/dev/null)

.PHONY: unit
# Runs every unit test; prints one summary line for all of them.
unit: $(UNIT_BINS)
	@sh tests/unit/run.sh $(UNIT_BINS)
.SECONDARY:

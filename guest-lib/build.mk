# guest-lib: the library every PV guest links against, and the rules
# that build a guest. Included by the top-level Makefile (before any
# fragment that builds guests); uses its BUILD, CC, LD, NM and VERSION.
#
#   $(BUILD)/guest-lib/libguest.a     the library
#   $(call guest_program,NAME,SRCS[,CFLAGS])
#                                     rules for $(BUILD)/guests/NAME.elf
#                                     from SRCS (.c and .S files), each
#                                     compiled with CFLAGS, by default
#                                     GUEST_CFLAGS
#   make guest-lib                    the library alone
#   make guests                       every guest declared so far
#
# Guests include <parasol/...> (guest-lib/include) and <public/...>,
# the hypervisor's public ABI headers. That tree is reached through a
# link in the build directory, so no other hypervisor header can be
# included by accident. The string functions, the formatter, number
# parsing and the ELF image parser come from the freestanding library
# the hypervisor shares (hv/lib/*.c, whose headers hv/lib/include holds:
# only <lib/...>). A guest links only the parts it calls.

GLIB_OUT := $(BUILD)/guest-lib
GLIB_LIB := $(GLIB_OUT)/libguest.a
GLIB_INC := $(GLIB_OUT)/include
GUEST_LDS := linker/guest.ld

# Freestanding C11, linked statically at 1 MiB (linker/guest.ld). No red
# zone: the hypervisor writes exception and event frames just below the
# interrupted code's rsp. GUEST_CFLAGS adds -mgeneral-regs-only, which
# keeps the compiler from using SSE registers (GCC 12 vectorises at
# -O2): handlers run on the interrupted code's registers, and guest-lib
# leaves the FPU state alone. A guest that wants floating point builds
# its own files with GUEST_CFLAGS_FPU, and keeps it out of handlers.
GUEST_CFLAGS_FPU := -std=c11 -ffreestanding -nostdinc -O2 -g \
    -Wall -Wextra -Werror \
    -mno-red-zone -fno-pie -mcmodel=small -fcf-protection=none \
    -fno-stack-protector -fno-omit-frame-pointer \
    -fno-asynchronous-unwind-tables -fno-strict-aliasing \
    -isystem $(shell $(CC) -print-file-name=include) \
    -Iguest-lib/include -Ihv/lib/include -I$(GLIB_INC)
GUEST_CFLAGS := $(GUEST_CFLAGS_FPU) -mgeneral-regs-only
GUEST_ASFLAGS := -D__ASSEMBLY__ -g -Iguest-lib/include -I$(GLIB_INC) \
    -DGLIB_VERSION='"$(or $(VERSION),0)"'
GUEST_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=4096 \
    -z noexecstack -T $(GUEST_LDS)
# No libgcc: it is built with a red zone, which the hypervisor's frames
# would overwrite. What it would provide (128-bit division) fails to
# link instead of failing at run time.

GLIB_SRCS := $(filter-out guest-lib/asm-offsets.c, \
    $(sort $(wildcard guest-lib/*.c guest-lib/*.S))) \
    $(sort $(wildcard hv/lib/*.c))
GLIB_OBJS := $(patsubst %,$(GLIB_OUT)/obj/%.o,$(GLIB_SRCS))

# The one hypervisor include tree guests may see.
$(GLIB_INC)/public:
	@mkdir -p $(dir $@)
	@ln -sfn $(abspath hv/include/public) $@

# Structure offsets for entry.S, generated from the C definitions.
$(GLIB_INC)/glib_offsets.h: guest-lib/asm-offsets.c \
        guest-lib/include/parasol/traps.h | $(GLIB_INC)/public
	@echo "  GEN     $@"
	@$(CC) $(GUEST_CFLAGS) -S $< -o $(GLIB_OUT)/asm-offsets.s
	@{ echo '/* Generated from $<. Do not edit. */'; \
	  sed -n 's/.*->\([A-Z_0-9]*\) \$$\{0,1\}\([0-9]*\).*/#define \1 \2/p' \
	    $(GLIB_OUT)/asm-offsets.s; } > $@

# GCC would compile the loop in memset into a call to memset.
$(GLIB_OUT)/obj/hv/lib/string.c.o: GLIB_FILE_CFLAGS := \
    -fno-tree-loop-distribute-patterns

$(GLIB_OUT)/obj/%.c.o: %.c | $(GLIB_INC)/public
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(GUEST_CFLAGS) $(GLIB_FILE_CFLAGS) -MMD -MP -c $< -o $@

$(GLIB_OUT)/obj/%.S.o: %.S $(GLIB_INC)/glib_offsets.h | $(GLIB_INC)/public
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(GUEST_ASFLAGS) -MMD -MP -c $< -o $@

$(GLIB_LIB): $(GLIB_OBJS)
	@echo "  AR      $@"
	@rm -f $@
	@$(AR) rcs $@ $^

-include $(GLIB_OBJS:.o=.d)

# The rules of one guest; guest_program evaluates them. A guest's
# objects live under $(BUILD)/guests/NAME/, so that each guest may have
# its own CFLAGS. The link fails unless the hypercall page is page
# aligned (its address ends in 000).
define guest_program_rules
GUEST_OBJS_$(1) := $$(patsubst %,$(BUILD)/guests/$(1)/%.o,$(2))

$(BUILD)/guests/$(1)/%.c.o: %.c | $(GLIB_INC)/public
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$<"
	@$$(CC) $(or $(3),$$(GUEST_CFLAGS)) -MMD -MP -c $$< -o $$@

$(BUILD)/guests/$(1)/%.S.o: %.S | $(GLIB_INC)/public
	@mkdir -p $$(dir $$@)
	@echo "  AS      $$<"
	@$$(CC) $$(GUEST_ASFLAGS) -MMD -MP -c $$< -o $$@

$(BUILD)/guests/$(1).elf: $$(GUEST_OBJS_$(1)) $(GLIB_LIB) $(GUEST_LDS)
	@echo "  LD      $$@"
	@$$(LD) $$(GUEST_LDFLAGS) -o $$@ $$(GUEST_OBJS_$(1)) $(GLIB_LIB)
	@$$(NM) $$@ | grep -q '^[0-9a-f]*000 [A-Za-z] hypercall_page$$$$'

guests: $(BUILD)/guests/$(1).elf
-include $$(GUEST_OBJS_$(1):.o=.d)
endef

guest_program = $(eval $(call guest_program_rules,$(1),$(2),$(3)))

.PHONY: guest-lib guests
guest-lib: $(GLIB_LIB)
guests:
all: guest-lib guests

# The example of docs/guest-lib.md, and a guest that checks guest-lib
# against the hypervisor it runs on.
$(call guest_program,hello,guest-lib/examples/hello.c)
$(call guest_program,glib_selftest,guest-lib/examples/selftest.c)

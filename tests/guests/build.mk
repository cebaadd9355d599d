# Test micro-guests: each a tiny PV guest that checks one part of the
# hypervisor from the inside and prints an XTF-style verdict
# ("Test result: SUCCESS" or "Test result: FAILURE: ..."), then powers
# off or crashes. tests/boot/tests_guests.py boots each as dom0.
#
#   $(BUILD)/guests/test_NAME.elf     one per guest below
#
# Included by the top-level Makefile after guest-lib/build.mk, whose
# guest_program function builds them (make guests builds them all).

TEST_GUEST_DIR := tests/guests
# What every test guest links besides its own sources: the checks and
# the verdict.
TEST_GUEST_COMMON := $(TEST_GUEST_DIR)/verdict.c

# $(call test_guest,NAME,SRCS): $(BUILD)/guests/test_NAME.elf from SRCS
# (file names in tests/guests/) and the common files.
test_guest = $(call guest_program,test_$(1), \
    $(addprefix $(TEST_GUEST_DIR)/,$(2)) $(TEST_GUEST_COMMON))

$(call test_guest,hello,hello.c)
$(call test_guest,hostile,hostile.c)
$(call test_guest,crash,crash.c)
$(call test_guest,crash_stack,crash_stack.c)
$(call test_guest,timer,timer.c)
$(call test_guest,virq_timer,virq_timer.c)
$(call test_guest,vcpu,vcpu.c)
$(call test_guest,machine,machine.c)
$(call test_guest,cpuid,cpuid.c)

# A kernel that requires a Xen feature Parasol does not offer: test_hello
# with its FEATURES note rewritten to "!auto_translated_physmap" (same
# length, NUL padded). The builder must refuse it by name.
FEATURES_NOTE_OLD := writable_page_tables|pae_pgdir_above_4gb
FEATURES_NOTE_NEW := !auto_translated_physmap

$(BUILD)/guests/test_needs_feature.elf: $(BUILD)/guests/test_hello.elf \
        tests/guests/build.mk
	@echo "  PATCH   $@"
	@$(PYTHON) -c 'import sys; d = open(sys.argv[1], "rb").read(); \
	    old = sys.argv[3].encode(); new = sys.argv[4].encode(); \
	    assert d.count(old) == 1, "FEATURES note not found once"; \
	    open(sys.argv[2], "wb").write( \
	        d.replace(old, new.ljust(len(old), b"\0")))' \
	    $< $@ '$(FEATURES_NOTE_OLD)' '$(FEATURES_NOTE_NEW)'

guests: $(BUILD)/guests/test_needs_feature.elf

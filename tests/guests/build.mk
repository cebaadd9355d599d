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
$(call test_guest,traps,traps.c trap_probe.S)
$(call test_guest,hostile,hostile.c)
$(call test_guest,pte,pte.c)
$(call test_guest,gnttab,gnttab.c)
$(call test_guest,ptwr,ptwr.c)
$(call test_guest,crash,crash.c)
$(call test_guest,crash_stack,crash_stack.c)
$(call test_guest,timer,timer.c)
$(call test_guest,virq_timer,virq_timer.c)
$(call test_guest,evtchn,evtchn.c)
$(call test_guest,ring,ring.c)
$(call test_guest,console,console.c)
$(call test_guest,debug_virq,debug_virq.c)
$(call test_guest,parasol_console,parasol_console.c)
$(call test_guest,canonical,canonical.c)
$(call test_guest,big_image,big_image.c)
$(call test_guest,callbacks,callbacks.c)
$(call test_guest,failsafe,failsafe.c failsafe_probe.S)
$(call test_guest,descriptors,descriptors.c desc_probe.S)
$(call test_guest,compat,compat.c compat_probe.S)
$(call test_guest,vcpu,vcpu.c)
$(call test_guest,sched,sched.c)
$(call test_guest,schedctl,schedctl.c)
$(call test_guest,machine,machine.c)
$(call test_guest,cpuid,cpuid.c)
$(call test_guest,domctl,domctl.c)

$(call test_guest,own_stubs_unpatched,own_stubs.c own_stubs_entry.S)

# Kernels that differ from a test guest in their ELF notes alone, made by
# patch_notes.py (its EDITs name notes by their XEN_ELFNOTE_* names).
PATCH_NOTES := tests/guests/patch_notes.py
# A note type no Xen defines: the note is skipped, as if absent.
UNKNOWN_NOTE := 0x100

# $(call patched_guest,OUT,IN,EDITS): $(BUILD)/guests/OUT.elf from IN.
define patched_guest
$(BUILD)/guests/$(1).elf: $(BUILD)/guests/$(2).elf $(PATCH_NOTES) \
        hv/include/public/elfnote.h tests/guests/build.mk
	@echo "  PATCH   $$@"
	@$(PYTHON) $(PATCH_NOTES) $$< $$@ $(3)
guests: $(BUILD)/guests/$(1).elf
endef

# test_hello requiring a feature Xen's PV dom0 builder does not check:
# built and run as dom0 on Xen 4.17, so on Parasol too.
$(eval $(call patched_guest,test_needs_feature,test_hello, \
    'string:FEATURES:!auto_translated_physmap'))
# test_hello requiring supervisor_mode_kernel: Xen 4.17 refuses it ("Dom0
# requires supervisor-mode execution"), and so does Parasol.
$(eval $(call patched_guest,test_needs_supervisor_mode,test_hello, \
    'string:FEATURES:!supervisor_mode_kernel'))
# test_hello whose SUPPORTED_FEATURES note lacks XENFEAT_dom0 (bit 11;
# only writable_page_tables, bit 0): both Xen and Parasol refuse it.
$(eval $(call patched_guest,test_no_dom0_feature,test_hello, \
    retype:PADDR_OFFSET:SUPPORTED_FEATURES set:SUPPORTED_FEATURES:1))
# A kernel with no HYPERCALL_PAGE note, entered where it writes its own
# stubs.
$(eval $(call patched_guest,test_own_stubs,test_own_stubs_unpatched, \
    retype:HYPERCALL_PAGE:$(UNKNOWN_NOTE) set:ENTRY:own_stubs_start))

# dom0's domain builder end to end: test_build, booted as dom0, builds
# domains from the guests in its ramdisk (domu_exit, which shuts down at
# once with the reason its command line names; domu_check, which checks
# its start of day and powers off or crashes by its verdict; guest-lib's
# hello) with the builder and the hypercall wrappers of tools/dom0.
$(call guest_program,domu_exit,$(TEST_GUEST_DIR)/domu_exit.c)
$(call guest_program,domu_check,$(TEST_GUEST_DIR)/domu_check.c \
    $(TEST_GUEST_COMMON))
# domu_xenbus: a domU's store through guest-lib's xenbus client, served
# by dom0 (tests_xl.py creates it from dom0's ramdisk).
$(call guest_program,domu_xenbus,$(TEST_GUEST_DIR)/domu_xenbus.c \
    $(TEST_GUEST_COMMON))
# domu_unpriv: dom0's control calls from a domU, refused as on Xen.
$(call guest_program,domu_unpriv,$(TEST_GUEST_DIR)/domu_unpriv.c \
    $(TEST_GUEST_COMMON))
TOOLSTACK_SRCS := tools/dom0/builder.c tools/dom0/build_layout.c \
    tools/dom0/xc.c tools/dom0/xc_memory.c tools/dom0/cpio.c
TEST_BUILD_SRCS := $(TEST_GUEST_DIR)/build.c $(TOOLSTACK_SRCS) \
    $(TEST_GUEST_COMMON)
$(call guest_program,test_build,$(TEST_BUILD_SRCS),$(GUEST_CFLAGS) -Itools/dom0)

TEST_BUILD_RAMDISK := $(BUILD)/test_build-ramdisk.cpio
TEST_BUILD_DOMUS := $(BUILD)/guests/domu_exit.elf \
    $(BUILD)/guests/domu_check.elf $(BUILD)/guests/domu_unpriv.elf \
    $(BUILD)/guests/hello.elf
$(TEST_BUILD_RAMDISK): $(MKCPIO) $(TEST_BUILD_DOMUS)
	@echo "  CPIO    $@"
	@$(MKCPIO) -o $@ $(TEST_BUILD_DOMUS)
guests: $(TEST_BUILD_RAMDISK)

# Grants between dom0 and a domain it creates (the xc wrappers only).
$(call guest_program,test_gnttab_domains, \
    $(TEST_GUEST_DIR)/gnttab_domains.c tools/dom0/xc.c \
    tools/dom0/xc_memory.c $(TEST_GUEST_COMMON),$(GUEST_CFLAGS) -Itools/dom0)

# xl's backend over the same wrappers and builder, with test_build's
# ramdisk.
# dom0's store service, which the backend runs for the domains it builds.
STORE_SERVICE_SRCS := tools/dom0/xs_service.c tools/dom0/xs_conn.c \
    tools/dom0/xs_heap.c tools/dom0/xs_path.c tools/dom0/xs_perms.c \
    tools/dom0/xs_tree.c tools/dom0/xs_ops.c tools/dom0/xs_txn.c \
    tools/dom0/xs_watch.c tools/dom0/xs_domain.c
TEST_XC_BACKEND_SRCS := $(TEST_GUEST_DIR)/xc_backend.c \
    tools/dom0/xc_backend.c $(STORE_SERVICE_SRCS) $(TOOLSTACK_SRCS) \
    $(TEST_GUEST_COMMON)
$(call guest_program,test_xc_backend,$(TEST_XC_BACKEND_SRCS), \
    $(GUEST_CFLAGS) -Itools/dom0)

# The pingpong demo as two domains that test_pingpong builds and links
# as a toolstack does (the protocol is in guest-lib/examples/pingpong.c).
TEST_PINGPONG_SRCS := $(TEST_GUEST_DIR)/pingpong_domains.c \
    $(TOOLSTACK_SRCS) $(TEST_GUEST_COMMON)
$(call guest_program,test_pingpong,$(TEST_PINGPONG_SRCS), \
    $(GUEST_CFLAGS) -Itools/dom0)
TEST_PINGPONG_RAMDISK := $(BUILD)/test_pingpong-ramdisk.cpio
# With it, domu_evtchn: the ops as an unprivileged domain sees them.
$(call guest_program,domu_evtchn,$(TEST_GUEST_DIR)/domu_evtchn.c \
    $(TEST_GUEST_COMMON))
TEST_PINGPONG_DOMUS := $(BUILD)/guests/pingpong.elf \
    $(BUILD)/guests/domu_evtchn.elf
$(TEST_PINGPONG_RAMDISK): $(MKCPIO) $(TEST_PINGPONG_DOMUS)
	@echo "  CPIO    $@"
	@$(MKCPIO) -o $@ $(TEST_PINGPONG_DOMUS)
guests: $(TEST_PINGPONG_RAMDISK)

# A domU's console text read back by dom0 (PARASOLOP_console_read), with
# test_pingpong's ramdisk.
TEST_DOMAIN_CONSOLE_SRCS := $(TEST_GUEST_DIR)/domain_console.c \
    $(TOOLSTACK_SRCS) $(TEST_GUEST_COMMON)
$(call guest_program,test_domain_console,$(TEST_DOMAIN_CONSOLE_SRCS), \
    $(GUEST_CFLAGS) -Itools/dom0)

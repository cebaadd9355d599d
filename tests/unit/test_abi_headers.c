/*
 * The public guest ABI (hv/include/public/): every header together in
 * one translation unit, and the layouts and values a guest built for
 * Xen relies on, checked at run time so that a mistake shows up by
 * name in the test report. The headers pin the same facts with
 * _Static_assert; abi_headers.mk also compiles each header alone.
 */
/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <public/arch-x86/xen-x86_64.h>
#include <public/arch-x86/xen.h>
#include <public/callback.h>
#include <public/domctl.h>
#include <public/elfnote.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/features.h>
#include <public/grant_table.h>
#include <public/io/console.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/sysctl.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/xen.h>

/* One expected number: a size, an offset or a constant. */
struct fact {
    const char *name;
    unsigned long long got, want;
};

#define SIZE(type, n)                                                          \
    {                                                                          \
        "sizeof(" #type ")", sizeof(type), (n)                                 \
    }
#define OFF(type, field, n)                                                    \
    {                                                                          \
        "offsetof(" #type ", " #field ")", offsetof(type, field), (n)          \
    }
#define VAL(expr, n)                                                           \
    {                                                                          \
#expr, (unsigned long long)(expr), (n)                                 \
    }

/* Check every fact; name each one that is wrong, then fail. */
static void check_facts(const struct fact *facts, size_t n)
{
    size_t wrong = 0;

    for (size_t i = 0; i < n; i++) {
        if (facts[i].got == facts[i].want)
            continue;
        print_error("%s is %llu (0x%llx), ABI says %llu (0x%llx)\n",
                    facts[i].name, facts[i].got, facts[i].got, facts[i].want,
                    facts[i].want);
        wrong++;
    }
    assert_int_equal(wrong, 0);
}

#define CHECK(table) check_facts(table, sizeof(table) / sizeof(table[0]))

static void test_start_info(void **state)
{
    static const struct fact facts[] = {
        SIZE(struct start_info, 1168),
        OFF(struct start_info, nr_pages, 32),
        OFF(struct start_info, shared_info, 40),
        OFF(struct start_info, flags, 48),
        OFF(struct start_info, store_mfn, 56),
        OFF(struct start_info, store_evtchn, 64),
        OFF(struct start_info, console.domU.mfn, 72),
        OFF(struct start_info, console.domU.evtchn, 80),
        OFF(struct start_info, console.dom0.info_off, 72),
        OFF(struct start_info, console.dom0.info_size, 76),
        OFF(struct start_info, pt_base, 88),
        OFF(struct start_info, nr_pt_frames, 96),
        OFF(struct start_info, mfn_list, 104),
        OFF(struct start_info, mod_start, 112),
        OFF(struct start_info, mod_len, 120),
        OFF(struct start_info, cmd_line, 128),
        OFF(struct start_info, first_p2m_pfn, 1152),
        OFF(struct start_info, nr_p2m_frames, 1160),
        VAL(MAX_GUEST_CMDLINE, 1024),
        VAL(SIF_PRIVILEGED, 1),
        VAL(SIF_INITDOMAIN, 2),
        VAL(SIF_MULTIBOOT_MOD, 4),
        VAL(SIF_MOD_START_PFN, 8),
        VAL(SIF_VIRT_P2M_4TOOLS, 16),
        VAL(SIF_PM_MASK, 0xFF00),
    };
    CHECK(facts);
}

/* The dom0 and domU console views share bytes 72-79 of start_info. */
static void test_start_info_console_union(void **state)
{
    start_info_t si;

    memset(&si, 0, sizeof(si));
    si.console.dom0.info_off = 0x11223344;
    si.console.dom0.info_size = 0x55667788;
    assert_int_equal(si.console.domU.mfn, 0x5566778811223344ULL);
}

static void test_shared_info(void **state)
{
    static const struct fact facts[] = {
        SIZE(struct shared_info, 3136),
        OFF(struct shared_info, vcpu_info, 0),
        OFF(struct shared_info, vcpu_info[1], 64),
        OFF(struct shared_info, evtchn_pending, 2048),
        OFF(struct shared_info, evtchn_mask, 2560),
        OFF(struct shared_info, wc_version, 3072),
        OFF(struct shared_info, wc_sec, 3076),
        OFF(struct shared_info, wc_nsec, 3080),
        OFF(struct shared_info, wc_sec_hi, 3084),
        OFF(struct shared_info, arch.max_pfn, 3088),
        OFF(struct shared_info, arch.pfn_to_mfn_frame_list_list, 3096),
        OFF(struct shared_info, arch.nmi_reason, 3104),
        OFF(struct shared_info, arch.p2m_cr3, 3112),
        OFF(struct shared_info, arch.p2m_vaddr, 3120),
        OFF(struct shared_info, arch.p2m_generation, 3128),
        SIZE(struct vcpu_info, 64),
        OFF(struct vcpu_info, evtchn_upcall_pending, 0),
        OFF(struct vcpu_info, evtchn_upcall_mask, 1),
        OFF(struct vcpu_info, evtchn_pending_sel, 8),
        OFF(struct vcpu_info, arch.cr2, 16),
        OFF(struct vcpu_info, arch.pad, 24),
        OFF(struct vcpu_info, time, 32),
        SIZE(struct vcpu_time_info, 32),
        OFF(struct vcpu_time_info, version, 0),
        OFF(struct vcpu_time_info, tsc_timestamp, 8),
        OFF(struct vcpu_time_info, system_time, 16),
        OFF(struct vcpu_time_info, tsc_to_system_mul, 24),
        OFF(struct vcpu_time_info, tsc_shift, 28),
        OFF(struct vcpu_time_info, flags, 29),
        VAL(XEN_PVCLOCK_TSC_STABLE_BIT, 1),
        VAL(XEN_PVCLOCK_GUEST_STOPPED, 2),
        VAL(XEN_LEGACY_MAX_VCPUS, 32),
        VAL(NR_EVENT_CHANNELS, 4096),
        VAL(sizeof(((struct shared_info *)0)->evtchn_pending) * 8, 4096),
    };
    CHECK(facts);
}

static void test_arch_x86(void **state)
{
    static const struct fact facts[] = {
        SIZE(struct cpu_user_regs, 200),
        OFF(struct cpu_user_regs, r15, 0),
        OFF(struct cpu_user_regs, rbp, 32),
        OFF(struct cpu_user_regs, r11, 48),
        OFF(struct cpu_user_regs, rax, 80),
        OFF(struct cpu_user_regs, rcx, 88),
        OFF(struct cpu_user_regs, rdi, 112),
        OFF(struct cpu_user_regs, error_code, 120),
        OFF(struct cpu_user_regs, entry_vector, 124),
        OFF(struct cpu_user_regs, rip, 128),
        OFF(struct cpu_user_regs, cs, 136),
        OFF(struct cpu_user_regs, saved_upcall_mask, 140),
        OFF(struct cpu_user_regs, rflags, 144),
        OFF(struct cpu_user_regs, rsp, 152),
        OFF(struct cpu_user_regs, ss, 160),
        OFF(struct cpu_user_regs, es, 168),
        OFF(struct cpu_user_regs, ds, 176),
        OFF(struct cpu_user_regs, fs, 184),
        OFF(struct cpu_user_regs, gs, 192),
        SIZE(struct iret_context, 72),
        OFF(struct iret_context, flags, 24),
        OFF(struct iret_context, rip, 32),
        OFF(struct iret_context, ss, 64),
        SIZE(struct trap_info, 16),
        OFF(struct trap_info, flags, 1),
        OFF(struct trap_info, cs, 2),
        OFF(struct trap_info, address, 8),
        SIZE(struct vcpu_guest_context, 5168),
        OFF(struct vcpu_guest_context, flags, 512),
        OFF(struct vcpu_guest_context, user_regs, 520),
        OFF(struct vcpu_guest_context, trap_ctxt, 720),
        OFF(struct vcpu_guest_context, ldt_base, 4816),
        OFF(struct vcpu_guest_context, gdt_frames, 4832),
        OFF(struct vcpu_guest_context, gdt_ents, 4960),
        OFF(struct vcpu_guest_context, kernel_ss, 4968),
        OFF(struct vcpu_guest_context, kernel_sp, 4976),
        OFF(struct vcpu_guest_context, ctrlreg, 4984),
        OFF(struct vcpu_guest_context, debugreg, 5048),
        OFF(struct vcpu_guest_context, event_callback_eip, 5112),
        OFF(struct vcpu_guest_context, failsafe_callback_eip, 5120),
        OFF(struct vcpu_guest_context, syscall_callback_eip, 5128),
        OFF(struct vcpu_guest_context, vm_assist, 5136),
        OFF(struct vcpu_guest_context, fs_base, 5144),
        OFF(struct vcpu_guest_context, gs_base_kernel, 5152),
        OFF(struct vcpu_guest_context, gs_base_user, 5160),
        VAL(VGCF_i387_valid, 1),
        VAL(VGCF_in_kernel, 4),
        VAL(VGCF_failsafe_disables_events, 8),
        VAL(VGCF_syscall_disables_events, 16),
        VAL(VGCF_online, 32),
        VAL(VGCF_in_syscall, 0x100),
        VAL(SEGBASE_FS, 0),
        VAL(SEGBASE_GS_USER, 1),
        VAL(SEGBASE_GS_KERNEL, 2),
        VAL(SEGBASE_GS_USER_SEL, 3),
    };
    CHECK(facts);
}

static void test_address_space_and_selectors(void **state)
{
    static const struct fact facts[] = {
        VAL(HYPERVISOR_VIRT_START, 0xFFFF800000000000ULL),
        VAL(HYPERVISOR_VIRT_END, 0xFFFF880000000000ULL),
        VAL(MACH2PHYS_VIRT_START, 0xFFFF800000000000ULL),
        VAL(MACH2PHYS_VIRT_END, 0xFFFF804000000000ULL),
        VAL(MACH2PHYS_NR_ENTRIES, 32ULL << 30), /* 256 GiB / 8 */
        VAL(FLAT_RING3_CS32, 0xe023),
        VAL(FLAT_RING3_DS32, 0xe02b),
        VAL(FLAT_RING3_CS64, 0xe033),
        VAL(FLAT_RING3_DS64, 0),
        VAL(FLAT_RING3_SS64, 0xe02b),
        VAL(FLAT_KERNEL_CS, 0xe033),
        VAL(FLAT_KERNEL_SS, 0xe02b),
        VAL(FLAT_KERNEL_DS, 0),
        VAL(FLAT_USER_CS, 0xe033),
        VAL(FLAT_USER_SS, 0xe02b),
        VAL(FLAT_USER_DS32, 0xe02b),
        VAL(__HYPERVISOR_CS, 0xe008),
        VAL(__HYPERVISOR_DS, 0xe010),
        VAL(FIRST_RESERVED_GDT_PAGE, 14),
        VAL(FIRST_RESERVED_GDT_BYTE, 0xE000),
        VAL(FIRST_RESERVED_GDT_ENTRY, 7168),
        VAL((unsigned long)machine_to_phys_mapping, MACH2PHYS_VIRT_START),
    };
    CHECK(facts);
}

static void test_hypercall_numbers(void **state)
{
    static const struct fact facts[] = {
        VAL(__HYPERVISOR_set_trap_table, 0),
        VAL(__HYPERVISOR_mmu_update, 1),
        VAL(__HYPERVISOR_set_gdt, 2),
        VAL(__HYPERVISOR_stack_switch, 3),
        VAL(__HYPERVISOR_set_callbacks, 4),
        VAL(__HYPERVISOR_fpu_taskswitch, 5),
        VAL(__HYPERVISOR_sched_op_compat, 6),
        VAL(__HYPERVISOR_platform_op, 7),
        VAL(__HYPERVISOR_set_debugreg, 8),
        VAL(__HYPERVISOR_get_debugreg, 9),
        VAL(__HYPERVISOR_update_descriptor, 10),
        VAL(__HYPERVISOR_memory_op, 12),
        VAL(__HYPERVISOR_multicall, 13),
        VAL(__HYPERVISOR_update_va_mapping, 14),
        VAL(__HYPERVISOR_set_timer_op, 15),
        VAL(__HYPERVISOR_event_channel_op_compat, 16),
        VAL(__HYPERVISOR_xen_version, 17),
        VAL(__HYPERVISOR_console_io, 18),
        VAL(__HYPERVISOR_physdev_op_compat, 19),
        VAL(__HYPERVISOR_grant_table_op, 20),
        VAL(__HYPERVISOR_vm_assist, 21),
        VAL(__HYPERVISOR_update_va_mapping_otherdomain, 22),
        VAL(__HYPERVISOR_iret, 23),
        VAL(__HYPERVISOR_vcpu_op, 24),
        VAL(__HYPERVISOR_set_segment_base, 25),
        VAL(__HYPERVISOR_mmuext_op, 26),
        VAL(__HYPERVISOR_xsm_op, 27),
        VAL(__HYPERVISOR_nmi_op, 28),
        VAL(__HYPERVISOR_sched_op, 29),
        VAL(__HYPERVISOR_callback_op, 30),
        VAL(__HYPERVISOR_xenoprof_op, 31),
        VAL(__HYPERVISOR_event_channel_op, 32),
        VAL(__HYPERVISOR_physdev_op, 33),
        VAL(__HYPERVISOR_hvm_op, 34),
        VAL(__HYPERVISOR_sysctl, 35),
        VAL(__HYPERVISOR_domctl, 36),
        VAL(__HYPERVISOR_kexec_op, 37),
        VAL(__HYPERVISOR_tmem_op, 38),
        VAL(__HYPERVISOR_argo_op, 39),
        VAL(__HYPERVISOR_xenpmu_op, 40),
        VAL(__HYPERVISOR_dm_op, 41),
        VAL(__HYPERVISOR_hypfs_op, 42),
        VAL(__HYPERVISOR_arch_0, 48),
        VAL(__HYPERVISOR_arch_7, 55),
    };
    CHECK(facts);
}

static void test_errno_values(void **state)
{
    static const struct fact facts[] = {
        VAL(XEN_EPERM, 1),    VAL(XEN_ENOENT, 2),  VAL(XEN_ESRCH, 3),
        VAL(XEN_EINTR, 4),    VAL(XEN_EIO, 5),     VAL(XEN_ENXIO, 6),
        VAL(XEN_E2BIG, 7),    VAL(XEN_EBADF, 9),   VAL(XEN_EAGAIN, 11),
        VAL(XEN_ENOMEM, 12),  VAL(XEN_EACCES, 13), VAL(XEN_EFAULT, 14),
        VAL(XEN_EBUSY, 16),   VAL(XEN_EEXIST, 17), VAL(XEN_ENODEV, 19),
        VAL(XEN_EINVAL, 22),  VAL(XEN_ENOSPC, 28), VAL(XEN_EROFS, 30),
        VAL(XEN_ERANGE, 34),  VAL(XEN_ENOSYS, 38), VAL(XEN_ENOTEMPTY, 39),
        VAL(XEN_ENODATA, 61), VAL(XEN_ETIME, 62),  VAL(XEN_EOVERFLOW, 75),
    };
    CHECK(facts);
}

static void test_mmu_and_misc(void **state)
{
    static const struct fact facts[] = {
        SIZE(struct mmu_update, 16),
        OFF(struct mmu_update, val, 8),
        SIZE(struct mmuext_op, 24),
        OFF(struct mmuext_op, arg1, 8),
        OFF(struct mmuext_op, arg2, 16),
        SIZE(struct multicall_entry, 64),
        OFF(struct multicall_entry, result, 8),
        OFF(struct multicall_entry, args, 16),
        VAL(MMU_NORMAL_PT_UPDATE, 0),
        VAL(MMU_MACHPHYS_UPDATE, 1),
        VAL(MMU_PT_UPDATE_PRESERVE_AD, 2),
        VAL(MMU_PT_UPDATE_NO_TRANSLATE, 3),
        VAL(MMUEXT_PIN_L4_TABLE, 3),
        VAL(MMUEXT_UNPIN_TABLE, 4),
        VAL(MMUEXT_NEW_BASEPTR, 5),
        VAL(MMUEXT_TLB_FLUSH_ALL, 10),
        VAL(MMUEXT_SET_LDT, 13),
        VAL(MMUEXT_NEW_USER_BASEPTR, 15),
        VAL(MMUEXT_UNMARK_SUPER, 20),
        VAL(UVMF_NONE, 0),
        VAL(UVMF_TLB_FLUSH, 1),
        VAL(UVMF_INVLPG, 2),
        VAL(UVMF_FLUSHTYPE_MASK, 3),
        VAL(UVMF_LOCAL, 0),
        VAL(UVMF_MULTI, 0),
        VAL(UVMF_ALL, 4),
        VAL(CONSOLEIO_write, 0),
        VAL(CONSOLEIO_read, 1),
        VAL(VMASST_CMD_enable, 0),
        VAL(VMASST_CMD_disable, 1),
        VAL(VMASST_TYPE_writable_pagetables, 2),
        VAL(VMASST_TYPE_runstate_update_flag, 5),
        VAL(VMASST_TYPE_m2p_strict, 32),
        VAL(DOMID_SELF, 0x7FF0),
        VAL(DOMID_IO, 0x7FF1),
        VAL(DOMID_XEN, 0x7FF2),
        VAL(DOMID_COW, 0x7FF3),
        VAL(DOMID_INVALID, 0x7FF4),
        VAL(DOMID_ANY, 0x7FF5),
        VAL(DOMID_IDLE, 0x7FFF),
        VAL(VIRQ_TIMER, 0),
        VAL(VIRQ_CONSOLE, 2),
        VAL(VIRQ_DOM_EXC, 3),
        VAL(VIRQ_DEBUGGER, 6),
        VAL(VIRQ_XENPMU, 13),
        VAL(VIRQ_ARCH_0, 16),
        VAL(NR_VIRQS, 24),
    };
    CHECK(facts);
}

static void test_event_channel(void **state)
{
    static const struct fact facts[] = {
        SIZE(struct evtchn_alloc_unbound, 8),
        OFF(struct evtchn_alloc_unbound, port, 4),
        SIZE(struct evtchn_bind_interdomain, 12),
        OFF(struct evtchn_bind_interdomain, local_port, 8),
        SIZE(struct evtchn_bind_virq, 12),
        OFF(struct evtchn_bind_virq, port, 8),
        SIZE(struct evtchn_bind_pirq, 12),
        SIZE(struct evtchn_bind_ipi, 8),
        SIZE(struct evtchn_close, 4),
        SIZE(struct evtchn_send, 4),
        SIZE(struct evtchn_status, 24),
        OFF(struct evtchn_status, status, 8),
        OFF(struct evtchn_status, vcpu, 12),
        OFF(struct evtchn_status, u.interdomain.dom, 16),
        OFF(struct evtchn_status, u.interdomain.port, 20),
        SIZE(struct evtchn_bind_vcpu, 8),
        SIZE(struct evtchn_unmask, 4),
        SIZE(struct evtchn_reset, 2),
        SIZE(struct evtchn_op, 28),
        OFF(struct evtchn_op, u, 4),
        VAL(EVTCHNOP_bind_interdomain, 0),
        VAL(EVTCHNOP_send, 4),
        VAL(EVTCHNOP_alloc_unbound, 6),
        VAL(EVTCHNOP_reset, 10),
        VAL(EVTCHNSTAT_closed, 0),
        VAL(EVTCHNSTAT_ipi, 5),
    };
    CHECK(facts);
}

static void test_sched_vcpu_callback(void **state)
{
    static const struct fact facts[] = {
        SIZE(struct sched_shutdown, 4),
        SIZE(struct sched_poll, 24),
        OFF(struct sched_poll, nr_ports, 8),
        OFF(struct sched_poll, timeout, 16),
        SIZE(struct sched_remote_shutdown, 8),
        OFF(struct sched_remote_shutdown, reason, 4),
        SIZE(struct sched_watchdog, 8),
        VAL(SCHEDOP_yield, 0),
        VAL(SCHEDOP_poll, 3),
        VAL(SCHEDOP_pin_override, 7),
        VAL(SHUTDOWN_poweroff, 0),
        VAL(SHUTDOWN_crash, 3),
        VAL(SHUTDOWN_soft_reset, 5),
        SIZE(struct vcpu_runstate_info, 48),
        OFF(struct vcpu_runstate_info, state_entry_time, 8),
        OFF(struct vcpu_runstate_info, time, 16),
        SIZE(struct vcpu_set_singleshot_timer, 16),
        SIZE(struct vcpu_register_vcpu_info, 16),
        OFF(struct vcpu_register_vcpu_info, offset, 8),
        VAL(VCPUOP_get_runstate_info, 4),
        VAL(VCPUOP_set_singleshot_timer, 8),
        VAL(VCPUOP_register_vcpu_info, 10),
        VAL(VCPU_SSHOTTMR_future, 1),
        VAL(RUNSTATE_offline, 3),
        SIZE(struct callback_register, 16),
        OFF(struct callback_register, address, 8),
        SIZE(struct callback_unregister, 4),
        VAL(CALLBACKTYPE_syscall, 2),
        VAL(CALLBACKTYPE_nmi, 4),
        VAL(CALLBACKTYPE_syscall32, 7),
        VAL(CALLBACKF_mask_events, 1),
    };
    CHECK(facts);
}

static void test_memory_version_console(void **state)
{
    static const struct fact facts[] = {
        SIZE(struct xen_memory_reservation, 32),
        OFF(struct xen_memory_reservation, nr_extents, 8),
        OFF(struct xen_memory_reservation, extent_order, 16),
        OFF(struct xen_memory_reservation, mem_flags, 20),
        OFF(struct xen_memory_reservation, domid, 24),
        SIZE(struct xen_memory_map, 16),
        OFF(struct xen_memory_map, buffer, 8),
        SIZE(struct xen_machphys_mapping, 24),
        SIZE(struct xen_add_to_physmap, 24),
        OFF(struct xen_add_to_physmap, idx, 8),
        VAL(XENMEM_populate_physmap, 6),
        VAL(XENMEM_memory_map, 9),
        VAL(XENMEM_machphys_mapping, 12),
        VAL(XENMAPSPACE_gmfn_foreign, 4),
        SIZE(xen_extraversion_t, 16),
        SIZE(struct xen_compile_info, 144),
        SIZE(xen_capabilities_info_t, 1024),
        SIZE(xen_changeset_info_t, 64),
        SIZE(struct xen_feature_info, 8),
        VAL(XENVER_get_features, 6),
        VAL(XENVER_commandline2, 14),
        VAL(XENFEAT_writable_page_tables, 0),
        VAL(XENFEAT_pae_pgdir_above_4gb, 4),
        VAL(XENFEAT_dom0, 11),
        VAL(XENFEAT_direct_mapped, 17),
        SIZE(struct xencons_interface, 3092),
        OFF(struct xencons_interface, out, 1024),
        OFF(struct xencons_interface, in_cons, 3072),
        OFF(struct xencons_interface, out_prod, 3084),
        OFF(struct xencons_interface, connection, 3088),
    };
    CHECK(facts);
}

static void test_grant_table(void **state)
{
    static const struct fact facts[] = {
        SIZE(struct grant_entry_v1, 8),
        OFF(struct grant_entry_v1, domid, 2),
        OFF(struct grant_entry_v1, frame, 4),
        SIZE(struct gnttab_map_grant_ref, 32),
        OFF(struct gnttab_map_grant_ref, status, 18),
        OFF(struct gnttab_map_grant_ref, handle, 20),
        OFF(struct gnttab_map_grant_ref, dev_bus_addr, 24),
        SIZE(struct gnttab_unmap_grant_ref, 24),
        OFF(struct gnttab_unmap_grant_ref, status, 20),
        SIZE(struct gnttab_setup_table, 24),
        OFF(struct gnttab_setup_table, frame_list, 16),
        SIZE(struct gnttab_dump_table, 4),
        SIZE(struct gnttab_transfer, 24),
        SIZE(struct gnttab_copy, 40),
        OFF(struct gnttab_copy, dest, 16),
        OFF(struct gnttab_copy, status, 36),
        SIZE(struct gnttab_query_size, 16),
        SIZE(struct gnttab_unmap_and_replace, 24),
        SIZE(struct gnttab_set_version, 4),
        SIZE(struct gnttab_get_status_frames, 16),
        SIZE(struct gnttab_get_version, 8),
        SIZE(struct gnttab_swap_grant_ref, 12),
        SIZE(struct gnttab_cache_flush, 16),
        VAL(GTF_permit_access, 1),
        VAL(GTF_readonly, 4),
        VAL(GTF_writing, 16),
        VAL(GTF_sub_page, 256),
        VAL(GNTMAP_host_map, 2),
        VAL(GNTMAP_contains_pte, 16),
        VAL(GNTTABOP_copy, 5),
        VAL(GNTTABOP_cache_flush, 12),
        VAL(GNTST_okay, 0),
        VAL(-GNTST_permission_denied, 8),
        VAL(-GNTST_no_space, 13),
    };
    CHECK(facts);
}

static void test_elf_notes(void **state)
{
    static const struct fact facts[] = {
        VAL(XEN_ELFNOTE_INFO, 0),
        VAL(XEN_ELFNOTE_ENTRY, 1),
        VAL(XEN_ELFNOTE_HYPERCALL_PAGE, 2),
        VAL(XEN_ELFNOTE_VIRT_BASE, 3),
        VAL(XEN_ELFNOTE_PADDR_OFFSET, 4),
        VAL(XEN_ELFNOTE_XEN_VERSION, 5),
        VAL(XEN_ELFNOTE_GUEST_OS, 6),
        VAL(XEN_ELFNOTE_GUEST_VERSION, 7),
        VAL(XEN_ELFNOTE_LOADER, 8),
        VAL(XEN_ELFNOTE_PAE_MODE, 9),
        VAL(XEN_ELFNOTE_FEATURES, 10),
        VAL(XEN_ELFNOTE_BSD_SYMTAB, 11),
        VAL(XEN_ELFNOTE_HV_START_LOW, 12),
        VAL(XEN_ELFNOTE_L1_MFN_VALID, 13),
        VAL(XEN_ELFNOTE_SUSPEND_CANCEL, 14),
        VAL(XEN_ELFNOTE_INIT_P2M, 15),
        VAL(XEN_ELFNOTE_MOD_START_PFN, 16),
        VAL(XEN_ELFNOTE_SUPPORTED_FEATURES, 17),
        VAL(XEN_ELFNOTE_PHYS32_ENTRY, 18),
        VAL(XEN_ELFNOTE_PHYS32_RELOC, 19),
        VAL(XEN_ELFNOTE_MAX, 19),
    };
    CHECK(facts);
}

/* A guest handle is 8 bytes and carries the guest's pointer as is. */
static void test_guest_handles(void **state)
{
    struct xen_memory_reservation r;
    xen_pfn_t frames[4];
    xen_pfn_t *back = NULL;
    struct sched_poll poll;
    evtchn_port_t ports[2] = {3, 5};

    assert_int_equal(sizeof(XEN_GUEST_HANDLE(void)), 8);
    assert_int_equal(sizeof(XEN_GUEST_HANDLE(const_void)), 8);
    assert_int_equal(sizeof(XEN_GUEST_HANDLE(xen_pfn_t)), 8);
    assert_int_equal(sizeof(XEN_GUEST_HANDLE_64(uint64_t)), 8);

    set_xen_guest_handle(r.extent_start, frames);
    get_xen_guest_handle(back, r.extent_start);
    assert_ptr_equal(back, frames);
    set_xen_guest_handle(r.extent_start, NULL);
    assert_null(r.extent_start.p);

    set_xen_guest_handle(poll.ports, ports);
    assert_ptr_equal(poll.ports.p, ports);
}

static void test_domctl(void **state)
{
    static const struct fact facts[] = {
        VAL(XEN_DOMCTL_INTERFACE_VERSION, 0x15),
        SIZE(struct xen_domctl, 144),
        OFF(struct xen_domctl, interface_version, 4),
        OFF(struct xen_domctl, domain, 8),
        OFF(struct xen_domctl, u, 16),
        SIZE(struct xen_arch_domainconfig, 8),
        SIZE(struct xenctl_bitmap, 16),
        SIZE(struct xen_domctl_createdomain, 64),
        OFF(struct xen_domctl_createdomain, handle, 4),
        OFF(struct xen_domctl_createdomain, flags, 20),
        OFF(struct xen_domctl_createdomain, max_vcpus, 28),
        OFF(struct xen_domctl_createdomain, max_evtchn_port, 32),
        OFF(struct xen_domctl_createdomain, max_grant_frames, 36),
        OFF(struct xen_domctl_createdomain, grant_opts, 44),
        OFF(struct xen_domctl_createdomain, arch, 56),
        SIZE(struct xen_domctl_getdomaininfo, 112),
        OFF(struct xen_domctl_getdomaininfo, flags, 4),
        OFF(struct xen_domctl_getdomaininfo, tot_pages, 8),
        OFF(struct xen_domctl_getdomaininfo, shared_info_frame, 48),
        OFF(struct xen_domctl_getdomaininfo, cpu_time, 56),
        OFF(struct xen_domctl_getdomaininfo, max_vcpu_id, 68),
        OFF(struct xen_domctl_getdomaininfo, handle, 76),
        OFF(struct xen_domctl_getdomaininfo, gpaddr_bits, 96),
        OFF(struct xen_domctl_getdomaininfo, arch_config, 104),
        SIZE(struct xen_domctl_vcpucontext, 16),
        OFF(struct xen_domctl_vcpucontext, ctxt, 8),
        SIZE(struct xen_domctl_getvcpuinfo, 24),
        OFF(struct xen_domctl_getvcpuinfo, cpu_time, 8),
        OFF(struct xen_domctl_getvcpuinfo, cpu, 16),
        SIZE(struct xen_domctl_vcpuaffinity, 40),
        OFF(struct xen_domctl_vcpuaffinity, cpumap_soft, 24),
        SIZE(struct xen_domctl_scheduler_op, 24),
        OFF(struct xen_domctl_scheduler_op, u, 8),
        SIZE(struct xen_domctl_hypercall_init, 8),
        VAL(XEN_DOMCTL_createdomain, 1),
        VAL(XEN_DOMCTL_getdomaininfo, 5),
        VAL(XEN_DOMCTL_max_mem, 11),
        VAL(XEN_DOMCTL_setvcpucontext, 12),
        VAL(XEN_DOMCTL_scheduler_op, 16),
        VAL(XEN_DOMCTL_setdomainhandle, 17),
        VAL(XEN_DOMCTL_hypercall_init, 22),
        VAL(XEN_DOMCTL_settimeoffset, 24),
        VAL(XEN_DOMCTL_set_paging_mempool_size, 86),
        VAL(XEN_DOMCTL_gdbsx_domstatus, 1003),
        VAL(XEN_DOMCTL_CDF_hvm, 1),
        VAL(XEN_DOMCTL_CDF_vpmu, 0x80),
        VAL(XEN_DOMINF_paused, 8),
        VAL(XEN_DOMINF_running, 0x20),
        VAL(XEN_DOMINF_shutdownshift, 16),
        VAL(XEN_SCHEDULER_CREDIT, 5),
        VAL(XEN_DOMCTL_SCHEDOP_getinfo, 1),
    };
    CHECK(facts);
}

static void test_sysctl(void **state)
{
    static const struct fact facts[] = {
        VAL(XEN_SYSCTL_INTERFACE_VERSION, 0x15),
        SIZE(struct xen_sysctl, 136),
        OFF(struct xen_sysctl, u, 8),
        SIZE(struct xen_sysctl_readconsole, 24),
        OFF(struct xen_sysctl_readconsole, index, 4),
        OFF(struct xen_sysctl_readconsole, buffer, 8),
        OFF(struct xen_sysctl_readconsole, count, 16),
        SIZE(struct xen_sysctl_physinfo, 112),
        OFF(struct xen_sysctl_physinfo, capabilities, 28),
        OFF(struct xen_sysctl_physinfo, total_pages, 40),
        OFF(struct xen_sysctl_physinfo, free_pages, 48),
        OFF(struct xen_sysctl_physinfo, max_mfn, 72),
        OFF(struct xen_sysctl_physinfo, hw_cap, 80),
        SIZE(struct xen_sysctl_getdomaininfolist, 24),
        OFF(struct xen_sysctl_getdomaininfolist, buffer, 8),
        OFF(struct xen_sysctl_getdomaininfolist, num_domains, 16),
        SIZE(struct xen_sysctl_debug_keys, 16),
        SIZE(struct xen_sysctl_getcpuinfo, 24),
        SIZE(struct xen_sysctl_scheduler_op, 32),
        OFF(struct xen_sysctl_scheduler_op, u, 16),
        SIZE(struct xen_sysctl_credit_schedule, 12),
        VAL(XEN_SYSCTL_readconsole, 1),
        VAL(XEN_SYSCTL_physinfo, 3),
        VAL(XEN_SYSCTL_sched_id, 4),
        VAL(XEN_SYSCTL_getdomaininfolist, 6),
        VAL(XEN_SYSCTL_debug_keys, 7),
        VAL(XEN_SYSCTL_scheduler_op, 19),
        VAL(XEN_SYSCTL_get_cpu_policy, 29),
        VAL(XEN_SYSCTL_PHYSCAP_pv, 2),
        VAL(XEN_SYSCTL_PHYSCAP_gnttab_v1, 0x100),
    };
    CHECK(facts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_info),
        cmocka_unit_test(test_start_info_console_union),
        cmocka_unit_test(test_shared_info),
        cmocka_unit_test(test_arch_x86),
        cmocka_unit_test(test_address_space_and_selectors),
        cmocka_unit_test(test_hypercall_numbers),
        cmocka_unit_test(test_errno_values),
        cmocka_unit_test(test_mmu_and_misc),
        cmocka_unit_test(test_event_channel),
        cmocka_unit_test(test_sched_vcpu_callback),
        cmocka_unit_test(test_memory_version_console),
        cmocka_unit_test(test_grant_table),
        cmocka_unit_test(test_elf_notes),
        cmocka_unit_test(test_guest_handles),
        cmocka_unit_test(test_domctl),
        cmocka_unit_test(test_sysctl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

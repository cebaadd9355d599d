/*
 * Feature bits (public guest ABI): what the hypervisor offers a guest,
 * read with XENVER_get_features (version.h), and named by a kernel's
 * XEN_ELFNOTE_FEATURES note ("writable_page_tables|!pae_pgdir_above_4gb").
 * Each is a bit number in submap 0.
 */
#ifndef __XEN_PUBLIC_FEATURES_H__
#define __XEN_PUBLIC_FEATURES_H__

#define XENFEAT_writable_page_tables 0 /* PTE writes are emulated */
#define XENFEAT_writable_descriptor_tables 1
#define XENFEAT_auto_translated_physmap 2   /* the hypervisor does p2m */
#define XENFEAT_supervisor_mode_kernel 3    /* guest kernel in ring 0 */
#define XENFEAT_pae_pgdir_above_4gb 4       /* L3 may be above 4 GiB */
#define XENFEAT_mmu_pt_update_preserve_ad 5 /* MMU_PT_UPDATE_PRESERVE_AD */
#define XENFEAT_highmem_assist 6
#define XENFEAT_gnttab_map_avail_bits 7 /* GNTMAP_guest_avail bits kept */
#define XENFEAT_hvm_callback_vector 8
#define XENFEAT_hvm_safe_pvclock 9
#define XENFEAT_hvm_pirqs 10
#define XENFEAT_dom0 11 /* the domain is dom0 */
#define XENFEAT_grant_map_identity 12
#define XENFEAT_memory_op_vnode_supported 13
#define XENFEAT_ARM_SMCCC_supported 14
#define XENFEAT_linux_rsdp_unrestricted 15
#define XENFEAT_not_direct_mapped 16
#define XENFEAT_direct_mapped 17

/* Number of 32-bit submaps XENVER_get_features knows. */
#define XENFEAT_NR_SUBMAPS 1

#endif

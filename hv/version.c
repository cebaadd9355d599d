/*
 * xen_version (hypercall 17): what the hypervisor is and offers.
 *
 * Guests and toolstacks use it to decide how to talk to the hypervisor,
 * so the answers are Xen's where a guest may act on them: the version
 * number is the Xen ABI level Parasol implements, the capabilities name
 * the one ABI it offers (64-bit PV), and the feature bits are those of a
 * Xen PV domain that Parasol really provides. The free-text answers
 * (extraversion, changeset, compile information) say Parasol, for people.
 */
#include <hv/bootinfo.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <public/version.h>

/* The Xen ABI level implemented: 4.17. */
#define PARASOL_XEN_MAJOR 4
#define PARASOL_XEN_MINOR 17
#define XENVER_MAJOR_SHIFT 16

#define PARASOL_EXTRAVERSION "-parasol"
#define PARASOL_CHANGESET "parasol-" PARASOL_VERSION
#define PARASOL_COMPILE_BY "parasol"
#define PARASOL_COMPILE_DOMAIN "parasol"
/* One ABI, no trailing space: Xen trims it too. */
#define PARASOL_CAPABILITIES "xen-3.0-x86_64"

/* A fixed-size string answer, NUL-padded: the buffer is on the stack,
 * so nothing else of the hypervisor's ever leaks out through padding. */
static long copy_string_out(guest_va_t arg, const char *s, size_t size)
{
    char buf[sizeof(xen_commandline_t)];

    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

static long version_compile_info(guest_va_t arg)
{
    struct xen_compile_info info;

    memset(&info, 0, sizeof(info));
    strlcpy(info.compiler, __VERSION__, sizeof(info.compiler));
    strlcpy(info.compile_by, PARASOL_COMPILE_BY, sizeof(info.compile_by));
    strlcpy(info.compile_domain, PARASOL_COMPILE_DOMAIN,
            sizeof(info.compile_domain));
    strlcpy(info.compile_date, __DATE__, sizeof(info.compile_date));
    return copy_to_guest(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

/*
 * Submap 0 for a PV domain: MMU_PT_UPDATE_PRESERVE_AD works, so do
 * MMUEXT_CLEAR_PAGE/COPY_PAGE (highmem_assist), and frame numbers are
 * machine frames (direct_mapped); dom0 is told it is dom0. Not offered:
 * writable_page_tables and auto_translated_physmap (translated guests
 * only: a PV guest must map its page tables read-only). Grant mappings
 * carry the guest's GNTMAP bits 16-18 into the PTE (gnttab_map_avail_bits).
 */
static uint32_t features_submap0(const struct domain *d)
{
    uint32_t map = (1U << XENFEAT_mmu_pt_update_preserve_ad) |
                   (1U << XENFEAT_highmem_assist) |
                   (1U << XENFEAT_direct_mapped) |
                   (1U << XENFEAT_gnttab_map_avail_bits);

    if (d->vm_assist & (1UL << VMASST_TYPE_pae_extended_cr3))
        map |= 1U << XENFEAT_pae_pgdir_above_4gb;
    if (d->is_privileged)
        map |= 1U << XENFEAT_dom0;
    return map;
}

static long version_get_features(const struct domain *d, guest_va_t arg)
{
    struct xen_feature_info fi;

    if (copy_from_guest(&fi, arg, sizeof(fi)))
        return -EFAULT;
    if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
        return -EINVAL;
    fi.submap = features_submap0(d);
    return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
}

static long version_platform_parameters(guest_va_t arg)
{
    struct xen_platform_parameters params = {
        .virt_start = HYPERVISOR_VIRT_START,
    };

    return copy_to_guest(arg, &params, sizeof(params)) ? -EFAULT : 0;
}

/* The domain's UUID, as the toolstack gave it (createdomain,
 * setdomainhandle); all zero for dom0, as on Xen. */
static long version_guest_handle(const struct domain *d, guest_va_t arg)
{
    return copy_to_guest(arg, d->handle, sizeof(d->handle)) ? -EFAULT : 0;
}

/* The command line may name devices and secrets: dom0 only. */
static long version_commandline(const struct domain *d, guest_va_t arg)
{
    if (!d->is_privileged)
        return -EPERM;
    return copy_string_out(arg, boot_info.cmdline, sizeof(xen_commandline_t));
}

/* arg's type depends on cmd: each helper reads or writes its own. */
HYPERCALL_DEFINE(xen_version, int, cmd, guest_handle_void, hnd)
{
    guest_va_t arg = hnd.va;
    const struct domain *d = current_domain();

    switch (cmd) {
    case XENVER_version:
        return (PARASOL_XEN_MAJOR << XENVER_MAJOR_SHIFT) | PARASOL_XEN_MINOR;
    case XENVER_extraversion:
        return copy_string_out(arg, PARASOL_EXTRAVERSION,
                               sizeof(xen_extraversion_t));
    case XENVER_compile_info:
        return version_compile_info(arg);
    case XENVER_capabilities:
        return copy_string_out(arg, PARASOL_CAPABILITIES,
                               sizeof(xen_capabilities_info_t));
    case XENVER_changeset:
        return copy_string_out(arg, PARASOL_CHANGESET,
                               sizeof(xen_changeset_info_t));
    case XENVER_platform_parameters:
        return version_platform_parameters(arg);
    case XENVER_get_features:
        return version_get_features(d, arg);
    case XENVER_pagesize:
        /* Xen refuses an argument here: there is nothing to write. */
        return arg ? -EINVAL : PAGE_SIZE;
    case XENVER_guest_handle:
        return version_guest_handle(d, arg);
    case XENVER_commandline:
        return version_commandline(d, arg);
    case XENVER_build_id:
        /* Parasol is built without a build ID; asking is dom0's. */
        return d->is_privileged ? -ENODATA : -EPERM;
    default:
        return -ENOSYS;
    }
}

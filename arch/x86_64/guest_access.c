/*
 * copy_from_guest / copy_to_guest (hv/guest_access.h) on x86_64. The
 * range is checked first, so a guest can never name a hypervisor
 * address; a fault on the guest's own unmapped or read-only pages is
 * caught by the fixup table and reported as -EFAULT.
 */
#include <arch/layout.h>
#include <arch/x86.h>
#include <hv/errno.h>
#include <hv/guest_access.h>

size_t raw_copy(void *dst, const void *src, size_t len);

bool guest_range_ok(guest_va_t va, size_t len)
{
    uint64_t end = va + len;

    if (end < va)
        return false; /* wraps around */
    if (va < X86_CANONICAL_LOW_END && end <= X86_CANONICAL_LOW_END)
        return true;
    /* The upper canonical half, above the hypervisor's range. */
    return va >= HV_VIRT_END && va >= X86_CANONICAL_HIGH_START;
}

bool is_canonical_address(uint64_t va)
{
    return va < X86_CANONICAL_LOW_END || va >= X86_CANONICAL_HIGH_START;
}

int copy_from_guest(void *dst, guest_va_t src, size_t len)
{
    if (!guest_range_ok(src, len))
        return -EFAULT;
    return raw_copy(dst, (const void *)src, len) ? -EFAULT : 0;
}

int copy_to_guest(guest_va_t dst, const void *src, size_t len)
{
    if (!guest_range_ok(dst, len))
        return -EFAULT;
    return raw_copy((void *)dst, src, len) ? -EFAULT : 0;
}

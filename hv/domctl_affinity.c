/*
 * XEN_DOMCTL_getvcpuaffinity / setvcpuaffinity: the CPUs a vCPU may run
 * on (hard affinity) and prefers (soft), as bitmaps in guest memory
 * (struct xenctl_bitmap: bit n of byte n / 8 is CPU n).
 *
 * The masks are kept per vCPU over the CPUs the machine has (a bit past
 * them is dropped, as Xen drops CPUs past nr_cpu_ids), and reported as
 * Xen 4.17 reports them (measured by tests/guests/domctl.c): get writes
 * the mask into as many bytes as the caller's nr_bits asks for, zeros
 * past the machine's CPUs; set refuses a hard affinity with no online
 * CPU (-EINVAL) and writes back the affinity in effect (hard: with the
 * online CPUs; soft: with the hard affinity too). Every vCPU runs on the
 * boot CPU whatever its masks say.
 */
#include <hv/domctl.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/percpu.h>

#define BITS_PER_BYTE 8
#define MASK_BYTES sizeof(uint64_t)

GUEST_HANDLE_TYPE(bitmap, uint8_t);

/* The CPUs the machine has, all online: a mask of the first ones. */
static uint64_t machine_cpus(void)
{
    unsigned int n = cpus_online();

    return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

static size_t bytes_of(uint32_t nr_bits)
{
    return DIV_ROUND_UP((size_t)nr_bits, BITS_PER_BYTE);
}

/* mask into the caller's bitmap: its bytes, zeros past ours. */
static long bitmap_out(const struct xenctl_bitmap *b, uint64_t mask)
{
    guest_handle_bitmap h;
    size_t n = bytes_of(b->nr_bits);

    guest_handle_from_public(h, b->bitmap);
    for (size_t i = 0; i < n; i++) {
        uint8_t byte = i < MASK_BYTES ? (uint8_t)(mask >> (i * 8)) : 0;

        if (copy_to_guest_offset(h, i, &byte, 1))
            return -EFAULT;
    }
    return 0;
}

/* The caller's bitmap, its bits past nr_bits and the machine's dropped. */
static long bitmap_in(const struct xenctl_bitmap *b, uint64_t *mask)
{
    guest_handle_bitmap h;
    size_t n = MIN(bytes_of(b->nr_bits), MASK_BYTES);

    guest_handle_from_public(h, b->bitmap);
    *mask = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t byte;

        if (copy_from_guest_offset(&byte, h, i, 1))
            return -EFAULT;
        *mask |= (uint64_t)byte << (i * 8);
    }
    if (b->nr_bits < 64)
        *mask &= (1ULL << b->nr_bits) - 1;
    *mask &= machine_cpus();
    return 0;
}

/* The vCPU named, then the flags: Xen's order and errnos. */
static long affinity_check(const struct xen_domctl_vcpuaffinity *a,
                           struct domain *d, struct vcpu **v)
{
    if (a->vcpu >= d->max_vcpus)
        return -EINVAL;
    *v = d->vcpu[a->vcpu];
    if (!*v)
        return -ESRCH;
    if (!(a->flags & (XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT)) ||
        ((a->flags & XEN_VCPUAFFINITY_HARD) && !a->cpumap_hard.bitmap.p) ||
        ((a->flags & XEN_VCPUAFFINITY_SOFT) && !a->cpumap_soft.bitmap.p))
        return -EINVAL;
    return 0;
}

long domctl_getvcpuaffinity(struct xen_domctl *op, struct domain *d,
                            bool *copyback)
{
    const struct xen_domctl_vcpuaffinity *a = &op->u.vcpuaffinity;
    struct vcpu *v;
    long rc = affinity_check(a, d, &v);

    (void)copyback;
    if (!rc && (a->flags & XEN_VCPUAFFINITY_HARD))
        rc = bitmap_out(&a->cpumap_hard, v->affinity_hard & machine_cpus());
    if (!rc && (a->flags & XEN_VCPUAFFINITY_SOFT))
        rc = bitmap_out(&a->cpumap_soft, v->affinity_soft & machine_cpus());
    return rc;
}

static long set_hard(struct vcpu *v, const struct xenctl_bitmap *b)
{
    uint64_t mask;
    long rc = bitmap_in(b, &mask);

    if (rc)
        return rc;
    if (!mask)
        return -EINVAL; /* no CPU it could run on */
    v->affinity_hard = mask;
    return bitmap_out(b, mask);
}

static long set_soft(struct vcpu *v, const struct xenctl_bitmap *b)
{
    uint64_t mask;
    long rc = bitmap_in(b, &mask);

    if (rc)
        return rc;
    v->affinity_soft = mask;
    return bitmap_out(b, mask & v->affinity_hard);
}

long domctl_setvcpuaffinity(struct xen_domctl *op, struct domain *d,
                            bool *copyback)
{
    const struct xen_domctl_vcpuaffinity *a = &op->u.vcpuaffinity;
    struct vcpu *v;
    long rc = affinity_check(a, d, &v);

    (void)copyback;
    if (!rc && (a->flags & XEN_VCPUAFFINITY_HARD))
        rc = set_hard(v, &a->cpumap_hard);
    if (!rc && (a->flags & XEN_VCPUAFFINITY_SOFT))
        rc = set_soft(v, &a->cpumap_soft);
    return rc;
}

/*
 * The PV clock (hv/pvclock.h): system time and wall-clock time written
 * where guests read them, in Xen's layout.
 *
 * The values come from the hypervisor's own clock (hv/time.c), whose
 * scale already has the PV clock's form (32.32 multiplier and shift):
 * a guest computing the time from what is published here gets the same
 * nanoseconds the hypervisor does.
 */
#include <hv/arch.h>
#include <hv/pvclock.h>
#include <hv/time.h>
#include <public/xen.h>

/*
 * The wall-clock time of boot: the real-time clock (read once through
 * arch_wallclock_seconds()) minus the system time elapsed since. A
 * platform without a usable clock reports the Unix epoch, so guests see
 * the right intervals and a date that is plainly unset.
 */

/*
 * Start an update of a guest-visible record guarded by *version: make
 * the counter odd (whatever value the guest left there) before any field
 * changes. Returns the odd value for pvclock_version_end().
 */
static uint32_t pvclock_version_begin(uint32_t *version)
{
    uint32_t odd = (__atomic_load_n(version, __ATOMIC_RELAXED) + 1) | 1;

    __atomic_store_n(version, odd, __ATOMIC_RELAXED);
    /* The odd version is visible before any field changes. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    return odd;
}

static void pvclock_version_end(uint32_t *version, uint32_t odd)
{
    /* Every field is written before the version is even again. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    __atomic_store_n(version, odd + 1, __ATOMIC_RELAXED);
}

/*
 * TSC_STABLE tells the guest it may trust the cycle counter to be the
 * same on all its vCPUs (no per-vCPU correction needed): true while one
 * CPU runs everything, and for constant-rate synchronised TSCs after.
 */
void pvclock_update_vcpu(struct vcpu *v)
{
    const struct time_reference *ref = time_reference();
    struct vcpu_time_info *t = &v->vcpu_info->time;
    uint64_t cycles = arch_cycles();
    uint32_t version = pvclock_version_begin(&t->version);

    t->tsc_timestamp = cycles;
    t->system_time = scale_delta(cycles - ref->cycles, &ref->scale);
    t->tsc_to_system_mul = ref->scale.mul;
    t->tsc_shift = ref->scale.shift;
    t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
    pvclock_version_end(&t->version, version);
    v->time_area_stale = true;
}

/*
 * The guest adds its system time to this to get the time of day, so
 * what is published is the time of boot, not of now (Xen's ABI).
 */
void pvclock_update_wallclock(struct domain *d)
{
    struct shared_info *s = d->shared_info;
    /* The toolstack may shift a domain's clock (settimeoffset). */
    uint64_t sec =
        wallclock_boot_unix_seconds() + (uint64_t)d->time_offset_seconds;
    uint32_t version = pvclock_version_begin(&s->wc_version);

    s->wc_sec = (uint32_t)sec;
    s->wc_sec_hi = (uint32_t)(sec >> 32);
    s->wc_nsec = 0;
    pvclock_version_end(&s->wc_version, version);
}

uint64_t wallclock_boot_unix_seconds(void)
{
    static uint64_t boot_seconds;
    static bool known;

    /* Read the clock once; boot time is "now" minus the time since. */
    if (!known) {
        uint64_t now = arch_wallclock_seconds(), up = now_ns() / NS_PER_SEC;
        boot_seconds = now > up ? now - up : 0;
        known = true;
    }
    return boot_seconds;
}

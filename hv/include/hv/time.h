/*
 * System time: nanoseconds since boot, from the arch cycle counter.
 *
 * A cycle count becomes nanoseconds through a 32.32 fixed-point scale in
 * exactly the form of Xen's PV clock (vcpu_time_info: tsc_to_system_mul,
 * tsc_shift), so what the hypervisor computes and what guests compute
 * from the published values agree to the nanosecond:
 *
 *     ns = ((delta << shift) * mul) >> 32     (delta >> -shift if shift < 0)
 */
#ifndef HV_TIME_H
#define HV_TIME_H

#include <hv/types.h>

#define NS_PER_US UINT64_C(1000)
#define NS_PER_MS UINT64_C(1000000)
#define NS_PER_SEC UINT64_C(1000000000)

struct time_scale {
    uint32_t mul; /* in [2^31, 2^32): 32 significant bits */
    int8_t shift;
};

/* The scale from cycles of a counter running at 'khz' to nanoseconds.
 * 0 < khz < 2^31 (2 THz). */
struct time_scale time_scale_from_khz(uint64_t khz);
/* Nanoseconds in 'delta' cycles: relative error below 2^-31 plus the
 * last nanosecond; no overflow for deltas of centuries. */
uint64_t scale_delta(uint64_t delta, const struct time_scale *s);
/*
 * The inverse: the fewest cycles c with scale_delta(c, s) >= ns, so a
 * timer armed that many cycles ahead never fires early. Saturates at
 * UINT64_MAX.
 */
uint64_t ns_to_cycles(uint64_t ns, const struct time_scale *s);

/* What system time is made of: what the PV clock publishes. */
struct time_reference {
    uint64_t cycles;         /* arch_cycles() at system time 0 */
    struct time_scale scale; /* arch_cycles() deltas to ns */
};

/*
 * Start system time at 0 now. Called by the arch layer once
 * arch_cycles_khz() is known, on the boot CPU with interrupts off.
 */
void time_init(void);
const struct time_reference *time_reference(void);
/* Nanoseconds since time_init(); 0 before it. Any context. */
uint64_t now_ns(void);
/* The arch_cycles() value at which system time reaches 'ns'; at least 1
 * (0 disarms a timer), saturating at UINT64_MAX. */
uint64_t system_time_to_cycles(uint64_t ns);

#endif

/*
 * The probes of test_failsafe (failsafe_probe.S): an iret hypercall
 * with a chosen frame, and a failsafe callback that records its frame.
 */
#ifndef TEST_FAILSAFE_PROBE_H
#define TEST_FAILSAFE_PROBE_H

/* Words copied from the failsafe callback's stack: rcx, r11, ds, es,
 * fs, gs, rip, cs, rflags, rsp, ss, and one more to see past it. */
#define FAILSAFE_FRAME_WORDS 12

/* How a probe ended. */
#define FAILSAFE_OUTCOME_NONE 0     /* nothing recorded */
#define FAILSAFE_OUTCOME_RETURNED 1 /* iret went where the frame said */
#define FAILSAFE_OUTCOME_FAILSAFE 2 /* the failsafe callback ran */
#define FAILSAFE_OUTCOME_TRAP 3     /* the guest's exception handler ran */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* The iret frame: rip and rsp are filled in by the probe. */
struct failsafe_iret_frame {
    uint64_t rip, cs, rflags, rsp, ss;
};

/* Runs iret with f's cs, rflags and ss; returns FAILSAFE_OUTCOME_*. */
uint64_t failsafe_iret(const struct failsafe_iret_frame *f);
/* Where a successful return lands. */
void *failsafe_landed_address(void);
/* Where a #GP handler resumes the test. */
void failsafe_resume(void);
/* The failsafe callback. */
void failsafe_entry(void);

extern uint64_t failsafe_outcome;
extern uint64_t failsafe_rsp;
extern uint64_t failsafe_frame[FAILSAFE_FRAME_WORDS];
#endif

#endif

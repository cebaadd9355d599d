UNIT_TESTS += domctl_sched
# The scheduler's domctl and sysctl handlers over the real policy.
UNIT_SRCS_domctl_sched := hv/domctl_sched.c hv/sched_credit.c

UNIT_TESTS += sched_credit
UNIT_SRCS_sched_credit := hv/sched_credit.c
